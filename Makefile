# Two commands set up a fresh machine (see README):
#   make run    installs dj-tui into .venv and opens the dashboard on the bundled data/
#   make test   installs dj-tui with its test tools into .venv, checks the code
#               (ruff: lint and import order; import-linter: imports only go down)
#               and runs the tests, one worker per CPU (pytest-xdist)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test

run: install
	$(BIN)/dj-tui

test: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -n auto

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("dj-tui needs Python >= 3.11" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed
