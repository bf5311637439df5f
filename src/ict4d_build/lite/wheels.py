"""The wheels the site ships: every pure-Python package the kernel and the exercises need, resolved.

Versions are pinned, never "whatever is newest" or "whatever is installed": a package that
Pyodide's own lock lists comes at the version that lock pins; every other one at the version the
repository's `constraints.txt` pins (the file the Makefile and CI install with), so the browser
runs the versions the tests run. A package pinned in neither is an error: add it to the
constraints (`make constraints`).
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from ..source_tree import ROOT
from .progress import log, run

CONSTRAINTS = ROOT / "constraints.txt"
# What the kernel installs before it answers (see the kernel's worker: initPackageManager and initKernel);
# listing them in loadPyodideOptions.packages makes Pyodide load them from the local lock instead.
KERNEL_PACKAGES = ("micropip", "piplite", "pyodide-kernel", "ipykernel", "comm", "ipython", "jedi")
# What the exercises import, loaded with the kernel so the first cell does not wait for them.
COURSE_PACKAGES = ("ipywidgets", "ict4d-training")
# Wheels shipped with the kernel's JupyterLab extension (stubs that stand in for the desktop ones).
EXTENSION_WHEELS = ("piplite", "pyodide-kernel", "ipykernel", "widgetsnbextension")


def pure_wheel_options(python_version: str) -> list[str]:
    """Pip's options for pure wheels only, for the Python that Pyodide runs (e.g. "3.14")."""
    return ["--no-deps", "--only-binary=:all:", "--python-version", python_version, "--implementation", "py",
            "--abi", "none", "--platform", "any"]


def read_pins(text: str) -> dict[str, str]:
    """`name==version` lines of a constraints file, by normalized name (comments, blanks and ranges skipped)."""
    pins: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            raise SystemExit(f"constraints: cannot read {line!r}") from None
        exact = [spec.version for spec in requirement.specifier if spec.operator in ("==", "===")]
        if len(exact) == 1 and "*" not in exact[0]:
            pins[canonicalize_name(requirement.name)] = exact[0]
    return pins


def pinned_version(name: str, lock_packages: dict[str, dict[str, str]], pins: dict[str, str]) -> str:
    """The version to ship: Pyodide's lock first (it was built and tested with it), then the constraints."""
    version = lock_packages.get(name, {}).get("version") or pins.get(name)
    if version is None:
        raise SystemExit(f"{name} is pinned neither by Pyodide's lock nor in {CONSTRAINTS.name}: "
                         "add it there (make constraints), so the browser runs a known version")
    return version


def wheel_metadata(wheel: Path) -> tuple[str, str, list[str]]:
    """Name, version and Requires-Dist of a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        meta_name = next(name for name in archive.namelist()
                         if name.endswith(".dist-info/METADATA") and name.count("/") == 1)
        message = Parser().parsestr(archive.read(meta_name).decode("utf-8"))
    return message["Name"], message["Version"], message.get_all("Requires-Dist") or []


def find_cached(folder: Path, name: str, version: str | None = None) -> Path | None:
    """The wheel of `name` in `folder` at `version`, or its newest when no version is given."""
    best: tuple[Version, Path] | None = None
    for wheel in folder.glob("*.whl"):
        wheel_name, wheel_version, _build, _tags = parse_wheel_filename(wheel.name)
        if wheel_name != name or (version is not None and wheel_version != Version(version)):
            continue
        if best is None or wheel_version > best[0]:
            best = (wheel_version, wheel)
    return best[1] if best else None


def pip_download(specs: list[str], folder: Path, python_version: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "--quiet", *pure_wheel_options(python_version),
         "-d", str(folder), *specs])


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


def local_wheels(own_wheel: Path, extension: Path) -> dict[str, Path]:
    """Wheels that come with the build rather than from PyPI: ours and the kernel extension's stubs."""
    local: dict[str, Path] = {canonicalize_name(wheel_metadata(own_wheel)[0]): own_wheel}
    for name in EXTENSION_WHEELS:
        # The newest stub (widgetsnbextension 4.0.999 satisfies ipywidgets 8's ~=4.0.14).
        stub = find_cached(extension / "static" / "pypi", canonicalize_name(name))
        if stub is None:
            raise SystemExit(f"the kernel extension ships no {name} wheel")
        local[canonicalize_name(name)] = stub
    return local


def resolve_wheels(folder: Path, local: dict[str, Path], lock_packages: dict[str, dict[str, str]],
                   pins: dict[str, str], environment: dict[str, str],
                   roots: tuple[str, ...] = (*KERNEL_PACKAGES, *COURSE_PACKAGES)) -> dict[str, Path]:
    """Every wheel that `roots` need, by normalized name: the closure of their requirements.

    `local` wheels are taken as they are; the others are looked for in `folder` (the download
    cache) at their pinned version and downloaded there when missing.
    """
    wheels: dict[str, Path] = {}
    wanted: dict[str, list[Requirement]] = {name: [] for name in roots}
    skipped: list[str] = []
    while missing := [name for name in wanted if name not in wheels]:
        to_download: dict[str, str] = {}
        for name in missing:
            if name in local:
                wheels[name] = local[name]
                continue
            version = pinned_version(name, lock_packages, pins)
            cached = find_cached(folder, name, version)
            if cached is not None:
                wheels[name] = cached
            else:
                to_download[name] = version
        if to_download:
            pip_download(sorted(f"{name}=={version}" for name, version in to_download.items()), folder,
                         environment["python_version"])
            for name, version in to_download.items():
                found = find_cached(folder, name, version)
                if found is None:
                    raise SystemExit(f"pip did not download a pure wheel for {name}=={version}")
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
