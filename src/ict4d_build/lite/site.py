"""The JupyterLite site: its sources staged in the cache, `jupyter lite build`, and checks on what it wrote."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ict4d_training.files.writing import write_atomically

from .lock import lock_for, write_lock
from .notebooks import convert_exercises
from .progress import log, sha256
from .pyodide import LOCK_FILE, PYODIDE_FILES, kernel_extension_dir, widgets_extension_dir
from .wheels import COURSE_PACKAGES, KERNEL_PACKAGES

KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
# Pyodide as the kernel loads it: pyodide.mjs behind a module that starts Python from a snapshot
# made earlier in the same browser (see course-pyodide.mjs), and the worker that makes it.
COURSE_PYODIDE = ("course-pyodide.mjs", "course-snapshot-maker.mjs")
COURSE_PYODIDE_URL = f"./static/pyodide/{COURSE_PYODIDE[0]}"
LITE_APPS = ("lab", "notebooks", "tree")
# The wheels also offered through piplite (`%pip install` in a notebook finds them with no network).
PIPLITE_PACKAGES = ("ict4d-training", "ruamel-yaml", "fastjsonschema", "ipywidgets", "comm", "jupyterlab-widgets")


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


def _write_json(path: Path, data: object) -> None:
    write_atomically(path, json.dumps(data, indent=2) + "\n")


def stage(cache: Path, pyodide: Path, sources: dict[str, Path], wheels: dict[str, Path],
          lock: tuple[dict[str, Any], Any], book_url: str) -> Path:
    """The site's sources in `cache/site`: Pyodide, the wheels and their lock, the notebooks, the settings."""
    site = cache / "site"
    for stale in ("static", "files", "pypi"):
        shutil.rmtree(site / stale, ignore_errors=True)
    static = site / "static" / "pyodide"
    static.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide / name, static / name)
    for name in COURSE_PYODIDE:
        shutil.copy2(Path(__file__).with_name(name), static / name)
    for wheel in wheels.values():
        shutil.copy2(wheel, static / wheel.name)
    write_lock(static / LOCK_FILE, lock_for(lock[0], lock[1], sources, wheels))
    names = convert_exercises(site / "files", book_url)
    log(f"exercises: {', '.join(names)}")
    _write_json(site / "jupyter-lite.json", jupyter_lite_json())
    # Every cell on the page from the start (the exercises are short): with JupyterLab's default, cells
    # arrive in the page one by one, and "Run All Cells" chosen meanwhile skips those not there yet.
    _write_json(site / "overrides.json", {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}})
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
    _write_json(site / "jupyter_lite_config.json", config)
    return site


def clear_output(output: Path) -> None:
    """Remove a previous JupyterLite build at `output`; refuse to remove anything else."""
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
    write_atomically(build_log, result.stdout + result.stderr)
    if result.returncode != 0:
        print((result.stdout + result.stderr)[-6000:], file=sys.stderr)
        raise SystemExit(f"jupyter lite build failed (the whole log: {build_log})")


def use_course_pyodide(output: Path) -> None:
    """Point the kernel at course-pyodide.mjs (the build sets `pyodideUrl` to pyodide.mjs itself)."""
    path = output / "jupyter-lite.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]["pyodideUrl"] = COURSE_PYODIDE_URL
    _write_json(path, config)


def check_output(output: Path) -> None:
    """The settings merged, Pyodide local, every locked wheel present and intact, no other host named."""
    config = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    settings = config["litePluginSettings"][KERNEL_PLUGIN]
    if settings.get("pyodideUrl") != COURSE_PYODIDE_URL:
        raise SystemExit(f"pyodideUrl is not {COURSE_PYODIDE_URL}: {settings.get('pyodideUrl')}")
    missing = [name for name in (*PYODIDE_FILES, *COURSE_PYODIDE) if not (output / "static" / "pyodide" / name).exists()]
    if missing:
        raise SystemExit(f"static/pyodide lacks {', '.join(missing)}")
    if settings.get("disablePyPIFallback") is not True or not settings.get("loadPyodideOptions"):
        raise SystemExit(f"the kernel settings were not merged into jupyter-lite.json: {settings}")
    lock = json.loads((output / "static" / "pyodide" / LOCK_FILE).read_text())
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
