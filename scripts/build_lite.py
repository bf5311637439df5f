#!/usr/bin/env python
"""Build the in-browser exercises: a JupyterLite site on Pyodide, with no server and no CDN.

    python scripts/build_lite.py --output _build/html/lite

Everything the site needs is fetched from package registries only, cached in `.lite-cache/`
and served from the site itself:

- Pyodide from the npm package, at the version the installed jupyterlite-pyodide-kernel was
  built for (the version in its default `pyodideUrl`);
- the kernel's own pure-Python packages (micropip, IPython, jedi, ...), our wheel and its pure
  dependencies (ruamel.yaml, fastjsonschema, ipywidgets, comm) as `py3-none-any` wheels from
  PyPI, for Python 3.14 as Pyodide runs it;
- those wheels compiled to Python 3.14 bytecode by the same Pyodide, run in Node (PyPI wheels
  hold only sources, which every kernel start would otherwise compile again);
- a `pyodide-lock.json` that lists exactly those wheels (sha256 rewritten) and nothing else,
  so `import ict4d_training` works at once and nothing is looked for on a CDN.

The exercises (`exercises/0*.md`, MyST) and the health-check form (`exercises/health-check.md`;
the list is `LITE_PAGES` in `lite/lite_links.py`) become notebooks at the root of the site's files, so
`notebooks/index.html?path=03-design-a-partnership.ipynb` opens exercise 3. Their Markdown is made
plain (`lite/lite_markdown.py`: links to the book's pages at `--book-url`, "/" by default), and each
model answer becomes a notebook of its own (`03-design-a-partnership-model-answer.ipynb`), so that
Run All Cells in the exercise never runs it. A second run with a warm cache asks no registry
anything (our own wheel is built from cached build tools).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lite"))

from lite_links import is_lite_page  # noqa: E402  (the book's list of pages offered in JupyterLite)
from lite_markdown import MystError  # noqa: E402

DEFAULT_CACHE = ROOT / ".lite-cache"
DEFAULT_OUTPUT = ROOT / "_build" / "html" / "lite"
EXERCISES = ROOT / "exercises"

PIP_PURE = ["--no-deps", "--only-binary=:all:", "--python-version", "3.14", "--implementation", "py",
            "--abi", "none", "--platform", "any"]
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
BOOK_FROM_EXERCISES, BOOK_FROM_LITE = 'base_url="../"', 'base_url="../../"'
# The book page's tip on how to make its frozen widgets live: in the running notebook it is moot.
WEB_PAGE_TIP = re.compile(r"```\{admonition\} Making the \w+ live\n.*?\n```\n*", re.S)
# What the kernel installs before it answers (see the kernel's worker: initPackageManager and initKernel);
# listing them in loadPyodideOptions.packages makes Pyodide load them from the local lock instead.
KERNEL_PACKAGES = ("micropip", "piplite", "pyodide-kernel", "ipykernel", "comm", "ipython", "jedi")
# What the exercises import, loaded with the kernel so the first cell does not wait for them.
COURSE_PACKAGES = ("ipywidgets", "ict4d-training")
# Wheels shipped with the kernel's JupyterLab extension (stubs that stand in for the desktop ones).
EXTENSION_WHEELS = ("piplite", "pyodide-kernel", "ipykernel", "widgetsnbextension")
# A package that only carries a JupyterLab extension: the site has it already, the kernel needs no copy loaded.
NOT_PRELOADED = {"jupyterlab-widgets"}
# The wheels also offered through piplite (`%pip install` in a notebook finds them with no network).
PIPLITE_PACKAGES = ("ict4d-training", "ruamel-yaml", "fastjsonschema", "ipywidgets", "comm", "jupyterlab-widgets")
LITE_APPS = ("lab", "notebooks", "tree")
# Bytecode: PyPI wheels hold only sources, which Pyodide would compile on every kernel start (IPython
# and jedi alone take seconds). Pyodide itself ships its packages as .pyc only; so do we, compiled by
# the very Pyodide the site runs. Our own package keeps its sources too, for readable tracebacks.
KEEP_SOURCES = {"ict4d-training"}
COMPILE_SCRIPT = """\
import {{ loadPyodide }} from {module};
const pyodide = await loadPyodide({{ indexURL: {index} }});
pyodide.mountNodeFS("/wheels", {root});
await pyodide.runPythonAsync(`
import compileall, json, py_compile, sysconfig
site = sysconfig.get_paths()["purelib"]
failed = []
for item in json.load(open("/wheels/plan.json")):
    if not compileall.compile_dir("/wheels/" + item["dir"], ddir=site, quiet=2, legacy=not item["keep_sources"],
                                  invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH):
        failed.append(item["dir"])
print(json.dumps(failed))
`);
"""


_STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[build_lite {time.monotonic() - _STARTED:5.1f}s] {message}", flush=True)


def run(command: list[str], **kwargs: object) -> None:
    log("$ " + " ".join(str(part) for part in command))
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# The versions the installed JupyterLite packages were built for.

def kernel_extension_dir() -> Path:
    import jupyterlite_pyodide_kernel

    candidates = [Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyterlite" / "pyodide-kernel-extension",
                  Path(jupyterlite_pyodide_kernel.__file__).parent / "labextension"]
    for candidate in candidates:
        if (candidate / "package.json").exists():
            return candidate
    raise SystemExit("jupyterlite-pyodide-kernel's JupyterLab extension is not installed")


def widgets_extension_dir() -> Path:
    path = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
    if not (path / "package.json").exists():
        raise SystemExit("jupyterlab_widgets is not installed (pip install jupyterlab_widgets)")
    return path


def pyodide_version(extension: Path) -> str:
    """The version in the kernel's default pyodideUrl, which is what it was tested with."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    found = set()
    for script in (extension / "static").glob("*.js"):
        found.update(re.findall(r"/pyodide/v([0-9][0-9a-z.]*)/full/pyodide\.m?js", script.read_text(errors="ignore")))
    if len(found) == 1:
        (version,) = found
        if version != PYODIDE_VERSION:
            log(f"note: the kernel's URL names Pyodide {version}, its Python constant {PYODIDE_VERSION}")
        return version
    return PYODIDE_VERSION


