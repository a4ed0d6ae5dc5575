package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"mentorspor/internal/domain"
	"mentorspor/web/views"
)

type authStore interface {
	FindUserByID(ctx context.Context, id int64) (domain.User, error)
	FindUserForLogin(ctx context.Context, username string) (domain.User, string, error)
	RecordLoginAttempt(ctx context.Context, username string, succeeded bool, ip string) error
	LoginLockedUntil(ctx context.Context, username string) (time.Time, error)
	LoginAddressLockedUntil(ctx context.Context, ip string) (time.Time, error)
	LogAccess(ctx context.Context, e domain.AccessEntry) error
}

// Session keys.
const (
	sessUserID  = "user_id"
	sessEpoch   = "epoch"
	sessFlash   = "flash"
	sessWarning = "flash_warning"
)

func (s *Server) registerAuthRoutes() {
	s.handle("GET", "/login", public, s.handleLoginForm)
	s.handle("POST", "/login", public, s.handleLogin)
	s.handle("POST", "/logout", signedIn, s.handleLogout)
}

// currentUser returns the signed-in user, or nil.
func currentUser(ctx context.Context) *domain.User {
	u, _ := ctx.Value(ctxUser).(*domain.User)
	return u
}

// loadUser puts the signed-in user in the context. A session whose user is
// gone, deactivated, or signed in before the last password reset is ended
// here, at its next request.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.sessions.GetInt64(r.Context(), sessUserID)
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		u, err := s.store.FindUserByID(r.Context(), id)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			s.serveError(w, r, err)
			return
		}
		if err != nil || !u.Active || u.SessionEpoch != s.sessions.GetInt(r.Context(), sessEpoch) {
			_ = s.sessions.Destroy(r.Context())
			s.auditAs(r, &id, "", domain.ActionSessionEnded, nil, domain.EntityUser, "", "brugeren er deaktiveret eller har fået ny adgangskode")
			next.ServeHTTP(w, r)
			return
		}
		info(r.Context()).userID = u.ID
		// The store logs every change of a citizen's data as this actor.
		ctx := domain.WithActor(context.WithValue(r.Context(), ctxUser, &u), domain.Actor{UserID: u.ID,
			Username: u.Username, RequestID: info(r.Context()).id, IP: clientAddr(r)})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authorize applies a route's rule: anonymous users go to the sign-in page,
// users without the role get 403 (and the denial is logged).
func (s *Server) authorize(a access, h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if a.public {
			return h(w, r)
		}
		u := currentUser(r.Context())
		if u == nil {
			target := "/login"
			if r.Method == http.MethodGet {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			} else if s.keepDraft(w, r) {
				target += "?kladde=1"
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return nil
		}
		if !a.allows(u.Roles) {
			s.audit(r, domain.ActionDenied, nil, domain.EntityRoute, r.Method+" "+r.URL.Path, "manglende rolle")
			return domain.Errorf(domain.EFORBIDDEN, "Du har ikke adgang til denne side.")
		}
		if err := s.savedBefore(r, u); err != nil {
			return err
		}
		return h(w, r)
	}
}

// safeNext returns next when it is a path on this site, else "/": no open
// redirects to other hosts (//host, /\host, schemes).
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	if strings.ContainsAny(next, "\r\n\t") {
		return "/"
	}
	return next
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if currentUser(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	page := views.LoginPage{Base: s.base(r, "Log ind"), Next: next}
	if r.URL.Query().Get("logget_ud") == "1" {
		page.Notice = "Du er logget ud."
	}
	if r.URL.Query().Get("kladde") == "1" && s.draftID(r) != "" {
		page.Notice = draftKeptNotice
	}
	return s.render(w, r, http.StatusOK, views.Login(page))
}

