"""Every exercise notebook runs from top to bottom in a real kernel (pytest-notebook).

The exercises are MyST Markdown files; a fixture converts each to .ipynb with jupytext,
then pytest-notebook executes it in the exercises folder, as a trainer's JupyterLab would.
Outputs are not compared (the source files keep none); errors and the widgets are.
"""

from __future__ import annotations

import json
from pathlib import Path

import jupytext
import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = sorted((ROOT / "exercises").glob("0*.md"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def as_notebook(tmp_path: Path):  # type: ignore[no-untyped-def]
    def convert(source: Path) -> Path:
        target = tmp_path / source.with_suffix(".ipynb").name
        jupytext.write(jupytext.read(source), target, fmt="ipynb")
        return target

    return convert


def test_there_are_six_exercises() -> None:
    assert len(EXERCISES) >= 6


@pytest.mark.parametrize("source", EXERCISES, ids=lambda path: path.stem)
def test_exercise_runs_and_shows_widgets(source: Path, as_notebook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drafts = tmp_path / "drafts"
    fixture = NBRegressionFixture(
        exec_timeout=180,
        exec_cwd=str(source.parent),
        exec_env={"ICT4D_TRAINING_DRAFTS": str(drafts), "PYTHONWARNINGS": "ignore"},
        # The sources keep no outputs; what is checked is that every cell runs.
        diff_ignore=("/cells/*/outputs", "/cells/*/execution_count", "/cells/*/metadata", "/metadata"),
    )
    result = fixture.check(str(as_notebook(source)))
    notebook = result.nb_final
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.get("output_type") == "error"]
    assert any(WIDGET_VIEW in output.get("data", {}) for output in outputs), "no widget was displayed"
    text = json.dumps(outputs)
    assert "Traceback" not in text


def test_exercises_have_the_promised_parts() -> None:
    for source in EXERCISES:
        text = source.read_text(encoding="utf-8")
        for part in ("Learning objectives", "Timing", "exercise-start", "solution-start", ":class: dropdown",
                     "Making the widgets live", "Reflection"):
            assert part.lower() in text.lower(), (source.name, part)
