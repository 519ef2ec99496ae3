#!/usr/bin/env bash
# Embedded demo: SQLite under var/, a local Celery worker on an SQLite broker, the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# The settings fail closed (debug off, keys required); the embedded demo is a debug install
# with demo keys. Set HVERDAG_DEBUG=false and the keys to run the demo as production would.
export HVERDAG_DEBUG="${HVERDAG_DEBUG:-true}"
mkdir -p var
$BIN/python manage.py migrate --noinput
$BIN/python manage.py load_demo --if-empty
$BIN/celery -A hverdag worker --beat --schedule var/celerybeat-schedule \
    --loglevel=warning --concurrency=1 --pool=solo \
    >var/celery-worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
$BIN/python manage.py demo_logins
echo "Hverdag: http://127.0.0.1:8000/  (Celery worker log: var/celery-worker.log)"
$BIN/python manage.py runserver 127.0.0.1:8000 --noreload
