"""The browser tests' own helpers (pytest-only); the browser itself is driven by ict4d_build.browser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent


def require(reason: str | None) -> None:
    """Skip for `reason` (None: go on); under CI=true fail instead, so CI never skips a browser check."""
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


def in_thread(work: Callable[[], T]) -> T:
    """Run Playwright's sync API in its own thread, so it never meets another test's session."""
    results: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            results.append(work())
        except BaseException as error:  # re-raised in the test's thread
            errors.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=600)
    if errors:
        raise errors[0]
    assert results, "the browser session did not finish in 10 minutes"
    return results[0]


BUILDER = ".widget-hbox:has(button:has-text('Add a partner'))"


def run_all_cells(page: Any, notebook: Path, shown: str = BUILDER) -> Any:
    """In JupyterLite, run the notebook from the Run menu, as a trainee would; returns the widget
    matching `shown` (by default the design builder) once it is on screen.

    Waits for every cell first: "Run All Cells" chosen while the notebook is still arriving in the
    page runs only the cells already there.
    """
    cells = len(json.loads(notebook.read_text(encoding="utf-8"))["cells"])
    page.wait_for_function("(cells) => document.querySelectorAll('.jp-Notebook .jp-Cell').length >= cells",
                           arg=cells, timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    widget = page.locator(shown).first
    widget.wait_for(state="visible", timeout=150_000)
    return widget


def build_book(output: Path) -> Path:
    """The strict build (-n -W, notebooks executed) into `output`; returns its html folder."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "-n", "-W", "--keep-going", "--path-output", str(output)],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "ICT4D_TRAINING_DRAFTS": str(output / "drafts"),
             "ICT4D_TRAINING_DRAFTS_LABEL": "drafts"},
    )
    log = result.stdout + result.stderr
    warnings = [line for line in log.splitlines() if "WARNING" in line and "IPKernelApp" not in line]
    if result.returncode != 0 or warnings:
        raise RuntimeError("\n".join(warnings) or log[-4000:])
    return output / "_build" / "html"
