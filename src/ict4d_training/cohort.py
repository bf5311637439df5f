"""Score every design in a folder and sum up the cohort, for trainers.

The logic (collect the files, score them, aggregate the cohort) is pure and returns frozen
objects; `render.cohort` formats them (CSV, HTML dashboard, plain-text summary). A bad file
never stops a cohort: it becomes a `BadFile` carrying the problems that explain it, and the
other files are scored.
"""

from __future__ import annotations

import os
import stat
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ._documents import read_source_text
from .errors import DesignError, Problem
from .loader import parse_design
from .report import Finding, ScoreReport
from .rubric import BAND_ORDER, Rubric, default_rubric
from .scoring import score

DESIGN_SUFFIXES = (".yaml", ".yml", ".json")
BIN_LABELS = tuple(f"{low}-{low + 9}" if low < 90 else "90-100" for low in range(0, 100, 10))


@dataclass(frozen=True)
class BadFile:
    """A file that could not be used, with every problem found in it."""

    file: str
    problems: tuple[Problem, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """The problems as the CLI prints them: `FILE:LINE: field.path: what is wrong`."""
        return tuple(str(problem) for problem in self.problems)


@dataclass(frozen=True)
class FileList:
    """The candidate files of a folder, before any is read; `refused` holds folders that were not entered."""

    folder: Path
    root: Path
    files: tuple[Path, ...]
    refused: tuple[BadFile, ...] = ()


@dataclass(frozen=True)
class CohortEntry:
    file: str
    report: ScoreReport


@dataclass(frozen=True)
class CommonGap:
    """A criterion that designs of the cohort do not meet."""

    criterion: str
    title: str
    element: str
    learn_more: str
    designs: int
    share: float
    mean_points_lost: float


@dataclass(frozen=True)
class Distribution:
    bands: tuple[tuple[str, int], ...]
    bins: tuple[int, ...]


@dataclass(frozen=True)
class CohortResult:
    """A scored cohort: entries ranked best first, bad files in file order."""

    folder: str
    entries: tuple[CohortEntry, ...]
    bad_files: tuple[BadFile, ...]
    common_gaps: tuple[CommonGap, ...]
    distribution: Distribution
    elements: tuple[tuple[str, str], ...]
    element_means: tuple[float | None, ...]

    @property
    def all_scored(self) -> bool:
        return not self.bad_files

    @property
    def by_file(self) -> tuple[CohortEntry, ...]:
        return tuple(sorted(self.entries, key=lambda entry: entry.file))

    @property
    def mean_overall(self) -> float | None:
        return statistics.fmean(e.report.overall for e in self.entries) if self.entries else None


# --- logic -----------------------------------------------------------------------------


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
    except DesignError as error:
        raise DesignError([replace(problem, source=source) for problem in error.problems]) from None
    if "\x00" in text:
        raise _fail(source, "contains NUL bytes: this is a binary file, not a design")
    return text


def score_file(path: Path, root: Path, name: str, rubric: Rubric) -> CohortEntry | BadFile:
    """One file's entry, or the reasons it could not be scored."""
    try:
        return CohortEntry(name, score(parse_design(read_inside(path, root), str(path)), rubric))
    except DesignError as error:
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


def summarise(folder: str, entries: Sequence[CohortEntry], bad_files: Sequence[BadFile],
              rubric: Rubric) -> CohortResult:
    """Rank the entries and compute the cohort's gaps, distribution and element means."""
    # Equal scores (to float noise) rank by file name, so the order never depends on rounding.
    ranked = tuple(sorted(entries, key=lambda entry: (-round(entry.report.overall, 6), entry.file)))
    means = tuple(statistics.fmean(entry.report.element(element.key).score for entry in ranked) if ranked else None
                  for element in rubric.elements)
    return CohortResult(
        folder=folder, entries=ranked, bad_files=tuple(sorted(bad_files, key=lambda bad: bad.file)),
        common_gaps=common_gaps(ranked), distribution=distribution(ranked),
        elements=tuple((element.key, element.title) for element in rubric.elements), element_means=means,
    )


def common_gaps(entries: Sequence[CohortEntry]) -> tuple[CommonGap, ...]:
    """Criteria unmet by the most designs first; ties by points lost, then in rubric order."""
    unmet: dict[str, list[float]] = {}
    first: dict[str, Finding] = {}
    for entry in entries:
        for finding in entry.report.findings:
            first.setdefault(finding.criterion, finding)
            if not finding.met:
                unmet.setdefault(finding.criterion, []).append(finding.recoverable)
    order = list(first)
    gaps = [CommonGap(criterion=key, title=first[key].title, element=first[key].element,
                      learn_more=first[key].learn_more, designs=len(lost), share=len(lost) / len(entries),
                      mean_points_lost=statistics.fmean(lost))
            for key, lost in unmet.items()]
    return tuple(sorted(gaps, key=lambda gap: (-gap.designs, -round(gap.mean_points_lost, 6), order.index(gap.criterion))))


def distribution(entries: Sequence[CohortEntry]) -> Distribution:
    """Designs per band (in band order) and per 10 points of overall score (100 counts in 90-100)."""
    bands = {band: 0 for band in BAND_ORDER}
    bins = [0] * 10
    for entry in entries:
        bands[entry.report.band] = bands.get(entry.report.band, 0) + 1
        # Binned as displayed (one decimal), so a design shown as 80.0 is never counted in 70-79.
        bins[min(max(int(round(entry.report.overall, 1) // 10), 0), 9)] += 1
    return Distribution(tuple(bands.items()), tuple(bins))


def _relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def _fail(source: str, message: str) -> DesignError:
    return DesignError([Problem(source, None, "", message)])