# Pyodide from npm.

def ensure_pyodide(cache: Path, version: str) -> Path:
    npm_dir = cache / "npm"
    package = npm_dir / "node_modules" / "pyodide"
    manifest = package / "package.json"
    if manifest.exists() and json.loads(manifest.read_text())["version"] == version and \
            all((package / name).exists() for name in (*PYODIDE_FILES, "pyodide-lock.json")):
        log(f"pyodide {version}: cached")
        return package
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed once to fetch Pyodide (apt-get install nodejs npm)")
    npm_dir.mkdir(parents=True, exist_ok=True)
    (npm_dir / "package.json").write_text(json.dumps({"name": "lite-cache", "private": True}) + "\n")
    run([npm, "install", "--no-audit", "--no-fund", "--save-exact", f"pyodide@{version}"], cwd=npm_dir)
    return package


# Wheels.

def wheel_metadata(wheel: Path) -> tuple[str, str, list[str], list[str]]:
    """Name, version, Requires-Dist and the top-level import names of a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        meta_name = next(name for name in names if name.endswith(".dist-info/METADATA") and name.count("/") == 1)
        message = Parser().parsestr(archive.read(meta_name).decode("utf-8"))
        top_level_file = meta_name.replace("METADATA", "top_level.txt")
        if top_level_file in names:
            imports = [line.strip() for line in archive.read(top_level_file).decode().splitlines() if line.strip()]
        else:
            imports = sorted({name.split("/")[0].removesuffix(".py") for name in names
                              if not name.split("/")[0].endswith((".dist-info", ".data")) and
                              (name.endswith(".py") or "/" in name)})
    imports = [name for name in imports if name.isidentifier() and not name.startswith("_")] or imports
    return message["Name"], message["Version"], message.get_all("Requires-Dist") or [], imports


def find_cached(folder: Path, name: str, version: str | None = None) -> Path | None:
    best: tuple[Version, Path] | None = None
    for wheel in folder.glob("*.whl"):
        wheel_name, wheel_version, _build, _tags = parse_wheel_filename(wheel.name)
        if wheel_name != name or (version is not None and wheel_version != Version(version)):
            continue
        if best is None or wheel_version > best[0]:
            best = (wheel_version, wheel)
    return best[1] if best else None


def pip_download(specs: list[str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "--quiet", *PIP_PURE, "-d", str(folder), *specs])


def pyodide_environment(lock_info: dict[str, str]) -> dict[str, str]:
    """The PEP 508 marker environment micropip evaluates in Pyodide."""
    full = lock_info.get("python", "3.14.0")
    return {"implementation_name": "cpython", "implementation_version": full, "os_name": "posix",
            "platform_machine": "wasm32", "platform_release": "", "platform_system": "Emscripten",
            "platform_version": "", "python_full_version": full, "python_version": ".".join(full.split(".")[:2]),
            "platform_python_implementation": "CPython", "sys_platform": "emscripten", "extra": ""}


def build_own_wheel(cache: Path) -> Path:
    """Our wheel, built with cached build tools so a warm run needs no network."""
    tools = cache / "build-tools"
    if not find_cached(tools, "hatchling"):
        tools.mkdir(parents=True, exist_ok=True)
        run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "-d", str(tools), "hatchling>=1.24"])
    own = cache / "own"
    shutil.rmtree(own, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index", "--find-links", str(tools),
         "-w", str(own), str(ROOT)])
    (wheel,) = own.glob("*.whl")
    return wheel


def resolve_wheels(cache: Path, own_wheel: Path, extension: Path, lock: dict[str, object],
                   environment: dict[str, str]) -> dict[str, Path]:
    """Every wheel the kernel and the exercises need, by normalized name: the closure of their requirements."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    packages: dict[str, dict[str, str]] = lock["packages"]  # type: ignore[assignment]
    folder = cache / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    local: dict[str, Path] = {canonicalize_name(wheel_metadata(own_wheel)[0]): own_wheel}
    for name in EXTENSION_WHEELS:
        # The newest stub (widgetsnbextension 4.0.999 satisfies ipywidgets 8's ~=4.0.14).
        stub = find_cached(extension / "static" / "pypi", canonicalize_name(name))
        if stub is None:
            raise SystemExit(f"the kernel extension ships no {name} wheel")
        local[canonicalize_name(name)] = stub

    wheels: dict[str, Path] = {}
    wanted: dict[str, list[Requirement]] = {name: [] for name in (*KERNEL_PACKAGES, *COURSE_PACKAGES)}
    skipped: list[str] = []
    while True:
        missing = [name for name in wanted if name not in wheels]
        if not missing:
            break
        to_download: dict[str, str] = {}
        for name in missing:
            if name in local:
                wheels[name] = local[name]
                continue
            pinned = packages.get(name, {}).get("version")
            if pinned is None:
                try:
                    pinned = installed_version(name)  # what the tests run with
                except PackageNotFoundError:
                    pinned = None
            cached = find_cached(folder, name, pinned)
            if cached is not None and (pinned or all(cached_ok(cached, req) for req in wanted[name])):
                wheels[name] = cached
            else:
                specifier = f"=={pinned}" if pinned else ",".join(str(req.specifier) for req in wanted[name] if req.specifier)
                to_download[name] = f"{name}{specifier}"
        if to_download:
            pip_download(sorted(to_download.values()), folder)
            for name, spec in to_download.items():
                pinned_version = spec.split("==", 1)[1] if "==" in spec else None
                found = find_cached(folder, name, pinned_version)
                if found is None:
                    raise SystemExit(f"pip did not download a pure wheel for {spec}")
                wheels[name] = found
        for name in missing:
            for line in wheel_metadata(wheels[name])[2]:
                requirement = Requirement(line)
                if requirement.marker is not None and not requirement.marker.evaluate(environment):
                    if "extra" not in str(requirement.marker):
                        skipped.append(f"{name} -> {line}")
                    continue
                wanted.setdefault(canonicalize_name(requirement.name), []).append(requirement)
    for name, requirements in wanted.items():
        version = wheel_metadata(wheels[name])[1]
        for requirement in requirements:
            if not requirement.specifier.contains(version, prereleases=True):
                log(f"warning: {name} {version} does not satisfy {requirement}")
    for line in skipped:
        log(f"not needed in Pyodide (marker false there): {line}")
    return wheels


