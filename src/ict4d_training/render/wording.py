"""The words every report uses for bands, unknown findings and coverage (report version 2).

Text, Markdown and HTML reports, the cohort dashboard and the book all say these the same way,
so they live in one place. Pure Python: the HTML runs in the browser too.
"""

from __future__ import annotations

from ict4d_training.core.report import AreaScore, ScoreReport
from ict4d_training.core.rubric import BLOCKED_BAND, THIN_RECORD_BAND

# An unknown finding is neither met nor a gap: the record is silent, so there is nothing to recommend.
UNKNOWN = "Unknown — not recorded"
BAND_COLOURS = {BLOCKED_BAND: "#7a271a", "not_ready": "#b42318", "emerging": "#b54708", "developing": "#1f6feb",
                "strong": "#067647", THIN_RECORD_BAND: "#475467"}


def band_name(band: str) -> str:
    """A band key as words: 'do_not_start' -> 'do not start'."""
    return band.replace("_", " ")


def coverage_note(report: ScoreReport) -> str:
    """'' when every point could be judged; otherwise how much of the 100 the score rests on."""
    coverage = round(report.coverage, 1)
    if coverage >= 100:
        return ""
    return f"Scored on {coverage:g} of 100 points; the record is silent on the rest."


def area_score(area: AreaScore, spec: str = ".1f") -> str:
    """An element's or lesson's score, or 'unknown' when the record is silent on all of it."""
    return format(area.score, spec) if area.known else "unknown"
