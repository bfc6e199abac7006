# Backstretch: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
NODE_DIR := tests/browser
CHROMIUM := /usr/bin/chromium
# make test runs the suite on this many processes (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto

.PHONY: help run serve test bench lint check-chromium install-run install-dev load

help:
	@echo "make run    set up and serve the app at http://127.0.0.1:8000 (debug on)"
	@echo "make test   set up and run the whole test suite, browser tests included"
	@echo "make serve  production-like: collectstatic, gunicorn on 127.0.0.1:8000, debug off"
	@echo "make bench  measure every page in-process, under load and with Lighthouse"
	@echo "make lint   ruff, and lint-imports for the layers of the code"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Dependencies are declared in pyproject.toml and pinned by constraints.txt; the
# project itself is not built or installed (it runs from the checkout). A stamp file
# per set skips the install when neither file changed, so a second run starts in seconds.
REQUIREMENTS = $(PY) -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print("\n".join(p["dependencies"] + sum((p["optional-dependencies"][x] for x in sys.argv[1:]), [])))'

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(PY)
	$(REQUIREMENTS) > $(VENV)/requirements-run.txt
	$(PY) -m pip install --quiet --constraint constraints.txt --requirement $(VENV)/requirements-run.txt
	@touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(PY)
	$(REQUIREMENTS) dev > $(VENV)/requirements-dev.txt
	$(PY) -m pip install --quiet --constraint constraints.txt --requirement $(VENV)/requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

$(NODE_DIR)/node_modules/.installed: $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	npm ci --prefix $(NODE_DIR) --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

install-run: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

check-chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Debian's Chromium is missing: installing it with apt-get (browser tests need it)."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; else \
	    echo "ERROR: cannot install chromium: not root and no sudo. Run: apt-get install chromium" >&2; exit 1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium \
	    || { echo "ERROR: apt-get could not install chromium; the browser tests cannot run." >&2; exit 1; }; \
	fi
	@command -v java >/dev/null || { echo "ERROR: java is missing (the HTML validator needs it): apt-get install default-jre-headless" >&2; exit 1; }

load: install-run
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput
	DJANGO_DEBUG=1 $(MANAGE) load_catalogue

run: load
	DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

# Production-like, on this machine: debug off, static files from WhiteNoise,
# plain http (DJANGO_HTTPS=0) because there is no TLS proxy in front here.
serve: load
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then echo "DJANGO_SECRET_KEY is not set: using a throwaway key for this run."; fi
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	  DJANGO_DEBUG=0 DJANGO_HTTPS=$${DJANGO_HTTPS:-0} DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}; \
	$(MANAGE) collectstatic --noinput --verbosity 0 && \
	$(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

test: $(VENV)/.installed-dev $(NODE_DIR)/node_modules/.installed check-chromium
	DJANGO_DEBUG=1 $(MANAGE) check --fail-level WARNING
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest --numprocesses $(TEST_WORKERS) $(PYTEST_ARGS)

# Benchmarks (bench/BENCHMARKS.md): wrk from Debian, locust from PyPI (the bench extra),
# Lighthouse from npm into bench/.
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

$(VENV)/.installed-bench: pyproject.toml constraints.txt | $(PY)
	$(REQUIREMENTS) dev bench > $(VENV)/requirements-bench.txt
	$(PY) -m pip install --quiet --constraint constraints.txt --requirement $(VENV)/requirements-bench.txt
	@touch $@ $(VENV)/.installed-dev $(VENV)/.installed-run

bench: $(VENV)/.installed-bench bench/node_modules/.installed check-chromium
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	$(PY) -m bench $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
