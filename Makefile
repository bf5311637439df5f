# Every target bootstraps .venv itself, so a fresh clone needs only Python 3.11 and make.
# Each installs only what it needs (building the book installs no test tools), at the versions
# pinned in constraints.txt, the same ones CI and the JupyterLite bundle use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := constraints.txt
BOOK_STAMP := $(VENV)/.installed-book
DEV_STAMP := $(VENV)/.installed-dev
BOOK_FLAGS ?= -n -W --keep-going

.PHONY: book test lint unit serve lab bench clean scorm lite offline constraints

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(BOOK_STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[book]"
	touch $@

# The test, lint and workshop tools come with everything the book needs.
$(DEV_STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[dev]"
	touch $@ $(BOOK_STAMP)

# New pins: the newest versions pyproject.toml allows, installed and written to constraints.txt.
constraints: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade -e ".[dev]"
	{ sed -n '/^#/p' $(CONSTRAINTS); $(BIN)/python -m pip freeze --exclude-editable | grep -v '^ict4d' | LC_ALL=C sort -f; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	touch $(DEV_STAMP) $(BOOK_STAMP)

# Exercise drafts written while the book executes go to a throwaway folder, never into the pages;
# the frozen widgets call it drafts/, as a trainee's own notebook would.
book: $(BOOK_STAMP)
	ICT4D_TRAINING_DRAFTS="$$(mktemp -d)" ICT4D_TRAINING_DRAFTS_LABEL=drafts $(BIN)/jupyter-book build . $(BOOK_FLAGS)
	$(MAKE) --no-print-directory lite
	@echo "The course is built: open $(CURDIR)/_build/html/index.html (or run 'make serve')."

# The exercises in JupyterLite (Python in the browser, no server), linked from each exercise page.
# Downloads (Pyodide from npm, wheels from PyPI) are cached in .lite-cache/; nothing comes from a CDN.
# The notebooks' links to the book are root-relative (JupyterLab resolves relative links inside its
# own file browser); for a site served under a sub-path: make book LITE_BOOK_URL=/my-course/
LITE_BOOK_URL ?= /
lite: $(BOOK_STAMP)
	$(BIN)/python -m ict4d_build.lite --output _build/html/lite --book-url "$(LITE_BOOK_URL)"

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: $(DEV_STAMP) lint
	@if [ "$$CI" = true ] && [ ! -x /usr/bin/chromium ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; fi
	$(BIN)/python -m pytest

# The library, command-line and widget tests: no book build, no JupyterLite, no kernel, no browser.
unit: $(DEV_STAMP)
	$(BIN)/python -m pytest -m "not book and not lite and not kernel and not browser"

serve: book
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# The SCORM 1.2 package for an LMS such as Moodle (README: "Upload to Moodle (SCORM)").
scorm: book
	$(BIN)/python -m ict4d_build.scorm _build/html --output _build/scorm/ict4d-training-scorm12.zip

# One zip for a USB stick: the whole course with its JupyterLite exercises (README: "No internet").
offline: book
	$(BIN)/python -m ict4d_build.offline _build/html --output _build/offline/ict4d-training-offline.zip

# JupyterLab for trainers. jupyter/overrides.json makes a double-click open the exercises (.md) as
# notebooks (Jupytext's viewer); it is copied into the environment's JupyterLab settings, where
# JupyterLab reads defaults from settings/overrides.d/. The server runs with .venv/bin first on
# PATH, and its terminals inherit that PATH: they start a plain (not login) shell, because a login
# shell reads /etc/profile, which on Debian and Ubuntu resets PATH. LAB_ARGS adds options, e.g.
# make lab LAB_ARGS=--no-browser
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d/ict4d-training.json
LAB_ARGS ?=

$(LAB_SETTINGS): jupyter/overrides.json | $(BIN)/python
	mkdir -p $(@D)
	cp jupyter/overrides.json $@

lab: $(DEV_STAMP) $(LAB_SETTINGS)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter lab --notebook-dir=. \
	  --ServerApp.terminado_settings="shell_command=['$${SHELL:-/bin/sh}']" $(LAB_ARGS)

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/bench_scoring.py
	@test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m ict4d_build.page_weight _build/html
	$(BIN)/python -m ict4d_build.offline _build/html --output _build/offline/ict4d-training-offline.zip
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_cohort.py
	$(BIN)/python benchmarks/bench_lite.py
	$(BIN)/python benchmarks/lighthouse_report.py _build/html

clean:
	rm -rf _build .pytest_cache .mypy_cache .ruff_cache .hypothesis
