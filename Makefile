# Every target bootstraps .venv itself, so a fresh clone needs only Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BOOK_FLAGS ?= -n -W --keep-going

.PHONY: book test lint unit serve lab bench clean scorm lite offline

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Exercise drafts written while the book executes go to a throwaway folder, never into the pages;
# the frozen widgets call it drafts/, as a trainee's own notebook would.
book: $(STAMP)
	ICT4D_TRAINING_DRAFTS="$$(mktemp -d)" ICT4D_TRAINING_DRAFTS_LABEL=drafts $(BIN)/jupyter-book build . $(BOOK_FLAGS)
	$(MAKE) --no-print-directory lite
	@echo "The course is built: open $(CURDIR)/_build/html/index.html (or run 'make serve')."

# The exercises in JupyterLite (Python in the browser, no server), linked from each exercise page.
# Downloads (Pyodide from npm, wheels from PyPI) are cached in .lite-cache/; nothing comes from a CDN.
# The notebooks' links to the book are root-relative (JupyterLab resolves relative links inside its
# own file browser); for a site served under a sub-path: make book LITE_BOOK_URL=/my-course/
LITE_BOOK_URL ?= /
lite: $(STAMP)
	$(BIN)/python scripts/build_lite.py --output _build/html/lite --book-url "$(LITE_BOOK_URL)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: $(STAMP) lint
	@if [ "$$CI" = true ] && [ ! -x /usr/bin/chromium ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; fi
	$(BIN)/python -m pytest

# The library, command-line and widget tests: no book build, no JupyterLite, no kernel, no browser.
unit: $(STAMP)
	$(BIN)/python -m pytest -m "not book and not lite and not kernel and not browser"

serve: book
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# The SCORM 1.2 package for an LMS such as Moodle (README: "Upload to Moodle (SCORM)").
scorm: book
	$(BIN)/python scripts/build_scorm.py _build/html --output _build/scorm/ict4d-training-scorm12.zip

# One zip for a USB stick: the whole course with its JupyterLite exercises (README: "No internet").
offline: book
	$(BIN)/python scripts/build_offline.py _build/html --output _build/offline/ict4d-training-offline.zip

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scoring.py
	@test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python scripts/page_weight.py _build/html
	$(BIN)/python scripts/build_offline.py _build/html --output _build/offline/ict4d-training-offline.zip
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_cohort.py
	$(BIN)/python benchmarks/bench_lite.py
	$(BIN)/python benchmarks/lighthouse_report.py _build/html

clean:
	rm -rf _build .pytest_cache .mypy_cache .ruff_cache .hypothesis
