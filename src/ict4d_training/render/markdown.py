"""A score report as Markdown, for pasting into a wiki, an issue or a shared document."""

from __future__ import annotations

from ict4d_training.core.report import ScoreReport
from ict4d_training.render.links import NOTE, WHERE, learn_more_url
from ict4d_training.render.wording import UNKNOWN, area_score, band_name, coverage_note


def _md(text: str) -> str:
    # Trainee text must not turn into links, HTML or tables in someone else's page.
    out = text.replace("\\", "\\\\")
    for char in "`*_[]<>|#!":
        out = out.replace(char, "\\" + char)
    return " ".join(out.split())


def _learn_more(base_url: str, target: str) -> str:
    url = learn_more_url(base_url, target)
    return f"[learn more]({url})" if url is not None else f"learn more: `{target}` {WHERE}"


def render_markdown(report: ScoreReport, base_url: str = "") -> str:
    """The report as Markdown; `base_url` is where the course book is published ('' if unknown)."""
    lines = [f"# Score report: {_md(report.title)}", "",
             f"**Overall: {report.overall:.1f} / 100**, band **{band_name(report.band)}**. "
             f"{_md(report.band_meaning)}", ""]
    if coverage_note(report):
        lines += [f"*{coverage_note(report)}*", ""]
    if report.blockers:
        lines += ["## Blockers", ""]
        lines += [f"- **{b.code}**: {_md(b.message)} ({_learn_more(base_url, b.learn_more)})" for b in report.blockers]
        lines.append("")
    lines += ["## Key elements", "", "| Element | Score |", "|---|---|"]
    lines += [f"| {area.key} | {area_score(area)} |" for area in report.elements]
    lines += ["", "## Research lessons", "", "| Lesson | Score |", "|---|---|"]
    lines += [f"| {area.key} | {area_score(area)} |" for area in report.lessons]
    lines += ["", "## Findings", ""]
    for area in report.elements:
        for f in area.findings:
            if not f.known:
                lines.append(f"- `{f.criterion}` ({UNKNOWN}): {_md(f.message)}")
                continue
            status = "met" if f.met else "not met"
            lines.append(f"- `{f.criterion}` ({status}, {f.points:.1f}/{f.max_points:.1f}): {_md(f.message)} "
                         f"({_learn_more(base_url, f.learn_more)})")
    if report.recommendations:
        lines += ["", "## Recommendations", ""]
        lines += [f"{r.priority}. **{r.element}** (+{r.points:.1f}): {_md(r.action)}" for r in report.recommendations]
    if not base_url and any(WHERE in line for line in lines):
        lines += ["", f"*{_md(NOTE)}*"]
    return "\n".join(lines) + "\n"
