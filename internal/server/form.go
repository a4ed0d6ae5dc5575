package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

// Three guarantees every form gets from the mechanism that serves it, not
// from each handler:
//
//   - A write happens once. A create form carries a one-time token
//     (views.formToken, from Base.FormToken). The store claims it in the
//     transaction that creates the row; a repeated or concurrent submit of
//     the same rendering is answered with a redirect to what the first one
//     saved ("Allerede gemt"), never with a duplicate.
//   - What a user typed survives an expired sign-in. A POST to a form route
//     that arrives without a sign-in is kept server-side as a draft, keyed by
//     a random value in a short-lived HttpOnly cookie (never in a URL). The
//     user who signs in next on that browser, if allowed on the form's page,
//     is sent there and finds the form as typed.
//   - A form the store refuses for a reason the user can mend comes back as
//     typed, with the messages (refused).

type formStore interface {
	FindFormSubmission(ctx context.Context, token string, userID int64) (domain.AlreadySaved, error)
	PurgeFormSubmissions(ctx context.Context, cutoff time.Time) error
	SaveFormDraft(ctx context.Context, id, path string, form url.Values, expires time.Time) error
	ClaimFormDraft(ctx context.Context, id string, userID int64) (string, error)
	TakeFormDraft(ctx context.Context, id string, userID int64, path string) (url.Values, error)
	DeleteFormDraft(ctx context.Context, id string) error
}

const (
	// formTokenTTL is how long a claimed token answers a resubmit.
	formTokenTTL = 24 * time.Hour
	// draftTTL is how long a form posted after the sign-in expired is kept.
	draftTTL = 2 * time.Hour
	// draftMaxBytes bounds what an anonymous POST can make us store.
	draftMaxBytes = 64 << 10

	alreadySavedFlash = "Allerede gemt. Formularen var sendt før, så den er ikke gemt to gange."
	draftKeptNotice   = "Du blev logget ud, fordi du ikke havde været aktiv i et stykke tid. Det, du skrev, er gemt – log ind igen for at fortsætte."
	draftRestored     = "Din registrering er gendannet – tryk Gem for at gemme den."
)

// formResults says where each kind of create form's result is shown: a
// repeated submit is sent there.
var formResults = map[string]func(id int64) string{
	domain.FormSession: func(id int64) string { return "/samtaler/" + strconv.FormatInt(id, 10) },
	domain.FormConcern: func(id int64) string { return "/bekymringer/" + strconv.FormatInt(id, 10) },
	domain.FormCitizen: func(id int64) string { return "/borgere/" + strconv.FormatInt(id, 10) },
	// A grant's page for the grant and the changes made on it (its id).
	domain.FormGrant:     func(id int64) string { return views.GrantPath(id, "") },
	domain.FormExtension: func(id int64) string { return views.GrantPath(id, "") },
	domain.FormRevision:  func(id int64) string { return views.GrantPath(id, "") },
	domain.FormMeeting:   func(id int64) string { return views.GrantPath(id, "") },
	// The citizen's page for what changes the citizen's course (its id).
	domain.FormPhaseSwitch:   func(id int64) string { return "/borgere/" + strconv.FormatInt(id, 10) },
	domain.FormCopingRequest: func(id int64) string { return "/borgere/" + strconv.FormatInt(id, 10) },
	domain.FormCopingStart:   func(id int64) string { return "/borgere/" + strconv.FormatInt(id, 10) },
	domain.FormSupervision:   func(int64) string { return "/supervision" },
	// Administration: the item's own page, or the list it was added to.
	domain.FormCatalogueItem: func(int64) string { return "/admin/stamdata/katalog" },
	domain.FormTargetGroup:   func(int64) string { return "/admin/stamdata/maalgrupper" },
	domain.FormFFBArea:       func(int64) string { return "/admin/stamdata/stoettebehov-omraader" },
	domain.FormFFBPurpose:    func(int64) string { return "/admin/stamdata/indsatsformaal" },
	domain.FormLegalBasis:    func(id int64) string { return "/admin/stamdata/lovgrundlag/" + strconv.FormatInt(id, 10) },
	domain.FormTeam:          func(id int64) string { return "/admin/teams/" + strconv.FormatInt(id, 10) },
	domain.FormUser:          func(id int64) string { return "/admin/brugere/" + strconv.FormatInt(id, 10) },
	domain.FormProposal:      func(id int64) string { return views.ProposalPath(id) },
}

