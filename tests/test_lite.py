"""The exercises in JupyterLite: Python in the browser (Pyodide), no server, nothing from a CDN.

A session fixture builds the site with `scripts/build_lite.py` into a temporary folder (the
downloads are cached in `.lite-cache/`, so only the first build needs the package registries).
The checks on the built files run anywhere; the browser test (marker `browser`) drives
Debian's Chromium through Playwright: exercise 3 opens, its cells run, adding partners changes
the builder's scorecard, the draft can be downloaded, and after a reload the draft is back;
the link on the exercise page opens the notebook, and the notebook's links open the book's pages
and the model answer's own notebook; three raters save in the health-check form and its report
renders. The notebooks' Markdown holds no MyST, and the model answers run on their own. Chromium resolves no host but 127.0.0.1,
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


# What MyST leaves in a notebook that JupyterLab cannot render: roles, `(label)=` targets, directive fences.
MYST_LEFTOVERS = re.compile(r"\{(ref|doc|cite|numref|term|download)\}`|^\([^()\s]+\)=\s*$|^(`{3,}|:{3,})\{", re.M)
BOOK_LINK = re.compile(r"\]\((/[^)\s]+)\)")


def _markdown_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"]


def _code_cells(path: Path, skip_tag: str = "") -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"]
            if cell["cell_type"] == "code" and skip_tag not in cell["metadata"].get("tags", [skip_tag + "-"])]


def test_notebooks_show_plain_markdown_with_links_to_the_book(lite_site: Path) -> None:
    notebooks = sorted((lite_site / "files").glob("*.ipynb"))
    assert len(notebooks) >= 13
    links: set[str] = set()
    for path in notebooks:
        for text in _markdown_cells(path):
            leftover = MYST_LEFTOVERS.search(text)
            assert leftover is None, (path.name, leftover.group(0) if leftover else "")
            links.update(BOOK_LINK.findall(text))
    assert len(links) >= 20
    for link in sorted(links):
        page, _, anchor = link.partition("#")
        source = ROOT / page.lstrip("/").removesuffix(".html")
        assert source.with_suffix(".md").exists(), link
        if anchor:
            assert f"({anchor})=" in source.with_suffix(".md").read_text(encoding="utf-8"), link
    exercise = "\n".join(_markdown_cells(lite_site / "files" / EXERCISE))
    # Citations read as "Author, year", linked to the bibliography; cross-references by the target's title.
    assert "([Commonwealth Telecommunications Organisation, n.d.](/book/references.html))" in exercise
    assert "[Development outcomes](/book/elements/objectives.html#development-outcomes)" in exercise
    assert "[Designing your partnership](/book/designing.html)" in exercise


def test_build_names_a_cross_reference_to_nothing_in_one_line(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "lite"))
    from lite_markdown import MystError, MystToMarkdown

    converter = MystToMarkdown.from_book(ROOT, "https://example.org/course/")
    assert converter.convert("See {ref}`running-costs`.", "exercises/x") == \
        "See [Planning for running costs](https://example.org/course/book/elements/resourcing.html#running-costs)."
    with pytest.raises(MystError, match=r"^exercises/x: \{ref\}`no-such-label` names no label in the book$"):
        converter.convert("See {ref}`no-such-label`.", "exercises/x")
    with pytest.raises(MystError, match=r"names no page of the book"):
        converter.convert("{doc}`/book/missing`", "exercises/x")
    quoted = converter.convert("```{admonition} Before you start\n:class: tip\nRead the *scenario*.\n```", "exercises/x")
    assert quoted == "> **Before you start**\n>\n> Read the *scenario*."


def test_model_answer_is_a_notebook_of_its_own(lite_site: Path) -> None:
    """Run All Cells in an exercise runs none of its model answer; the answer's notebook says where it is."""
    sources = sorted((ROOT / "exercises").glob("0*.md"))
    assert len(sources) == 6
    for source in sources:
        assert "## Model answer" in source.read_text(encoding="utf-8"), source.name
        exercise = lite_site / "files" / f"{source.stem}.ipynb"
        answer = lite_site / "files" / f"{source.stem}-model-answer.ipynb"
        markdown = _markdown_cells(exercise)
        assert markdown[-1].startswith("## Model answer"), source.name
        assert f"]({answer.name})" in markdown[-1], source.name
        answer_markdown = _markdown_cells(answer)
        assert answer_markdown[0].startswith("# Model answer to Exercise"), source.name
        # Nothing of the answer in the exercise: neither its code nor its text.
        exercise_code = "\n".join(_code_cells(exercise))
        for cell in _code_cells(answer, skip_tag="exercise-setup"):  # the setup is the exercise's own code
            assert cell not in exercise_code, source.name
        assert not any(text in "\n".join(markdown) for text in answer_markdown[1:] if len(text) > 80), source.name


