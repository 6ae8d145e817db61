# Two commands from a fresh clone:
#   make book   set up .venv (first time only) and build the HTML book into _build/html
#   make test   set up .venv (first time only), run pytest (package tests, doctests,
#               nbval on every chapter) and build the book with warnings as errors
#
# Helpers for authors:
#   make outputs NB=chapters/03_dropout.ipynb   re-execute one chapter, storing its outputs
#   make outputs                                re-execute every chapter
#   make test PYTEST_ARGS=chapters/03_dropout.ipynb   test one chapter (then build the book)
#   make bench                                  run benchmarks/run.py
#   make lab                                    open the chapters in JupyterLab

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NB ?= $(sort $(wildcard chapters/*.ipynb))

# TensorFlow's start-up lines on stderr would end up in stored outputs.
export TF_ENABLE_ONEDNN_OPTS := 0
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: setup book test pytest outputs bench lab clean

setup: $(STAMP)

# Re-installs only when requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html"

pytest: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: pytest book

outputs: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False $(NB)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lab: $(STAMP)
	$(BIN)/jupyter lab chapters/

clean:
	rm -rf _build
