// Command mentorspor is the whole application: the web server and the
// commands that set up its database and users. main only wires.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `Mentorspor – sagsstyring for mentorstøtte (LAB § 167) og støttekontaktpersoner (SEL § 85).

Brug: mentorspor <kommando> [flag]

Kommandoer:
  serve [--seed-demo] [--no-migrate]   Opret databasen om nødvendigt, migrér og start webserveren
  migrate up | down N | version | force V
                                       Databasens skema
  seed-demo                            Indlæs "Demo Kommune" (kun i en database uden rigtige brugere)
  seed-scale --factor F [--fresh]      Demo Kommune plus landsdækkende testdata (1.0: 100.000 borgere,
                                       3 mio. samtaler, 10 mio. logrækker); --fresh genopretter databasen
  user add --username U --name N --roles r1,r2 [--team T] [--email E] [--password-stdin]
                                       Opret en bruger (uden --password-stdin dannes en adgangskode)
  user reset-password --username U [--password-stdin]
                                       Ny adgangskode; brugerens sessioner afsluttes

Roller: sagsbehandler, mentor, teamleder, administrator.
Indstillinger læses fra miljøet: ADDR, DATABASE_URL, APP_DATABASE_URL, APP_DATABASE_ROLE, SESSION_SECURE,
LOG_LEVEL, SHUTDOWN_TIMEOUT, TRUSTED_PROXIES, DB_MAX_CONNS (se README.md).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mentorspor:", err)
		os.Exit(1)
	}
}

// run dispatches a subcommand; it is main without the process around it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("angiv en kommando")
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	case "serve":
		return runServe(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args[1:], getenv, stdout)
	case "seed-demo":
		return runSeedDemo(ctx, getenv, stdout)
	case "seed-scale":
		return runSeedScale(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		return runUser(ctx, args[1:], getenv, stdin, stdout)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("ukendt kommando %q", args[0])
}
