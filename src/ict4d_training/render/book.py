"""Tables and scorecards the book prints from the package's own data during its build.

Pages call these from hidden code cells, so the rubric tables and case scorecards in the
book are always the ones the scorer uses. Each returns an object Jupyter shows as
Markdown or HTML; no IPython import is needed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ict4d_training.core.rubric import Rubric, default_rubric
from ict4d_training.core.scoring import score
from ict4d_training.files.loading import load_design
from ict4d_training.render.markup import text as html_text
from ict4d_training.render.wording import area_score


@dataclass(frozen=True)
class Markdown:
    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Html:
    text: str

    def _repr_html_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def criteria_table(element_key: str, rubric: Rubric | None = None) -> Markdown:
    """The criteria of one element with their level descriptors."""
    rubric = rubric or default_rubric()
    lines = [f"The element is worth **{rubric.element_points(element_key):.0f} of 100 points**.", ""]
    names = rubric.level_names
    lines.append("| Criterion | Points | " + " | ".join(f"{level} {names[level]}" for level in range(4)) + " |")
    lines.append("|---|---|" + "---|" * 4)
    for criterion in rubric.criteria_for(element_key):
        cells = [_cell(criterion.levels.get(level, "(not distinguished)")) for level in range(4)]
        lessons = ", ".join(lesson.replace("_", " ") for lesson in criterion.lessons)
        lines.append(f"| **{_cell(criterion.title)}** (`{criterion.id}`; informs: {lessons}) | "
                     f"{rubric.max_points(criterion.id):.1f} | " + " | ".join(cells) + " |")
    return Markdown("\n".join(lines))


def elements_table(rubric: Rubric | None = None) -> Markdown:
    """Element weights, in the note's order."""
    rubric = rubric or default_rubric()
    lines = ["| # | Key element | Key | Points of 100 | Criteria |", "|---|---|---|---|---|"]
    for number, element in enumerate(rubric.elements, start=1):
        lines.append(f"| {number} | {_cell(element.title)} | `{element.key}` | {rubric.element_points(element.key):.0f} | "
                     f"{len(rubric.criteria_for(element.key))} |")
    return Markdown("\n".join(lines))


def lessons_table(rubric: Rubric | None = None) -> Markdown:
    """Which criteria inform each of the six lessons."""
    rubric = rubric or default_rubric()
    lines = ["| Lesson | Key | Criteria that inform it |", "|---|---|---|"]
    for lesson in rubric.lessons:
        ids = ", ".join(f"`{c.id}`" for c in rubric.criteria if lesson.key in c.lessons)
        lines.append(f"| {_cell(lesson.title)} | `{lesson.key}` | {ids} |")
    return Markdown("\n".join(lines))


def bands_table(rubric: Rubric | None = None) -> Markdown:
    rubric = rubric or default_rubric()
    lines = ["| Band | From score | What it means |", "|---|---|---|"]
    for band in sorted(rubric.bands, key=lambda band: -band.min):
        lines.append(f"| `{band.key}` | {band.min:.0f} | {_cell(band.meaning)} |")
    if rubric.blocked_band is not None:
        lines.append(f"| `{rubric.blocked_band.key}` | any score, with a blocker | {_cell(rubric.blocked_band.meaning)} |")
    if rubric.thin_record_band is not None:
        thin = rubric.thin_record_band
        lines.append(f"| `{thin.key}` | any score, for an analysis of a past partnership whose record covers fewer "
                     f"than {thin.min:.0f} of the 100 points | {_cell(thin.meaning)} |")
    return Markdown("\n".join(lines))


def blockers_table(rubric: Rubric | None = None) -> Markdown:
    rubric = rubric or default_rubric()
    if rubric.blocked_band is not None:
        # Rubric format 2: a blocked design gets its own band, whatever its score.
        intro = (f"A design with a blocker gets the band `{rubric.blocked_band.key}`, whatever its score: "
                 f"{_cell(rubric.blocked_band.meaning)}")
    else:
        intro = f"A design with a blocker is never banded above `{rubric.blocked_band_cap}`."
    lines = [intro, "", "| Blocker | What it means, and what lifts it |", "|---|---|"]
    for blocker in rubric.blockers:
        lines.append(f"| `{blocker.code}` | {_cell(blocker.message)} |")
    return Markdown("\n".join(lines))


def case_scorecard(path: str | os.PathLike[str], base_url: str = "../../") -> Html:
    """A compact scorecard of a case-study design, for its page.

    Learn-more links are relative to the book's root; case pages sit two folders below it.
    """
    from ict4d_training.render.html import scorecard_fragment

    return Html(scorecard_fragment(score(load_design(path)), base_url=base_url))


def case_comparison(folder: str | os.PathLike[str]) -> Markdown:
    """Every case's element scores side by side, from the designs themselves."""
    rubric = default_rubric()
    rows = []
    for design_path in sorted(Path(folder).glob("*/design.yaml")):
        report = score(load_design(design_path), rubric)
        rows.append((design_path.parent.name, report))
    header = "| Case | Overall | Band | " + " | ".join(e.key for e in rubric.elements) + " |"
    lines = [header, "|---|---|---|" + "---|" * len(rubric.elements)]
    for name, report in rows:
        cells = " | ".join(area_score(area, ".0f") for area in report.elements)
        lines.append(f"| {{doc}}`{html_text(report.title)} <{name}/index>` | {report.overall:.0f} | "
                     f"{report.band.replace('_', ' ')} | {cells} |")
    return Markdown("\n".join(lines))


def case_advice(path: str | os.PathLike[str]) -> Markdown:
    """The decision aid's verdict on a case's answers file."""
    from ict4d_training.files.loading import load_answers

    return advice_markdown(load_answers(path))


def advice_markdown(answers: dict[str, str]) -> Markdown:
    """The decision aid's recommendation, points, reasons and checks, as a reader sees them."""
    from ict4d_training.core.advice import advise
    from ict4d_training.render.advice import render_advice_markdown

    return Markdown(render_advice_markdown(advise(answers)))
