"""Shared fixtures and Hypothesis profiles for the ict4d_training suite."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from _scorm import ADLCP, HARNESS, IMSCP, IN_CI, KC_FORM, SCORM_AGAIN
from ict4d_build import scorm as build_scorm
from ict4d_build.browser import chromium, chromium_missing_reason, serve
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
    from _browser import build_book

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
    """The exercises' JupyterLite site built once per session by `python -m ict4d_build.lite` (or
    ICT4D_LITE_SITE, if set). Downloads are cached in .lite-cache/."""
    from _browser import require

    prebuilt = os.environ.get("ICT4D_LITE_SITE")
    if prebuilt:
        site = Path(prebuilt)
        require(None if (site / "jupyter-lite.json").exists() else f"no JupyterLite build in {site}")
        return site
    require(_lite_build_missing_reason())
    output = tmp_path_factory.mktemp("lite") / "lite"
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "ict4d_build.lite", "--output", str(output)],
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


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    """A folder of designs for the cohort tests: a copy of tests/fixtures/cohort/good (six at the top,
    one in sub/), to add bad files to."""
    target = tmp_path / "cohort"
    shutil.copytree(ROOT / "tests" / "fixtures" / "cohort" / "good", target)
    return target


# --- the SCORM package and the stand-in LMS (test_scorm*.py), built once per session -------------

@pytest.fixture(scope="session")
def site(built_site: Path) -> Path:
    return Path(os.environ["ICT4D_SCORM_SITE"]) if os.environ.get("ICT4D_SCORM_SITE") else built_site


@pytest.fixture(scope="session")
def package(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    summary: dict[str, Any] = build_scorm.build(site, tmp_path_factory.mktemp("scorm") / "course.zip")
    chapters = build_scorm.read_chapters(site, ROOT / "_toc.yml")
    questions, _ = build_scorm.read_questions(site, chapters)
    where = {qid: page for chapter in chapters for page in chapter.pages
             for qid in KC_FORM.findall((site / page).read_text(encoding="utf-8"))}
    return {**summary, "chapters": chapters, "questions": questions, "where": where}


@pytest.fixture(scope="session")
def archive(package: dict[str, Any]) -> Iterator[zipfile.ZipFile]:
    with zipfile.ZipFile(package["zip"]) as opened:
        yield opened


# Per module, not per session: a sync Playwright left open would stop the next module starting its own.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = chromium_missing_reason()
    if reason and IN_CI:
        pytest.fail(f"CI must run the browser tests: {reason}")
    if reason:
        pytest.skip(reason)
    with chromium() as opened:
        yield opened


@pytest.fixture(scope="session")
def runtime() -> Path:
    """scorm-again's SCORM 1.2 run-time (dist/scorm12.min.js), installed with npm once and cached.

    The cache is outside the repository: the book build would read the package's Markdown files.
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "ict4d-training" / SCORM_AGAIN.replace("@", "-")
    script = folder / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            if IN_CI:
                pytest.fail("npm is needed to install scorm-again")
            pytest.skip("npm is not installed")
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run([npm, "install", "--prefix", str(folder), "--no-save", "--no-package-lock",
                                 "--no-audit", "--no-fund", "--loglevel=error", SCORM_AGAIN],
                                capture_output=True, text=True)
        assert result.returncode == 0 and script.is_file(), result.stdout + result.stderr
    return script


@pytest.fixture(scope="session")
def lms(package: dict[str, Any], runtime: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a folder holding the stand-in LMS page and, under package/, the unzipped course."""
    root = tmp_path_factory.mktemp("lms")
    shutil.copy2(HARNESS / "index.html", root / "index.html")
    shutil.copy2(runtime, root / "scorm12.min.js")
    with zipfile.ZipFile(package["zip"]) as opened:
        opened.extractall(root / "package")
    # A package split into one item per chapter, each item a page that only talks to the LMS: the
    # shape that lost the work of learners who read first, kept to check the stand-in LMS itself.
    split = root / "split"
    split.mkdir()
    (split / "item.html").write_text("<!DOCTYPE html><title>item</title><p>An item.</p>", encoding="utf-8")
    items = "".join(f'<item identifier="ITEM-{n}" identifierref="RES" parameters="?chapter={n}"><title>{n}</title>'
                    "<adlcp:masteryscore>80</adlcp:masteryscore></item>" for n in (1, 2))
    (split / "imsmanifest.xml").write_text(
        f'<?xml version="1.0"?><manifest xmlns="{IMSCP[1:-1]}" xmlns:adlcp="{ADLCP[1:-1]}" identifier="split">'
        f'<organizations default="ORG"><organization identifier="ORG"><title>Split</title>{items}</organization>'
        '</organizations><resources><resource identifier="RES" type="webcontent" adlcp:scormtype="sco" '
        'href="item.html"><file href="item.html"/></resource></resources></manifest>', encoding="utf-8")
    with serve(root) as base:
        yield base
