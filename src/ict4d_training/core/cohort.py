"""Score every design in a folder and sum up the cohort, for trainers.

The logic (collect the files, score them, aggregate the cohort) is pure and returns frozen
objects; `render.cohort` formats them (CSV, HTML dashboard, plain-text summary). A bad file
never stops a cohort: it becomes a `BadFile` carrying the problems that explain it, and the
other files are scored.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ict4d_training.core.errors import InputError, Problem
from ict4d_training.core.report import AreaScore, Finding, ScoreReport
from ict4d_training.core.rubric import BAND_ORDER, BLOCKED_BAND, Rubric

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










def summarise(folder: str, entries: Sequence[CohortEntry], bad_files: Sequence[BadFile],
              rubric: Rubric) -> CohortResult:
    """Rank the entries and compute the cohort's gaps, distribution and element means."""
    # Equal scores (to float noise) rank by file name, so the order never depends on rounding.
    ranked = tuple(sorted(entries, key=lambda entry: (-round(entry.report.overall, 6), entry.file)))
    means = tuple(_known_mean(entry.report.element(element.key) for entry in ranked) for element in rubric.elements)
    blocked = rubric.blocked_band.key if rubric.blocked_band is not None else BLOCKED_BAND
    return CohortResult(
        folder=folder, entries=ranked, bad_files=tuple(sorted(bad_files, key=lambda bad: bad.file)),
        common_gaps=common_gaps(ranked), distribution=distribution(ranked, blocked),
        elements=tuple((element.key, element.title) for element in rubric.elements), element_means=means,
    )


def _known_mean(areas: Iterable[AreaScore]) -> float | None:
    # An element a design's record is silent on is left out of the mean, not counted as a zero.
    scores = [area.score for area in areas if area.known]
    return statistics.fmean(scores) if scores else None


def common_gaps(entries: Sequence[CohortEntry]) -> tuple[CommonGap, ...]:
    """Criteria unmet by the most designs first; ties by points lost, then in rubric order.

    An unknown finding (the record is silent) is not a gap, so it is not counted.
    """
    unmet: dict[str, list[float]] = {}
    first: dict[str, Finding] = {}
    for entry in entries:
        for finding in entry.report.findings:
            first.setdefault(finding.criterion, finding)
            if finding.known and not finding.met:
                unmet.setdefault(finding.criterion, []).append(finding.recoverable)
    order = list(first)
    gaps = [CommonGap(criterion=key, title=first[key].title, element=first[key].element,
                      learn_more=first[key].learn_more, designs=len(lost), share=len(lost) / len(entries),
                      mean_points_lost=statistics.fmean(lost))
            for key, lost in unmet.items()]
    return tuple(sorted(gaps, key=lambda gap: (-gap.designs, -round(gap.mean_points_lost, 6), order.index(gap.criterion))))


def distribution(entries: Sequence[CohortEntry], blocked_band: str = BLOCKED_BAND) -> Distribution:
    """Designs per band, lowest first, and per 10 points of overall score (100 counts in 90-100).

    The blocked band (do_not_start) comes first, below every score band: a design with a blocker
    gets it whatever its score. A version 1 rubric never gives it, so its count stays 0.
    """
    bands = {band: 0 for band in (blocked_band, *BAND_ORDER)}
    bins = [0] * 10
    for entry in entries:
        bands[entry.report.band] = bands.get(entry.report.band, 0) + 1
        # Binned as displayed (one decimal), so a design shown as 80.0 is never counted in 70-79.
        bins[min(max(int(round(entry.report.overall, 1) // 10), 0), 9)] += 1
    return Distribution(tuple(bands.items()), tuple(bins))




def _fail(source: str, message: str) -> InputError:
    return InputError([Problem(source, None, "", message)])
