package views

// FormState is what a refused form shows: a message per field and a problem
// that belongs to no field (a conflict, a rule across fields).
type FormState struct {
	Errors  map[string]string
	Problem string
}
