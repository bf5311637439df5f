"""The cohort dashboard with bad files: each kind is reported, and the others are still scored."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from _cohort import FIXTURES, GOOD, add_malformed, copy_bad, link_outside
from ict4d_training import Design, Rubric, ScoreReport
from ict4d_training.core.documents import MAX_BYTES
from ict4d_training.files.folders import score_cohort

# --- bad files: each kind is reported, and the others are still scored ---------------------


def _invalid(folder: Path) -> Path:
    return copy_bad(folder, "invalid-design.yaml")


def _too_big(folder: Path) -> Path:
    path = folder / "too-big.yaml"
    path.write_text("schema_version: 1\n# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    return path


def _binary(folder: Path) -> Path:
    path = folder / "photo.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def _nul_bytes(folder: Path) -> Path:
    path = folder / "nul.json"
    path.write_bytes(b'{"schema_version": 1, "title": "a\x00b"}')
    return path


def _dangling_link(folder: Path) -> Path:
    link = folder / "dangling.yaml"
    link.symlink_to(folder / "no-such-file.yaml")
    return link


def _looping_link(folder: Path) -> Path:
    link = folder / "loop.yaml"
    link.symlink_to(link)
    return link


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


BAD_KINDS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "malformed YAML": (add_malformed, "the quote (\") that opens this text is never closed"),
    "invalid design": (_invalid, "did you mean 'champion'?"),
    "over 1 MB": (_too_big, "larger than 1 MB"),
    "binary bytes": (_binary, "not UTF-8"),
    "NUL bytes": (_nul_bytes, "binary file"),
    "symlink outside": (link_outside, "outside the folder"),
    "dangling symlink": (_dangling_link, "does not exist"),
    "symlink loop": (_looping_link, "cannot be followed"),
    "named pipe": (_fifo, "not a regular file"),
}


@pytest.mark.parametrize("kind", list(BAD_KINDS))
def test_each_kind_of_bad_file_is_reported_and_the_rest_scored(cohort: Path, kind: str) -> None:
    make, reason = BAD_KINDS[kind]
    bad = make(cohort)
    result = score_cohort(cohort)
    assert [entry.file for entry in sorted(result.entries, key=lambda e: e.file)] == GOOD
    assert [item.file for item in result.bad_files] == [bad.name]
    assert reason in "\n".join(result.bad_files[0].reasons)
    assert result.bad_files[0].reasons[0].startswith(str(bad))
    assert not result.all_scored


def test_alink_outside_is_refused_without_being_read(cohort: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    link = link_outside(cohort)
    opened: list[str] = []
    real_open = open

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy_open)
    score_cohort(cohort)
    assert any(name.endswith("ppp-only.yaml") for name in opened)  # the spy sees the files that are read
    assert str(link.resolve()) not in opened
    assert not any("outside-secret" in name for name in opened)


def test_a_symlink_to_a_file_inside_the_folder_is_scored(cohort: Path) -> None:
    (cohort / "alias.yaml").symlink_to(cohort / "ppp-only.yaml")
    result = score_cohort(cohort)
    assert result.all_scored
    assert "alias.yaml" in [entry.file for entry in result.entries]


def test_an_unreadable_file_is_reported(cohort: Path) -> None:
    path = cohort / "locked.yaml"
    shutil.copy(FIXTURES / "good" / "ppp-only.yaml", path)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user (root?) who can read a chmod 000 file")
        result = score_cohort(cohort)
        assert [bad.file for bad in result.bad_files] == ["locked.yaml"]
        assert "cannot be read" in result.bad_files[0].reasons[0]
        assert len(result.entries) == len(GOOD)
    finally:
        path.chmod(0o644)


def test_a_permission_error_is_reported_even_when_running_as_root(cohort: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open

    def refusing_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("ppp-only.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", refusing_open)
    result = score_cohort(cohort)
    assert [bad.reasons for bad in result.bad_files] == [(f"{cohort / 'ppp-only.yaml'}: cannot be read (Permission denied)",)]
    assert len(result.entries) == len(GOOD) - 1


def test_an_internal_error_costs_only_its_own_file(cohort: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ict4d_training.files.folders as cohort_module

    real_score = cohort_module.score

    def fragile_score(design: Design, rubric: Rubric | None = None) -> ScoreReport:
        if design.title == "A minimal design":
            raise ZeroDivisionError("division by zero")
        return real_score(design, rubric)

    monkeypatch.setattr(cohort_module, "score", fragile_score)
    result = score_cohort(cohort)
    assert [bad.file for bad in result.bad_files] == ["minimal-valid.yml"]
    assert "internal error (ZeroDivisionError: division by zero)" in result.bad_files[0].reasons[0]
    assert len(result.entries) == len(GOOD) - 1


def test_all_kinds_at_once_are_all_reported(cohort: Path) -> None:
    made = sorted(make(cohort).name for make, _ in BAD_KINDS.values())
    result = score_cohort(cohort)
    assert [bad.file for bad in result.bad_files] == made
    assert len(result.entries) == len(GOOD)