def cached_ok(wheel: Path, requirement: Requirement) -> bool:
    return requirement.specifier.contains(str(parse_wheel_filename(wheel.name)[1]), prereleases=True)


def requirements_in_pyodide(wheel: Path, environment: dict[str, str]) -> list[str]:
    names = []
    for line in wheel_metadata(wheel)[2]:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            names.append(canonicalize_name(requirement.name))
    return sorted(set(names))


def precompile(cache: Path, pyodide: Path, wheels: dict[str, Path]) -> dict[str, Path]:
    """The same wheels with Python 3.14 bytecode made by Pyodide in Node (cached by the source wheel's sha256)."""
    import base64
    import tempfile

    compiled: dict[str, Path] = {}
    todo: list[tuple[str, Path, Path]] = []
    for name, wheel in wheels.items():
        target = cache / "compiled" / f"{sha256(wheel)[:24]}-{'src' if name in KEEP_SOURCES else 'pyc'}" / wheel.name
        compiled[name] = target
        if not target.exists():
            todo.append((name, wheel, target))
    if not todo:
        return compiled
    node = shutil.which("node")
    if node is None:
        log("node is missing: the wheels go to the site as sources (slower kernel start)")
        return dict(wheels)
    with tempfile.TemporaryDirectory(prefix="lite-pyc-") as scratch:
        root = Path(scratch)
        plan = []
        for index, (name, wheel, _target) in enumerate(todo):
            with zipfile.ZipFile(wheel) as archive:
                archive.extractall(root / str(index))
            plan.append({"dir": str(index), "keep_sources": name in KEEP_SOURCES})
        (root / "plan.json").write_text(json.dumps(plan))
        script = root / "compile.mjs"
        script.write_text(COMPILE_SCRIPT.format(module=json.dumps((pyodide / "pyodide.mjs").as_uri()),
                                                index=json.dumps(str(pyodide) + "/"), root=json.dumps(str(root))))
        log(f"compiling {len(todo)} wheels to bytecode with Pyodide in Node")
        output = subprocess.run([node, str(script)], check=True, capture_output=True, text=True).stdout
        failed = json.loads(output.strip().splitlines()[-1])
        if failed:
            log(f"note: some files did not compile in {[todo[int(item)][0] for item in failed]}; their sources stay")
        for index, (name, _wheel, target) in enumerate(todo):
            folder = root / str(index)
            files = sorted(path for path in folder.rglob("*") if path.is_file())
            if name not in KEEP_SOURCES:  # sourceless, as Pyodide's own packages: drop what has its .pyc
                files = [path for path in files if not (path.suffix == ".py" and path.with_suffix(".pyc").exists())]
            record = next(path for path in files if path.name == "RECORD" and path.parent.name.endswith(".dist-info"))
            lines = []
            for path in files:
                if path != record:
                    data = path.read_bytes()
                    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                    lines.append(f"{path.relative_to(folder).as_posix()},sha256={digest},{len(data)}")
            lines.append(f"{record.relative_to(folder).as_posix()},,")
            record.write_text("\n".join(lines) + "\n", encoding="utf-8")
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".partial")
            # .dist-info last, as wheel builders write it.
            ordered = sorted(files, key=lambda path: (path.relative_to(folder).parts[0].endswith(".dist-info"),
                                                      path.relative_to(folder).as_posix()))
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
                for path in ordered:
                    info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, path.read_bytes())
            partial.replace(target)
    return compiled