def test_model_answer_notebooks_run_on_their_own(lite_site: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Each answer notebook carries the exercise's imports and starting design, so it runs alone."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("ICT4D_TRAINING_DRAFTS", str(tmp_path / "drafts"))
    answers = sorted((lite_site / "files").glob("*-model-answer.ipynb"))
    assert len(answers) == 6
    for path in answers:
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, kernel_name="python3", timeout=120,
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        outputs = [output for cell in code for output in cell.outputs]
        assert not [output for output in outputs if output.output_type == "error"], path.name
        assert len(outputs) >= len(code) - 1, path.name  # every cell shows something, but for the setup


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
def test_notebook_links_lead_to_the_book_and_to_the_model_answer(published_site: Path) -> None:
    """In the published layout, a link in a notebook's Markdown opens the book's page (not a file in the
    browser's storage), and the model answer opens as a notebook of its own."""
    require(chromium_missing_reason())

    def session() -> dict[str, str]:
        found: dict[str, str] = {}
        with serve(published_site) as base_url, chromium() as browser:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base_url}/lite/notebooks/index.html?path={EXERCISE}")
            link = page.locator(".jp-RenderedMarkdown a", has_text="Development outcomes").first
            link.wait_for(timeout=90_000)
            with context.expect_page() as book_page:
                link.click()
            book_page.value.wait_for_load_state()
            found["book_url"] = book_page.value.url
            found["book_heading"] = book_page.value.locator("#development-outcomes h2, #development-outcomes h3"
                                                            ).first.inner_text()
            answer = page.locator(".jp-RenderedMarkdown a", has_text="open the model answer")
            with context.expect_page() as answer_page:
                answer.click()
            heading = answer_page.value.locator(".jp-Notebook h1", has_text="Model answer to Exercise 3")
            heading.wait_for(timeout=90_000)
            found["answer_url"] = answer_page.value.url
        return found

    found = in_thread(session)
    assert found["book_url"].endswith("/book/elements/objectives.html#development-outcomes")
    assert "Development outcomes" in found["book_heading"]
    assert found["answer_url"].endswith("path=03-design-a-partnership-model-answer.ipynb")


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


def rate_first_item(form: Any, name: str, organisation: str, level: str, reason: str) -> None:
    """One rater at the form: who they are, then a level and a reason for the first item."""
    form.get_by_label("Your name", exact=True).fill(name)
    form.get_by_label("Your name", exact=True).press("Enter")
    form.get_by_label("Your organisation", exact=True).fill(organisation)
    form.get_by_label("Your organisation", exact=True).press("Enter")
    first = form.locator(".jupyter-widget-Collapse-open").first
    first.get_by_label(level).first.check()
    first.get_by_label("Reason").first.fill(reason)
    first.get_by_label("Reason").first.press("Tab")


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
            rate_first_item(form, "Programme coordinator", "Village Network", "2 · Mostly, with gaps",
                            "The regulator applies the new licence rules.")
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


HEALTH_RATERS = (
    ("Programme coordinator", "Village Network", "3 · Consistently, and partners can show it",
     "The regulator applies the new licence rules in every district."),
    ("Operator liaison", "Coastline Mobile", "1 · Rarely or in words only",
     "The rules exist on paper; the licence office has not used them yet."),
    ("Ministry desk officer", "Ministry of ICT", "0 · Not happening", "No licence has been issued under the new rules."),
)


@pytest.mark.browser
def test_health_check_reports_three_raters_in_the_browser(lite_site: Path) -> None:
    """Three representatives save at one laptop; the report then renders in the notebook (no jinja2 in Pyodide)."""
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
            expect(page.locator(".jp-OutputArea-output").last).to_contain_text("needs at least two", timeout=60_000)
            for name, organisation, level, reason in HEALTH_RATERS:
                rate_first_item(form, name, organisation, level, reason)
                form.get_by_role("button", name="Save my ratings").click()
                expect(form).to_contain_text(f"Saved: 1 of 20 items rated by {name} ({organisation})")
            # The check reads the folder the form saved to: run the notebook again, as the trainer would.
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.locator("li[data-command='runmenu:run-all']").click()
            frame = page.frame_locator("iframe[title='Partnership health check report']")
            expect(frame.locator("h1")).to_have_text("Partnership health check", timeout=120_000)
            found["report"] = frame.locator("body").inner_text()
            found["flagged"] = frame.locator("#talk-first h3").all_inner_texts()
            found["printed"] = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stdout']"
                                            ).all_inner_texts()
            found["stderr"] = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                                           ).all_inner_texts()
        return found

    found = in_thread(session)
    printed = "\n".join(found["printed"])
    assert "Raters: Ministry desk officer (Ministry of ICT); Operator liaison (Coastline Mobile); " \
           "Programme coordinator (Village Network)" in printed, printed
    assert "Flagged items, to talk about first: 1" in printed, printed
    for name, organisation, _level, reason in HEALTH_RATERS:
        assert f"{name} ({organisation})" in found["report"]
        assert reason in found["report"]
    assert len(found["flagged"]) == 1 and "spread 3" in found["flagged"][0]
    assert not [text for text in found["stderr"] if "Error" in text or "Traceback" in text], found["stderr"]
    assert not found["errors"], found["errors"]
