"""The site's pyodide-lock.json (ict4d_build.lite.lock, with pyodide-lock) and the compiled wheels' repacking."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from _wheels import make_wheel
from ict4d_build.lite.lock import lock_for, read_lock, write_lock
from ict4d_build.lite.precompile import repack

INFO = {"abi_version": "2026_0", "arch": "wasm32", "platform": "emscripten_5_0_3", "python": "3.14.2"}


def _pyodide_lock(tmp_path: Path) -> Path:
    """A Pyodide lock as Pyodide 314 writes it: no info.version; one package it already lists."""
    path = tmp_path / "pyodide-lock.json"
    beta = {"name": "Beta", "version": "1.0", "file_name": "beta-1.0-py3-none-any.whl", "install_dir": "site",
            "sha256": "0" * 64, "package_type": "package", "imports": ["beta_module"], "depends": [],
            "unvendored_tests": False}
    path.write_text(json.dumps({"info": INFO, "packages": {"beta": beta}}), encoding="utf-8")
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wheels(tmp_path: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    sources = {
        "alpha": make_wheel(tmp_path / "src", "alpha", "0.1.0",
                            requires=("beta", "jupyterlab-widgets", "native; sys_platform == 'win32'")),
        "beta": make_wheel(tmp_path / "src", "beta", "1.0"),
        "jupyterlab-widgets": make_wheel(tmp_path / "src", "jupyterlab-widgets", "3.0.17"),
    }
    # The compiled wheels hold bytecode only: no .py for pyodide-lock to find an import name in.
    shipped = {name: make_wheel(tmp_path / "pyc", name, wheel.name.split("-")[1],
                                files={f"{name.replace('-', '_')}/__init__.pyc": "bytecode"})
               for name, wheel in sources.items()}
    return sources, shipped


def test_the_lock_lists_the_shipped_wheels_with_their_hashes(tmp_path: Path) -> None:
    source, spec = read_lock(_pyodide_lock(tmp_path), "314.0.6")
    sources, shipped = _wheels(tmp_path)
    lock: dict[str, Any] = lock_for(source, spec, sources, shipped)
    assert lock["info"] == INFO  # Pyodide's info, without the version pyodide-lock needed to read it
    assert list(lock["packages"]) == ["alpha", "beta", "jupyterlab-widgets"]
    alpha = lock["packages"]["alpha"]
    assert alpha["file_name"] == shipped["alpha"].name and alpha["sha256"] == _sha256(shipped["alpha"])
    assert alpha["sha256"] != _sha256(sources["alpha"])
    assert alpha["imports"] == ["alpha"]  # read from the source wheel
    assert alpha["depends"] == ["beta"]  # the extension-only package is shipped but not preloaded; win32 not here
    assert lock["packages"]["beta"]["imports"] == ["beta_module"]  # Pyodide's own lock knows better
    assert lock["packages"]["beta"]["name"] == "beta"
    assert {entry["install_dir"] for entry in lock["packages"].values()} == {"site"}


def test_a_dependency_the_site_does_not_ship_stops_the_build(tmp_path: Path) -> None:
    source, spec = read_lock(_pyodide_lock(tmp_path), "314.0.6")
    sources = {"alpha": make_wheel(tmp_path, "alpha", "0.1.0", requires=("missing-one",))}
    with pytest.raises(SystemExit, match="missing-one"):
        lock_for(source, spec, sources, sources)


def test_the_written_lock_is_sorted_json_and_replaces_the_old_one(tmp_path: Path) -> None:
    source, spec = read_lock(_pyodide_lock(tmp_path), "314.0.6")
    sources, shipped = _wheels(tmp_path)
    target = tmp_path / "site" / "pyodide-lock.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    write_lock(target, lock_for(source, spec, sources, shipped))
    text = target.read_text(encoding="utf-8")
    assert json.loads(text)["packages"]["alpha"]["version"] == "0.1.0"
    assert text.index('"depends"') < text.index('"file_name"')  # keys sorted
    assert [path.name for path in target.parent.iterdir()] == ["pyodide-lock.json"]


def test_a_compiled_wheel_is_repacked_without_sources_and_with_a_true_record(tmp_path: Path) -> None:
    folder = tmp_path / "unpacked"
    (folder / "alpha").mkdir(parents=True)
    (folder / "alpha" / "__init__.py").write_text("VALUE = 1\n")
    (folder / "alpha" / "__init__.pyc").write_bytes(b"compiled")
    (folder / "alpha" / "data.txt").write_text("kept\n")
    (folder / "alpha-0.1.0.dist-info").mkdir()
    (folder / "alpha-0.1.0.dist-info" / "METADATA").write_text("Name: alpha\nVersion: 0.1.0\n")
    (folder / "alpha-0.1.0.dist-info" / "RECORD").write_text("stale\n")
    first, second = tmp_path / "one" / "alpha.whl", tmp_path / "two" / "alpha.whl"
    repack(folder, first, keep_sources=False)
    repack(folder, second, keep_sources=False)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        record = archive.read("alpha-0.1.0.dist-info/RECORD").decode()
        compiled = archive.read("alpha/__init__.pyc")
    assert names == ["alpha/__init__.pyc", "alpha/data.txt", "alpha-0.1.0.dist-info/METADATA",
                     "alpha-0.1.0.dist-info/RECORD"]
    digest = base64.urlsafe_b64encode(hashlib.sha256(compiled).digest()).rstrip(b"=").decode()
    assert f"alpha/__init__.pyc,sha256={digest},{len(compiled)}" in record.splitlines()
    assert record.splitlines()[-1] == "alpha-0.1.0.dist-info/RECORD,,"
    repack(folder, tmp_path / "with-sources.whl", keep_sources=True)
    with zipfile.ZipFile(tmp_path / "with-sources.whl") as archive:
        assert "alpha/__init__.py" in archive.namelist()
