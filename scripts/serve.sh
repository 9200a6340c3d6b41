#!/usr/bin/env bash
# Serve NPMS the way production does (DESIGN.md section 2): gunicorn, a Celery worker and Celery
# beat as three separate processes, each with its pidfile in .var/run.
#   serve.sh run PORT   collectstatic, start worker and beat, serve with gunicorn on
#                       127.0.0.1:PORT in the foreground; Ctrl-C (or `serve.sh stop`) stops all
#   serve.sh stop       stop whatever a run left (gunicorn, worker, beat), by their pidfiles
# Settings: npms.settings.dev unless DJANGO_SETTINGS_MODULE says otherwise, with DEBUG off,
# persistent database connections and whitenoise's compressed, hashed static files, as in
# production (set DEBUG=true for Django's debug pages).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR="${NPMS_VAR_DIR:-$ROOT/.var}"
RUN="$VAR/run"
LOG="$VAR/log"
BIN="$ROOT/.venv/bin"
WEB_WORKERS="${WEB_WORKERS:-3}"

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-npms.settings.dev}"
export DEBUG="${DEBUG:-false}"
export CONN_MAX_AGE="${CONN_MAX_AGE:-60}"

# Stop the process in pidfile $1 if it is still the program $2 (a stale pidfile's number may
# belong to another process by now): TERM, up to 15 s for running requests and jobs, then KILL.
# A job cut short is not lost: its task is acknowledged only when done (settings, acks late).
stop_pidfile() {
  local file="$RUN/$1.pid" program="$2" pid
  [ -f "$file" ] || return 0
  pid=$(tr -dc '0-9' <"$file")
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$program"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop_all() {
  stop_pidfile gunicorn gunicorn
  stop_pidfile celery-beat celery
  stop_pidfile celery-worker celery
}

run() {
  local port="$1"
  mkdir -p "$RUN" "$LOG"
  stop_all # whatever an earlier run left behind
  "$BIN/python" "$ROOT/manage.py" collectstatic --noinput --verbosity 0
  "$BIN/celery" --workdir "$ROOT" -A npms worker -l info --concurrency 2 \
    --logfile "$LOG/celery-worker.log" --pidfile "$RUN/celery-worker.pid" --detach
  "$BIN/celery" --workdir "$ROOT" -A npms beat -l info --schedule "$VAR/celerybeat-schedule" \
    --logfile "$LOG/celery-beat.log" --pidfile "$RUN/celery-beat.pid" --detach
  echo "Celery worker and beat started (logs: $LOG/celery-worker.log, celery-beat.log)."
  trap stop_all EXIT
  trap 'exit 130' INT TERM
  echo "Serving NPMS on http://127.0.0.1:$port/ (Ctrl-C or 'make stop' to stop)"
  cd "$ROOT"
  "$BIN/gunicorn" npms.wsgi --workers "$WEB_WORKERS" --bind "127.0.0.1:$port" \
    --pid "$RUN/gunicorn.pid" --access-logfile - --error-logfile - --log-level warning
}

case "${1:-}" in
  run) run "${2:-8000}" ;;
  stop) stop_all ;;
  *) echo "usage: $0 run [PORT] | stop" >&2; exit 2 ;;
esac
