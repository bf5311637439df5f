"""Pyodide itself: the version the installed JupyterLite kernel was built for, fetched from npm once."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

from ict4d_training.files.writing import write_atomically

from .progress import log, run

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK_FILE = "pyodide-lock.json"


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
        return str(version)
    return str(PYODIDE_VERSION)


def ensure_pyodide(cache: Path, version: str) -> Path:
    """The npm package's folder (its files and its lock), installed into the cache unless it is there."""
    npm_dir = cache / "npm"
    package = npm_dir / "node_modules" / "pyodide"
    manifest = package / "package.json"
    if manifest.exists() and json.loads(manifest.read_text())["version"] == version and \
            all((package / name).exists() for name in (*PYODIDE_FILES, LOCK_FILE)):
        log(f"pyodide {version}: cached")
        return package
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed once to fetch Pyodide (apt-get install nodejs npm)")
    npm_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(npm_dir / "package.json", json.dumps({"name": "lite-cache", "private": True}) + "\n")
    run([npm, "install", "--no-audit", "--no-fund", "--save-exact", f"pyodide@{version}"], cwd=npm_dir)
    return package


def pyodide_environment(lock_info: dict[str, str]) -> dict[str, str]:
    """The PEP 508 marker environment micropip evaluates in Pyodide."""
    full = lock_info.get("python", "3.14.0")
    return {"implementation_name": "cpython", "implementation_version": full, "os_name": "posix",
            "platform_machine": "wasm32", "platform_release": "", "platform_system": "Emscripten",
            "platform_version": "", "python_full_version": full, "python_version": ".".join(full.split(".")[:2]),
            "platform_python_implementation": "CPython", "sys_platform": "emscripten", "extra": ""}
