"""Helpers shared by the tests split out of test_cli.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ict4d_training.cli.main import app

DESIGNS = Path(__file__).parent / "fixtures" / "designs"
PROBLEM_LINE = re.compile(r"^.+:\d+: [a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*: .+$")
BAD_FIXTURES = ["duplicate-partner-ids.yaml", "unknown-sector.yaml", "typo-in-key.yaml",
                "agreed-by-unknown-partner.yaml", "review-every-100-months.yaml", "duplicate-keys.yaml",
                "duplicate-keys.json", "several-problems.yaml"]
UNLOCATED_BAD_FIXTURES = ["top-level-list.yaml", "alias-bomb.yaml", "tabs-and-syntax-error.yaml"]

runner = CliRunner()


@pytest.fixture(autouse=True)
def no_course_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports as made from an installed package: whether this checkout has a built book must not matter."""
    monkeypatch.setattr("ict4d_training.cli.main.repository_root", lambda: None)
    monkeypatch.setattr("ict4d_training.cli.trainer.repository_root", lambda: None)


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def design(name: str) -> Path:
    return DESIGNS / name


def answers_file(tmp_path: Path, answers: dict[str, str], name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    lines = ["schema_version: 1", "scenario: A test scenario", "answers:"]
    lines += [f"  {key}: {value}" for key, value in answers.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
