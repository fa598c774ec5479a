# Two entry points for a fresh machine (Python 3.11, Node.js with npm):
#   make run   - set everything up and serve the app on http://127.0.0.1:8000 (SQLite)
#   make test  - set up what the tests need and run the whole suite
# Both are idempotent: stamps and file targets make a second run reuse what is there.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUN_DEPS := $(VENV)/.run-deps
DEV_DEPS := $(VENV)/.dev-deps
HTMX := static/vendor/htmx.min.js
HOST ?= 127.0.0.1
PORT ?= 8000
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test setup setup-test migrate browser bench clean

run: setup migrate
	BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c python:webapp.gunicorn_conf wsgi:app

test: setup-test browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# bench/run.py installs wrk itself when it is missing.
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

setup: $(RUN_DEPS) $(HTMX)

setup-test: setup $(DEV_DEPS)

migrate: $(RUN_DEPS)
	$(BIN)/flask --app wsgi db upgrade

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

$(RUN_DEPS): requirements.txt | $(BIN)/python
	$(PIP) install -r requirements.txt
	touch $@

$(DEV_DEPS): requirements-dev.txt requirements.txt | $(BIN)/python
	$(PIP) install -r requirements-dev.txt
	touch $@

# htmx comes from the npm registry at set-up; static/vendor/ is never committed.
$(HTMX): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(@D)
	cp node_modules/htmx.org/dist/htmx.min.js $@

# Debian's Chromium for the browser tests (a browser download cannot work here), installed when missing.
browser:
	@if ! command -v chromium >/dev/null || [ ! -d /usr/share/fonts/truetype/dejavu ]; then \
	  echo "Installing Debian's chromium and fonts-dejavu-core"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends \
	    chromium fonts-dejavu-core >/dev/null; \
	fi

clean:
	rm -rf $(VENV) node_modules static/vendor test-artifacts
