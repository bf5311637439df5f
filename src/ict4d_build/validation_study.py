"""The scorer's validation study: real partnerships, coded as at launch, against their evaluations.

The yardstick is `validation/expected-ranking.md`, written before any case was coded or scored;
its table is read as it stands, so the book and the test can only report on that ranking, never
on one revised after seeing scores. `python -m ict4d_build.validation_study` prints the figures.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import combinations
from pathlib import Path

from ict4d_training import default_rubric, load_design, load_rubric, score
from ict4d_training.core.model import Design
from ict4d_training.core.report import ScoreReport

ROOT = Path(__file__).resolve().parents[2] / "validation"
ROW = re.compile(r"^\| *(\d+)=? *\| *(.+?) *\| *(.+?) *\| *([1-5]) *\| *`evidence/([a-z0-9-]+)\.md` *\|$")
# The bands a design at launch should reach for each verdict, if the scorer tells designs apart as the
# evaluations tell the partnerships apart: successes at least "developing", failures below it, and a
# mixed result anywhere from "emerging" to "developing".
EXPECTED_BANDS = {
    5: {"developing", "strong"}, 4: {"developing", "strong"}, 3: {"emerging", "developing"},
    2: {"not_ready", "emerging", "do_not_start"}, 1: {"not_ready", "emerging", "do_not_start"},
}


@dataclass(frozen=True)
class Case:
    slug: str
    name: str
    lead: str
    verdict: int
    design: Design
    report: ScoreReport

    @property
    def banded(self) -> bool:
        """False when the record is too thin for the scorer to give a band at all."""
        return self.report.band != default_rubric().thin_record_band.key  # type: ignore[union-attr]

    @property
    def band_agrees(self) -> bool:
        return self.banded and self.report.band in EXPECTED_BANDS[self.verdict]


@dataclass(frozen=True)
class Agreement:
    cases: tuple[Case, ...]
    spearman: float
    concordant: int
    discordant: int
    tied: int

    @property
    def pairs(self) -> int:
        return self.concordant + self.discordant + self.tied

    @property
    def bands_agreeing(self) -> int:
        return sum(case.band_agrees for case in self.cases)

    @property
    def banded(self) -> int:
        return sum(case.banded for case in self.cases)

    @property
    def distinct_bands(self) -> int:
        return len({case.report.band for case in self.cases})


def expected_ranking(root: Path = ROOT) -> list[tuple[str, str, str, int]]:
    """(slug, name, lead, verdict) for each row of the ranking written before scoring."""
    rows = []
    for line in (root / "expected-ranking.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line.strip())
        if match:
            _, name, lead, verdict, slug = match.groups()
            rows.append((slug, name, lead, int(verdict)))
    return rows


def study(root: Path = ROOT) -> Agreement:
    cases = tuple(_case(root, *row) for row in expected_ranking(root))
    concordant = discordant = tied = 0
    # Pairs the evaluations tell apart: does the better-judged partnership score higher at launch?
    for first, second in combinations(cases, 2):
        if first.verdict == second.verdict:
            continue
        better, worse = (first, second) if first.verdict > second.verdict else (second, first)
        gap = round(better.report.overall, 1) - round(worse.report.overall, 1)
        concordant, discordant, tied = (concordant + (gap > 0), discordant + (gap < 0), tied + (gap == 0))
    spearman = rank_correlation([case.verdict for case in cases], [case.report.overall for case in cases])
    return Agreement(cases, spearman, concordant, discordant, tied)


def _case(root: Path, slug: str, name: str, lead: str, verdict: int) -> Case:
    design = load_design(root / "cases" / f"{slug}.yaml")
    return Case(slug, name, lead, verdict, design, score(design))


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda index: values[index])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            result[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return result


def rank_correlation(first: Sequence[float], second: Sequence[float]) -> float:
    """Spearman's rho: the Pearson correlation of the ranks (correct with ties)."""
    x, y = ranks(first), ranks(second)
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    covariance = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y, strict=True))
    spread = (sum((a - mean_x) ** 2 for a in x) * sum((b - mean_y) ** 2 for b in y)) ** 0.5
    return covariance / spread if spread else 0.0


def verdict_of(case: Case) -> str:
    if not case.banded:
        return "unbanded"
    return "band ok " if case.band_agrees else "band off"


