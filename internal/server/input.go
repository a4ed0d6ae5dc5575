package server

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"mentorspor/internal/domain"
)

// cleanInput keeps text PostgreSQL cannot take — a NUL byte, invalid UTF-8 —
// away from every handler, by construction rather than per handler: such a
// value used to reach a query and come back as a 500, with the form lost.
//
// Why two behaviours: a search (a GET) has nothing worth keeping, so it is
// answered 422 with a Danish error page. A form (a POST) holds what the user
// typed, so the form is parsed here and every unusable sequence becomes
// U+FFFD; the handler runs as usual, and the domain's text check
// (domain.TextProblem) rejects U+FFFD with a field message, so the user gets
// the form back with everything typed and nothing is stored. Fields that are
// not free text (ids, dates, choices) fail their own parsing.
func (s *Server) cleanInput(next http.Handler) http.Handler {
	return s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		if !usableValues(r.URL.Query()) {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				return domain.Errorf(domain.EINVALID, "Søgningen indeholder tegn, der ikke kan bruges. Ret søgningen, og prøv igen.")
			}
			r.URL.RawQuery = cleanValues(r.URL.Query()).Encode()
		}
		if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			// A body that cannot be parsed is left to the handler's own
			// ParseForm error; what was parsed is cleaned.
			_ = r.ParseForm()
			if !usableValues(r.PostForm) {
				r.PostForm = cleanValues(r.PostForm)
				r.Form = cleanValues(r.Form)
			}
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

// usableText reports whether s can be stored: valid UTF-8 without NUL.
func usableText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

func usableValues(vs url.Values) bool {
	for k, list := range vs {
		if !usableText(k) {
			return false
		}
		for _, v := range list {
			if !usableText(v) {
				return false
			}
		}
	}
	return true
}

// cleanText replaces NUL and each invalid UTF-8 sequence with U+FFFD.
func cleanText(s string) string {
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", "\uFFFD"), "\uFFFD")
}

func cleanValues(vs url.Values) url.Values {
	out := make(url.Values, len(vs))
	for k, list := range vs {
		cleaned := make([]string, len(list))
		for i, v := range list {
			cleaned[i] = cleanText(v)
		}
		k = cleanText(k)
		out[k] = append(out[k], cleaned...)
	}
	return out
}
