package browsertest

// assessSupportNeed fills the FFB part of a § 85 form in the page as a user
// would: Moderat on the first area, Højt on the second, and the first
// indsatsformål. It returns how many selects it set (3 on a § 85 form).
func assessSupportNeed(tb *tab) int {
	return eval[int](tb, `(() => {
		const areas = document.querySelectorAll('select[name^="need_"]');
		const purpose = document.getElementById('support_purpose_id');
		if (areas.length < 2 || !purpose || purpose.options.length < 2) return 0;
		areas[0].value = 'moderat';
		areas[1].value = 'hoejt';
		purpose.value = purpose.options[1].value;
		return 3;
	})()`)
}
