# ceasefire-kg: `make demo` sets everything up and builds the graph; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: setup demo build test clean help

help:
	@echo "make demo   set up .venv, build the seed graph into $(OUT)/, validate it, print a summary"
	@echo "make test   set up .venv and run the test suite"
	@echo "make clean  remove .venv and $(OUT)/"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

build: setup
	$(BIN)/kg build --out $(OUT)

demo: build
	$(BIN)/kg summary --out $(OUT)

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(OUT)
