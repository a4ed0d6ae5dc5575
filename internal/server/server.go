// Package server is Mentorspor's HTTP adapter: routes, sign-in, the
// authorization table and the pages.
package server

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"mentorspor/internal/config"
	"mentorspor/internal/domain"
	"mentorspor/web"
)

// Store is everything the handlers need from the database; each resource
// file declares the part it uses.
type Store interface {
	authStore
	userStore
	teamStore
	accessLogStore
	referenceStore
	supportNeedStore
	citizenStore
	grantStore
	sessionStore
	concernStore
	phaseStore
	copingStore
	profileStore
	supervisionStore
	budgetReportStore
	statementStore
	caseloadStore
	formStore
	proposalStore
	Ready(ctx context.Context) error
}

// Server holds the router and its dependencies.
type Server struct {
	cfg      config.Config
	store    Store
	sessions *scs.SessionManager
	log      *slog.Logger
	now      func() time.Time
	router   chi.Router
	// access is the authorization table: one rule per registered route.
	access map[string]access
	// formPages maps "POST pattern" of a form to the page that shows it
	// (restoreFormsOn).
	formPages map[string]string
}

// New builds the server. sessionStore is scs's PostgreSQL store; production
// creates exactly one (pgxstore.New), tests one without the cleanup goroutine.
func New(cfg config.Config, store Store, sessionStore scs.Store, logger *slog.Logger) *Server {
	s := &Server{
		cfg:    cfg,
		store:  store,
		log:    logger,
		now:    time.Now,
		access: map[string]access{},
	}
	s.sessions = newSessionManager(cfg, sessionStore)
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.serveError(w, r, err)
	}

	r := chi.NewRouter()
	r.NotFound(s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return domain.Errorf(domain.ENOTFOUND, "Siden findes ikke.")
	}))
	r.MethodNotAllowed(s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return domain.Errorf(domain.ENOTFOUND, "Siden findes ikke.")
	}))
	s.router = r

	staticFS, _ := fs.Sub(web.Static, "static")
	static := http.StripPrefix("/static/", cacheStatic(http.FileServerFS(staticFS)))
	s.handle("GET", "/static/*", public, func(w http.ResponseWriter, r *http.Request) error {
		static.ServeHTTP(w, r)
		return nil
	})
	s.registerHealthRoutes()
	s.registerAuthRoutes()
	s.registerHomeRoutes()
	s.registerUserRoutes()
	s.registerTeamRoutes()
	s.registerAccessLogRoutes()
	s.registerReferenceRoutes()
	s.registerScaleRoutes()
	s.registerCitizenRoutes()
	s.registerGrantRoutes()
	s.registerSessionRoutes()
	s.registerConcernRoutes()
	s.registerPhaseRoutes()
	s.registerCopingRoutes()
	s.registerProfileRoutes()
	s.registerSupervisionRoutes()
	s.registerBudgetReportRoutes()
	s.registerStatementRoutes()
	s.registerCaseloadRoutes()
	s.registerProposalRoutes()
	return s
}

// Handler is the whole application: request id, client address, request
// log, panic recovery and security headers outermost; then the session and
// the signed-in user; then CSRF protection, the input check (cleanInput)
// and the router.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		s.audit(r, domain.ActionDenied, nil, domain.EntityCSRF, "", "cross-origin "+r.Method+" afvist")
		return domain.Errorf(domain.EFORBIDDEN, "Forespørgslen blev afvist, fordi den kom fra et andet websted.")
	}))
	withSession := s.sessions.LoadAndSave(s.touchSession(s.loadUser(cop.Handler(s.cleanInput(s.router)))))
	// Health checks and static files need no session: they work when the
	// database does not, and cost no session lookup.
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sessionless(r.URL.Path) {
			s.router.ServeHTTP(w, r)
			return
		}
		withSession.ServeHTTP(w, r)
	})
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	h = s.clientIP()(h)
	return s.requestID(h)
}

func sessionless(path string) bool {
	return path == "/healthz" || path == "/readyz" || strings.HasPrefix(path, "/static/")
}

