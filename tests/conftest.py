"""Shared fixtures and Hypothesis profiles for the ict4d_training suite."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from ict4d_training import Design, load_design

settings.register_profile("default", max_examples=200, deadline=None)
settings.register_profile("ci", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


# What a test needs, read from the fixtures it asks for, so no test can forget its marker and
# `make unit` (-m "not book and not lite and not kernel and not browser") runs only the fast ones.
NEEDS_BY_FIXTURE = {"built_site": "book", "published_site": "book", "lite_site": "lite"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in NEEDS_BY_FIXTURE.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


@pytest.fixture
def fixtures_dir() -> Path:
    """tests/fixtures: designs/ holds one file per case, named for the case."""
    return FIXTURES


@pytest.fixture
def load_fixture() -> Callable[[str], Design]:
    """load_fixture("ppp-only") or load_fixture("strong-multi-stakeholder.json") -> Design."""

    def load(name: str) -> Design:
        path = FIXTURES / "designs" / (name if Path(name).suffix else f"{name}.yaml")
        return load_design(path)

    return load


@pytest.fixture
def strong_design(load_fixture: Callable[[str], Design]) -> Design:
    """Every good practice the rubric looks for: scores strong, no blockers."""
    return load_fixture("strong-multi-stakeholder")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course built once per test session with the strict build (or ICT4D_SITE, if set).

    The book, SCORM and browser tests all read this one build; none of them writes into it.
    """
    from browser_support import build_book

    prebuilt = os.environ.get("ICT4D_SITE")
    if prebuilt:
        return Path(prebuilt)
    return build_book(tmp_path_factory.mktemp("book"))


def _lite_build_missing_reason() -> str | None:
    for module in ("jupyterlite_core", "jupyterlite_pyodide_kernel", "jupytext"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[dev]')"
    if shutil.which("npm") is None and not (ROOT / ".lite-cache" / "npm" / "node_modules" / "pyodide").exists():
        return "npm is missing, and Pyodide is not cached yet (apt-get install -y npm)"
    return None


@pytest.fixture(scope="session")
def lite_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The exercises' JupyterLite site built once per session by scripts/build_lite.py (or
    ICT4D_LITE_SITE, if set). Downloads are cached in .lite-cache/."""
    from browser_support import require

    prebuilt = os.environ.get("ICT4D_LITE_SITE")
    if prebuilt:
        site = Path(prebuilt)
        require(None if (site / "jupyter-lite.json").exists() else f"no JupyterLite build in {site}")
        return site
    require(_lite_build_missing_reason())
    output = tmp_path_factory.mktemp("lite") / "lite"
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_lite.py"), "--output", str(output)],
                            capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    print(f"JupyterLite build: {time.monotonic() - started:.1f} s")
    return output


@pytest.fixture(scope="session")
def published_site(built_site: Path, lite_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course as `make book` lays it out: the book, with the JupyterLite site in its lite/ folder
    (links to the two session builds, so neither is copied)."""
    root = tmp_path_factory.mktemp("published") / "html"
    root.mkdir()
    for entry in built_site.iterdir():
        if entry.name != "lite":
            (root / entry.name).symlink_to(entry)
    (root / "lite").symlink_to(lite_site)
    return root
