"""Every exercise notebook, and the health-check notebook, runs from top to bottom in a real kernel (pytest-notebook).

The exercises are MyST Markdown files; a fixture converts each to .ipynb with jupytext,
then pytest-notebook executes it in the exercises folder, as a trainer's JupyterLab would.
Outputs are not compared (the source files keep none); errors and the widgets are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jupytext
import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = sorted((ROOT / "exercises").glob("0*.md"))
HEALTH_CHECK = ROOT / "exercises" / "health-check.md"  # for partnership members, not an exercise
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
pytestmark = pytest.mark.kernel


@pytest.fixture
def as_notebook(tmp_path: Path):  # type: ignore[no-untyped-def]
    def convert(source: Path) -> Path:
        target = tmp_path / source.with_suffix(".ipynb").name
        jupytext.write(jupytext.read(source), target, fmt="ipynb")
        return target

    return convert


def run_notebook(source: Path, notebook: Path, drafts: Path) -> list[Any]:
    """Run a converted notebook in its source's folder, keeping drafts in `drafts`; its outputs, checked for errors.

    Outputs are not compared (the sources keep none); errors are.
    """
    fixture = NBRegressionFixture(
        exec_timeout=180,
        exec_cwd=str(source.parent),
        exec_env={"ICT4D_TRAINING_DRAFTS": str(drafts), "PYTHONWARNINGS": "ignore"},
        diff_ignore=("/cells/*/outputs", "/cells/*/execution_count", "/cells/*/metadata", "/metadata"),
    )
    cells = fixture.check(str(notebook)).nb_final.cells
    outputs = [output for cell in cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.get("output_type") == "error"]
    assert "Traceback" not in json.dumps(outputs)
    return outputs


def test_there_are_six_exercises() -> None:
    assert len(EXERCISES) >= 6


@pytest.mark.parametrize("source", EXERCISES, ids=lambda path: path.stem)
def test_exercise_runs_and_shows_widgets(source: Path, as_notebook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outputs = run_notebook(source, as_notebook(source), tmp_path / "drafts")
    assert any(WIDGET_VIEW in output.get("data", {}) for output in outputs), "no widget was displayed"


def test_exercises_have_the_promised_parts() -> None:
    for source in EXERCISES:
        text = source.read_text(encoding="utf-8")
        for part in ("Learning objectives", "Timing", "exercise-start", "solution-start", ":class: dropdown",
                     "Making the widgets live", "Reflection"):
            assert part.lower() in text.lower(), (source.name, part)



def test_the_health_check_notebook_says_what_to_do_with_fewer_than_two_raters(as_notebook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outputs = run_notebook(HEALTH_CHECK, as_notebook(HEALTH_CHECK), tmp_path / "drafts")
    assert any(WIDGET_VIEW in output.get("data", {}) for output in outputs), "the form was not displayed"
    text = json.dumps(outputs)
    assert "holds no rater file that can be read" in text and "needs at least two" in text
    assert "<iframe" not in text


def test_the_health_check_notebook_shows_the_report_of_the_saved_ratings(as_notebook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ratings = tmp_path / "drafts" / "health-check"
    ratings.mkdir(parents=True)
    for rater in sorted((ROOT / "tests" / "fixtures" / "health" / "raters").glob("*.yaml")):
        (ratings / rater.name).write_bytes(rater.read_bytes())
    text = json.dumps(run_notebook(HEALTH_CHECK, as_notebook(HEALTH_CHECK), tmp_path / "drafts"))
    assert ("Raters: 3, from Ministry of ICT (1); National mobile operator (1); Village Community Network (1)"
            in text)
    assert "Director of ICT policy" not in text  # the notebook's report is anonymous
    assert "Flagged items, to talk about first: 2" in text
    assert 'iframe title=\\"Partnership health check report\\"' in text
