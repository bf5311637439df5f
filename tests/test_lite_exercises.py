"""Every exercise notebook, run top to bottom in JupyterLite in Chromium, as a trainee would.

Each notebook starts its own Pyodide kernel (about twenty seconds), so this run has its own marker,
`lite_exercises`; `make test` runs it, `pytest -m "not lite_exercises"` leaves it out. The waits are
on what the page shows (every code cell numbered, no cell still running), never on the clock.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from _browser import in_thread, require
from ict4d_build.browser import chromium, chromium_missing_reason, serve

pytestmark = [pytest.mark.browser, pytest.mark.lite_exercises]

ROOT = Path(__file__).resolve().parent.parent
# The trainee's exercises: the six numbered ones and the partnership health check. test_lite.py
# already drives exercise 3's builder and the health-check form in the browser; the others run here.
TRAINEE_EXERCISES = sorted([path.stem for path in (ROOT / "exercises").glob("0*.md")] + ["health-check"])
RUN_ELSEWHERE = {"03-design-a-partnership", "health-check"}
EXERCISES = [name for name in TRAINEE_EXERCISES if name not in RUN_ELSEWHERE]

# Every code cell shows an execution number ("[3]:"), none a star: the whole notebook has run.
ALL_CELLS_RAN = """(codeCells) => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
  return prompts.length >= codeCells && prompts.every(prompt => /\\[\\d+\\]/.test(prompt.textContent));
}"""


def _code_cells(notebook: Path) -> int:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(1 for cell in cells if cell["cell_type"] == "code")


def _uses_widgets(notebook: Path) -> bool:
    return "ict4d_training.widgets" in notebook.read_text(encoding="utf-8")


def test_every_exercise_page_has_a_notebook(lite_site: Path) -> None:
    built = sorted(path.stem for path in (lite_site / "files").glob("*.ipynb"))
    assert set(TRAINEE_EXERCISES) <= set(built), f"exercises without a notebook: {sorted(set(TRAINEE_EXERCISES) - set(built))}"
    assert len(EXERCISES) == len(TRAINEE_EXERCISES) - len(RUN_ELSEWHERE)


@pytest.fixture(scope="module")
def runs(lite_site: Path) -> dict[str, dict[str, Any]]:
    """Run every exercise notebook once, in one browser, one after the other."""
    require(chromium_missing_reason())

    def session() -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        with serve(lite_site) as base_url, chromium() as browser:
            for name in EXERCISES:
                notebook = lite_site / "files" / f"{name}.ipynb"
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.set_default_timeout(120_000)
                errors: list[str] = []
                page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
                page.goto(f"{base_url}/notebooks/index.html?path={name}.ipynb")
                cells = _code_cells(notebook)
                page.wait_for_function("(cells) => document.querySelectorAll('.jp-Notebook .jp-Cell').length >= cells",
                                       arg=len(json.loads(notebook.read_text(encoding="utf-8"))["cells"]))
                page.get_by_role("menuitem", name="Run", exact=True).click()
                page.locator("li[data-command='runmenu:run-all']").click()
                page.wait_for_function(ALL_CELLS_RAN, arg=cells, timeout=240_000)
                found[name] = {
                    "stderr": page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
                    .all_inner_texts(),
                    "widgets": page.locator(".jp-OutputArea-output .widget-vbox, .jp-OutputArea-output .widget-tab, "
                                            ".jp-OutputArea-output .widget-html").count(),
                    "uses_widgets": _uses_widgets(notebook),
                    "page_errors": errors,
                }
                context.close()
        return found

    return in_thread(session)


@pytest.mark.parametrize("name", EXERCISES)
def test_exercise_runs_in_the_browser_without_an_error(runs: dict[str, dict[str, Any]], name: str) -> None:
    run = runs[name]
    assert run["stderr"] == [], f"{name}: a cell wrote to stderr or raised:\n" + "\n".join(run["stderr"])
    assert run["page_errors"] == []
    if run["uses_widgets"]:
        assert run["widgets"] > 0, f"{name}: its widgets were not drawn"
