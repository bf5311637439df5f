# Every target bootstraps .venv itself, so a fresh clone needs only Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BOOK_FLAGS ?= -n -W --keep-going

.PHONY: book test lint unit serve lab bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Exercise drafts written while the book executes go to a throwaway folder, never into the pages.
book: $(STAMP)
	ICT4D_TRAINING_DRAFTS="$$(mktemp -d)" $(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "The course is built: open $(CURDIR)/_build/html/index.html (or run 'make serve')."

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/python -m pytest

serve: book
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scoring.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_cohort.py

clean:
	rm -rf _build .pytest_cache .mypy_cache .ruff_cache .hypothesis
