# Hearth: `make run` starts the portal with demo data (and its notifications worker);
# `make test` runs every test.
# Both create the virtual environment and install what is missing first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test test-fast test-browser setup browser lint translations translate-extract translate-update translate-check serve-production clean

# demo-data --if-empty: a database that already has accounts is fine (it says so and goes on);
# any other failure (a broken migration, a missing table) stops `make run` with its error.
run: setup translations
	$(FLASK) db upgrade
	$(FLASK) glossary load
	$(FLASK) demo-data --if-empty
	@echo "Notifications: a worker runs beside the portal; with no MAIL_SERVER set, each email is written to this terminal."
	$(FLASK) notifications work & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port 5000

# Every run uses every core: each SQLite test copies a template database of its worker, and on
# PostgreSQL (TEST_DATABASE_URL set) each worker has a database of its own (tests/postgres.py).
# loadgroup keeps tests marked xdist_group (server-wide roles, one Redis database) on one worker.
# --durations=15 prints the slowest tests, so the next person sees where the time goes.
PARALLEL := -n auto --dist loadgroup --durations=15
# Some machines (this one's CI included) set PYTHONDONTWRITEBYTECODE, and then every pytest worker
# rewrites the asserts of every test module and compiles them again (~10 s a worker a run).
# pytest keeps its rewritten modules in __pycache__ once writing bytecode is allowed.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

# The whole suite: lint, then the unit and integration tests, then the browser tests, in this
# order (.ci/run runs the same three targets one by one, to time each).
test: lint test-fast test-browser

test-fast: setup translations
	$(PYTEST) -m "not browser" $(PARALLEL)

test-browser: setup translations browser
	$(PYTEST) -m browser tests/e2e $(PARALLEL)

setup: $(STAMP)

# constraints.txt pins every package to the versions CI last passed with, so a new release of
# ruff, axe-core or Babel cannot turn a clean clone red. Refresh it on purpose: see README.
$(STAMP): pyproject.toml setup.py constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

# Debian's Chromium drives the browser tests (its headless shell, chromium-headless-shell: the same
# engine, far less CPU; tests/e2e/devices.py); Playwright's own download is not used.
# A known font keeps text, and so the measured tap targets, the same on every machine; the
# Noto fonts are what a phone shows Chinese (fonts-noto-cjk) and Arabic (fonts-noto-core) in,
# so those pages render and measure as on a phone. Hearth itself ships no web font.
BROWSER_FONTS := /usr/share/fonts/truetype/dejavu /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
  /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf
browser:
	@for f in /usr/bin/chromium /usr/bin/chromium-headless-shell $(BROWSER_FONTS); do test -e $$f || missing=1; done; \
	test -z "$$missing" || { \
	  echo "Installing Chromium and fonts for the browser tests (needs root)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    chromium chromium-headless-shell fonts-dejavu-core fonts-noto-cjk fonts-noto-core; }

lint: setup
	$(BIN)/ruff check .

# Compiled catalogs are build output (git ignores *.mo); make rebuilds one when its .po changes.
translations: $(MO_FILES)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/python scripts/compile_catalog.py $< $@

translate-extract: setup
	$(FLASK) translate extract

translate-update: setup
	$(FLASK) translate update

translate-check: setup translations
	$(FLASK) translate check

RATELIMIT_STORAGE_URI ?= redis://127.0.0.1:6379/0

serve-production: setup translations
	HEARTH_CONFIG=production RATELIMIT_STORAGE_URI=$(RATELIMIT_STORAGE_URI) $(BIN)/gunicorn --workers 2 --bind 127.0.0.1:8000 wsgi:app

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache test-artifacts $(MO_FILES)
