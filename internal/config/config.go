// Package config reads the settings once from the environment into a typed,
// validated struct.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is everything the binary reads from its environment.
type Config struct {
	Addr            string        // ADDR
	DatabaseURL     string        // DATABASE_URL: the owner, who migrates
	AppDatabaseURL  string        // APP_DATABASE_URL: the role serve connects as, when operations manage it
	AppDatabaseRole string        // APP_DATABASE_ROLE: the role serve creates when AppDatabaseURL is empty
	SessionSecure   bool          // SESSION_SECURE
	LogLevel        slog.Level    // LOG_LEVEL
	ShutdownTimeout time.Duration // SHUTDOWN_TIMEOUT
	TrustedProxies  []netip.Prefix
	DBMaxConns      int32 // DB_MAX_CONNS
}

// DefaultDatabaseURL is the development server every machine here has.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/mentorspor?sslmode=disable"

// roleName is a role name that needs no quoting (names starting pg_ are
// reserved by PostgreSQL).
var roleName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// FromEnv reads and validates the configuration; the error lists every problem.
func FromEnv(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var problems []string
	get := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		Addr:            get("ADDR", "localhost:8080"),
		DatabaseURL:     get("DATABASE_URL", DefaultDatabaseURL),
		AppDatabaseURL:  get("APP_DATABASE_URL", ""),
		AppDatabaseRole: get("APP_DATABASE_ROLE", "mentorspor_app"),
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		problems = append(problems, fmt.Sprintf("ADDR %q is not host:port (e.g. localhost:8080 or :8080)", c.Addr))
	}
	if !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		problems = append(problems, "DATABASE_URL must start with postgres:// or postgresql://")
	}
	if c.AppDatabaseURL != "" && !strings.HasPrefix(c.AppDatabaseURL, "postgres://") && !strings.HasPrefix(c.AppDatabaseURL, "postgresql://") {
		problems = append(problems, "APP_DATABASE_URL must start with postgres:// or postgresql://")
	}
	if !roleName.MatchString(c.AppDatabaseRole) || strings.HasPrefix(c.AppDatabaseRole, "pg_") {
		problems = append(problems, fmt.Sprintf("APP_DATABASE_ROLE %q must be lower-case letters, digits and _ (at most 63, not starting with a digit or pg_)", c.AppDatabaseRole))
	}
	secure, err := strconv.ParseBool(get("SESSION_SECURE", "true"))
	if err != nil {
		problems = append(problems, "SESSION_SECURE must be true or false")
	}
	c.SessionSecure = secure
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", "info"))); err != nil {
		problems = append(problems, "LOG_LEVEL must be debug, info, warn or error")
	}
	c.ShutdownTimeout, err = time.ParseDuration(get("SHUTDOWN_TIMEOUT", "10s"))
	if err != nil || c.ShutdownTimeout <= 0 {
		problems = append(problems, "SHUTDOWN_TIMEOUT must be a positive duration such as 10s")
	}
	for _, s := range strings.FieldsFunc(get("TRUSTED_PROXIES", ""), func(r rune) bool { return r == ',' || r == ' ' }) {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			problems = append(problems, fmt.Sprintf("TRUSTED_PROXIES: %q is not a CIDR such as 10.0.0.0/8", s))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	n, err := strconv.ParseInt(get("DB_MAX_CONNS", "20"), 10, 32)
	if err != nil || n < 2 || n > 500 {
		problems = append(problems, "DB_MAX_CONNS must be a whole number from 2 to 500")
	}
	c.DBMaxConns = int32(n)
	if len(problems) > 0 {
		return c, errors.New("configuration: " + strings.Join(problems, "; "))
	}
	return c, nil
}
