"""The exercises in JupyterLite: Python in the browser (Pyodide), no server, nothing from a CDN.

A session fixture builds the site with `scripts/build_lite.py` into a temporary folder (the
downloads are cached in `.lite-cache/`, so only the first build needs the package registries).
The checks on the built files run anywhere; the browser test (marker `browser`) drives
Debian's Chromium through Playwright: exercise 3 opens, its cells run, adding partners changes
the builder's scorecard, the draft can be downloaded, and after a reload the draft is back;
and the link on the exercise page opens the notebook. Chromium resolves no host but 127.0.0.1,
and every request is recorded. micropip's handling of our wheel's requirements is checked in
the site's own Pyodide, run in Node.

Skipped when /usr/bin/chromium, npm or the JupyterLite packages are missing, except under
CI=true, where that fails. Set ICT4D_LITE_SITE=<folder> to test a site that is already built.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from browser_support import chromium, chromium_missing_reason, is_local, serve

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = "03-design-a-partnership.ipynb"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
T = TypeVar("T")


def _require(reason: str | None) -> None:
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the JupyterLite tests: {reason}")
    pytest.skip(reason)


def _build_missing_reason() -> str | None:
    for module in ("jupyterlite_core", "jupyterlite_pyodide_kernel", "jupytext"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[dev]')"
    if shutil.which("npm") is None and not (ROOT / ".lite-cache" / "npm" / "node_modules" / "pyodide").exists():
        return "npm is missing, and Pyodide is not cached yet (apt-get install -y npm)"
    return None


@pytest.fixture(scope="session")
def lite_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prebuilt = os.environ.get("ICT4D_LITE_SITE")
    if prebuilt:
        site = Path(prebuilt)
        _require(None if (site / "jupyter-lite.json").exists() else f"no JupyterLite build in {site}")
        return site
    _require(_build_missing_reason())
    output = tmp_path_factory.mktemp("lite") / "lite"
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_lite.py"), "--output", str(output)],
                            capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    print(f"JupyterLite build: {time.monotonic() - started:.1f} s")
    return output


def _lock(site: Path) -> dict[str, Any]:
    return json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))


def test_kernel_loads_pyodide_and_our_packages_from_the_site(lite_site: Path) -> None:
    config = json.loads((lite_site / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    settings = config["litePluginSettings"][KERNEL_PLUGIN]
    assert settings["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert settings["disablePyPIFallback"] is True
    preloaded = settings["loadPyodideOptions"]["packages"]
    assert {"ict4d-training", "ipywidgets", "pyodide-kernel", "piplite", "micropip"} <= set(preloaded)
    assert all(url.startswith("./") for url in settings["pipliteUrls"])
    lock = _lock(lite_site)["packages"]
    assert set(preloaded) <= set(lock)
    # Everything a preloaded package needs is in the lock too, so nothing is looked for elsewhere.
    needed, queue = set(), list(preloaded)
    while queue:
        name = queue.pop()
        if name not in needed:
            needed.add(name)
            queue.extend(lock[name]["depends"])
    assert needed <= set(lock)
    assert {"ruamel-yaml", "fastjsonschema", "comm", "traitlets", "ipython"} <= needed


def test_lock_lists_only_wheels_the_site_serves(lite_site: Path) -> None:
    import hashlib

    for name, entry in _lock(lite_site)["packages"].items():
        wheel = lite_site / "static" / "pyodide" / entry["file_name"]
        assert wheel.exists(), name
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"], name
        assert entry["file_name"].endswith("-none-any.whl"), name


def test_libyaml_accelerator_is_left_out_in_pyodide(lite_site: Path) -> None:
    """Our wheel asks for ruamel.yaml.clib only off Emscripten; the lock and the site agree."""
    lock = _lock(lite_site)["packages"]
    assert "ruamel-yaml-clib" not in lock
    assert "ruamel-yaml-clib" not in lock["ict4d-training"]["depends"]
    assert not list(lite_site.rglob("ruamel.yaml.clib*")) and not list(lite_site.rglob("ruamel_yaml_clib*"))


MICROPIP_CHECK = """\
import { loadPyodide } from %(module)s;
const pyodide = await loadPyodide({ indexURL: %(index)s });
await pyodide.loadPackage(["micropip"], { messageCallback: () => {} });
pyodide.mountNodeFS("/site", %(index)s);
try {
  const result = await pyodide.runPythonAsync(`
import glob, json, sys, micropip
# From the wheel file, not the lock: micropip reads our Requires-Dist and evaluates its markers itself.
await micropip.install("emfs:" + glob.glob("/site/ict4d_training-*.whl")[0], deps=True)
from ict4d_training import parse_design  # the core, with ruamel.yaml's pure parser
json.dumps({"platform": sys.platform, "installed": sorted(micropip.list())})
`);
  console.log(result);
} catch (error) {
  console.log(String(error.message).split("\\n").slice(-15).join("\\n"));  // the Python traceback only
  process.exit(1);
}
"""


def test_micropip_leaves_out_the_libyaml_accelerator(lite_site: Path, tmp_path: Path) -> None:
    """Installing our wheel with micropip in the site's own Pyodide (in Node) pulls only pure packages."""
    node = shutil.which("node")
    _require(None if node else "node is missing (apt-get install -y nodejs)")
    pyodide = lite_site / "static" / "pyodide"
    script = tmp_path / "micropip_check.mjs"
    script.write_text(MICROPIP_CHECK % {"module": json.dumps((pyodide / "pyodide.mjs").as_uri()),
                                        "index": json.dumps(f"{pyodide}/")}, encoding="utf-8")
    result = subprocess.run([str(node), str(script)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] or result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["platform"] == "emscripten"
    assert {"ict4d-training", "ruamel-yaml", "fastjsonschema"} <= set(found["installed"])
    assert "ruamel-yaml-clib" not in found["installed"]


def test_every_exercise_is_a_notebook_for_the_pyodide_kernel(lite_site: Path) -> None:
    sources = sorted((ROOT / "exercises").glob("0*.md"))
    assert len(sources) >= 6
    for source in sources:
        notebook = json.loads((lite_site / "files" / source.with_suffix(".ipynb").name).read_text(encoding="utf-8"))
        assert notebook["metadata"]["kernelspec"]["name"] == "python"
        code = "".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
        assert "import" in code, source.name
        # "Learn more" links: the notebooks app is at lite/notebooks/, two folders below the book's root.
        assert set(re.findall(r'base_url="([^"]*)"', code)) <= {"../../"}, source.name


def test_settings_name_no_other_host(lite_site: Path) -> None:
    for path in lite_site.rglob("jupyter-lite.json"):
        assert not re.search(r'"(https?:)?//', path.read_text(encoding="utf-8")), path


def _in_thread(work: Callable[[], T]) -> T:
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


def _run_all_cells(page: Any, notebook: Path) -> Any:
    """Run the notebook from the Run menu, as a trainee would; returns the builder once it is shown.

    Waits for every cell first: "Run All Cells" chosen while the notebook is still arriving in the
    page runs only the cells already there.
    """
    cells = len(json.loads(notebook.read_text(encoding="utf-8"))["cells"])
    page.wait_for_function("(cells) => document.querySelectorAll('.jp-Notebook .jp-Cell').length >= cells",
                           arg=cells, timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    builder = page.locator(".widget-hbox:has(button:has-text('Add a partner'))").first
    builder.wait_for(state="visible", timeout=150_000)
    return builder


def _open_step(builder: Any, title: str) -> None:
    step = builder.locator(f".jupyter-widget-Collapse:has(> .jupyter-widget-Collapse-header:has-text('{title}'))")
    if "jupyter-widget-Collapse-open" not in (step.get_attribute("class") or ""):
        step.locator("> .jupyter-widget-Collapse-header").click()


def _partner_rows(builder: Any) -> Any:
    return builder.locator(".widget-vbox:has(> .widget-hbox button:has-text('Remove'))")


def _add_partner(builder: Any, partner_id: str, name: str, sector: str) -> None:
    _open_step(builder, "Partners")
    rows = _partner_rows(builder)
    count = rows.count()
    builder.get_by_role("button", name="Add a partner").click()
    rows.nth(count).wait_for(timeout=30_000)
    row = rows.nth(count)
    row.get_by_label("Id", exact=True).fill(partner_id)
    row.get_by_label("Name", exact=True).fill(name)
    row.get_by_label("Sector", exact=True).select_option(label=sector)


@pytest.mark.browser
def test_builder_scores_saves_and_restores_a_draft_in_the_browser(lite_site: Path) -> None:
    _require(chromium_missing_reason())

    def session() -> dict[str, Any]:
        from playwright.sync_api import expect

        seen: list[str] = []
        found: dict[str, Any] = {}
        with serve(lite_site) as base_url, chromium() as browser:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            context.on("request", lambda request: seen.append(request.url))
            page = context.new_page()
            page.set_default_timeout(60_000)
            started = time.monotonic()
            page.goto(f"{base_url}/notebooks/index.html?path={EXERCISE}")
            builder = _run_all_cells(page, lite_site / "files" / EXERCISE)
            found["seconds_to_builder"] = time.monotonic() - started
            scorecard = builder.locator(":scope > .widget-vbox").nth(1)
            expect(scorecard).to_contain_text("No score yet")
            builder.get_by_label("Title", exact=True).fill("Storm warnings for coastal fishers")
            _add_partner(builder, "coops", "Federation of Fishing Cooperatives", "community")
            expect(scorecard).to_contain_text("Overall", timeout=60_000)
            expect(scorecard).to_contain_text("fewer than two partners")
            one_partner = scorecard.inner_text()
            _add_partner(builder, "weather", "National Weather Office", "government")
            expect(scorecard).not_to_contain_text("fewer than two partners", timeout=60_000)
            found["scorecards"] = (one_partner, scorecard.inner_text())
            status = builder.get_by_text(re.compile(r"Draft saved to drafts/exercise-3\.yaml"))
            expect(status).to_be_visible(timeout=60_000)
            with page.expect_download() as download:
                builder.get_by_role("link", name="design.yaml").click()
            found["download_name"] = download.value.suggested_filename
            found["download"] = Path(download.value.path()).read_text(encoding="utf-8")

            page.reload()
            builder = _run_all_cells(page, lite_site / "files" / EXERCISE)
            expect(builder).to_contain_text("Restored your draft from drafts/exercise-3.yaml", timeout=60_000)
            _open_step(builder, "Partners")
            rows = _partner_rows(builder)
            found["restored_names"] = [rows.nth(index).get_by_label("Name", exact=True).input_value()
                                       for index in range(rows.count())]
            found["restored_title"] = builder.get_by_label("Title", exact=True).input_value()
            found["errors"] = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                                           ).all_inner_texts()
            context.close()
        found["outside"] = sorted({url for url in seen if not is_local(url)})
        return found

    found = _in_thread(session)
    print(f"time to a live builder (first load): {found['seconds_to_builder']:.1f} s")
    one_partner, two_partners = found["scorecards"]
    assert one_partner != two_partners
    assert found["download_name"] == "design.yaml"
    assert "Federation of Fishing Cooperatives" in found["download"] and "weather" in found["download"]
    assert found["restored_names"] == ["Federation of Fishing Cooperatives", "National Weather Office"]
    assert found["restored_title"] == "Storm warnings for coastal fishers"
    assert not [text for text in found["errors"] if "Traceback" in text or "Error" in text], found["errors"]
    assert found["outside"] == []


def test_exercise_pages_link_to_their_notebook_and_load_nothing_from_it(built_site: Path, lite_site: Path) -> None:
    from bs4 import BeautifulSoup

    pages = sorted((built_site / "exercises").glob("0*.html"))
    assert len(pages) >= 6
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = soup.select("a.lite-launch-link")
        assert [link["href"] for link in links] == [f"../lite/notebooks/index.html?path={page.stem}.ipynb"], page.name
        assert links[0].get_text() == "Run this exercise in your browser"
        assert (lite_site / "files" / f"{page.stem}.ipynb").exists(), page.name
        # Only a link: the page itself fetches nothing of JupyterLite or Pyodide.
        for tag in soup.find_all(["script", "link", "iframe", "img", "source"]):
            for attribute in ("src", "href"):
                value = tag.get(attribute) or ""
                assert "lite/" not in value and "pyodide" not in value, (page.name, str(tag))


@pytest.mark.browser
def test_link_on_the_exercise_page_opens_the_notebook(built_site: Path, lite_site: Path, tmp_path: Path) -> None:
    """The published layout: the book, with the JupyterLite site in its lite/ folder."""
    _require(chromium_missing_reason())
    root = tmp_path / "html"
    root.mkdir()
    for entry in built_site.iterdir():
        (root / entry.name).symlink_to(entry)
    (root / "lite").symlink_to(lite_site)

    def session() -> str:
        with serve(root) as base_url, chromium() as browser:
            page = browser.new_page()
            page.goto(f"{base_url}/exercises/{EXERCISE.replace('.ipynb', '.html')}")
            page.get_by_role("link", name="Run this exercise in your browser").click()
            page.locator(".jp-Notebook h1", has_text="Exercise 3: Design a partnership").wait_for(timeout=90_000)
            return str(page.url)

    url = _in_thread(session)
    assert url.endswith(f"/lite/notebooks/index.html?path={EXERCISE}")
