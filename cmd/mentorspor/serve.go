package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/jackc/pgx/v5"

	"mentorspor/internal/config"
	"mentorspor/internal/demo"
	"mentorspor/internal/postgres"
	"mentorspor/internal/server"
)

// The store is the server's Store; checked here, where both are wired
// together, so the server never needs to import the store.
var _ server.Store = (*postgres.DB)(nil)

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seedDemo := fs.Bool("seed-demo", false, "indlæs demodata (idempotent)")
	noMigrate := fs.Bool("no-migrate", false, "spring migrering over")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	if !*noMigrate {
		if err := prepareDatabase(ctx, cfg.DatabaseURL); err != nil {
			return err
		}
	}
	appURL, err := prepareAppRole(ctx, cfg, !*noMigrate)
	if err != nil {
		return err
	}
	db, err := postgres.Open(ctx, appURL, cfg.DBMaxConns)
	if err != nil {
		return fmt.Errorf("%w (database %s)", err, postgres.RedactURL(appURL))
	}
	defer db.Close()
	if err := db.Ready(ctx); err != nil {
		return fmt.Errorf("database not ready: %w (run `mentorspor migrate up`)", err)
	}
	if err := db.CheckAppRole(ctx); err != nil {
		return err
	}
	seeded := false
	if *seedDemo {
		switch err := demo.Seed(ctx, db); {
		case errors.Is(err, demo.ErrNotDemoDatabase):
			logger.Warn("demo data not loaded: the database holds non-demo users")
		case err != nil:
			return fmt.Errorf("seed demo: %w", err)
		default:
			seeded = true
		}
	}

	// One session store per process. Expired sessions are removed by our own
	// goroutine (pgxstore's own cleanup cannot be stopped without a race).
	sessionStore := pgxstore.NewWithCleanupInterval(db.Pool, 0)
	cleanCtx, stopClean := context.WithCancel(ctx)
	defer stopClean()
	go db.CleanSessionsEvery(cleanCtx, 5*time.Minute, func(err error) { logger.Error("session cleanup", "err", err) })
	srv := server.New(cfg, db, sessionStore, logger)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	httpServer := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "Mentorspor kører på %s\n", displayURL(ln.Addr()))
	if seeded {
		fmt.Fprintln(stdout, "Demo-logins (adgangskode \""+demo.Password+"\"):")
		for _, u := range demo.Users {
			fmt.Fprintf(stdout, "  %-15s %s (%s)\n", u.Username, u.DisplayName, u.Roles.Labels()[0])
		}
	}
	fmt.Fprintln(stdout, "Stop med Ctrl-C.")

	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// In-flight requests get up to SHUTDOWN_TIMEOUT to finish.
	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	fmt.Fprintln(stdout, "Mentorspor er stoppet.")
	return nil
}

// prepareDatabase creates the database when missing and applies migrations.
func prepareDatabase(ctx context.Context, databaseURL string) error {
	if err := postgres.EnsureDatabase(ctx, databaseURL); err != nil {
		return fmt.Errorf("%w (database %s)", err, postgres.RedactURL(databaseURL))
	}
	m, err := postgres.NewMigrator(databaseURL)
	if err != nil {
		return err
	}
	defer m.Close()
	return m.Up()
}

// prepareAppRole returns the URL the server connects with: a role that owns
// nothing, so not even a compromised server can disable the triggers that
// keep the logs append-only. With APP_DATABASE_URL operations manage that
// role; the owner (DATABASE_URL) grants it the app's privileges after
// migrating. Otherwise the owner also creates or updates the role
// APP_DATABASE_ROLE, which needs a superuser or CREATEROLE.
func prepareAppRole(ctx context.Context, cfg config.Config, grant bool) (string, error) {
	if cfg.AppDatabaseURL != "" && !grant {
		return cfg.AppDatabaseURL, nil
	}
	conn, err := pgx.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return "", fmt.Errorf("connect as the owner: %w (database %s)", err, postgres.RedactURL(cfg.DatabaseURL))
	}
	defer conn.Close(ctx)
	appURL, role := cfg.AppDatabaseURL, ""
	if appURL != "" {
		appCfg, err := pgx.ParseConfig(appURL)
		if err != nil {
			return "", fmt.Errorf("APP_DATABASE_URL: %w", err)
		}
		role = appCfg.User
	} else {
		role = cfg.AppDatabaseRole
		var password string
		if appURL, password, err = postgres.AppRoleURL(cfg.DatabaseURL, role); err != nil {
			return "", err
		}
		if err := postgres.EnsureAppRole(ctx, conn, role, password); err != nil {
			return "", fmt.Errorf("%w (the DATABASE_URL role needs CREATEROLE, or give APP_DATABASE_URL)", err)
		}
	}
	if err := postgres.GrantAppPrivileges(ctx, conn, role); err != nil {
		return "", err
	}
	return appURL, nil
}

// displayURL turns a listener address into a URL a person can open.
func displayURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() || ip.IsLoopback() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
