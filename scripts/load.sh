#!/usr/bin/env bash
# Load run: the mentor's session save and the team pages, on a fresh copy of
# the demo municipality. Needs wrk (Debian package) and psql.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
server=$(scripts/db.sh url test)
db="mentorspor_load"
base="${server%/*}"
psql "$server" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
url="$base/$db?sslmode=disable"
go build -o bin/mentorspor ./cmd/mentorspor
ADDR=127.0.0.1:8099 LOG_LEVEL=error DATABASE_URL="$url" ./bin/mentorspor serve --seed-demo >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs http://localhost:8099/healthz >/dev/null && break; sleep 0.2; done

cookie=$(curl -s -i -X POST -H "Sec-Fetch-Site: same-origin" -d "username=mentor&password=mentorspor" http://localhost:8099/login \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="set-cookie"{split($2,a,";"); print a[1]}')
read -r citizen grant task < <(psql "$url" -AtF $'\t' -c "
  SELECT g.citizen_id, g.id, i.text FROM grants g
  JOIN users u ON u.id = g.person_id AND u.username = 'mentor'
  JOIN grant_revisions r ON r.grant_id = g.id AND r.number = g.revision
  JOIN grant_revision_items i ON i.revision_id = r.id AND i.kind = 'opgave'
  WHERE g.status = 'bevilget' AND g.start_date <= current_date AND (g.end_date IS NULL OR g.end_date >= current_date)
    AND (SELECT count(*) FROM grants o WHERE o.citizen_id = g.citizen_id AND o.status = 'bevilget') = 1
  ORDER BY g.id LIMIT 1" | tr '\t' ' ')
day=$(TZ=Europe/Copenhagen date +%F)
echo "== my citizens page (GET /mine-borgere), 10 connections, 10 s"
wrk -t2 -c10 -d10s --latency -H "Cookie: $cookie" http://localhost:8099/mine-borgere | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
lead=$(curl -s -i -X POST -H "Sec-Fetch-Site: same-origin" -d "username=teamleder&password=mentorspor" http://localhost:8099/login \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="set-cookie"{split($2,a,";"); print a[1]}')
echo "== team caseload page (GET /team?team=alle), ${TEAM_CONNS:-10} connections, 10 s"
wrk -t2 -c${TEAM_CONNS:-10} -d10s --latency -H "Cookie: $lead" "http://localhost:8099/team?team=alle" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
echo "== session save: citizen $citizen, grant $grant, 10 connections, 15 s"
COOKIE="$cookie" CITIZEN="$citizen" GRANT="$grant" TASK="$task" DAY="$day" \
  wrk -t2 -c10 -d15s --latency -s scripts/load/session_save.lua http://localhost:8099 | grep -E "Requests/sec|Non-2xx|^p[0-9]"
psql "$url" -Atc "SELECT count(*) || ' sessions saved by the load run' FROM mentor_sessions WHERE note = 'Belastningstest'"