def write_lock(source: dict[str, object], wheels: dict[str, Path], environment: dict[str, str],
               target: Path) -> None:
    """Pyodide's lock, cut down to the wheels the site ships, with their real file names and sha256."""
    original: dict[str, dict[str, object]] = source["packages"]  # type: ignore[assignment]
    packages = {}
    for name, wheel in sorted(wheels.items()):
        dist_name, version, _requires, imports = wheel_metadata(wheel)
        base = original.get(name, {})
        depends = [dep for dep in requirements_in_pyodide(wheel, environment) if dep not in NOT_PRELOADED]
        missing = [dep for dep in depends if dep not in wheels]
        if missing:
            raise SystemExit(f"{name} needs {missing}, which the site does not ship")
        packages[name] = {
            "name": dist_name,
            "version": version,
            "file_name": wheel.name,
            "install_dir": "site",
            "sha256": sha256(wheel),
            "package_type": "package",
            "imports": base.get("imports") or imports,
            "depends": depends,
            "unvendored_tests": False,
        }
    lock = {"info": source["info"], "packages": packages}
    target.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# The site's sources.

MODEL_ANSWER = "## Model answer"


def model_answer_name(exercise: str) -> str:
    return f"{exercise}-model-answer.ipynb"


def split_at_heading(cells: list[Any], heading: str) -> int | None:
    """Splits the Markdown cell holding `heading` in two, so the heading starts a cell; returns its index."""
    import nbformat

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


