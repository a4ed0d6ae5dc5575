// Command loadrun measures Mentorspor's pages under signed-in load: every
// main page at 8 and 32 connections, each connection signed in as its own
// user with its own cookie jar (one shared sign-in would measure the
// session row's lock, not the page). It starts the server on the database
// (or uses a running one on 127.0.0.1), reports how long `serve` took to be
// ready, and prints per page req/s, p50/p95/p99, errors, the server's
// largest RSS and the database's size; the table is also written as
// Markdown. It is a development tool, run by `make load-scale`, never by
// `make test`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// usersFlag collects -users role=a,b,c (repeatable).
type usersFlag map[string][]string

func (u usersFlag) String() string { return fmt.Sprint(map[string][]string(u)) }

func (u usersFlag) Set(s string) error {
	role, list, ok := strings.Cut(s, "=")
	if !ok || demoUser(role) == "" || list == "" {
		return fmt.Errorf("want role=user1,user2 with role one of sagsbehandler, mentor, teamleder, administrator")
	}
	u[role] = strings.Split(list, ",")
	return nil
}

type options struct {
	databaseURL string
	target      string // the server's base URL
	start       bool   // start the server (no -url given)
	pid         int    // the running server's process, for its RSS
	bin         string
	addr        string
	seedDemo    bool
	conns       []int
	duration    time.Duration
	maxRequests int
	password    string
	users       usersFlag
	heavyMentor string
	month       string
	pages       *regexp.Regexp
	factor      string
	out         string
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	o := options{users: usersFlag{}}
	fs := flag.NewFlagSet("loadrun", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.databaseURL, "db", os.Getenv("DATABASE_URL"), "database URL (the owner; default $DATABASE_URL)")
	fs.StringVar(&o.target, "url", "", "a running server to load, e.g. http://127.0.0.1:8080 (default: start -bin on -addr)")
	fs.IntVar(&o.pid, "pid", 0, "with -url: the server's process id, to sample its RSS")
	fs.StringVar(&o.bin, "bin", "bin/mentorspor", "the server binary to start")
	fs.StringVar(&o.addr, "addr", "", "address the started server listens on (default: a free port on 127.0.0.1)")
	fs.BoolVar(&o.seedDemo, "seed-demo", false, "start the server with --seed-demo (a scratch demo database)")
	connList := fs.String("conns", "8,32", "connection counts, comma-separated")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each run")
	fs.IntVar(&o.maxRequests, "n", 0, "stop a run after this many requests (0: only the duration bounds it)")
	fs.StringVar(&o.password, "password", "mentorspor", "every user's password")
	fs.Var(o.users, "users", "role=user1,user2,… instead of picking users of the role from the database (repeatable)")
	fs.StringVar(&o.heavyMentor, "heavy-mentor", "mentor", "the mentor whose citizen with most sessions is the heavy citizen page")
	fs.StringVar(&o.month, "month", "", "budget report month as 2026-10 (default: last month)")
	pages := fs.String("pages", "", "only pages whose name matches this regular expression")
	fs.StringVar(&o.factor, "factor", "", "the data set's scale factor, for the report (and the file name)")
	fs.StringVar(&o.out, "out", "", "Markdown report (default tmp/load-<db>[-<factor>].md)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.databaseURL == "" {
		return o, errors.New("give -db or DATABASE_URL")
	}
	for _, s := range strings.Split(*connList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 256 {
			return o, fmt.Errorf("-conns: %q is not a count from 1 to 256", s)
		}
		o.conns = append(o.conns, n)
	}
	var err error
	if o.pages, err = regexp.Compile(*pages); err != nil {
		return o, fmt.Errorf("-pages: %w", err)
	}
	if o.start = o.target == ""; o.start {
		if o.addr == "" {
			if o.addr, err = freeAddr(); err != nil {
				return o, err
			}
		}
		o.target = "http://" + o.addr
	}
	o.target = strings.TrimRight(o.target, "/")
	if err := checkLocal(o.target); err != nil {
		return o, err
	}
	return o, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "loadrun:", err)
		os.Exit(1)
	}
}

// page is one thing measured: a GET of a path, or the session save POST.
type page struct {
	name string // as the table shows it
	role string
	path string
	post bool
	// follow: the page answers with a redirect a browser follows (the
	// mentor's front page is their citizens); both hops are measured.
	follow bool
}

