package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"mentorspor/internal/config"
	"mentorspor/internal/demo"
	"mentorspor/internal/domain"
	"mentorspor/internal/postgres"
	"mentorspor/internal/scale"
)

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return errors.New("brug: mentorspor migrate up | down N | version | force V")
	}
	if args[0] == "up" {
		if err := prepareDatabase(ctx, cfg.DatabaseURL); err != nil {
			return err
		}
	}
	m, err := postgres.NewMigrator(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer m.Close()
	switch args[0] {
	case "up":
	case "down", "force":
		if len(args) != 2 {
			return fmt.Errorf("brug: mentorspor migrate %s N", args[0])
		}
		n, err := strconv.Atoi(args[1])
		if err != nil {
			return fmt.Errorf("%q er ikke et tal", args[1])
		}
		if args[0] == "down" {
			err = m.Down(n)
		} else {
			err = m.Force(n)
		}
		if err != nil {
			return err
		}
	case "version":
	default:
		return fmt.Errorf("ukendt migrate-kommando %q", args[0])
	}
	v, dirty, err := m.Version()
	if err != nil {
		return err
	}
	latest, _ := postgres.LatestVersion()
	fmt.Fprintf(stdout, "skemaversion %d (nyeste %d)", v, latest)
	if dirty {
		fmt.Fprint(stdout, " – DIRTY: en migrering fejlede halvvejs")
	}
	fmt.Fprintln(stdout)
	return nil
}

func openDB(ctx context.Context, getenv func(string) string) (*postgres.DB, error) {
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return nil, err
	}
	if err := prepareDatabase(ctx, cfg.DatabaseURL); err != nil {
		return nil, err
	}
	return postgres.Open(ctx, cfg.DatabaseURL, 4)
}

func runSeedDemo(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := demo.Seed(ctx, db); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Demo Kommune er indlæst: %d brugere, adgangskode %q.\n", len(demo.Users), demo.Password)
	return nil
}

func runUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "reset-password") {
		return errors.New("brug: mentorspor user add … | user reset-password --username U")
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	fs.SetOutput(stdout)
	username := fs.String("username", "", "brugernavn")
	name := fs.String("name", "", "fulde navn")
	roles := fs.String("roles", "", "roller, kommasepareret")
	team := fs.String("team", "", "teamets navn")
	email := fs.String("email", "", "e-mail")
	fromStdin := fs.Bool("password-stdin", false, "læs adgangskoden fra standard input")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	password, generated := "", false
	if *fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		password = strings.TrimRight(line, "\r\n")
	} else {
		password, generated = rand.Text(), true
	}
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()

	if args[0] == "reset-password" {
		if err := db.SetPasswordByUsername(ctx, strings.ToLower(*username), password); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Adgangskoden for %s er skiftet.\n", *username)
	} else {
		in := domain.UserInput{Username: *username, DisplayName: *name, Email: *email, Password: password}
		for _, r := range strings.Split(*roles, ",") {
			if r = strings.TrimSpace(r); r != "" {
				if !domain.Role(r).Valid() {
					return fmt.Errorf("ukendt rolle %q", r)
				}
				in.Roles = append(in.Roles, domain.Role(r))
			}
		}
		if *team != "" {
			teams, err := db.FindTeams(ctx)
			if err != nil {
				return err
			}
			for _, t := range teams {
				if strings.EqualFold(t.Name, *team) {
					in.TeamID = &t.ID
				}
			}
			if in.TeamID == nil {
				return fmt.Errorf("teamet %q findes ikke", *team)
			}
		}
		u, err := db.CreateUser(ctx, in, 0)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Brugeren %s (%s) er oprettet.\n", u.Username, strings.Join(u.Roles.Labels(), ", "))
	}
	if generated {
		fmt.Fprintf(stdout, "Adgangskode: %s\n", password)
	}
	return nil
}

// describe turns a validation error into one line per field.
func describe(err error) error {
	fields := domain.FieldErrors(err)
	if len(fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(domain.ErrorMessage(err))
	for k, v := range fields {
		fmt.Fprintf(&b, "\n  %s: %s", k, v)
	}
	return errors.New(b.String())
}

func runSeedScale(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed-scale", flag.ContinueOnError)
	fs.SetOutput(stderr)
	factor := fs.Float64("factor", 1.0, "skalering: 1.0 er 100.000 borgere")
	fresh := fs.Bool("fresh", false, "slet og genopret databasen først (kun en database med udelukkende demobrugere)")
	dbURL := fs.String("database", "", "databasens URL (ellers DATABASE_URL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbURL != "" {
		env := getenv
		getenv = func(k string) string {
			if k == "DATABASE_URL" {
				return *dbURL
			}
			return env(k)
		}
	}
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return err
	}
	if *fresh {
		if err := demo.DropDatabase(ctx, cfg.DatabaseURL); err != nil {
			return err
		}
	}
	start := time.Now()
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := scale.Generate(ctx, db, *factor, stderr)
	if err != nil {
		return err
	}
	var size string
	if err := db.Pool.QueryRow(ctx, `SELECT pg_size_pretty(pg_database_size(current_database()))`).Scan(&size); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Skaleringsdata (faktor %g) er indlæst på %s: %d borgere, %d samtaler, %d logrækker; databasen fylder %s.\n",
		*factor, time.Since(start).Round(time.Second), c.Citizens, c.Sessions, c.AccessLog, size)
	fmt.Fprintf(stdout, "Log ind som mentor0001…, sagsbeh001…, teamleder01… eller demobrugerne, adgangskode %q.\n", demo.Password)
	return nil
}
