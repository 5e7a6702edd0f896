# Everything runs from the project's own virtual environment, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
CFFCONVERT := tools/cffconvert/.venv/bin/cffconvert
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help install browser site serve generate validate test golden lint lock format clean bench release a11y charts-bundle

help:
	@echo "make site      build the site into site/ (creates .venv on first use)"
	@echo "make test      run every test: unit, end-to-end build, headless browser"
	@echo "make golden    rewrite tests/golden/ from tests/fixtures/data_min; review the diff"
	@echo "make serve     preview the site with live reload"
	@echo "make validate  check every file under data/"
	@echo "make lint      ruff, the import contracts (one-way layers), workflow linters"
	@echo "make bench     build times, memory, page weights, first chart and Lighthouse scores"
	@echo "make a11y      axe-core over every page of the built site"
	@echo "make lock      re-resolve the dependency pins in requirements.lock"
	@echo "make charts-bundle  rebundle the chart script after a new vl-convert or embed.js"
	@echo "make release VERSION=2026.11   record a release and publish it with mike"

# Every dependency at the version requirements.lock pins (make lock rewrites it), then the
# project itself: the same numbers and the same bytes on every machine.
$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(INSTALLED)

# Debian's Chromium drives the browser tests; Playwright never downloads a browser here.
browser:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

site: install
	$(BIN)/paramatlas build --out site

generate: install
	$(BIN)/paramatlas generate

# mkdocs serve reads generated/; run `make generate` again after changing data/.
serve: generate
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/mkdocs serve

validate: install
	$(BIN)/paramatlas validate

test: install browser lint $(CFFCONVERT)
	$(BIN)/python -m pytest

# Snapshots of every generated page (tests/test_golden.py). Emptying the folder first drops the
# files of pages that no longer exist; `git diff tests/golden/` then shows every change.
golden: install
	rm -rf tests/golden
	$(BIN)/python -m pytest tests/test_golden.py --regen-all -q

# A named version of the report: its ledger in data/releases/, and its site on the gh-pages
# branch under VERSION, with the latest alias moved to it. Commit the ledger afterwards.
release: install
	@[ -n "$(VERSION)" ] || { echo "usage: make release VERSION=YEAR.MONTH, e.g. 2026.12"; exit 2; }
	$(BIN)/paramatlas release $(VERSION) --deploy

# Build and rebuild times, memory and page sizes at 200, 2,000 and 20,000 result files; page
# weights, first-chart times and Lighthouse scores of the real site in Debian's chromium.
bench: install tools/lighthouse/node_modules
	$(BIN)/python tests/bench.py

# cffconvert checks CITATION.cff in the tests; it needs jsonschema 3 (the project's
# environment has 4), so it has its own environment, pinned by its lock file.
$(CFFCONVERT): tools/cffconvert/requirements.lock
	$(PYTHON) -m venv tools/cffconvert/.venv
	tools/cffconvert/.venv/bin/pip install --quiet --no-deps -r tools/cffconvert/requirements.lock
	touch $@

# Lighthouse from npm, at the versions of its lock file; it drives /usr/bin/chromium.
tools/lighthouse/node_modules: tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# axe-core over every page of the built site (the tests check every page but a sample of the
# model pages, which share one template).
a11y: install
	PARAMATLAS_AXE_EVERY=1 $(BIN)/pytest -q tests/e2e/test_accessibility.py

lint: install
	$(BIN)/ruff check paramatlas tests
	$(BIN)/ruff format --check paramatlas tests
	$(BIN)/lint-imports
	$(BIN)/actionlint
	$(BIN)/zizmor --offline --quiet .github/workflows

format: install
	$(BIN)/ruff format paramatlas tests
	$(BIN)/ruff check --fix paramatlas tests

# Re-resolve every dependency from pyproject.toml into requirements.lock; review the diff.
lock: install
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --allow-unsafe --extra test --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

# The site's chart script (Vega, Vega-Lite, vega-embed and templates/embed.js), bundled once by
# the pinned vl-convert rather than at every build; a test fails while it is out of date.
charts-bundle: install
	$(BIN)/python -m paramatlas.charts.bundle

# Also removes .venv, so a stale environment (another Python, old pins) is rebuilt.
clean:
	rm -rf site generated .pytest_cache $(VENV)