func (p page) want() int {
	if p.post {
		return http.StatusSeeOther
	}
	return http.StatusOK
}

// do sends one request and reads the whole answer.
func (p page) do(ctx context.Context, c *conn) (int, error) {
	var req *http.Request
	var err error
	if p.post {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, c.base+c.saveAction, strings.NewReader(body(c.saveValues)))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			req.Header.Set("Origin", c.base)
		}
	} else {
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, c.base+p.path, nil)
	}
	if err != nil {
		return 0, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); err == nil && p.follow && resp.StatusCode == http.StatusSeeOther &&
		strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "/login") {
		return page{path: loc}.do(ctx, c)
	}
	return resp.StatusCode, err
}

// pageList is every page the issue measures, plus each role's front page
// and every work queue, in the order they run. The session save runs last:
// it adds sessions.
func pageList(h heavyCitizen, month string, today time.Time, mentor string) []page {
	day := func(t time.Time) string { return t.Format("02.01.2006") }
	// The access log first: every list page below writes a row per citizen
	// it shows, so later the log would hold what this run wrote.
	ps := []page{
		{name: "/admin/adgangslog?bruger=" + mentor, role: "administrator", path: "/admin/adgangslog?bruger=" + url.QueryEscape(mentor)},
		{name: "/admin/adgangslog?borger=<heavy>", role: "administrator", path: "/admin/adgangslog?borger=" + strconv.FormatInt(h.ID, 10)},
		{name: "/admin/adgangslog?fra=…&til=… (7 days)", role: "administrator",
			path: "/admin/adgangslog?" + url.Values{"fra": {day(today.AddDate(0, 0, -6))}, "til": {day(today)}}.Encode()},
		{name: "/team", role: "teamleder", path: "/team"},
	}
	for _, f := range []string{"ingen-kontakt", "hverdagsmestring", "bevilling-udloeber", "revurdering",
		"beskaeftigelsesfokus", "uden-for-ramme", "bekymringer"} {
		ps = append(ps, page{name: "/arbejdskoe?flag=" + f, role: "sagsbehandler", path: "/arbejdskoe?flag=" + f})
	}
	for _, r := range roles {
		p := page{name: "/ (" + r.role + ")", role: r.role, path: "/", follow: r.role == "mentor"}
		if p.follow {
			p.name = "/ (mentor, → /mine-borgere)"
		}
		ps = append(ps, p)
	}
	q := url.Values{"fra": {month}, "til": {month}}.Encode()
	ps = append(ps,
		page{name: "/rapporter/budget (" + month + ")", role: "teamleder", path: "/rapporter/budget?" + q},
		page{name: "/rapporter/budget.csv (" + month + ")", role: "teamleder", path: "/rapporter/budget.csv?" + q},
		page{name: "/borgere?q=<surname>", role: "sagsbehandler", path: "/borgere?q=" + url.QueryEscape(h.Surname)},
		page{name: "/borgere?q=<cpr>", role: "sagsbehandler", path: "/borgere?q=" + h.CPR},
		page{name: "/mine-borgere", role: "mentor", path: "/mine-borgere"},
		page{name: fmt.Sprintf("/borgere/<heavy> (%d sessions)", h.Sessions), role: "sagsbehandler",
			path: "/borgere/" + strconv.FormatInt(h.ID, 10)},
		page{name: "POST /borgere/<id>/samtaler (save)", role: "mentor", post: true},
	)
	return ps
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	dbCfg, err := pgx.ParseConfig(o.databaseURL)
	if err != nil {
		return fmt.Errorf("-db: %w", err)
	}
	dbName := dbCfg.Database
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }

	if !o.seedDemo {
		// serve would create a missing database empty; say what is missing instead.
		probe, err := pgx.Connect(ctx, o.databaseURL)
		if err != nil {
			return fmt.Errorf("database %s: %w (generate it with `mentorspor seed-scale`, or give -seed-demo for a demo database)", dbName, err)
		}
		probe.Close(ctx)
	}
	sampler := &rssSampler{}
	ready := "not started here (-url)"
	if o.start {
		_ = os.MkdirAll("tmp", 0o755)
		var extra []string
		if o.seedDemo {
			extra = append(extra, "--seed-demo")
		}
		logf("starting %s serve on %s (database %s)…", o.bin, o.addr, dbName)
		c, _, took, err := startServer(ctx, o.bin, o.databaseURL, o.addr, extra, filepath.Join("tmp", "loadrun-server.log"))
		if err != nil {
			return err
		}
		defer stopServer(c)
		sampler.pid = c.Process.Pid
		ready = fmt.Sprintf("%.2f s", took.Seconds())
		logf("serve ready after %s", ready)
	} else {
		if _, err := waitReady(ctx, o.target, 5*time.Second, nil); err != nil {
			return err
		}
		sampler.pid = o.pid
	}
	sampleCtx, stopSampling := context.WithCancel(ctx)
	defer stopSampling()
	go sampler.run(sampleCtx)

	db, err := pgx.Connect(ctx, o.databaseURL)
	if err != nil {
		return fmt.Errorf("connect to the database: %w", err)
	}
	defer db.Close(context.Background())
	facts, sizeBefore, err := dataFacts(ctx, db)
	if err != nil {
		return err
	}
	logf("%s; %s", dbName, facts)
	heavy, err := pickHeavyCitizen(ctx, db, o.heavyMentor)
	if err != nil {
		return err
	}
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	today := time.Now().In(cph)
	month := o.month
	if month == "" {
		month = time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, cph).Format("2006-01")
	}
	var pages []page
	for _, p := range pageList(heavy, month, today, o.heavyMentor) {
		if o.pages.MatchString(p.name) {
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 {
		return errors.New("-pages matches no page")
	}

	// One signed-in connection per simulated user and role, reused by every
	// page of the role: sign-ins are slow on purpose (password hashing).
	most := slices.Max(o.conns)
	pools := map[string][]*conn{}
	distinct := map[string]int{}
	for _, p := range pages {
		if _, ok := pools[p.role]; ok {
			continue
		}
		names := o.users[p.role]
		if len(names) == 0 {
			if names, err = pickUsers(ctx, db, p.role, most); err != nil {
				return err
			}
		}
		distinct[p.role] = min(len(names), most)
		start := time.Now()
		for i := range most {
			c := newConn(o.target, names[i%len(names)])
			if err := c.signIn(ctx, o.password); err != nil {
				return err
			}
			pools[p.role] = append(pools[p.role], c)
		}
		logf("signed in %d %s connections as %d users in %.1f s", most, p.role, distinct[p.role], time.Since(start).Seconds())
	}
	for _, p := range pages {
		if p.post {
			if err := prepareSessionSave(ctx, db, pools[p.role], heavy.ID); err != nil {
				return err
			}
		}
	}

	var results []Result
	for _, p := range pages {
		alone := measureAlone(ctx, p, pools[p.role][0])
		for i, n := range o.conns {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			sampler.reset()
			r := runPage(ctx, p, pools[p.role][:n], o.duration, o.maxRequests)
			r.RSSMaxKB = sampler.reset()
			r.Users = min(n, distinct[p.role])
			if i == 0 {
				r.Alone = alone
			}
			results = append(results, r)
			s := r.Summary()
			logf("%-45s %3d conns  %7.1f req/s  p95 %s ms  errors %d  unfinished %d", p.name, n, r.ReqPerSec(),
				ms(s.P95, r.OK() > 0), r.Errors, r.Unfinished)
		}
	}
	factsAfter, sizeAfter, err := dataFacts(ctx, db)
	if err != nil {
		return err
	}

	var head strings.Builder
	label := dbName
	if o.factor != "" {
		label += ", factor " + o.factor
	}
	fmt.Fprintf(&head, "Load run on %s, %s (%d CPUs, %s per run, connections %v)\n\n", label,
		time.Now().In(cph).Format("02.01.2006 15:04"), runtime.NumCPU(), o.duration, o.conns)
	fmt.Fprintf(&head, "- Data: %s (after the run: %s).\n", facts, factsAfter)
	fmt.Fprintf(&head, "- `serve` ready (migrate, grants, /readyz 200): %s.\n", ready)
	if sampler.pid != 0 {
		fmt.Fprintf(&head, "- Server RSS, largest sample during the whole run: %s MB.\n", mb(sampler.overall.Load()))
	}
	fmt.Fprintf(&head, "- Database size: %.0f MB before, %.0f MB after.\n", float64(sizeBefore)/1e6, float64(sizeAfter)/1e6)
	var who []string
	for _, r := range roles {
		if n, ok := distinct[r.role]; ok {
			who = append(who, fmt.Sprintf("%s %d", r.role, n))
		}
	}
	fmt.Fprintf(&head, "- Distinct users signed in per role: %s. Budget month %s; heavy citizen: %d sessions.\n",
		strings.Join(who, ", "), month, heavy.Sessions)
	fmt.Fprintf(&head, "- errors: a status other than 200 (303 for the save) or a transport error; "+
		"unfinished: requests cut off at twice the run's time (none is started after the run's time). \"alone\": one request with nothing else running.\n\n")
	var notes strings.Builder
	for _, r := range results {
		if r.FirstError != "" {
			fmt.Fprintf(&notes, "- %s at %d connections, first error: %s\n", r.Page, r.Conns, r.FirstError)
		}
	}

	fmt.Fprint(stdout, "\n"+head.String())
	if err := WriteText(stdout, results); err != nil {
		return err
	}
	fmt.Fprint(stdout, notes.String())

	out := o.out
	if out == "" {
		name := "load-" + dbName
		if o.factor != "" {
			name += "-" + o.factor
		}
		out = filepath.Join("tmp", name+".md")
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	var md strings.Builder
	md.WriteString("## " + head.String())
	if err := WriteMarkdown(&md, results); err != nil {
		return err
	}
	if notes.Len() > 0 {
		md.WriteString("\n" + notes.String())
	}
	if err := os.WriteFile(out, []byte(md.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nMarkdown: %s\n", out)
	return nil
}

// prepareSessionSave gives each mentor connection the new-session form of
// one of its citizens, filled in once; each post sends it with a new token.
func prepareSessionSave(ctx context.Context, db *pgx.Conn, conns []*conn, heavy int64) error {
	forms := map[string]*conn{}
	for _, c := range conns {
		if done, ok := forms[c.username]; ok {
			c.saveAction, c.saveValues = done.saveAction, done.saveValues
			continue
		}
		citizen, err := sessionCitizen(ctx, db, c.username, heavy)
		if err != nil {
			return err
		}
		path := "/borgere/" + strconv.FormatInt(citizen, 10) + "/samtaler/ny"
		status, page, err := c.get(ctx, path)
		if err != nil || status != http.StatusOK {
			return fmt.Errorf("%s: GET %s: status %d %v", c.username, path, status, err)
		}
		f, err := parseForm(strings.NewReader(string(page)), "/samtaler")
		if err != nil {
			return fmt.Errorf("%s: %s: %w", c.username, path, err)
		}
		if c.saveValues, err = sessionPost(f); err != nil {
			return fmt.Errorf("%s: %s: %w", c.username, path, err)
		}
		c.saveAction = f.Action
		forms[c.username] = c
	}
	return nil
}

// measureAlone times one request with nothing else running (0 on failure).
func measureAlone(ctx context.Context, p page, c *conn) time.Duration {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	start := time.Now()
	status, err := p.do(ctx, c)
	if err != nil || status != p.want() {
		return 0
	}
	return time.Since(start)
}

// runPage loads one page from the connections until the duration is up (or
// maxRequests were sent). Requests running when the time is up may finish
// within as long again; those still running then are cut off and counted
// as unfinished.
func runPage(ctx context.Context, p page, conns []*conn, d time.Duration, maxRequests int) Result {
	issue, stopIssuing := context.WithTimeout(ctx, d)
	defer stopIssuing()
	ctx, cancel := context.WithTimeout(ctx, 2*d)
	defer cancel()
	r := Result{Page: p.name, Conns: len(conns)}
	var mu sync.Mutex
	var sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			errs, cut, first := 0, 0, ""
			for issue.Err() == nil {
				if maxRequests > 0 && sent.Add(1) > int64(maxRequests) {
					break
				}
				t := time.Now()
				status, err := p.do(ctx, c)
				took := time.Since(t)
				switch {
				case err != nil && ctx.Err() != nil:
					cut++
				case err != nil:
					errs++
					if first == "" {
						first = err.Error()
					}
				case status != p.want():
					errs++
					if first == "" {
						first = fmt.Sprintf("status %d (as %s)", status, c.username)
					}
				default:
					lat = append(lat, took)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			r.Latencies = append(r.Latencies, lat...)
			r.Errors += errs
			r.Unfinished += cut
			if r.FirstError == "" {
				r.FirstError = first
			}
		}()
	}
	wg.Wait()
	r.Elapsed = time.Since(start)
	return r
}