// Router exposes the chi router (for the route × role test).
func (s *Server) Router() chi.Router { return s.router }

// SetClock replaces the clock (tests).
func (s *Server) SetClock(now func() time.Time) { s.now = now }

// handlerFunc is a handler that returns its error to one place, serveError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// access is a route's rule: public, any signed-in user, or some roles.
type access struct {
	public bool
	roles  []domain.Role // empty and not public: any signed-in user
}

var (
	public   = access{public: true}
	signedIn = access{}
)

func rolesOnly(roles ...domain.Role) access { return access{roles: roles} }

// allows reports whether a user with roles may use the route.
func (a access) allows(roles domain.Roles) bool {
	return a.public || len(a.roles) == 0 || roles.Has(a.roles...)
}

// handle registers a route together with its authorization rule; a route
// cannot be added without one.
func (s *Server) handle(method, pattern string, a access, h handlerFunc) {
	s.access[method+" "+pattern] = a
	s.router.Method(method, pattern, s.wrap(s.authorize(a, h)))
}

// AccessRule describes a route's rule for tests: public, or the roles
// (nil meaning every signed-in user).
func (s *Server) AccessRule(method, pattern string) (isPublic bool, roles []domain.Role, ok bool) {
	a, ok := s.access[method+" "+pattern]
	return a.public, a.roles, ok
}

// Routes lists "METHOD pattern" for every rule, sorted.
func (s *Server) Routes() []string {
	out := make([]string, 0, len(s.access))
	for k := range s.access {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (s *Server) wrap(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r = withReads(r)
		if err := h(w, r); err != nil {
			s.serveError(w, r, err)
		}
	}
}

// Sign-ins end after sessionIdle without a request (and after 10 hours in
// any case). A page view extends the idle deadline at most once per
// sessionTouch: scs's own IdleTimeout would rewrite the session row on
// every request.
const (
	sessionIdle  = 30 * time.Minute
	sessionTouch = time.Minute
	sessTouched  = "touched" // unix seconds of the last extension
)

// idleStore writes each session with its idle deadline (now + sessionIdle,
// within the session's lifetime) as the row's expiry, so the store refuses
// a session idle for longer, on every instance.
type idleStore struct{ scs.Store }

func (s idleStore) Commit(token string, b []byte, expiry time.Time) error {
	if idle := time.Now().Add(sessionIdle).UTC(); idle.Before(expiry) {
		expiry = idle
	}
	return s.Store.Commit(token, b, expiry)
}

// touchSession extends a signed-in session's idle deadline when the last
// extension is older than sessionTouch: only then is the row written.
func (s *Server) touchSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if s.sessions.GetInt64(ctx, sessUserID) != 0 {
			now := time.Now().Unix()
			if last := s.sessions.GetInt64(ctx, sessTouched); now-last >= int64(sessionTouch/time.Second) || last > now {
				s.sessions.Put(ctx, sessTouched, now)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func newSessionManager(cfg config.Config, store scs.Store) *scs.SessionManager {
	sm := scs.New()
	sm.Store = idleStore{store}
	sm.Lifetime = 10 * time.Hour
	sm.HashTokenInStore = true
	sm.Cookie.Name = "mentorspor_session"
	if cfg.SessionSecure {
		// __Host- binds the cookie to this host, path / and HTTPS.
		sm.Cookie.Name = "__Host-mentorspor_session"
	}
	sm.Cookie.Path = "/"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SessionSecure
	sm.Cookie.Persist = false
	return sm
}

// clientIP takes the address from the connection, or from X-Forwarded-For
// only when the peer is one of the configured trusted proxies.
func (s *Server) clientIP() func(http.Handler) http.Handler {
	if len(s.cfg.TrustedProxies) == 0 {
		return middleware.ClientIPFromRemoteAddr
	}
	prefixes := make([]string, len(s.cfg.TrustedProxies))
	for i, p := range s.cfg.TrustedProxies {
		prefixes[i] = p.String()
	}
	return middleware.ClientIPFromXFF(prefixes...)
}
