# Everything runs from the project's own virtual environment, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help install browser site serve generate validate test lint format clean bench release

help:
	@echo "make site      build the site into site/ (creates .venv on first use)"
	@echo "make test      run every test: unit, end-to-end build, headless browser"
	@echo "make serve     preview the site with live reload"
	@echo "make validate  check every file under data/"
	@echo "make lint      ruff check and format check"
	@echo "make bench     build times, memory and page sizes on synthetic data"
	@echo "make release VERSION=2026.11   record a release and publish it with mike"

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(INSTALLED)

# Debian's Chromium drives the browser tests; Playwright never downloads a browser here.
browser:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

site: install
	$(BIN)/paramatlas build --out site

generate: install
	$(BIN)/paramatlas generate

# mkdocs serve reads site_src/generated; run `make generate` again after changing data/.
serve: generate
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/mkdocs serve

validate: install
	$(BIN)/paramatlas validate

test: install browser lint
	$(BIN)/python -m pytest

# A named version of the report: its ledger in data/releases/, and its site on the gh-pages
# branch under VERSION, with the latest alias moved to it. Commit the ledger afterwards.
release: install
	@[ -n "$(VERSION)" ] || { echo "usage: make release VERSION=YYYY.MM"; exit 2; }
	$(BIN)/paramatlas release $(VERSION) --deploy

# Build and rebuild times, memory and page sizes at 200, 2,000 and 20,000 result files.
bench: install
	$(BIN)/python tests/bench.py

lint: install
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/actionlint
	$(BIN)/zizmor --offline --quiet .github/workflows

format: install
	$(BIN)/ruff format generator tests
	$(BIN)/ruff check --fix generator tests

clean:
	rm -rf site site_src/generated .pytest_cache
