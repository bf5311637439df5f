"""The JupyterLite build's wheel resolver and pin reading (ict4d_build.lite.wheels), on fake wheels."""

from __future__ import annotations

from pathlib import Path

import pytest

from _wheels import make_wheel
from ict4d_build.lite import wheels
from ict4d_build.lite.wheels import find_cached, pinned_version, read_pins, resolve_wheels, wheel_metadata

PYODIDE = {"sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32",
           "python_version": "3.14", "python_full_version": "3.14.2", "implementation_name": "cpython",
           "platform_python_implementation": "CPython", "os_name": "posix", "extra": ""}


def test_pins_are_the_exact_versions_of_a_constraints_file() -> None:
    text = """# Every version the course is built and tested with
Jinja2==3.1.6
ruamel.yaml==0.19.1   # a comment
pytest>=8.2
wildcard==1.*
-e .

typing_extensions==4.15.0
"""
    assert read_pins(text) == {"jinja2": "3.1.6", "ruamel-yaml": "0.19.1", "typing-extensions": "4.15.0"}


def test_the_repository_constraints_pin_what_the_browser_needs_beyond_pyodide() -> None:
    pins = read_pins(wheels.CONSTRAINTS.read_text(encoding="utf-8"))
    for name in ("ruamel-yaml", "fastjsonschema", "ipywidgets", "comm", "jupyterlab-widgets"):
        assert name in pins, name


def test_an_unreadable_constraint_stops_the_build() -> None:
    with pytest.raises(SystemExit, match="cannot read 'not a requirement!'"):
        read_pins("not a requirement!\n")


def test_pyodide_lock_pins_first_then_the_constraints() -> None:
    lock = {"beta": {"version": "1.0"}}
    pins = {"beta": "2.0", "gamma": "3.1"}
    assert pinned_version("beta", lock, pins) == "1.0"
    assert pinned_version("gamma", lock, pins) == "3.1"
    with pytest.raises(SystemExit, match=r"delta is pinned neither by Pyodide's lock nor in constraints\.txt"):
        pinned_version("delta", lock, pins)


def test_metadata_and_the_cached_wheel_of_a_version(tmp_path: Path) -> None:
    old = make_wheel(tmp_path, "gamma", "3.1", requires=("beta>=1",))
    new = make_wheel(tmp_path, "gamma", "3.2")
    assert wheel_metadata(old) == ("gamma", "3.1", ["beta>=1"])
    assert find_cached(tmp_path, "gamma", "3.1") == old
    assert find_cached(tmp_path, "gamma") == new
    assert find_cached(tmp_path, "gamma", "4.0") is None


def test_the_closure_takes_pinned_versions_not_the_newest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    own = make_wheel(tmp_path / "own", "alpha", "0.1.0",
                     requires=("beta>=1", "gamma", "native-speedup; sys_platform != 'emscripten'",
                               "docs-tool; extra == 'docs'"))
    make_wheel(cache, "beta", "1.0")
    make_wheel(cache, "beta", "2.0")
    gamma = make_wheel(cache, "gamma", "3.1", requires=("delta",))
    make_wheel(cache, "gamma", "3.2")
    downloads: list[list[str]] = []

    def fake_download(specs: list[str], folder: Path, python_version: str) -> None:
        downloads.append(specs)
        assert python_version == "3.14"
        for spec in specs:
            name, version = spec.split("==")
            make_wheel(folder, name, version)

    monkeypatch.setattr(wheels, "pip_download", fake_download)
    found = resolve_wheels(cache, {"alpha": own}, {"beta": {"version": "1.0"}}, {"beta": "2.0", "gamma": "3.1",
                           "delta": "5.5"}, PYODIDE, roots=("alpha",))
    assert found["alpha"] == own and found["gamma"] == gamma
    assert found["beta"].name == "beta-1.0-py3-none-any.whl"  # Pyodide's lock pins it
    assert found["delta"].name == "delta-5.5-py3-none-any.whl"
    assert downloads == [["delta==5.5"]]  # only what the cache lacks, at its pin
    assert set(found) == {"alpha", "beta", "gamma", "delta"}  # no native-speedup, no docs extra


def test_a_dependency_pinned_nowhere_stops_the_build(tmp_path: Path) -> None:
    own = make_wheel(tmp_path / "own", "alpha", "0.1.0", requires=("mystery",))
    with pytest.raises(SystemExit, match="mystery is pinned neither"):
        resolve_wheels(tmp_path / "cache", {"alpha": own}, {}, {}, PYODIDE, roots=("alpha",))
