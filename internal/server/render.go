package server

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/a-h/templ"

	"mentorspor/web/views"
)

// render writes a component with status. It renders into a buffer first so
// that a rendering error can still become an error page, and writes the
// request's citizen reads to the access log before anything is sent.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		return err
	}
	if err := s.flushReads(r); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if info(r.Context()).errorServed {
		// Writing the header committed the session, which failed: the error
		// page has been written instead.
		return nil
	}
	_, err := buf.WriteTo(w)
	return err
}

// deferred is a component whose page is built as it renders: build may read
// what the page lists, and its error becomes the request's (render renders
// into a buffer before anything is written). A form's page that lists
// something is passed to refused this way, so that nothing is read when the
// form is saved.
func deferred(build func(ctx context.Context) (templ.Component, error)) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		c, err := build(ctx)
		if err != nil {
			return err
		}
		return c.Render(ctx, w)
	})
}

// listing is deferred for a page that lists one thing: load reads the list,
// and page builds the page with it.
func listing[T any](load func(context.Context) ([]T, error), page func([]T) templ.Component) templ.Component {
	return deferred(func(ctx context.Context) (templ.Component, error) {
		list, err := load(ctx)
		if err != nil {
			return nil, err
		}
		return page(list), nil
	})
}

// base builds the view-model every page embeds: title, the user and their
// navigation, and a one-time flash message.
func (s *Server) base(r *http.Request, title string) views.Base {
	b := views.Base{Title: title, Path: r.URL.Path, FormToken: formToken(r)}
	if u := currentUser(r.Context()); u != nil {
		b.User = &views.CurrentUser{Name: u.DisplayName, Username: u.Username, Roles: u.Roles}
		b.Flash = s.sessions.PopString(r.Context(), sessFlash)
		b.Warning = s.sessions.PopString(r.Context(), sessWarning)
		if seesWholeCase(u) {
			// The navigation shows how many concerns wait to be acknowledged.
			if n, err := s.store.CountNewConcerns(r.Context(), concernScope(u)); err == nil {
				b.NewConcerns = n
			} else {
				s.log.Warn("count concerns", "request_id", info(r.Context()).id, "err", err)
			}
		}
		b.Nav = s.nav(u.Roles, b.NewConcerns)
	}
	return b
}
