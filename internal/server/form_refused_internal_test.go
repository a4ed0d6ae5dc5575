package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/a-h/templ"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// refused re-renders what the user can mend (422 for EINVALID, 409 for
// ECONFLICT) and hands back everything else untouched, without writing.
func TestRefused(t *testing.T) {
	invalid := domain.Validation{"name": "Skriv et navn."}.Err()
	internal := errors.New("boom")
	saved := &domain.AlreadySaved{Kind: domain.FormTeam, ID: 7}
	for _, c := range []struct {
		name        string
		err         error
		wantStatus  int // 0: err is returned and nothing is written
		wantErrors  map[string]string
		wantProblem string
	}{
		{name: "invalid with fields", err: invalid, wantStatus: http.StatusUnprocessableEntity,
			wantErrors: map[string]string{"name": "Skriv et navn."}},
		{name: "invalid without fields", err: domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses."),
			wantStatus: http.StatusUnprocessableEntity, wantProblem: "Formularen kunne ikke læses."},
		{name: "wrapped invalid", err: fmt.Errorf("save: %w", invalid), wantStatus: http.StatusUnprocessableEntity,
			wantErrors: map[string]string{"name": "Skriv et navn."}},
		{name: "conflict", err: domain.Errorf(domain.ECONFLICT, "Bevillingen er ændret af en anden."),
			wantStatus: http.StatusConflict, wantProblem: "Bevillingen er ændret af en anden."},
		{name: "conflict with fields", err: &domain.Error{Code: domain.ECONFLICT, Message: "Overlapper.",
			Fields: map[string]string{"start": "Perioden overlapper."}}, wantStatus: http.StatusConflict,
			wantErrors: map[string]string{"start": "Perioden overlapper."}, wantProblem: "Overlapper."},
		{name: "not found", err: domain.Errorf(domain.ENOTFOUND, "Findes ikke.")},
		{name: "forbidden", err: domain.Errorf(domain.EFORBIDDEN, "Ingen adgang.")},
		{name: "internal", err: internal},
		// A repeat of a saved form is a conflict by its code, but serveError
		// answers it with the saved result: not a form to mend.
		{name: "already saved", err: saved},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &Server{}
			form := views.FormState{}
			rendered := false
			page := func() templ.Component {
				return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
					rendered = true
					_, err := fmt.Fprintf(w, "problem=%s", form.Problem)
					return err
				})
			}
			rec := httptest.NewRecorder()
			err := s.refused(rec, httptest.NewRequest(http.MethodPost, "/form", nil), c.err, &form, page)
			if c.wantStatus == 0 {
				if err != c.err {
					t.Fatalf("returned %v, want the error unchanged (%v)", err, c.err)
				}
				if rendered || rec.Body.Len() > 0 || len(rec.Header()) > 0 {
					t.Fatalf("wrote a page (rendered %v, body %q, header %v), want nothing", rendered, rec.Body, rec.Header())
				}
				if form.Errors != nil || form.Problem != "" {
					t.Fatalf("form state set: %+v", form)
				}
				return
			}
			if err != nil {
				t.Fatalf("returned %v, want the form rendered", err)
			}
			if rec.Code != c.wantStatus || !rendered {
				t.Fatalf("status %d (rendered %v), want %d", rec.Code, rendered, c.wantStatus)
			}
			if !maps.Equal(form.Errors, c.wantErrors) || form.Problem != c.wantProblem {
				t.Fatalf("form state %+v, want errors %v and problem %q", form, c.wantErrors, c.wantProblem)
			}
			// The page renders the state refused set.
			if got := rec.Body.String(); got != "problem="+c.wantProblem {
				t.Fatalf("body %q, want the page with problem %q", got, c.wantProblem)
			}
		})
	}
}
