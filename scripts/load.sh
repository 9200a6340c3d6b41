#!/usr/bin/env bash
# `make load`: gunicorn with production settings on a free loopback port, against the dev
# database (NPMS_DB_NAME, default npms) and its demo force, loaded by scripts/load.py; then
# stopped. Arguments go to load.py (e.g. --clients 20 --seconds 30 --only sergeant bcu;
# --results bench/RESULTS.md writes the report into that file's Load section: make bench-load).
# The throttles are off (THROTTLE_*_RATE=off), as every client comes from 127.0.0.1; a short
# partner key made for the run is deleted afterwards.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR="${NPMS_VAR_DIR:-$ROOT/.var}"
RUN="$VAR/run"
LOG="$VAR/log"
BIN="$ROOT/.venv/bin"
DB="${NPMS_DB_NAME:-npms}"
mkdir -p "$RUN" "$LOG"
cd "$ROOT"

PORT=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SOCKETS=$("$BIN/python" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$RUN")
export DJANGO_SETTINGS_MODULE=npms.settings.production
SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
export SECRET_KEY
export DATABASE_URL="postgis://postgres@$SOCKETS/$DB"
export REDIS_URL="unix://$RUN/redis.sock"
export ALLOWED_HOSTS=127.0.0.1
export DJANGO_ADMIN_URL="load-admin-$RANDOM/"
export DJANGO_SECURE_SSL_REDIRECT=false
export CONN_MAX_AGE="${CONN_MAX_AGE:-60}"
export THROTTLE_ANON_RATE="${THROTTLE_ANON_RATE:-off}"
export THROTTLE_PARTNER_KEY_RATE="${THROTTLE_PARTNER_KEY_RATE:-off}"
export LOG_LEVEL="${LOG_LEVEL:-WARNING}"

"$BIN/python" manage.py collectstatic --noinput --verbosity 0
KEY=$("$BIN/python" manage.py shell -v 0 -c '
from accounts.models import Role, User
from accounts.services import api_key_create
partner = User.objects.get(username="partner", role=Role.PARTNER).partner
admin = User.objects.filter(role=Role.FORCE_ADMIN, force_id=partner.force_id).first()
key, raw = api_key_create(partner=partner, name="make load", created_by=admin)
print(key.pk, raw)
')
KEY_ID=${KEY%% *}
PIDFILE="$RUN/gunicorn-load-$PORT.pid"

cleanup() {
  if [ -f "$PIDFILE" ]; then
    kill -TERM "$(cat "$PIDFILE")" 2>/dev/null || true
    for _ in $(seq 1 100); do [ -f "$PIDFILE" ] || break; sleep 0.1; done
  fi
  "$BIN/python" manage.py shell -v 0 -c "
from accounts.models import APIKey
APIKey.objects.filter(pk=$KEY_ID, name='make load').delete()
" || true
}
trap cleanup EXIT

"$BIN/gunicorn" npms.wsgi --workers "${WEB_WORKERS:-3}" --bind "127.0.0.1:$PORT" \
  --pid "$PIDFILE" --error-logfile "$LOG/gunicorn-load.log" --log-level warning &
for _ in $(seq 1 120); do
  "$BIN/python" -c "import http.client as h; c = h.HTTPConnection('127.0.0.1', $PORT, timeout=2); c.request('GET', '/accounts/login/'); assert c.getresponse().status == 200" 2>/dev/null && break
  sleep 0.5
done
echo "gunicorn (${WEB_WORKERS:-3} workers, npms.settings.production, CONN_MAX_AGE=$CONN_MAX_AGE) on 127.0.0.1:$PORT, database $DB"
"$BIN/python" scripts/load.py --base "http://127.0.0.1:$PORT" --key "${KEY#* }" \
  --gunicorn-pid "$(cat "$PIDFILE")" --db "$DB" \
  --setup "gunicorn ${WEB_WORKERS:-3} sync workers, npms.settings.production, CONN_MAX_AGE=$CONN_MAX_AGE, throttles off (every client is 127.0.0.1); database $DB (the demo force); $(nproc) cores" \
  "$@"
