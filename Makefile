# 돌봄협의체 포털 — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run demo test test-sqlite test-postgres lint install install-test messages bench clean backup restore lock

# Installs come from the hash-pinned locks (pip refuses any file whose hash differs);
# the project itself is run from this folder, never installed.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(PIP) install --quiet --require-hashes -r requirements-test.lock
	touch $@

# After changing the dependencies in pyproject.toml: regenerate both locks, then
# `make install-test` installs exactly them.
LOCK_OPTS := --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed
	$(PIP) install --quiet "pip-tools>=7.4,<8"
	$(VENV)/bin/pip-compile $(LOCK_OPTS) --output-file=requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile $(LOCK_OPTS) --extra test --output-file=requirements-test.lock pyproject.toml

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv -v0

run: install messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py loaddemo --if-empty
	@echo "Serving on http://127.0.0.1:8000, with the notice worker beside it (Ctrl+C stops both)"
	$(PY) manage.py send_notices & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:8000

# Rebuild the demo council as of today (its open meeting moves to this week).
demo: install messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py loaddemo

# Tests on SQLite, then on a throwaway PostgreSQL cluster when the server
# binaries are installed (mandatory when CI=true).
test: install-test messages test-sqlite test-postgres

test-sqlite:
	$(VENV)/bin/pytest

test-postgres:
	bash scripts/with-postgres.sh $(VENV)/bin/pytest -m "not browser"

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install-test messages
	$(PY) bench/run.py

# One archive with the database and the stored files (scripts/backup.py, README "Backup").
BACKUP_DIR ?= backups
backup: install
	$(PY) scripts/backup.py create --output-dir "$(BACKUP_DIR)"

# Into an empty database and data directory only: make restore BACKUP=backups/portal-backup-….tar.gz
# Leaves a portal that serves once gunicorn starts: the schema of this code and the
# static files' manifest (without it every page is a 500 and /health/ says "static").
restore: install messages
	@if [ -z "$(BACKUP)" ]; then echo "usage: make restore BACKUP=<file>" >&2; exit 2; fi
	$(PY) scripts/backup.py restore "$(BACKUP)"
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Ready to serve. Start gunicorn: systemctl start dolbom-portal (or .venv/bin/gunicorn -c config/gunicorn.conf.py), then check /health/."

clean:
	rm -rf $(VENV) data/staticfiles