def convert_exercises(target: Path, book_url: str) -> list[str]:
    """Each exercise as a notebook of plain Markdown and code, its model answer as a notebook of its own.

    Run All Cells in the exercise then never runs the answer, nor leaves the page scrolled to it.
    """
    import jupytext
    import nbformat
    from lite_markdown import MystToMarkdown, needed_setup

    converter = MystToMarkdown.from_book(ROOT, book_url)
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for source in sorted(EXERCISES.glob("*.md")):
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
            answer_name = model_answer_name(source.stem)
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
            names.append(answer_name)
        name = source.with_suffix(".ipynb").name
        nbformat.write(notebook, target / name)
        names.append(name)
    if not names:
        raise SystemExit(f"no exercises in {EXERCISES}")
    return names


def jupyter_lite_json() -> dict[str, object]:
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "ICT4D partnership exercises",
            # Drafts and edited notebooks live in this browser's IndexedDB under this name.
            "contentsStorageName": "ict4d-training-exercises",
            "settingsStorageName": "ict4d-training-exercises-settings",
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": [*KERNEL_PACKAGES, *COURSE_PACKAGES]},
                },
            },
            # Nothing on the site may reach for the network: no news or update checks.
            "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
        },
    }


def stage(cache: Path, pyodide: Path, wheels: dict[str, Path], lock: dict[str, object],
          environment: dict[str, str], book_url: str) -> Path:
    site = cache / "site"
    for stale in ("static", "files", "pypi"):
        shutil.rmtree(site / stale, ignore_errors=True)
    static = site / "static" / "pyodide"
    static.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide / name, static / name)
    for wheel in wheels.values():
        shutil.copy2(wheel, static / wheel.name)
    write_lock(lock, wheels, environment, static / "pyodide-lock.json")
    names = convert_exercises(site / "files", book_url)
    log(f"exercises: {', '.join(names)}")
    (site / "jupyter-lite.json").write_text(json.dumps(jupyter_lite_json(), indent=2) + "\n")
    # Every cell on the page from the start (the exercises are short): with JupyterLab's default, cells
    # arrive in the page one by one, and "Run All Cells" chosen meanwhile skips those not there yet.
    overrides = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
    (site / "overrides.json").write_text(json.dumps(overrides, indent=2) + "\n")
    config = {
        "LiteBuildConfig": {
            "apps": list(LITE_APPS),
            "contents": ["files"],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
            # Only the two extensions the exercises need, not whatever else this environment has.
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(kernel_extension_dir()), str(widgets_extension_dir())],
        },
        "PipliteAddon": {"piplite_urls": [str(wheels[name]) for name in PIPLITE_PACKAGES if name in wheels]},
    }
    (site / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2) + "\n")
    return site


