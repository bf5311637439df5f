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

import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from browser_support import chromium, chromium_missing_reason, in_thread, is_local, require, run_all_cells, serve

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = "03-design-a-partnership.ipynb"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


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
    require(None if node else "node is missing (apt-get install -y nodejs)")
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
    sources = [*sorted((ROOT / "exercises").glob("0*.md")), ROOT / "exercises" / "health-check.md"]
    assert len(sources) >= 7
    for source in sources:
        notebook = json.loads((lite_site / "files" / source.with_suffix(".ipynb").name).read_text(encoding="utf-8"))
        assert notebook["metadata"]["kernelspec"]["name"] == "python"
        code = "".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
        assert "import" in code, source.name
        # "Learn more" links: the notebooks app is at lite/notebooks/, two folders below the book's root.
        assert set(re.findall(r'base_url="([^"]*)"', code)) <= {"../../"}, source.name
        # The book page's tip on making its frozen widgets live is left out of the running notebook.
        markdown = "".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")
        assert "Making the" in source.read_text(encoding="utf-8") and "Making the" not in markdown, source.name


def test_settings_name_no_other_host(lite_site: Path) -> None:
    for path in lite_site.rglob("jupyter-lite.json"):
        assert not re.search(r'"(https?:)?//', path.read_text(encoding="utf-8")), path


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
    require(chromium_missing_reason())

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
            builder = run_all_cells(page, lite_site / "files" / EXERCISE)
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
            builder = run_all_cells(page, lite_site / "files" / EXERCISE)
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

    found = in_thread(session)
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

    pages = [*sorted((built_site / "exercises").glob("0*.html")), built_site / "exercises" / "health-check.html"]
    assert len(pages) >= 7
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
def test_link_on_the_exercise_page_opens_the_notebook(published_site: Path) -> None:
    """The published layout: the book, with the JupyterLite site in its lite/ folder."""
    require(chromium_missing_reason())

    def session() -> str:
        with serve(published_site) as base_url, chromium() as browser:
            page = browser.new_page()
            page.goto(f"{base_url}/exercises/{EXERCISE.replace('.ipynb', '.html')}")
            page.get_by_role("link", name="Run this exercise in your browser").click()
            page.locator(".jp-Notebook h1", has_text="Exercise 3: Design a partnership").wait_for(timeout=90_000)
            return str(page.url)

    url = in_thread(session)
    assert url.endswith(f"/lite/notebooks/index.html?path={EXERCISE}")


@pytest.mark.browser
def test_builder_warns_when_the_browser_keeps_no_files(lite_site: Path) -> None:
    """Served from an address that is not the machine's own (a trainer's laptop across the room),
    the exercise runs, but its draft lives only as long as the tab: the builder says so."""
    require(chromium_missing_reason())

    def session() -> dict[str, Any]:
        from playwright.sync_api import expect

        found: dict[str, Any] = {}
        with serve(lite_site) as base_url, chromium(local_names=("course.test",)) as browser:
            page = browser.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{base_url.replace('127.0.0.1', 'course.test')}/notebooks/index.html?path={EXERCISE}")
            found["secure"] = page.evaluate("window.isSecureContext")
            builder = run_all_cells(page, lite_site / "files" / EXERCISE)
            builder.get_by_label("Title", exact=True).fill("Storm warnings for coastal fishers")
            _add_partner(builder, "coops", "Federation of Fishing Cooperatives", "community")
            _add_partner(builder, "weather", "National Weather Office", "government")
            status = builder.get_by_text(re.compile(r"Draft saved to drafts/exercise-3\.yaml"))
            expect(status).to_contain_text("Kept only until this tab closes or reloads", timeout=60_000)
            found["status"] = status.inner_text()
        return found

    found = in_thread(session)
    assert found["secure"] is False
    assert "Use the download link to keep your work." in found["status"]


HEALTH_CHECK = "health-check.ipynb"
HEALTH_FORM = ".widget-vbox:has(> .widget-hbox button:has-text('Save my ratings'))"


@pytest.mark.browser
def test_health_check_form_saves_and_restores_ratings_in_the_browser(lite_site: Path) -> None:
    require(chromium_missing_reason())

    def session() -> dict[str, Any]:
        from playwright.sync_api import expect

        found: dict[str, Any] = {"errors": []}
        with serve(lite_site) as base_url, chromium() as browser:
            page = browser.new_page()
            page.set_default_timeout(60_000)
            page.on("pageerror", lambda error: found["errors"].append(str(error)))
            page.goto(f"{base_url}/notebooks/index.html?path={HEALTH_CHECK}")
            form = run_all_cells(page, lite_site / "files" / HEALTH_CHECK, shown=HEALTH_FORM)
            # The last cell has run on the empty folder and says what to do.
            expect(page.locator(".jp-OutputArea-output").last).to_contain_text("needs at least two", timeout=60_000)
            form.get_by_label("Your name", exact=True).fill("Programme coordinator")
            form.get_by_label("Your name", exact=True).press("Enter")
            form.get_by_label("Your organisation", exact=True).fill("Village Network")
            form.get_by_label("Your organisation", exact=True).press("Enter")
            first = form.locator(".jupyter-widget-Collapse-open").first
            first.get_by_label("2 · Mostly, with gaps").first.check()
            first.get_by_label("Reason").first.fill("The regulator applies the new licence rules.")
            first.get_by_label("Reason").first.press("Tab")
            expect(form).to_contain_text("1 of 20 items rated")
            form.get_by_role("button", name="Save my ratings").click()
            expect(form).to_contain_text("Saved: 1 of 20 items rated by Programme coordinator (Village Network)")
            found["saved"] = form.inner_text()

            page.reload()
            form = run_all_cells(page, lite_site / "files" / HEALTH_CHECK, shown=HEALTH_FORM)
            form.get_by_label("Your name", exact=True).fill("Programme coordinator")
            form.get_by_label("Your name", exact=True).press("Enter")
            expect(form).to_contain_text("Restored the ratings of Programme coordinator (Village Network)")
            found["restored"] = form.inner_text()
        return found

    found = in_thread(session)
    assert "drafts/health-check/health-programme-coordinator.yaml" in found["saved"]
    assert "1 of 20 items rated" in found["restored"]
    assert not [text for text in found["errors"] if "Error" in text], found["errors"]
