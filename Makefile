# infradeals: every command a developer or CI needs. `make check` before committing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false
export DO_NOT_TRACK := 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
export PREFECT_HOME ?= $(CURDIR)/data/prefect

.PHONY: install run test check lint fmt typecheck eval bench lock server server-stop clean help

help:
	@echo "make run        set up .venv and run the nightly flow on the bundled sample newsroom"
	@echo "make test       set up .venv and run the whole test suite"
	@echo "make check      ruff (lint + format), import layers, mypy, the tests and the eval gate: before committing"
	@echo "make eval       extraction quality on the development set, beside the baseline"
	@echo "make bench      speed and memory figures"
	@echo "make server     Prefect server + worker on 127.0.0.1:4200 with the deployments; make server-stop"
	@echo "make lock       re-pin requirements.lock from pyproject.toml"

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p "$(PREFECT_HOME)"
	$(BIN)/infradeals run

test: install
	@mkdir -p "$(PREFECT_HOME)"
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

eval: install
	$(BIN)/infradeals eval --baseline

bench: install
	$(BIN)/python -m bench

lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --group dev -o requirements.lock --python-version 3.11 -q

server: install
	@mkdir -p "$(PREFECT_HOME)"
	bash scripts/server.sh start

server-stop:
	bash scripts/server.sh stop

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