def clear_output(output: Path) -> None:
    if not output.exists():
        return
    if output.is_dir() and (not any(output.iterdir()) or (output / "jupyter-lite.json").exists()):
        shutil.rmtree(output)
        return
    raise SystemExit(f"{output} exists and is not a JupyterLite build: not replacing it")


def lite_build(site: Path, output: Path) -> None:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("JUPYTERLITE_PYODIDE_URL", None)
    # doit's memory of the last build would skip steps whose targets were just deleted with the old output.
    for stale in site.glob(".jupyterlite.doit.db*"):
        stale.unlink()
    command = [sys.executable, "-m", "jupyterlite_core", "build", "--no-sourcemaps", "--lite-dir", str(site),
               "--output-dir", str(output)]
    log("$ " + " ".join(command))
    result = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True)
    build_log = site / "jupyter-lite-build.log"
    build_log.write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        print((result.stdout + result.stderr)[-6000:], file=sys.stderr)
        raise SystemExit(f"jupyter lite build failed (the whole log: {build_log})")


def check_output(output: Path) -> None:
    config = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    settings = config["litePluginSettings"][KERNEL_PLUGIN]
    if not str(settings.get("pyodideUrl", "")).startswith("./"):
        raise SystemExit(f"pyodideUrl is not local: {settings.get('pyodideUrl')}")
    if settings.get("disablePyPIFallback") is not True or not settings.get("loadPyodideOptions"):
        raise SystemExit(f"the kernel settings were not merged into jupyter-lite.json: {settings}")
    lock = json.loads((output / "static" / "pyodide" / "pyodide-lock.json").read_text())
    for entry in lock["packages"].values():
        wheel = output / "static" / "pyodide" / entry["file_name"]
        if not wheel.exists() or sha256(wheel) != entry["sha256"]:
            raise SystemExit(f"the lock names {entry['file_name']}, which is missing or differs")
    # The site's settings must name no other host (schemas and bundles keep CDN defaults that these replace).
    remote = [path for path in (*output.rglob("jupyter-lite.json"), *output.rglob("jupyter-lite.ipynb"))
              if re.search(rb'"(https?:)?//', path.read_bytes())]
    if remote:
        raise SystemExit(f"remote addresses in {', '.join(str(p.relative_to(output)) for p in remote)}")


def folder_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where the site goes (default: %(default)s)")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("ICT4D_LITE_CACHE", DEFAULT_CACHE)),
                        help="downloads and staging (default: %(default)s, or $ICT4D_LITE_CACHE)")
    parser.add_argument("--book-url", default="/",
                        help="where the book's root is served, for the notebooks' links to its pages: '/' (the "
                             "default) when the book is the web root, as with 'make serve' and the offline zip, "
                             "else its address, e.g. https://example.org/ict4d-training/")
    args = parser.parse_args(argv)
    started = time.monotonic()
    cache, output = args.cache.resolve(), args.output.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock_file:
        # Two builds at once (the book and the test suite, say) share the cache and its staging folder.
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        build(cache, output, args.book_url)
    size = folder_size(output)
    log(f"JupyterLite site in {output}: {size / 1e6:.1f} MB, {sum(1 for _ in output.rglob('*'))} files, "
        f"built in {time.monotonic() - started:.1f} s")
    return 0


def build(cache: Path, output: Path, book_url: str) -> None:
    extension = kernel_extension_dir()
    version = pyodide_version(extension)
    pyodide = ensure_pyodide(cache, version)
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    environment = pyodide_environment(lock["info"])
    own_wheel = build_own_wheel(cache)
    wheels = resolve_wheels(cache, own_wheel, extension, lock, environment)
    log("wheels: " + ", ".join(sorted(wheel.name for wheel in wheels.values())))
    wheels = precompile(cache, pyodide, wheels)
    try:
        site = stage(cache, pyodide, wheels, lock, environment, book_url)
    except MystError as error:
        raise SystemExit(f"build_lite: {error}") from None
    clear_output(output)
    lite_build(site, output)
    check_output(output)


if __name__ == "__main__":
    sys.exit(main())
