# The two commands of the project: `make run` and `make test` (DESIGN.md, fixed interfaces).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := PORTAL_ENV=development PORTAL_DEMO=1 $(BIN)/flask --app portal
CATALOGUES := translations
POT := $(CATALOGUES)/messages.pot

.PHONY: run test test-fast bench loadtest translations compile-translations migrate demo browser pdf-libraries wrk clean lock deploy-image deploy-test

# The virtualenv is rebuilt when pyproject.toml or the lock file changes. Every package comes
# from the lock file at its pinned version and hash; then the portal itself, with nothing more.
# Debian's libraries for WeasyPrint are checked first, each time: the portal does not start without them.
$(BIN)/.installed: pyproject.toml requirements/test.lock | pdf-libraries
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# The lock files, from pyproject.toml: runtime.lock for the image, test.lock for `make run` and
# `make test`. Pins already in them are kept; LOCK_ARGS=--upgrade (or --upgrade-package NAME) moves
# them. pip-tools runs from a virtualenv of its own.
lock:
	$(PYTHON) -m venv /tmp/qoljetimdi-pip-tools
	/tmp/qoljetimdi-pip-tools/bin/pip install --quiet pip-tools
	/tmp/qoljetimdi-pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) -o requirements/runtime.lock pyproject.toml
	/tmp/qoljetimdi-pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --extra test $(LOCK_ARGS) -o requirements/test.lock pyproject.toml

compile-translations: $(BIN)/.installed
	$(BIN)/pybabel compile -d $(CATALOGUES)

migrate: $(BIN)/.installed compile-translations
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load
	$(FLASK) reminders queue

run: compile-translations demo
	$(FLASK) run --host 127.0.0.1 --port 5000

# WeasyPrint, which makes the statement and the programme extract as PDF, draws text with Debian's
# Pango; DejaVu Sans has every Kazakh letter, and the PDFs embed it.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libraries:
	@if [ "$$(dpkg-query -W -f '$${db:Status-Abbrev}\n' $(PDF_PACKAGES) 2>/dev/null | grep -c '^ii')" -lt 4 ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(PDF_PACKAGES); \
	  else \
	    echo "Install Debian's $(PDF_PACKAGES) (sudo apt-get install $(PDF_PACKAGES))"; exit 1; \
	  fi; \
	fi

# Debian's chromium and chromedriver drive the browser suite; nothing is downloaded at test time.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	  else \
	    echo "Install Debian's chromium and chromium-driver (sudo apt-get install chromium chromium-driver)"; exit 1; \
	  fi; \
	fi

# The whole suite with the portal reading its own registry tables, then again reading them through
# HttpRegistry from the project's registry API over HTTP on 127.0.0.1 (tests/registry_server.py).
# The second pass leaves out the browser's page-by-page checks (axe, accessibility tree, 320 px):
# they judge markup and styles, which do not depend on where the registry is read, while the
# non-browser tests of the second pass render and check the pages again over the HTTP registry.
# The keyboard journeys run in both passes, end to end in a browser over each registry; over HTTP
# once, with JavaScript, checking the keyboard's stops but not each page again (test_journeys.py).
# Each pass runs on both cores (pytest-xdist; tests/databases.py gives each worker its own
# databases); the last lines add up both passes (tests/summary.py).
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadgroup
SUMMARY := .test-summary

test: $(BIN)/.installed compile-translations browser
	@rm -rf $(SUMMARY)
	TEST_SUMMARY_DIR=$(SUMMARY) $(PYTEST)
	TEST_SUMMARY_DIR=$(SUMMARY) TEST_REGISTRY=http $(PYTEST) -m "not browser or journeys"
	@$(BIN)/python -m tests.summary $(SUMMARY)

# Everything but the browser, on SQLite (and PostgreSQL when TEST_DATABASE_URL is set): the loop
# to run while working, in a few minutes.
test-fast: $(BIN)/.installed compile-translations
	$(PYTEST) -m "not browser"

# The portal under gunicorn against a bare Flask control on the local PostgreSQL, with 1,000 and
# then 1,000,000 synthetic persons; prints the table and each budget's verdict (benchmarks/README.md).
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--persons 100000 --seconds 3".
bench: $(BIN)/.installed compile-translations wrk
	$(BIN)/python -u -m benchmarks.run $(BENCH_ARGS)

# Many personas sign in and run the main journeys for 3 minutes against gunicorn on the local
# PostgreSQL; then every request and booking a visitor saw confirmed must be in the database exactly
# once (loadtest/README.md). LOADTEST_ARGS passes options, e.g. LOADTEST_ARGS="--minutes 1 --users 20".
loadtest: $(BIN)/.installed $(BIN)/.installed-load compile-translations
	$(BIN)/python -u -m loadtest.run $(LOADTEST_ARGS)

# Locust, the load generator of `make loadtest`: the load extra, which CI never installs.
$(BIN)/.installed-load: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[test,load]'
	touch $@

# wrk, the load generator of `make bench`, from Debian's packages.
wrk:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	  else \
	    echo "Install Debian's wrk (sudo apt-get install wrk)"; exit 1; \
	  fi; \
	fi

# Extract every string, merge it into both catalogues, compile them.
translations: $(BIN)/.installed
	$(BIN)/pybabel extract -F $(CATALOGUES)/babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 --no-location --sort-output \
	  --project Qoljetimdi -o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d $(CATALOGUES) --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(CATALOGUES)

clean:
	rm -rf $(VENV) instance .pytest_cache $(SUMMARY)

# The production image, deploy/Dockerfile, from a wheelhouse of requirements/runtime.lock built here
# with Python 3.11; podman or docker builds it reaching only Debian's mirror, for the libraries the
# PDFs need (README.md, "Running in production").
# DEPLOY_TAG names it; BASE_IMAGE changes the base (python:3.11-slim-bookworm).
DEPLOY_TAG ?= qoljetimdi:latest
deploy-image:
	PYTHON=$(PYTHON) deploy/build-image.sh $(DEPLOY_TAG)

# The deployment kit run here for real, as root, with Debian's podman (installed when missing): the
# images built on a debootstrap base, the compose stack started and checked (migrations, /readyz,
# pages in both languages, a message sent by the worker, a job asked for by beat, a backup restored),
# then stopped and removed (deploy/test.sh). Not part of `make test`: about 2 minutes, 3 the first time.
deploy-test:
	deploy/test.sh
