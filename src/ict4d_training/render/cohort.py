"""The cohort as a CSV, a self-contained HTML dashboard and a plain-text summary, for trainers."""

from __future__ import annotations

import csv
import io
from functools import partial

from ict4d_training.core.cohort import BIN_LABELS, CohortResult
from ict4d_training.core.report import AreaScore
from ict4d_training.core.rubric import ELEMENT_KEYS, LESSON_KEYS
from ict4d_training.render.links import NOTE, WHERE, learn_more_url

# A sequential blue scale (safe for colour-blind readers); text colour keeps 4.5:1 contrast.
HEAT_STEPS = ((80, "#08306b", "#ffffff"), (60, "#2171b5", "#ffffff"), (40, "#6baed6", "#000000"),
              (20, "#c6dbef", "#000000"), (0, "#f7fbff", "#000000"))


def heat_colours(value: float) -> tuple[str, str]:
    """(background, text) colours of a heatmap cell for a 0-100 score."""
    return next((background, text) for low, background, text in HEAT_STEPS if value >= low)


def _spreadsheet_safe(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets; trainee text must not be.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _score_cell(area: AreaScore) -> float | str:
    return round(area.score, 1) if area.known else ""


def render_csv(result: CohortResult) -> str:
    """One row per scored design, in file order; scores rounded as in the JSON report."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "title", "overall", "band", *ELEMENT_KEYS, *LESSON_KEYS, "blockers"])
    for entry in result.by_file:
        report = entry.report
        writer.writerow([
            _spreadsheet_safe(entry.file), _spreadsheet_safe(report.title), round(report.overall, 1), report.band,
            # An area the record is silent on is an empty cell, as its score is null in the JSON report.
            *(_score_cell(report.element(key)) for key in ELEMENT_KEYS),
            *(_score_cell(report.lesson(key)) for key in LESSON_KEYS),
            ";".join(blocker.code for blocker in report.blockers),
        ])
    return buffer.getvalue()


def render_cohort_html(result: CohortResult, base_url: str = "", top_gaps: int = 10) -> str:
    """A self-contained dashboard page: inline CSS and SVG, no scripts, fonts or images from elsewhere.

    `base_url` is where the course book is published; with '' the page names each learn-more
    page as text, since a relative link would be dead wherever the file is opened.
    """
    from jinja2 import Environment, PackageLoader

    from ict4d_training.core.rubric import element_labels
    from ict4d_training.render.wording import BAND_COLOURS

    labels = element_labels()

    environment = Environment(loader=PackageLoader("ict4d_training", "render/templates"), autoescape=True)
    band_bars = [{"label": band.replace("_", " "), "count": count, "colour": BAND_COLOURS.get(band, "#444")}
                 for band, count in result.distribution.bands]
    bin_bars = [{"label": label, "count": count, "colour": "#1f6feb"}
                for label, count in zip(BIN_LABELS, result.distribution.bins, strict=True)]
    return environment.get_template("cohort.html.j2").render(
        result=result, link=partial(learn_more_url, base_url), where=WHERE, note="" if base_url else NOTE,
        gaps=result.common_gaps[:top_gaps], labels=labels,
        band_colours=BAND_COLOURS, heat=heat_colours, heat_steps=HEAT_STEPS, band_bars=band_bars, bin_bars=bin_bars,
    )


def render_cohort_text(result: CohortResult, top_gaps: int = 5) -> str:
    """A plain-text summary for the terminal: ranking, element means, distribution, common gaps."""
    scored, bad = len(result.entries), len(result.bad_files)
    lines = [f"Cohort: {result.folder}", f"Scored {scored} of {scored + bad} files"
             + (f"; {bad} could not be scored (problems on stderr and in the dashboard)" if bad else "")]
    if result.entries:
        lines += ["", f"{'rank':>4}  {'overall':>7}  {'band':<12}  {'blockers':>8}  title (file)"]
        for rank, entry in enumerate(result.entries, start=1):
            report = entry.report
            title = report.title if len(report.title) <= 48 else report.title[:47] + "…"
            lines.append(f"{rank:>4}  {report.overall:7.1f}  {report.band.replace('_', ' '):<12}  "
                         f"{len(report.blockers):>8}  {' '.join(title.split())} ({entry.file})")
        lines += ["", f"Mean overall: {result.mean_overall:.1f}", "", "Element means"]
        lines += [f"  {key:<14} {mean:5.1f}" for (key, _), mean in zip(result.elements, result.element_means, strict=True)
                  if mean is not None]
        lines += ["", "Bands: " + ", ".join(f"{band.replace('_', ' ')} {count}"
                                            for band, count in result.distribution.bands)]
        lines.append("Scores: " + ", ".join(f"{label} {count}"
                                            for label, count in zip(BIN_LABELS, result.distribution.bins, strict=True)))
    if result.common_gaps:
        lines += ["", "Most common gaps"]
        lines += [f"  {gap.designs:>4} of {scored}  {gap.criterion} ({gap.element})" for gap in result.common_gaps[:top_gaps]]
    if result.bad_files:
        lines += ["", "Not scored"] + [f"  {bad.file}" for bad in result.bad_files]
    return "\n".join(lines) + "\n"
