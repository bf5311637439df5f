"""Folders of files: a trainer's folder of designs or raters' sheets, walked safely."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ict4d_training.core.cohort import (
    DESIGN_SUFFIXES,
    BadFile,
    CohortEntry,
    CohortResult,
    _fail,
    summarise,
)
from ict4d_training.core.errors import InputError, Problem
from ict4d_training.core.health import (
    HealthResult,
    Questionnaire,
    RaterSheet,
    default_questionnaire,
    parse_rater,
    summarise_health,
)
from ict4d_training.core.loader import parse_design
from ict4d_training.core.rubric import Rubric, default_rubric
from ict4d_training.core.scoring import score
from ict4d_training.files.reading import read_source_text


@dataclass(frozen=True)
class FileList:
    """The candidate files of a folder, before any is read; `refused` holds folders that were not entered."""

    folder: Path
    root: Path
    files: tuple[Path, ...]
    refused: tuple[BadFile, ...] = ()


def collect_files(directory: str | os.PathLike[str], recursive: bool = False) -> FileList:
    """The .yaml, .yml and .json files of a folder (and its sub-folders), hidden ones left out."""
    folder = Path(directory)
    try:
        root = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        raise _fail(str(folder), "folder not found") from None
    if not root.is_dir():
        raise _fail(str(folder), "is a file, not a folder of designs")
    files: list[Path] = []
    refused: list[BadFile] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as error:
            if current == folder:
                raise _fail(str(folder), f"folder cannot be read ({error.strerror or error})") from None
            problem = Problem(str(current), None, "", f"folder cannot be read ({error.strerror or error}); "
                                                      "the designs in it were not scored")
            refused.append(BadFile(_relative(current, folder) + "/", (problem,)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files, editors' swap files, our own temporary reports
            path = current / entry.name
            if entry.is_dir(follow_symlinks=False):
                if recursive:
                    pending.append(path)
            elif entry.name.lower().endswith(DESIGN_SUFFIXES):
                files.append(path)
            elif recursive and entry.is_symlink() and entry.is_dir() and not path.resolve().is_relative_to(root):
                # Links to folders are never followed; one that leads outside is worth a word to the trainer.
                problem = Problem(str(path), None, "", f"is a link to the folder {path.resolve()}, outside {root}; not read")
                refused.append(BadFile(_relative(path, folder) + "/", (problem,)))
    files.sort(key=lambda path: path.relative_to(folder).parts)
    return FileList(folder, root, tuple(files), tuple(refused))


def read_inside(path: Path, root: Path) -> str:
    """The text of a file that really lies inside `root`; a link pointing outside is refused unread."""
    source = str(path)
    try:
        target = path.resolve()
    except (OSError, RuntimeError):
        raise _fail(source, "is a link that cannot be followed (it points to itself?); not read") from None
    if not target.is_relative_to(root):
        raise _fail(source, f"is a link to {target}, outside the folder {root}; not read")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        raise _fail(source, "is a link to a file that does not exist") from None
    except OSError as error:
        raise _fail(source, f"cannot be read ({error.strerror or error})") from None
    if not stat.S_ISREG(info.st_mode):
        raise _fail(source, "is not a regular file (a folder, device or pipe); not read")
    try:
        text, _ = read_source_text(target)
    except InputError as error:
        raise type(error)([replace(problem, source=source) for problem in error.problems]) from None
    if "\x00" in text:
        raise _fail(source, "contains NUL bytes: this is a binary file, not a design")
    return text


def score_file(path: Path, root: Path, name: str, rubric: Rubric) -> CohortEntry | BadFile:
    """One file's entry, or the reasons it could not be scored."""
    try:
        return CohortEntry(name, score(parse_design(read_inside(path, root), str(path)), rubric))
    except InputError as error:
        return BadFile(name, error.problems)
    except Exception as error:  # a bug must not cost the trainer the other designs' scores
        message = f"could not be scored: internal error ({type(error).__name__}: {error}); please report it"
        return BadFile(name, (Problem(str(path), None, "", message),))


def score_cohort(directory: str | os.PathLike[str], *, recursive: bool = False, rubric: Rubric | None = None,
                 files: FileList | None = None, on_file: Callable[[], None] | None = None) -> CohortResult:
    """Score every design file in a folder; `on_file` is called after each file (for a progress bar)."""
    listing = files if files is not None else collect_files(directory, recursive)
    rubric = rubric or default_rubric()
    entries: list[CohortEntry] = []
    bad: list[BadFile] = list(listing.refused)
    for path in listing.files:
        outcome = score_file(path, listing.root, _relative(path, listing.folder), rubric)
        if isinstance(outcome, CohortEntry):
            entries.append(outcome)
        else:
            bad.append(outcome)
        if on_file is not None:
            on_file()
    return summarise(str(listing.folder), entries, bad, rubric)


def _relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def check_health(directory: str | os.PathLike[str], *, questionnaire: Questionnaire | None = None,
                 files: FileList | None = None, on_file: Callable[[], None] | None = None,
                 anonymous: bool = False) -> HealthResult:
    """Read every rater file in a folder and sum up the ratings; bad files are listed, not fatal."""
    listing = files if files is not None else collect_files(directory)
    questionnaire = questionnaire or default_questionnaire()
    sheets: list[RaterSheet] = []
    bad: list[BadFile] = list(listing.refused)
    for path in listing.files:
        name = path.relative_to(listing.folder).as_posix()
        try:
            sheets.append(parse_rater(read_inside(path, listing.root), str(path), questionnaire, name))
        except InputError as error:
            bad.append(BadFile(name, error.problems))
        if on_file is not None:
            on_file()
    return summarise_health(str(listing.folder), sheets, bad, questionnaire, anonymous=anonymous)
