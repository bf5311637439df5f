"""The kernel's start-up snapshot in JupyterLite in Chromium (src/ict4d_build/lite/course-pyodide.mjs).

The first start in a browser starts Python as usual and then keeps a snapshot in IndexedDB; the next
start restores it, and the restored kernel runs the builder as a plain one does. A snapshot that
cannot be restored is dropped and Python starts the usual way.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from _browser import in_thread, require, run_all_cells
from _lite import EXERCISE, add_partner
from ict4d_build.browser import chromium, chromium_missing_reason, serve

KEPT = "snapshot kept for the next start"
RESTORED = "Python restored from this browser's snapshot"
NOT_RESTORED = "snapshot not restored"

# Overwrites the stored snapshot's memory with bytes that are not a snapshot, as a damaged or
# foreign copy would be.
DAMAGE_SNAPSHOT = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("ict4d-training-kernel");
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const store = opening.result.transaction("snapshots", "readwrite").objectStore("snapshots");
    const cursor = store.openCursor();
    let damaged = 0;
    cursor.onsuccess = () => {
      const found = cursor.result;
      if (!found) { resolve(damaged); return; }
      found.update({ ...found.value, memory: new Blob([new Uint8Array(4096).fill(7)]) });
      damaged += 1;
      found.continue();
    };
  };
})"""


def test_snapshot_module_wraps_the_sites_own_pyodide(lite_site: Path) -> None:
    # That the kernel's pyodideUrl names it is checked with the other kernel settings in test_lite.py.
    static = lite_site / "static" / "pyodide"
    module = (static / "course-pyodide.mjs").read_text(encoding="utf-8")
    assert 'from "./pyodide.mjs"' in module and 'from "./pyodide.asm.mjs"' in module
    # The worker it starts to make a snapshot is served beside it.
    assert "course-snapshot-maker.mjs" in module and (static / "course-snapshot-maker.mjs").exists()


def _wait_for(lines: list[str], text: str, page: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not any(text in line for line in lines):
        if time.monotonic() > deadline:
            raise AssertionError(f"the kernel never said {text!r}; it said: {lines}")
        page.wait_for_timeout(250)


def _add_partner_and_score(builder: Any, partner_id: str, name: str) -> str:
    from playwright.sync_api import expect

    builder.get_by_label("Title", exact=True).fill(f"Market prices by SMS ({name})")
    add_partner(builder, partner_id, name, "community")
    scorecard = builder.locator(":scope > .widget-vbox").nth(1)
    expect(scorecard).to_contain_text("Overall", timeout=60_000)
    return str(scorecard.inner_text())


def _restart(page: Any, lines: list[str], site: Path, said: str, partner: tuple[str, str]) -> tuple[list[str], str]:
    """Reload the exercise, run it, wait for the kernel to say `said`; the kernel's lines and a scorecard."""
    lines.clear()
    page.reload()
    builder = run_all_cells(page, site / "files" / EXERCISE)
    _wait_for(lines, said, page, 30)
    return list(lines), _add_partner_and_score(builder, *partner)


@pytest.mark.browser
def test_second_start_restores_the_snapshot_and_a_damaged_one_falls_back(lite_site: Path) -> None:
    require(chromium_missing_reason())

    def session() -> dict[str, Any]:
        found: dict[str, Any] = {}
        lines: list[str] = []
        with serve(lite_site) as base_url, chromium() as browser:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.on("console", lambda message: lines.append(message.text) if "[ict4d kernel]" in message.text else None)
            page.goto(f"{base_url}/notebooks/index.html?path={EXERCISE}")
            run_all_cells(page, lite_site / "files" / EXERCISE)
            # A first start in this browser: Python starts as usual, then a snapshot is made.
            _wait_for(lines, KEPT, page, 150)
            found["first"] = list(lines)

            found["restored"], found["restored_scorecard"] = _restart(page, lines, site=lite_site, said=RESTORED,
                                                                      partner=("growers", "Growers' Association"))
            found["damaged"] = page.evaluate(DAMAGE_SNAPSHOT)
            found["fallback"], found["fallback_scorecard"] = _restart(page, lines, site=lite_site, said=NOT_RESTORED,
                                                                      partner=("traders", "Traders' Union"))
            context.close()
        return found

    found = in_thread(session)
    assert not any(RESTORED in line for line in found["first"])
    assert not any(NOT_RESTORED in line for line in found["restored"])
    # The restored kernel runs the builder: a partner added in the page is scored by Python.
    assert "Overall" in found["restored_scorecard"]
    assert found["damaged"] == 1
    assert not any(RESTORED in line for line in found["fallback"])
    assert "Overall" in found["fallback_scorecard"]
