package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "localhost:8080" || c.DatabaseURL != DefaultDatabaseURL || !c.SessionSecure || c.ShutdownTimeout != 10*time.Second ||
		c.AppDatabaseURL != "" || c.AppDatabaseRole != "mentorspor_app" {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestInvalidValuesAreAllReported(t *testing.T) {
	_, err := FromEnv(env(map[string]string{
		"ADDR": "nohostport", "SESSION_SECURE": "maybe", "LOG_LEVEL": "loud",
		"DATABASE_URL": "mysql://x", "TRUSTED_PROXIES": "10.0.0.0/8, bad", "DB_MAX_CONNS": "1",
		"APP_DATABASE_URL": "mysql://y", "APP_DATABASE_ROLE": "App-Role",
	}))
	if err == nil {
		t.Fatal("want error")
	}
	for _, want := range []string{"ADDR", "SESSION_SECURE", "LOG_LEVEL", "DATABASE_URL", "TRUSTED_PROXIES", "DB_MAX_CONNS", "APP_DATABASE_URL", "APP_DATABASE_ROLE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestTrustedProxiesParsed(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8,192.168.0.0/16", "SESSION_SECURE": "false"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 2 || c.SessionSecure {
		t.Fatalf("got %+v", c)
	}
}

func TestAppDatabaseRoleMustNeedNoQuoting(t *testing.T) {
	for role, ok := range map[string]bool{"mentorspor_app": true, "app2": true, "pg_app": false, "2app": false,
		"app role": false, `app"; DROP`: false, strings.Repeat("a", 64): false} {
		_, err := FromEnv(env(map[string]string{"APP_DATABASE_ROLE": role}))
		if (err == nil) != ok {
			t.Errorf("APP_DATABASE_ROLE %q: got %v", role, err)
		}
	}
}
