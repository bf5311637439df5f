"""The cohort command (ict4d-training cohort): exit codes, reports written, interrupted writes."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from _cohort import COLUMNS, FIXTURES, GOOD, add_malformed, link_outside, rows_of, run
from ict4d_training.cli.trainer import PROGRESS_MIN_FILES, _progress

# --- the command -------------------------------------------------------------------------


def test_command_exit_0_writes_both_reports_and_prints_a_summary(cohort: Path, tmp_path: Path) -> None:
    csv_path, html_path = tmp_path / "out" / "cohort.csv", tmp_path / "out" / "cohort.html"
    csv_path.parent.mkdir()
    result = run("cohort", cohort, "--csv", csv_path, "--html", html_path)
    assert result.exit_code == 0, result.output
    assert rows_of(csv_path.read_text(encoding="utf-8"))[0].keys() == set(COLUMNS)
    assert len(rows_of(csv_path.read_text(encoding="utf-8"))) == len(GOOD)
    assert "Cohort dashboard" in html_path.read_text(encoding="utf-8")
    assert f"Scored {len(GOOD)} of {len(GOOD)} files" in result.stdout
    assert "Wrote" not in result.stdout and f"Wrote {csv_path}" in result.stderr
    assert sorted(csv_path.parent.iterdir()) == [csv_path, html_path]  # no temporary files left behind


def test_command_exit_2_lists_bad_files_and_still_writes_reports(cohort: Path, tmp_path: Path) -> None:
    add_malformed(cohort)
    link_outside(cohort)
    csv_path, html_path = tmp_path / "cohort.csv", tmp_path / "cohort.html"
    result = run("cohort", cohort, "--csv", csv_path, "--html", html_path)
    assert result.exit_code == 2
    assert f"{cohort / 'malformed-yaml.yaml'}:3: title: the quote (\") that opens this text" in result.stderr
    assert "link-outside.yaml: is a link to" in result.stderr
    assert "Traceback" not in result.output
    assert len(rows_of(csv_path.read_text(encoding="utf-8"))) == len(GOOD)
    assert "link-outside.yaml" in html_path.read_text(encoding="utf-8")
    assert "2 could not be scored" in result.stdout


def test_command_recursive(cohort: Path, tmp_path: Path) -> None:
    flat = run("cohort", cohort, "--csv", tmp_path / "flat.csv")
    deep = run("cohort", cohort, "--recursive", "--csv", tmp_path / "deep.csv")
    assert flat.exit_code == deep.exit_code == 0
    assert "sub/nested-design.yaml" not in (tmp_path / "flat.csv").read_text(encoding="utf-8")
    assert "sub/nested-design.yaml" in (tmp_path / "deep.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(("setup", "message"), [
    (lambda tmp: tmp / "no-such-folder", "folder not found"),
    (lambda tmp: tmp, "no .yaml, .yml or .json design files found (use --recursive"),
])
def test_command_exit_2_with_one_line_when_there_is_nothing_to_score(
        tmp_path: Path, setup: Callable[[Path], Path], message: str) -> None:
    (tmp_path / "readme.txt").write_text("not a design", encoding="utf-8")
    result = run("cohort", setup(tmp_path), "--html", tmp_path / "report.html")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert not (tmp_path / "report.html").exists()


def test_interrupted_write_leaves_the_previous_report(cohort: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    csv_path, html_path = tmp_path / "cohort.csv", tmp_path / "cohort.html"
    csv_path.write_text("the previous CSV\n", encoding="utf-8")
    html_path.write_text("<p>the previous dashboard</p>\n", encoding="utf-8")

    def failing_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run("cohort", cohort, "--csv", csv_path, "--html", html_path)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert csv_path.read_text(encoding="utf-8") == "the previous CSV\n"
    assert html_path.read_text(encoding="utf-8") == "<p>the previous dashboard</p>\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cohort", "cohort.csv", "cohort.html"]


def test_many_files_keep_stdout_clean(tmp_path: Path) -> None:
    design = (FIXTURES / "good" / "ppp-only.yaml").read_text(encoding="utf-8")
    for index in range(30):
        (tmp_path / f"group-{index:02}.yaml").write_text(design.replace("(public-private only)", f"group {index}"),
                                                         encoding="utf-8")
    result = run("cohort", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Cohort: {tmp_path}\nScored 30 of 30 files\n")
    assert "[" not in result.stdout.split("\n", 3)[2]  # no progress bar in the summary


def test_progress_bar_goes_to_stderr_and_only_in_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _progress(PROGRESS_MIN_FILES + 1, "Scoring designs") as advance:
        for _ in range(PROGRESS_MIN_FILES + 1):
            advance()
    assert "Scoring designs" in terminal.getvalue() and "100%" in terminal.getvalue()
    assert capsys.readouterr().out == ""
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    with _progress(PROGRESS_MIN_FILES, "Scoring designs") as advance:
        advance()
    assert quiet.getvalue() == ""


def test_command_uses_a_trainers_rubric(cohort: Path, tmp_path: Path) -> None:
    rubric = tmp_path / "bad-rubric.yaml"
    rubric.write_text("schema_version: 1\n", encoding="utf-8")
    result = run("cohort", cohort, "--rubric", rubric)
    assert result.exit_code == 2
    assert "missing required field" in result.stderr
