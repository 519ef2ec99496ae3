# Two commands matter: `make run` (demo) and `make test` (the whole suite). See README.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install lint typecheck pytest demo clean-db messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	bash scripts/run.sh

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy hverdag tests bench

pytest: install
	$(BIN)/pytest

messages: install
	$(BIN)/python scripts/compile_messages.py

clean-db:
	rm -f var/hverdag.sqlite3 var/celery-*.sqlite3