// refused re-renders a form that was refused for a reason the user can mend,
// with everything typed kept: 422 with the field messages for an EINVALID
// error (the error's own message when no field has one), 409 with the
// problem for an ECONFLICT. Any other error is returned for serveError, and
// so is a repeated submit of a form saved before (domain.AlreadySaved),
// which serveError answers with the saved result. page is called only to
// render, after form is set: it must render the page form belongs to.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, err error, form *views.FormState, page func() templ.Component) error {
	if _, ok := domain.IsAlreadySaved(err); ok {
		return err
	}
	status := http.StatusUnprocessableEntity
	switch domain.ErrorCode(err) {
	case domain.EINVALID:
		form.Errors = domain.FieldErrors(err)
		if len(form.Errors) == 0 {
			form.Problem = domain.ErrorMessage(err)
		}
	case domain.ECONFLICT:
		status = http.StatusConflict
		form.Errors, form.Problem = domain.FieldErrors(err), domain.ErrorMessage(err)
	default:
		return err
	}
	return s.render(w, r, status, page())
}

// newFormToken returns 128 random bits as 32 hex digits.
func newFormToken() string {
	return hex.EncodeToString(randomBytes(16))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}

// postedFormToken returns the form_token posted with r when it is one the
// server could have issued, else "".
func postedFormToken(r *http.Request) string {
	if r.Method != http.MethodPost {
		return ""
	}
	if t := r.PostFormValue("form_token"); domain.ValidFormToken(t) {
		return t
	}
	return ""
}

// formToken is the token a page's create form carries: the posted one when
// the form is re-rendered, else a fresh one.
func formToken(r *http.Request) string {
	if t := postedFormToken(r); t != "" {
		return t
	}
	return newFormToken()
}

// savedBefore looks up a POST's form token before its handler runs: a
// repeat of a form saved before is answered without running the handler,
// whose rules might now judge it differently.
func (s *Server) savedBefore(r *http.Request, u *domain.User) error {
	t := postedFormToken(r)
	if t == "" {
		return nil
	}
	a, err := s.store.FindFormSubmission(r.Context(), t, u.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	return &a
}

// answerAlreadySaved redirects a repeated submit to the saved result with a
// flash; false when err is not that.
func (s *Server) answerAlreadySaved(w http.ResponseWriter, r *http.Request, err error) bool {
	a, ok := domain.IsAlreadySaved(err)
	if !ok || currentUser(r.Context()) == nil {
		return false
	}
	href, ok := formResults[a.Kind]
	if !ok {
		return false
	}
	s.flash(r, alreadySavedFlash)
	http.Redirect(w, r, href(a.ID), http.StatusSeeOther)
	return true
}

// restoreFormsOn declares that a POST to postPattern is a form shown at
// pagePattern (the same URL parameters): such a POST made after the sign-in
// expired is kept and restored there. The page's GET handler pre-fills from
// takeDraft.
func (s *Server) restoreFormsOn(postPattern, pagePattern string) {
	if s.formPages == nil {
		s.formPages = map[string]string{}
	}
	s.formPages["POST "+postPattern] = pagePattern
}

func (s *Server) draftCookieName() string {
	if s.cfg.SessionSecure {
		return "__Host-mentorspor_draft"
	}
	return "mentorspor_draft"
}

func (s *Server) setDraftCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.draftCookieName(), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.cfg.SessionSecure, SameSite: http.SameSiteLaxMode})
}

// draftID is the stored key of the browser's draft cookie (its hash: the
// table alone cannot be used to claim a draft), or "".
func (s *Server) draftID(r *http.Request) string {
	c, err := r.Cookie(s.draftCookieName())
	if err != nil || len(c.Value) < 20 || len(c.Value) > 64 {
		return ""
	}
	sum := sha256.Sum256([]byte(c.Value))
	return hex.EncodeToString(sum[:])
}

// keepDraft stores the form of an anonymous POST to a restorable form when
// the browser had a sign-in (its session cookie came along: the sign-in
// expired). It reports whether a draft was kept.
func (s *Server) keepDraft(w http.ResponseWriter, r *http.Request) bool {
	rctx := chi.RouteContext(r.Context())
	if r.Method != http.MethodPost || rctx == nil {
		return false
	}
	page, ok := s.formPages["POST "+rctx.RoutePattern()]
	if !ok {
		return false
	}
	if _, err := r.Cookie(s.sessions.Cookie.Name); err != nil {
		return false
	}
	for i, key := range rctx.URLParams.Keys {
		page = strings.ReplaceAll(page, "{"+key+"}", url.PathEscape(rctx.URLParams.Values[i]))
	}
	r.Body = http.MaxBytesReader(w, r.Body, draftMaxBytes)
	if err := r.ParseForm(); err != nil || len(r.PostForm) == 0 {
		return false
	}
	value := base64.RawURLEncoding.EncodeToString(randomBytes(16))
	sum := sha256.Sum256([]byte(value))
	if err := s.store.SaveFormDraft(r.Context(), hex.EncodeToString(sum[:]), page, r.PostForm, s.now().Add(draftTTL)); err != nil {
		// Never the form's contents in the log: it may hold a CPR number.
		s.log.Error("keep form draft", "request_id", info(r.Context()).id, "err", err)
		return false
	}
	s.setDraftCookie(w, value, int(draftTTL.Seconds()))
	return true
}

// claimDraft binds the browser's draft to the user who has just signed in
// and returns the form page to go to, when the user may open it; otherwise
// the draft is dropped and next is returned.
func (s *Server) claimDraft(w http.ResponseWriter, r *http.Request, u *domain.User, next string) string {
	id := s.draftID(r)
	if id == "" {
		return next
	}
	path, err := s.store.ClaimFormDraft(r.Context(), id, u.ID)
	if err != nil {
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			s.log.Error("claim form draft", "request_id", info(r.Context()).id, "err", err)
		}
		s.setDraftCookie(w, "", -1)
		return next
	}
	if a, ok := s.access["GET "+s.routePattern("GET", path)]; ok && !a.public && a.allows(u.Roles) {
		return path
	}
	if err := s.store.DeleteFormDraft(r.Context(), id); err != nil {
		s.log.Error("drop form draft", "request_id", info(r.Context()).id, "err", err)
	}
	s.setDraftCookie(w, "", -1)
	return next
}

// routePattern is the pattern of the route that serves method and path, or "".
func (s *Server) routePattern(method, path string) string {
	mux, ok := s.router.(*chi.Mux)
	if !ok {
		return ""
	}
	return mux.Find(chi.NewRouteContext(), method, path)
}

// takeDraft returns, once, the form the signed-in user posted to this page's
// form when their sign-in had expired, and puts the restored notice on base.
func (s *Server) takeDraft(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	u := currentUser(r.Context())
	id := s.draftID(r)
	if u == nil || id == "" {
		return nil, false
	}
	form, err := s.store.TakeFormDraft(r.Context(), id, u.ID, r.URL.Path)
	if err != nil {
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			s.log.Error("take form draft", "request_id", info(r.Context()).id, "err", err)
		}
		return nil, false
	}
	s.setDraftCookie(w, "", -1)
	return form, true
}

// purgeFormRecords drops expired one-time tokens (at sign-in: rare, and off
// the path of the creates themselves).
func (s *Server) purgeFormRecords(r *http.Request) {
	if err := s.store.PurgeFormSubmissions(r.Context(), s.now().Add(-formTokenTTL)); err != nil {
		s.log.Warn("purge form submissions", "request_id", info(r.Context()).id, "err", err)
	}
}
