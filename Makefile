# ceasefire-kg: `make demo` sets everything up and builds the graph; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: setup demo build test test-fast lint images notebooks docs clean help eval

help:
	@echo "make demo   set up .venv, build the seed graph into $(OUT)/, validate it, print a summary"
	@echo "make test   set up .venv and run the test suite"
	@echo "make browser-setup  install Debian's chromium and chromium-driver for the browser tests (make test runs it)"
	@echo "make store-setup  install Debian's virtuoso-opensource for the tests against real stores (make test runs it)"
	@echo "make test-fast  the quick loop: the tests not marked slow, notebook or browser"
	@echo "make eval   set up .venv, draft the evaluation set's test articles with kg draft and score them (eval/)"
	@echo "make lint   set up .venv and run ruff (lint, import order, format) and mypy on the whole tree"
	@echo "make images regenerate the README's pictures (docs/images/)"
	@echo "make notebooks  build, then run the notebooks into $(OUT)/notebooks/ (executed copies)"
	@echo "make docs   generate the HTML reference of the ontology into docs/ontology/"
	@echo "make wheel-check  build the sdist and the wheel, install the wheel in a fresh venv, run kg from outside"
	@echo "make clean  remove .venv and $(OUT)/"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,docs,dev]'
	@touch $(STAMP)

setup: $(STAMP)

build: setup
	$(BIN)/kg build --out $(OUT)

demo: build
	$(BIN)/kg summary --from $(OUT)

test: setup browser-setup store-setup
	$(BIN)/python -m pytest

# the browser of the browser tests (tests/test_view_browser.py): Debian's chromium and its chromedriver, from apt;
# nothing to do when both are there; as root without sudo, else through sudo
.PHONY: browser-setup
browser-setup:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then \
	    echo "browser-setup: $$(/usr/bin/chromium --version 2>/dev/null) and its chromedriver are installed"; \
	else \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

# the triple store of the tests against real stores (tests/servers.py, tests/test_endpoint_parity.py): Debian's
# virtuoso-opensource, from apt; nothing to do when virtuoso-t is there; as root without sudo, else through sudo.
# Noninteractive: its debconf question (the dba password) is left empty, and the tests start private databases.
.PHONY: store-setup
store-setup:
	@if [ -x /usr/bin/virtuoso-t ] && [ -x /usr/bin/isql-vt ]; then \
	    echo "store-setup: $$(/usr/bin/virtuoso-t -? 2>&1 | grep -m1 -o 'Version [^ ]*' || echo Virtuoso) is installed"; \
	else \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource; \
	fi

# kg draft's quality on the evaluation set (eval/README.md): the test articles drafted and scored
eval: setup
	$(BIN)/python eval/run.py --set test

# the quick loop while developing, on every core (pytest-xdist); `make test` (and CI) runs everything, in one process
test-fast: setup
	$(BIN)/python -m pytest -n auto -m "not slow and not notebook and not browser"

# ruff (lint, import order, format) and mypy, configured in pyproject.toml; all three run, and any finding
# fails the target. `pre-commit install` runs the same on each commit.
lint: setup
	@status=0; \
	echo "$(BIN)/ruff check ."; $(BIN)/ruff check . || status=1; \
	echo "$(BIN)/ruff format --check ."; $(BIN)/ruff format --check . || status=1; \
	echo "$(BIN)/mypy"; $(BIN)/mypy || status=1; \
	exit $$status

# the README's pictures, made by the project's own commands
images: build
	mkdir -p docs/images
	$(BIN)/kg plot --from $(OUT) --out docs/images/graph.png
	$(BIN)/kg plot --from $(OUT) --focus Putin --hops 2 --out docs/images/focus-putin.png
	$(BIN)/kg plot --from $(OUT) --proposal "energy pause" --out docs/images/proposal-energy-pause.png
	$(BIN)/kg plot --from $(OUT) --proposal "China–Brazil six-point peace plan" --out docs/images/proposal-china-brazil-plan.png
	$(BIN)/kg timeline --from $(OUT) --out docs/images/timeline.png

# the notebooks run as Jupyter runs them (cwd notebooks/, the python3 kernel of the venv) on the build in $(OUT)/
notebooks: build
	@mkdir -p $(OUT)/notebooks
	KG_OUT="$(abspath $(OUT))" PATH="$(abspath $(BIN)):$$PATH" JUPYTER_PATH="$(abspath $(VENV))/share/jupyter" \
	    $(BIN)/jupyter-execute --kernel_name=python3 \
	    --timeout=600 --output='$(abspath $(OUT))/notebooks/{notebook_name}' $(NOTEBOOKS)
	@echo "executed copies of the notebooks in $(OUT)/notebooks/"

# the HTML reference of the ontology (pyLODE, and docs/build.py for the concept schemes)
docs: setup
	$(BIN)/python docs/build.py --out docs/ontology
	@echo "open docs/ontology/index.html"

# CI's check of the package as users install it (.ci/wheel-check says what it checks); about 1.5 minutes
.PHONY: wheel-check
wheel-check: setup
	$(BIN)/python .ci/wheel-check

clean:
	rm -rf $(VENV) $(OUT)
