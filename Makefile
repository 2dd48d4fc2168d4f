# Two commands matter on a fresh machine: `make run` and `make test` (see README).
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test check lint typecheck fix bench schemas browser screenshots

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: install, then open the web app on the defaults (offline customer, rule grader,
## a SQLite file in ~/.local/share/defuse); `defuse practice` is the terminal version
run: install
	$(BIN)/defuse app

## test: install, then lint, type-check, check content and schemas, run every test
## (storage tests also run on a throwaway PostgreSQL server the wrapper starts)
test: install check browser
	scripts/with-postgres.sh $(BIN)/pytest

## browser: Debian's chromium for the end-to-end test (skipped with a notice when missing)
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq chromium >/tmp/defuse-chromium-apt.log 2>&1) || \
	  echo "browser: could not install chromium (see /tmp/defuse-chromium-apt.log); the browser test will be skipped"

check: lint typecheck
	$(BIN)/defuse schemas --check
	$(BIN)/defuse validate

lint: install
	$(BIN)/ruff check simulator tests bench streamlit_app.py
	$(BIN)/ruff format --check simulator tests bench streamlit_app.py

typecheck: install
	$(BIN)/mypy

fix: install
	$(BIN)/ruff check --fix simulator tests bench streamlit_app.py
	$(BIN)/ruff format simulator tests bench streamlit_app.py

schemas: install
	$(BIN)/defuse schemas

bench: install
	$(PY) bench/bench_grader.py
	$(PY) bench/eval_detector.py --fresh
	$(PY) bench/bench_practice.py
	$(PY) bench/practice_table.py
	$(PY) bench/bench_app.py
	$(PY) bench/bench_llm_budget.py
	$(PY) bench/bench_llm_local.py

## screenshots: re-take the README's screenshots (docs/screenshots/) in headless Chromium
screenshots: install browser
	DEFUSE_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/pytest -q tests/test_e2e_browser.py tests/test_e2e_sign_in.py tests/test_e2e_a11y.py
