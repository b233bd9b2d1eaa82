#!/usr/bin/env bash
# The deployment guide's steps for the application (docs/deployment.md, steps 5 to 9), run
# on PostgreSQL with production settings, then a walk through the running server over HTTP:
# the public journey, tracking, a staff sign-in with its second factor, the partner API,
# /readyz/ (200, then 503 once the database is gone) and /metrics. CI runs it after
# `make test-postgres`; it stops every process it started and drops its database.
#
# What it cannot run, being no root on a fresh machine: apt, the fraudhub user, systemd
# and nginx (steps 1 to 4, 10 and 11). Instead, gunicorn, the worker and the scheduler are
# started exactly as the systemd units start them, and the requests carry the headers
# nginx adds (X-Forwarded-Proto, X-Forwarded-For) with TRUSTED_PROXIES=1.
#
#   POSTGRES_URL=postgres://postgres@127.0.0.1:5432/fraudhub deploy/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
APP="$(pwd)"
POSTGRES_URL="${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/fraudhub}"
# The virtual environment; CI's was made by `make install` from the same lock.
VENV="${SMOKE_VENV:-$APP/.venv}"
WORK="$(mktemp -d)"
PIDS=()

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
database_url() {  # the PostgreSQL URL with another port and database
  python3 -c 'import sys, urllib.parse as u; p=u.urlsplit(sys.argv[1]); h=p.netloc.rsplit("@",1); cred=h[0]+"@" if len(h)==2 else ""; print(u.urlunsplit((p.scheme, f"{cred}127.0.0.1:{sys.argv[2]}", "/"+sys.argv[3], "", "")))' "$POSTGRES_URL" "$1" "$2"
}
PG_PORT="$(python3 -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).port or 5432)' "$POSTGRES_URL")"
ADMIN_URL="$(database_url "$PG_PORT" postgres)"
PROXY_PORT="$(free_port)"
WEB_PORT="$(free_port)"
BASE="http://127.0.0.1:$WEB_PORT"

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS fraudhub_smoke WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
started=$(date +%s)

# A fresh database; the application reaches it through a TCP proxy that the test can stop.
psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS fraudhub_smoke WITH (FORCE)"
psql -q "$ADMIN_URL" -c "CREATE DATABASE fraudhub_smoke"
python3 deploy/smoke_walk.py proxy "$PROXY_PORT" "$PG_PORT" & PIDS+=($!)

# Step 5: the virtual environment, from the lock.
if [ ! -x "$VENV/bin/fraudhub" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -c requirements.lock .
fi
export PATH="$VENV/bin:$PATH"

# Step 6: the environment file (deploy/fraudhub.env.example, filled in for this machine).
METRICS_TOKEN="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
cat > "$WORK/fraudhub.env" <<EOF
DEBUG=0
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$WEB_PORT
SITE_URL=https://127.0.0.1:$WEB_PORT
TRUSTED_PROXIES=1
DATABASE_URL=$(database_url "$PROXY_PORT" fraudhub_smoke)
MEDIA_ROOT=$WORK/media
CACHE_TABLE=fraudhub_cache
STATIC_ROOT=$WORK/staticfiles
FRONTEND_DIR=$APP/frontend
FRAUDHUB_ICO_REGISTRATION=ZX0000000
# no mail server here: messages are kept in memory (a real one sets EMAIL_HOST)
EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
METRICS_TOKEN=$METRICS_TOKEN
PROMETHEUS_MULTIPROC_DIR=$WORK/metrics
GUNICORN_BIND=127.0.0.1:$WEB_PORT
WEB_CONCURRENCY=2
EOF
set -a; . "$WORK/fraudhub.env"; set +a

# Steps 7 and 8: the database's tables, then the static files.
echo "$(( $(date +%s) - started )) s: migrate"
fraudhub migrate --noinput >/dev/null
fraudhub createcachetable
echo "$(( $(date +%s) - started )) s: collectstatic"
fraudhub collectstatic --noinput >/dev/null
echo "$(( $(date +%s) - started )) s: demo"
# (not in the guide: the demo county and its logins, for the walk to sign in with)
fraudhub demo-data --force --reports 20 --seed 1 >/dev/null
echo "$(( $(date +%s) - started )) s: start"
export SMOKE_API_TOKEN="$(fraudhub api-token partner --name smoke 2>/dev/null)"

# Step 9: as the systemd units start them (deploy/fraudhub-*.service).
gunicorn -c deploy/gunicorn.conf.py > "$WORK/web.log" 2>&1 & PIDS+=($!)
fraudhub db_worker > "$WORK/worker.log" 2>&1 & PIDS+=($!)
fraudhub scheduler > "$WORK/scheduler.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 120); do
  python3 -c 'import sys, urllib.request as r; r.urlopen(sys.argv[1], timeout=2)' "$BASE/healthz/" \
    2>/dev/null && break
  sleep 0.5
done

status=0
FRAUDHUB="$VENV/bin/fraudhub" python3 deploy/smoke_walk.py walk "$BASE" || status=$?
if [ "$status" = 0 ]; then
  kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true  # the database goes away
  python3 deploy/smoke_walk.py not-ready "$BASE" || status=$?
fi
if [ "$status" != 0 ]; then
  echo "--- web log"; tail -n 40 "$WORK/web.log"
  echo "--- worker log"; tail -n 20 "$WORK/worker.log"
fi
echo "Smoke test took $(( $(date +%s) - started )) s."
exit "$status"
