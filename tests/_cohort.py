"""Helpers shared by the tests split out of test_cohort.py."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from typer.testing import CliRunner, Result

from ict4d_training.cli.main import app
from ict4d_training.core.rubric import ELEMENT_KEYS, LESSON_KEYS

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
GOOD = sorted(p.name for p in (FIXTURES / "good").iterdir() if p.suffix in (".yaml", ".yml", ".json"))
COLUMNS = ["file", "title", "overall", "band", *ELEMENT_KEYS, *LESSON_KEYS, "blockers"]


def run(*args: str | Path) -> Result:
    """The real `ict4d-training` command line, where cohort and health are registered."""
    return CliRunner().invoke(app, [str(arg) for arg in args])


def copy_bad(folder: Path, name: str) -> Path:
    """One of the bad fixtures, copied into a cohort folder."""
    target = folder / name
    shutil.copy(FIXTURES / "bad" / name, target)
    return target


def add_malformed(folder: Path) -> Path:
    return copy_bad(folder, "malformed-yaml.yaml")


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def link_outside(folder: Path) -> Path:
    """A link inside the cohort folder to a design outside it (never to be read)."""
    outside = folder.parent / "outside-secret.yaml"
    shutil.copy(FIXTURES / "good" / "ppp-only.yaml", outside)
    link = folder / "link-outside.yaml"
    link.symlink_to(outside)
    return link
