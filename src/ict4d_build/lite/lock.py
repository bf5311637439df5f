"""The site's `pyodide-lock.json`: Pyodide's own lock cut down to the wheels the site ships.

Written with the `pyodide-lock` package (Pyodide's own tool for this file): it validates the
lock's format, and for each wheel works out its name, version, sha256, import names and the
dependencies that hold in Pyodide (markers evaluated for its platform and Python, extras
followed), failing when one is not shipped. What it cannot know is added here:

- import names are read from the *source* wheels: the compiled ones hold only .pyc files, in
  which pyodide-lock finds no module. A compiled wheel has the same metadata as its source, so
  the lock then names the compiled file and its sha256;
- where Pyodide's lock already lists a package, its import names are kept;
- a package that only carries a JupyterLab extension (`NOT_PRELOADED`) is shipped but is nobody's
  dependency, so loading ipywidgets does not fetch it.

pyodide-lock 0.1.2 (the newest the package index offers here) still requires `info.version`,
which Pyodide 314's lock no longer writes: it is given the npm package's version to read the
file, and the site's lock keeps Pyodide's `info` exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from pyodide_lock import PyodideLockSpec
from pyodide_lock.spec import InfoSpec
from pyodide_lock.utils import add_wheels_to_spec, update_package_sha256

from ict4d_training.files.writing import write_atomically

from .wheels import wheel_metadata

# A package that only carries a JupyterLab extension: the site has it already, the kernel needs no copy loaded.
NOT_PRELOADED = {"jupyterlab-widgets"}


def read_lock(path: Path, pyodide_version: str) -> tuple[dict[str, Any], PyodideLockSpec]:
    """Pyodide's lock as JSON and as pyodide-lock's model (with `info.version` filled in if missing)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    info = {"version": pyodide_version, **data["info"]}
    return data, PyodideLockSpec(info=InfoSpec(**info), packages=data["packages"])


def lock_for(source: dict[str, Any], spec: PyodideLockSpec, sources: dict[str, Path],
             shipped: dict[str, Path]) -> dict[str, Any]:
    """The lock of the shipped wheels (by name; `sources` are the same wheels before bytecode)."""
    if set(sources) != set(shipped):
        raise ValueError(f"source and shipped wheels differ: {sorted(set(sources) ^ set(shipped))}")
    empty = spec.model_copy(update={"packages": {}})
    try:
        made = add_wheels_to_spec(empty, sorted(sources.values()), base_path=Path("/"))
    except RuntimeError as error:
        raise SystemExit(f"the site cannot ship a consistent set of wheels: {error}") from None
    original: dict[str, dict[str, Any]] = source["packages"]
    packages = {}
    for name, package in made.packages.items():
        key = canonicalize_name(name)
        wheel = shipped[key]
        update_package_sha256(package, wheel)
        entry = package.model_dump()
        entry["name"] = wheel_metadata(sources[key])[0]  # as Pyodide's lock names it: the distribution's own name
        entry["file_name"] = wheel.name
        entry["imports"] = original.get(key, {}).get("imports") or entry["imports"] or []
        entry["depends"] = [dep for dep in entry["depends"] if dep not in NOT_PRELOADED]
        packages[key] = entry
    return {"info": source["info"], "packages": dict(sorted(packages.items()))}


def write_lock(target: Path, lock: dict[str, Any]) -> None:
    write_atomically(target, json.dumps(lock, indent=1, sort_keys=True) + "\n")