def main() -> None:
    result = study()
    for case in sorted(result.cases, key=lambda case: (-case.verdict, -case.report.overall)):
        report = case.report
        print(f"{case.verdict}  {report.overall:5.1f}  {report.band:<13} coverage {report.coverage:5.1f}  "
              f"{verdict_of(case)}  {case.name}")
    print(f"Spearman rank correlation: {result.spearman:+.2f} ({len(result.cases)} cases)")
    print(f"Pairs told apart by the evaluations: {result.pairs}; scorer agrees on {result.concordant}, "
          f"disagrees on {result.discordant}, ties {result.tied}")
    print(f"Banded: {result.banded} of {len(result.cases)}; as expected: {result.bands_agreeing}")


if __name__ == "__main__":
    main()


def results_table(result: Agreement) -> str:
    """The cases as a Markdown table, best verdict first: what the book page prints."""
    lines = ["| Case | Verdict | Score at launch | Band | Points known | Band as expected |",
             "| --- | --- | --- | --- | --- | --- |"]
    for case in sorted(result.cases, key=lambda case: (-case.verdict, -case.report.overall)):
        report = case.report
        lines.append(f"| {case.name} | {case.verdict} | {report.overall:.1f} | {report.band.replace('_', ' ')} | "
                     f"{report.coverage:.0f} of 100 | {expected_band_cell(case)} |")
    return "\n".join(lines)


def expected_band_cell(case: Case) -> str:
    if not case.banded:
        return "not banded"
    return "yes" if case.band_agrees else "no"


def summary(result: Agreement) -> str:
    """The three agreement figures in a sentence each."""
    return "\n".join([
        f"- **Rank correlation** (Spearman) between the evaluations' verdicts and the scores: "
        f"**{result.spearman:+.2f}** across {len(result.cases)} cases.",
        f"- **Pairs**: of the {result.pairs} pairs of cases the evaluations tell apart, the scorer puts the "
        f"better-judged one higher in **{result.concordant}**, lower in {result.discordant}"
        + (f", level in {result.tied}." if result.tied else "."),
        f"- **Bands**: the record lets the scorer band {result.banded} of the {len(result.cases)} cases; "
        f"{result.bands_agreeing} of them land in a band their verdict leads one to expect.",
    ])


def sensitivity(result: Agreement) -> str:
    """The rank correlation under other readings of a silent record, and under the version 1 rubric."""
    verdicts = [case.verdict for case in result.cases]
    earned = [sum(finding.points for finding in case.report.findings) for case in result.cases]
    # Version 1 had no "not recorded": every silence counted as a gap, as it does here for both rubrics.
    as_absent = [dataclasses.replace(case.design, not_recorded=()) for case in result.cases]
    rubric_v1 = load_rubric(str(resources.files("ict4d_training") / "data" / "rubric-v1.yaml"))
    rows = [
        ("Rubric 2, unknown left out (the headline above)", result.spearman),
        ("Rubric 2, points earned of 100 (unknown counts as 0)", rank_correlation(verdicts, earned)),
        ("Rubric 2, every silence read as absent", rank_correlation(verdicts, [score(d).overall for d in as_absent])),
        ("Rubric 1 (2026.1), every silence read as absent",
         rank_correlation(verdicts, [score(d, rubric_v1).overall for d in as_absent])),
    ]
    return "\n".join(["| Reading | Rank correlation |", "| --- | --- |",
                      *(f"| {label} | {value:+.2f} |" for label, value in rows)])


def criteria_table(result: Agreement) -> str:
    """For each criterion the records settle: in how many cases, and its mean level by verdict."""
    groups: tuple[tuple[str, Callable[[int], bool]], ...] = (
        ("successes (4–5)", lambda verdict: verdict >= 4), ("mixed (3)", lambda verdict: verdict == 3),
        ("failures (1–2)", lambda verdict: verdict <= 2))
    lines = ["| Criterion | Settled in | " + " | ".join(name for name, _ in groups) + " |",
             "| --- | --- | --- | --- | --- |"]
    for criterion in default_rubric().criteria:
        known = [(case.verdict, finding.level) for case in result.cases for finding in case.report.findings
                 if finding.criterion == criterion.id and finding.known]
        cells = []
        for _, belongs in groups:
            levels = [level for verdict, level in known if belongs(verdict)]
            cells.append(f"{sum(levels) / len(levels):.1f} ({len(levels)})" if levels else "–")
        lines.append(f"| {criterion.title} | {len(known)} of {len(result.cases)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
