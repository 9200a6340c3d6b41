# NPMS: `make run` serves the app with a demo force; `make test` runs the whole suite.
# Both do every set-up step themselves on a fresh Debian machine.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
DB_NAME ?= $(or $(NPMS_DB_NAME),npms)
export NPMS_VAR_DIR ?= $(CURDIR)/.var
# The database the services create is the one Django uses.
export NPMS_DB_NAME := $(DB_NAME)

APT_PACKAGES := postgresql-15-postgis-3 redis-server chromium gdal-bin
# Commands whose absence means an apt package is missing.
NEEDED := /usr/lib/postgresql/15/bin/initdb:postgresql-15-postgis-3 \
	/usr/share/postgresql/15/extension/postgis.control:postgresql-15-postgis-3 \
	/usr/bin/redis-server:redis-server /usr/bin/chromium:chromium \
	/usr/bin/node:nodejs /usr/bin/npm:npm

.PHONY: run test stop system services migrate seed worker bench load lint format check-deploy clean

## System packages: installed with apt-get when we are root or have sudo.
system:
	@missing=""; for pair in $(NEEDED); do f=$${pair%%:*}; p=$${pair##*:}; \
	  [ -e "$$f" ] || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  missing=$$(echo $$missing | tr ' ' '\n' | sort -u | tr '\n' ' '); \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; \
	  else echo "Please run: sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: system $(VENV)/.installed node_modules/.installed

services: system
	@./scripts/services.sh start $(DB_NAME)

migrate: setup services
	DJANGO_SETTINGS_MODULE=npms.settings.dev $(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_SETTINGS_MODULE=npms.settings.dev $(PY) manage.py seed_demo --if-empty

# Served as in production (scripts/serve.sh): gunicorn (3 workers) on 127.0.0.1:$(PORT), a Celery
# worker and Celery beat as separate processes (pidfiles in .var/run), static files collected
# and served compressed by whitenoise. Ctrl-C stops all three; so does `make stop`.
run: seed
	@DJANGO_SETTINGS_MODULE=npms.settings.dev $(PY) manage.py demo_logins
	@DJANGO_SETTINGS_MODULE=npms.settings.dev ./scripts/serve.sh run $(PORT)

test: setup services
	DJANGO_SETTINGS_MODULE=npms.settings.test $(PY) -m pytest $(PYTEST_ARGS)

# Timings of DESIGN.md section 10 on a Met-sized force, built once in its own database
# (npms_bench: created and migrated by the command). `make bench BENCH_ARGS=--small` is quick
# (in npms_bench_small). The settings point at the bench's database from the start.
# `make bench BENCH_ARGS=--national`: the 43 forces of England and Wales in npms_national
# (bench/RESULTS-national.md); add --partition-study for the partitioning measurements.
BENCH_KIND = $(if $(filter --national,$(BENCH_ARGS)),npms_national,npms_bench)
BENCH_DB ?= $(or $(patsubst --database=%,%,$(filter --database=%,$(BENCH_ARGS))),$(if $(filter --small,$(BENCH_ARGS)),$(BENCH_KIND)_small,$(BENCH_KIND)))
bench: setup services
	NPMS_DB_NAME=$(BENCH_DB) DJANGO_SETTINGS_MODULE=npms.settings.dev $(PY) manage.py bench $(BENCH_ARGS)

# A bounded loopback load (scripts/load.py: 20 clients for 30 s per scenario) against gunicorn
# with production settings on a free port, the dev database and its demo force; stops by itself.
# `make load LOAD_ARGS="--clients 10 --seconds 10 --only sergeant"` to vary it.
load: seed
	./scripts/load.sh $(LOAD_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: setup
	DJANGO_SETTINGS_MODULE=npms.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  ALLOWED_HOSTS=npms.example.police.uk DATABASE_URL=postgis://npms@db.example/npms \
	  REDIS_URL=redis://redis.example:6379/0 DJANGO_ADMIN_URL=staff-$$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')/ \
	  $(PY) manage.py check --deploy --fail-level WARNING

# Stops what `make run` started (gunicorn, worker, beat), then the private services.
stop:
	@./scripts/serve.sh stop
	@./scripts/services.sh stop

clean: stop
	rm -rf $(NPMS_VAR_DIR) $(VENV) node_modules
