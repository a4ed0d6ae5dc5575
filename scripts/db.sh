#!/usr/bin/env bash
# scripts/db.sh - find (or start) a PostgreSQL server for Mentorspor.
#
# Usage:
#   scripts/db.sh url run    print a URL to the database "mentorspor"
#   scripts/db.sh url test   print a URL to the maintenance database "postgres"
#   scripts/db.sh stop       stop the private cluster in .data/pg, if running
#
# stdout carries only the URL; every message goes to stderr.
# The database "mentorspor" may not exist yet: the Go binary creates it.
#
# Discovery order (first match wins):
#   1. DATABASE_URL (run) / TEST_DATABASE_URL (test), printed unchanged.
#   2. A server on 127.0.0.1:$PG_PROBE_PORT (default 5432) that accepts the
#      user "postgres" without a password.
#   3. A private throwaway cluster in .data/pg, started from the local server
#      binaries on 127.0.0.1:$PG_PRIVATE_PORT (default 54329).
#   4. "docker compose up -d db" when a Docker engine answers (127.0.0.1:5433).
#   5. Otherwise: exit 1 with instructions.
#
# Environment:
#   DATABASE_URL, TEST_DATABASE_URL  explicit URLs (step 1)
#   PG_PROBE_PORT      port probed on 127.0.0.1 in step 2 (default 5432)
#   PG_PRIVATE_PORT    port of the private cluster (default 54329)
#   PG_BINDIR_SEARCH   colon-separated dirs or globs searched for initdb after
#                      "pg_config --bindir" (default /usr/lib/postgresql/*/bin)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_ROOT="$ROOT/.data"
PGDATA_DIR="$DATA_ROOT/pg"
PGLOG="$DATA_ROOT/pg.log"
SOCK_DIR="$DATA_ROOT/sock"
# Unix socket paths are limited to ~100 bytes; fall back to /tmp for deep checkouts.
if ((${#SOCK_DIR} > 80)); then
	SOCK_DIR="${TMPDIR:-/tmp}/mentorspor-pg-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
fi

PROBE_HOST=127.0.0.1
PROBE_PORT="${PG_PROBE_PORT:-5432}"
PRIVATE_PORT="${PG_PRIVATE_PORT:-54329}"
DOCKER_PORT=5433
BINDIR_SEARCH="${PG_BINDIR_SEARCH:-/usr/lib/postgresql/*/bin}"
PORT=""

log() { printf 'db.sh: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

usage() {
	cat >&2 <<'EOF'
usage: scripts/db.sh url run    print a URL to the database "mentorspor"
       scripts/db.sh url test   print a URL to the maintenance database "postgres"
       scripts/db.sh stop       stop the private cluster in .data/pg, if running
EOF
	exit 2
}

# url PORT DBNAME
url() { printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable\n' "$1" "$2"; }

# ---------------------------------------------------------------- binaries

# find_bindir prints the directory holding initdb/pg_ctl, or fails.
find_bindir() {
	local dir candidates=() pattern d
	if command -v pg_config >/dev/null 2>&1; then
		dir="$(pg_config --bindir 2>/dev/null || true)"
		if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
			printf '%s\n' "$dir"
			return 0
		fi
	fi
	local IFS=':'
	for pattern in $BINDIR_SEARCH; do
		# Unquoted on purpose: expand the glob (nullglob is set below).
		for d in $pattern; do
			[[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && candidates+=("$d")
		done
	done
	if ((${#candidates[@]} > 0)); then
		# Newest version last (e.g. /usr/lib/postgresql/15/bin after .../9.6/bin).
		printf '%s\n' "${candidates[@]}" | sort -V | tail -n 1
		return 0
	fi
	# Last resort: initdb on PATH (Homebrew, Postgres.app, Nix, ...).
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
		return 0
	fi
	return 1
}

# tool NAME prints the path of a client tool: PATH first, then the server bindir.
tool() {
	local bindir
	if command -v "$1" >/dev/null 2>&1; then
		command -v "$1"
		return 0
	fi
	bindir="$(find_bindir 2>/dev/null)" || return 1
	[[ -x "$bindir/$1" ]] || return 1
	printf '%s\n' "$bindir/$1"
}

# ---------------------------------------------------------------- step 2

port_open() {
	local host="$1" port="$2"
	if command -v timeout >/dev/null 2>&1; then
		timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
	else
		bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
	fi
}

# probe_local succeeds when 127.0.0.1:$PROBE_PORT accepts "postgres" without a password.
probe_local() {
	local isready psql
	if isready="$(tool pg_isready)"; then
		"$isready" -q -h "$PROBE_HOST" -p "$PROBE_PORT" -U postgres -d postgres -t 3 || return 1
	else
		port_open "$PROBE_HOST" "$PROBE_PORT" || return 1
	fi
	if psql="$(tool psql)"; then
		# -w: never prompt; no password from env or ~/.pgpass, so only trust passes.
		env -u PGPASSWORD PGPASSFILE=/dev/null PGCONNECT_TIMEOUT=5 PGSSLMODE=disable \
			"$psql" -X -w -h "$PROBE_HOST" -p "$PROBE_PORT" -U postgres -d postgres \
			-Atc 'select 1' >/dev/null 2>&1 || {
			log "a server listens on $PROBE_HOST:$PROBE_PORT but does not accept user postgres without a password; skipping it"
			return 1
		}
	else
		log "psql not found: assuming the server on $PROBE_HOST:$PROBE_PORT trusts user postgres"
	fi
	return 0
}

# ---------------------------------------------------------------- step 3

is_root() { [[ "$(id -u)" == 0 ]]; }

# as_pg CMD... runs CMD as the postgres OS user when we are root (initdb and
# pg_ctl refuse to run as root), else as ourselves.
as_pg() {
	if is_root; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

prepare_dirs() {
	mkdir -p "$PGDATA_DIR" "$SOCK_DIR"
	chmod 700 "$PGDATA_DIR"
	if is_root; then
		getent passwd postgres >/dev/null 2>&1 ||
			die "running as root but there is no 'postgres' OS user to run initdb/pg_ctl as; run as a normal user or create that user"
		command -v runuser >/dev/null 2>&1 || die "running as root but runuser is missing; run as a normal user"
		chown -R postgres:postgres "$DATA_ROOT" "$SOCK_DIR"
		runuser -u postgres -- test -w "$DATA_ROOT" ||
			die "user postgres cannot reach $DATA_ROOT (check the permissions of the parent folders); run as a normal user or set DATABASE_URL"
	fi
}

# cluster_running BINDIR: exit 0 when the private cluster's postmaster runs.
cluster_running() {
	[[ -f "$PGDATA_DIR/PG_VERSION" ]] || return 1
	as_pg "$1/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

# cluster_port prints the port of the running cluster (line 4 of postmaster.pid).
cluster_port() {
	local port
	port="$(sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)"
	if [[ "$port" =~ ^[0-9]+$ ]]; then printf '%s\n' "$port"; else printf '%s\n' "$PRIVATE_PORT"; fi
}

init_cluster() {
	local bindir="$1"
	log "creating private cluster in $PGDATA_DIR with $bindir/initdb"
	find "$PGDATA_DIR" -mindepth 1 -delete
	if ! as_pg "$bindir/initdb" -D "$PGDATA_DIR" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >&2; then
		log "initdb with --locale=C.UTF-8 failed; retrying with --no-locale"
		find "$PGDATA_DIR" -mindepth 1 -delete
		as_pg "$bindir/initdb" -D "$PGDATA_DIR" -A trust -U postgres --no-sync -E UTF8 --no-locale >&2 ||
			die "initdb failed"
	fi
}

start_cluster() {
	local bindir="$1" mode="$2" opts
	opts="-p $PRIVATE_PORT -k '$SOCK_DIR' -c listen_addresses=127.0.0.1"
	if [[ "$mode" == test ]]; then
		opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	fi
	log "starting private cluster on 127.0.0.1:$PRIVATE_PORT (log: $PGLOG)"
	if ! as_pg "$bindir/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 start -o "$opts" >&2; then
		log "pg_ctl start failed; last lines of $PGLOG:"
		tail -n 20 "$PGLOG" >&2 2>/dev/null || true
		exit 1
	fi
}

# private_cluster MODE BINDIR makes sure the private cluster runs and sets
# PORT to its port. Called outside any "if" so that set -e stays in force.
private_cluster() {
	local mode="$1" bindir="$2"
	if cluster_running "$bindir"; then
		log "reusing running private cluster in $PGDATA_DIR"
		PORT="$(cluster_port)"
		return 0
	fi
	prepare_dirs
	if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
		init_cluster "$bindir"
	else
		log "private cluster in $PGDATA_DIR exists but is stopped"
	fi
	start_cluster "$bindir" "$mode"
	PORT="$PRIVATE_PORT"
}

# ---------------------------------------------------------------- step 4

compose() {
	if docker compose version >/dev/null 2>&1; then
		docker compose "$@"
	elif command -v docker-compose >/dev/null 2>&1; then
		docker-compose "$@"
	else
		return 127
	fi
}

docker_available() {
	command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && [[ -f "$ROOT/docker-compose.yml" ]]
}

docker_db() {
	local id status i
	log "no local PostgreSQL found; starting the compose service 'db' with Docker"
	(cd "$ROOT" && compose up -d db >&2) || die "docker compose up -d db failed (is the compose plugin installed?)"
	id="$(cd "$ROOT" && compose ps -q db)" || die "docker compose ps failed"
	[[ -n "$id" ]] || die "docker compose started no container for 'db'"
	for ((i = 0; i < 90; i++)); do
		status="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null || true)"
		case "$status" in
		healthy) return 0 ;;
		unhealthy | exited | dead) die "compose service 'db' is $status; see: docker compose logs db" ;;
		esac
		sleep 1
	done
	die "compose service 'db' did not become healthy within 90s; see: docker compose logs db"
}

# ---------------------------------------------------------------- commands

cmd_url() {
	local mode="$1" dbname bindir
	case "$mode" in
	run)
		dbname=mentorspor
		if [[ -n "${DATABASE_URL:-}" ]]; then
			printf '%s\n' "$DATABASE_URL"
			return 0
		fi
		;;
	test)
		dbname=postgres
		if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
			printf '%s\n' "$TEST_DATABASE_URL"
			return 0
		fi
		;;
	*) usage ;;
	esac

	if probe_local; then
		log "using the server on $PROBE_HOST:$PROBE_PORT"
		url "$PROBE_PORT" "$dbname"
		return 0
	fi

	if bindir="$(find_bindir)"; then
		private_cluster "$mode" "$bindir"
		url "$PORT" "$dbname"
		return 0
	fi

	if docker_available; then
		docker_db
		url "$DOCKER_PORT" "$dbname"
		return 0
	fi

	cat >&2 <<EOF
db.sh: no PostgreSQL server found, and no way to start one.
  Looked for: \$$([[ $mode == run ]] && echo DATABASE_URL || echo TEST_DATABASE_URL); a server on $PROBE_HOST:$PROBE_PORT trusting user postgres;
  PostgreSQL server binaries (initdb, pg_ctl) to start a private cluster; a running Docker engine.
  Fix one of:
    - install PostgreSQL (15 or newer):
        Debian/Ubuntu: sudo apt-get install postgresql
        macOS:         brew install postgresql@15
        Fedora:        sudo dnf install postgresql-server
    - or start Docker (the script then runs: docker compose up -d db)
    - or set $([[ $mode == run ]] && echo DATABASE_URL || echo TEST_DATABASE_URL)=postgres://USER:PASSWORD@HOST:PORT/$dbname?sslmode=disable
EOF
	exit 1
}

cmd_stop() {
	local bindir
	if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
		log "no private cluster in $PGDATA_DIR; nothing to stop"
		return 0
	fi
	if [[ ! -f "$PGDATA_DIR/postmaster.pid" ]]; then
		log "private cluster in $PGDATA_DIR is not running; nothing to stop"
		return 0
	fi
	bindir="$(find_bindir)" || die "cannot find pg_ctl to stop the cluster in $PGDATA_DIR"
	if ! cluster_running "$bindir"; then
		log "private cluster in $PGDATA_DIR is not running; nothing to stop"
		return 0
	fi
	log "stopping private cluster in $PGDATA_DIR"
	as_pg "$bindir/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >&2
}

shopt -s nullglob
case "${1:-}" in
url)
	[[ $# -eq 2 ]] || usage
	cmd_url "$2"
	;;
stop)
	[[ $# -eq 1 ]] || usage
	cmd_stop
	;;
*) usage ;;
esac
