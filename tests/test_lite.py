"""The exercises in JupyterLite (Python in the browser, no server, nothing from a CDN): what the build makes.

A session fixture builds the site with `python -m ict4d_build.lite` (downloads cached in .lite-cache/); set
ICT4D_LITE_SITE=<folder> to test a site already built. The browser tests are in test_lite_builder.py,
test_lite_health.py and test_lite_exercises.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from _browser import require
from _lite import EXERCISE, KERNEL_PLUGIN, ROOT

# --- the build -------------------------------------------------------------------------



def _lock(site: Path) -> dict[str, Any]:
    return json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))


def test_kernel_loads_pyodide_and_our_packages_from_the_site(lite_site: Path) -> None:
    config = json.loads((lite_site / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    settings = config["litePluginSettings"][KERNEL_PLUGIN]
    assert settings["pyodideUrl"] == "./static/pyodide/course-pyodide.mjs"  # wraps pyodide.mjs (test_lite_snapshot.py)
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
