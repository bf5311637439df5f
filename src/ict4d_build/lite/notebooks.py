"""The exercise pages (MyST Markdown) as JupyterLite notebooks, each model answer in a notebook of its own."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jupytext
import nbformat

from ..source_tree import ROOT
from .links import is_lite_page
from .markdown import MystToMarkdown, needed_setup

MODEL_ANSWER = "## Model answer"
BOOK_FROM_EXERCISES, BOOK_FROM_LITE = 'base_url="../"', 'base_url="../../"'
# The book page's tip on how to make its frozen widgets live: in the running notebook it is moot.
WEB_PAGE_TIP = re.compile(r"```\{admonition\} Making the \w+ live\n.*?\n```\n*", re.S)


def model_answer_name(exercise: str) -> str:
    return f"{exercise}-model-answer.ipynb"


def split_at_heading(cells: list[Any], heading: str) -> int | None:
    """Splits the Markdown cell holding `heading` in two, so the heading starts a cell; returns its index."""
    for index, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.split("\n")
        start = next((number for number, line in enumerate(lines) if line.rstrip() == heading), None)
        if start is None:
            continue
        before = "\n".join(lines[:start]).strip("\n")
        if not before:
            return index
        cell.source = before
        cells.insert(index + 1, nbformat.v4.new_markdown_cell("\n".join(lines[start:])))
        return index + 1
    return None


def pyodide_notebook(notebook: Any) -> Any:
    # The Pyodide kernel's name; with the desktop name "python3" JupyterLite would ask which kernel to use.
    notebook.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata.pop("jupytext", None)
    return notebook


def convert_exercises(target: Path, book_url: str, root: Path = ROOT) -> list[str]:
    """Each exercise as a notebook of plain Markdown and code, its model answer as a notebook of its own.

    Run All Cells in the exercise then never runs the answer, nor leaves the page scrolled to it.
    """
    converter = MystToMarkdown.from_book(root, book_url)
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for source in sorted((root / "exercises").glob("*.md")):
        docname = f"exercises/{source.stem}"
        if not is_lite_page(docname):
            continue
        notebook = pyodide_notebook(jupytext.read(source))
        cells = notebook.cells
        split = split_at_heading(cells, MODEL_ANSWER)
        answer_cells = cells[split:] if split is not None else []
        if split is not None:
            del cells[split:]
        for cell in (*cells, *answer_cells):
            if cell.cell_type == "code":
                # "Learn more" links lead to the book's pages: one folder up from exercises/ in the book, but
                # two from lite/notebooks/ here.
                cell.source = cell.source.replace(BOOK_FROM_EXERCISES, BOOK_FROM_LITE)
            elif cell.cell_type == "markdown":
                cell.source = converter.convert(WEB_PAGE_TIP.sub("", cell.source), docname)
        cells[:] = [cell for cell in cells if cell.cell_type != "markdown" or cell.source.strip()]
        if answer_cells:
            names.append(_write_model_answer(target, source.stem, cells, answer_cells))
        name = source.with_suffix(".ipynb").name
        nbformat.write(notebook, target / name)
        names.append(name)
    if not names:
        raise SystemExit(f"no exercises in {root / 'exercises'}")
    return names


def _write_model_answer(target: Path, stem: str, cells: list[Any], answer_cells: list[Any]) -> str:
    """The model answer's notebook, with the exercise's setup it needs; a pointer to it ends the exercise."""
    answer_name = model_answer_name(stem)
    title = next(line for line in cells[0].source.splitlines() if line.startswith("# "))[2:]
    cells.append(nbformat.v4.new_markdown_cell(
        f"{MODEL_ANSWER}\n\nTry the task before you look. The model answer and the cells that check it are "
        f"in a notebook of its own, so that Run All Cells here never runs them: [open the model answer]"
        f"({answer_name}). Opening it changes nothing here, and your draft stays as it is."))
    setup = needed_setup([cell.source for cell in cells if cell.cell_type == "code"],
                         [cell.source for cell in answer_cells if cell.cell_type == "code"])
    heading = answer_cells[0]
    heading.source = heading.source.replace(MODEL_ANSWER, f"# Model answer to {title}", 1)
    answer = pyodide_notebook(nbformat.v4.new_notebook())
    answer.cells = [heading]
    if setup:
        answer.cells.append(nbformat.v4.new_markdown_cell(
            "The exercise's starting point and imports, so this notebook runs on its own:"))
        answer.cells.append(nbformat.v4.new_code_cell(setup, metadata={"tags": ["exercise-setup"]}))
    answer.cells += [cell for cell in answer_cells[1:] if cell.cell_type != "markdown" or cell.source.strip()]
    nbformat.write(answer, target / answer_name)
    return answer_name
