# Set-up and everyday commands. `make site` and `make test` work on a fresh Debian machine
# with Python 3.11: they create .venv and install the pinned dependencies themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: site test check golden schema serve system-deps clean bench lint

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $(STAMP)

# The checkers the tests run besides axe (vnu, pa11y, Lighthouse; site_tests/site/checkers.py),
# exactly as package-lock.json pins them. No browser is downloaded: they drive /usr/bin/chromium.
$(NODE_STAMP): package.json package-lock.json | system-deps
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

site: $(STAMP)
	$(BIN)/proposal-archive build

check: $(STAMP)
	$(BIN)/proposal-archive check

serve: $(STAMP)
	$(BIN)/proposal-archive serve

system-deps:
	bash scripts/system-deps.sh

# lint first: a style or type error fails the run in seconds, before the browser tests
test: $(STAMP) system-deps $(NODE_STAMP) lint
	$(BIN)/python -m pytest

# Lint (ruff: rules and formatting) and types (mypy over generator/); configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Regenerate the golden pages after an intended change to templates or the generator;
# review the diff before committing.
golden: $(STAMP)
	$(BIN)/python -m site_tests.golden
	$(BIN)/python -m site_tests.review.sequence

# The benchmark: synthetic archives of 1,000, 5,000 and 10,000 proposals; writes bench/RESULTS.md
# (takes a while; the archives stay in bench/out/).
bench: $(STAMP)
	$(BIN)/python -m bench.run

schema: $(STAMP)
	$(BIN)/proposal-archive schema

clean:
	rm -rf build site .pytest_cache screenshots
