package views

import "github.com/a-h/templ"

// FormState is what a refused form shows: a message per field and a problem
// that belongs to no field (a conflict, a rule across fields).
type FormState struct {
	Errors  map[string]string
	Problem string
}

// formProblems is what stands at the top of a form: the problem that belongs
// to no field under heading, then the summary of the field messages (the
// summary links each message to its field, in order).
func formProblems(heading string, f FormState, order []string) templ.Component {
	if f.Problem == "" {
		return errorSummary(f.Errors, order)
	}
	return templ.Join(alertError(heading, f.Problem), errorSummary(f.Errors, order))
}