const wrongCredentials = "Forkert brugernavn eller adgangskode."

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EINVALID, "Formularen kunne ikke læses.")
	}
	username, password, typed, next := loginForm(r.PostForm)
	page := views.LoginPage{Base: s.base(r, "Log ind"), Username: typed, Next: next, FormState: views.FormState{Errors: map[string]string{}}}

	if username == "" {
		page.Errors["username"] = "Skriv dit brugernavn."
	}
	if password == "" {
		page.Errors["password"] = "Skriv din adgangskode."
	}
	if len(page.Errors) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, views.Login(page))
	}
	if len(username) > 64 || len(password) > 256 {
		page.Problem = wrongCredentials
		return s.render(w, r, http.StatusUnauthorized, views.Login(page))
	}

	ctx := r.Context()
	ip := clientAddr(r)
	// The address first: while it is locked, nothing tells whether a
	// username exists or is locked itself.
	addrLockedUntil, err := s.store.LoginAddressLockedUntil(ctx, ip)
	if err != nil {
		return err
	}
	if !addrLockedUntil.IsZero() {
		s.auditAs(r, nil, username, domain.ActionLoginLocked, nil, domain.EntityUser, "", "for mange mislykkede forsøg fra adressen")
		page.Problem = addressLockMessage(addrLockedUntil)
		return s.render(w, r, http.StatusTooManyRequests, views.Login(page))
	}
	lockedUntil, err := s.store.LoginLockedUntil(ctx, username)
	if err != nil {
		return err
	}
	if !lockedUntil.IsZero() {
		s.auditAs(r, nil, username, domain.ActionLoginLocked, nil, domain.EntityUser, "", "")
		page.Problem = lockMessage(lockedUntil)
		return s.render(w, r, http.StatusTooManyRequests, views.Login(page))
	}

	u, hash, err := s.store.FindUserForLogin(ctx, username)
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	ok := domain.CheckPasswordOrDummy(hash, password) && u.Active
	if err := s.store.RecordLoginAttempt(ctx, username, ok, ip); err != nil {
		return err
	}
	if !ok {
		var uid *int64
		if u.ID != 0 {
			uid = &u.ID
		}
		s.auditAs(r, uid, username, domain.ActionLoginFailed, nil, domain.EntityUser, "", "")
		page.Problem = wrongCredentials
		if until, err := s.store.LoginAddressLockedUntil(ctx, ip); err == nil && !until.IsZero() {
			page.Problem = wrongCredentials + " " + addressLockMessage(until)
		} else if until, err := s.store.LoginLockedUntil(ctx, username); err == nil && !until.IsZero() {
			page.Problem = wrongCredentials + " " + lockMessage(until)
		}
		return s.render(w, r, http.StatusUnauthorized, views.Login(page))
	}

	// A new token at sign-in defeats session fixation.
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.sessions.Put(ctx, sessEpoch, u.SessionEpoch)
	info(ctx).userID = u.ID
	s.auditAs(r, &u.ID, u.Username, domain.ActionLogin, nil, domain.EntityUser, "", "")
	s.purgeFormRecords(r)
	http.Redirect(w, r, s.claimDraft(w, r, &u, page.Next), http.StatusSeeOther)
	return nil
}

// loginForm reads the posted sign-in: the username as looked up, the
// password, the username as typed (for the page) and where to go next.
func loginForm(p url.Values) (username, password, typed, next string) {
	typed = p.Get("username")
	return strings.ToLower(strings.TrimSpace(typed)), p.Get("password"), typed, safeNext(p.Get("next"))
}

func lockMessage(until time.Time) string {
	return "Der har været for mange mislykkede forsøg på at logge ind med dette brugernavn. " +
		"Login er spærret til kl. " + domain.FormatTime(until) + ". Kontakt din administrator, hvis du har glemt din adgangskode."
}

// addressLockMessage words the lock-out by client address. It says nothing
// about the username, so that it does not tell whether it exists.
func addressLockMessage(until time.Time) string {
	return "Der har været for mange mislykkede forsøg på at logge ind fra din netværksadresse. " +
		"Login herfra er spærret til kl. " + domain.FormatTime(until) + ". Kontakt din administrator, hvis du har brug for hjælp."
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	s.audit(r, domain.ActionLogout, nil, domain.EntityUser, "", "")
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/login?logget_ud=1", http.StatusSeeOther)
	return nil
}

// flash stores a one-time message shown on the next page.
func (s *Server) flash(r *http.Request, msg string) {
	s.sessions.Put(r.Context(), sessFlash, msg)
}

// warn stores a one-time warning shown on the next page beside the flash.
func (s *Server) warn(r *http.Request, msg string) {
	if msg != "" {
		s.sessions.Put(r.Context(), sessWarning, msg)
	}
}
