# Two commands from a fresh clone:
#   make book   set up .venv (first time only) and build the HTML book into _build/html
#   make test   set up .venv (first time only), then every check: lint, the package's tests,
#               nbval on every chapter under two numeric configurations, the book build
#
# Helpers for authors:
#   make outputs NB=chapters/03_dropout.ipynb   re-execute one chapter, storing its outputs
#   make outputs                                re-execute every chapter
#   make chapters NB=chapters/03_dropout.ipynb  nbval on one chapter, in both configurations
#   make test JOBS=1                            everything in one process at a time (default JOBS=2)
#   make variation NB=chapters/06_*.ipynb       measure how outputs move between configurations
#   make lock                                   re-resolve requirements.txt into requirements.lock
#   make bench                                  run benchmarks/run.py
#   make browser-check                          the built pages in headless Chromium (needs chromium)
#   make lab                                    open the chapters in JupyterLab

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NB ?= $(sort $(wildcard chapters/*.ipynb))

# The interpreter. TensorFlow 2.21 has wheels for Python 3.11-3.13 only, and requirements.lock
# is resolved for those. `make test PYTHON=python3.12` chooses one; otherwise the first
# supported one of python3, python3.13, python3.12, python3.11 is used.
SUPPORTED_PY := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c '$(SUPPORTED_PY)' 2>/dev/null && { echo $$p; break; }; done)

# TensorFlow's start-up lines on stderr would end up in stored outputs.
export TF_ENABLE_ONEDNN_OPTS := 0
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

# nbval with the book's sanitizers and declared tolerances (tools/nbval_tolerance.py).
NBVAL := -p nbval_tolerance --nbval --nbval-current-env --nbval-cell-timeout=600 \
	--nbval-sanitize-with=nbval_sanitize.cfg
# The second numeric configuration: another OpenBLAS kernel and another TensorFlow
# thread count than the first run, so that results which hinge on the CPU's
# arithmetic fail here and not only on a reader's machine.
ALT_CORETYPE := $(if $(filter SandyBridge,$(OPENBLAS_CORETYPE)),Haswell,SandyBridge)
ALT_THREADS := $(if $(filter 1,$(TF_NUM_INTRAOP_THREADS)),2,1)
ALT_ENV := OPENBLAS_CORETYPE=$(ALT_CORETYPE) TF_NUM_INTRAOP_THREADS=$(ALT_THREADS)

.PHONY: setup book test lint pytest chapters chapters-native chapters-alt outputs variation lock bench \
	browser-check lab clean

setup: $(STAMP)

# Installs from the lock; re-installs only when requirements.lock or pyproject.toml change.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || { \
	  test -n "$(PYTHON)" || { echo "make: no Python 3.11-3.13 found (TensorFlow has no wheels for others); install one and run e.g. 'make test PYTHON=python3.12'" >&2; exit 1; }; \
	  $(PYTHON) -c '$(SUPPORTED_PY)' || { echo "make: $(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); TensorFlow needs 3.11-3.13: run e.g. 'make test PYTHON=python3.12'" >&2; exit 1; }; \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-build-isolation -e ".[all]"
	$(BIN)/python tools/check_lock.py requirements.lock
	touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html"

test: lint pytest chapters book

lint: $(STAMP)
	$(BIN)/ruff check .

# The package: unit tests, doctests, the book's consistency tests.
# JOBS processes share the tests (pytest-xdist); JOBS=1 runs them in one process.
JOBS ?= 2

pytest: $(STAMP)
	$(BIN)/python -m pytest $(if $(filter 1,$(JOBS)),,-n $(JOBS)) $(PYTEST_ARGS)

# Every chapter re-executed and compared with its stored outputs, twice: in this
# machine's numeric configuration and in the second one. The two runs are
# independent processes and run side by side (JOBS=1: one after the other);
# each one's report is printed whole when it ends.
chapters: $(STAMP)
	$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target chapters-native chapters-alt

chapters-native: $(STAMP)
	@echo "First numeric configuration: this machine's"
	$(BIN)/python -m pytest $(NBVAL) $(NB)

chapters-alt: $(STAMP)
	@echo "Second numeric configuration: $(ALT_ENV)"
	env $(ALT_ENV) $(BIN)/python -m pytest $(NBVAL) $(NB)

outputs: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False $(NB)

variation: $(STAMP)
	$(BIN)/python tools/numeric_variation.py $(NB) --configs native Haswell SandyBridge Prescott tf1

# Resolve requirements.txt for every supported platform and Python 3.11-3.13. Needs only
# uv from .venv, not an environment that matches the lock (a new requirement cannot).
lock:
	@test -x $(BIN)/uv || $(MAKE) setup
	$(BIN)/uv pip compile --universal --python-version 3.11 --fork-strategy fewest \
	    --custom-compile-command "make lock" --annotation-style line --quiet \
	    -o requirements.lock requirements.txt

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Needs Debian's chromium (apt-get install chromium); Playwright drives it, it downloads nothing.
browser-check: book
	$(BIN)/python tools/browser_check.py --html _build/html

lab: $(STAMP)
	$(BIN)/jupyter lab chapters/

clean:
	rm -rf _build
