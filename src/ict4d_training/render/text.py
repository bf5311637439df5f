"""A score report as plain text for a terminal: readable without colour or wide screens."""

from __future__ import annotations

import textwrap

from ict4d_training.core.report import ScoreReport
from ict4d_training.render.links import NOTE, WHERE, learn_more_url
from ict4d_training.render.wording import UNKNOWN, area_score, band_name, coverage_note


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent)


def _learn_more(base_url: str, target: str) -> str:
    url = learn_more_url(base_url, target)
    return f"Learn more: {url}" if url is not None else f"Learn more: {target} {WHERE}"


def render_text(report: ScoreReport, base_url: str = "") -> str:
    """The report for a terminal; `base_url` is where the course book is published ('' if unknown)."""
    lines = [report.title, "=" * min(len(report.title), 88),
             f"Overall: {report.overall:.1f} / 100   Band: {band_name(report.band)}"]
    # The band's meaning comes first: for a blocked design it says not to start, whatever the score.
    if report.band_meaning:
        lines.append(_wrap(report.band_meaning, ""))
    if coverage_note(report):
        lines.append(_wrap(coverage_note(report), ""))
    if report.partnership_kind == "ppp":
        lines.append("Partners are only public and private: this is a PPP, not a multi-stakeholder partnership.")
    if report.blockers:
        lines += ["", f"BLOCKERS ({len(report.blockers)}): fix these first"]
        for blocker in report.blockers:
            lines += [f"  ! {blocker.code}", _wrap(blocker.message), f"    {_learn_more(base_url, blocker.learn_more)}"]
    lines += ["", "Key elements                 score   bar"]
    for area in report.elements:
        bar = "#" * round(area.score / 5) if area.known else ""
        lines.append(f"  {area.key:<26} {area_score(area):>5}   {bar}")
    lines += ["", "Research lessons             score"]
    for area in report.lessons:
        lines.append(f"  {area.key:<26} {area_score(area):>5}")
    lines += ["", "Findings (points lost, and why)"]
    for area in report.elements:
        for finding in area.findings:
            if not finding.known:
                # Not a gap: the record is silent, so there is no point lost and nothing to recommend.
                lines += [f"  ?  {finding.criterion:<24} {UNKNOWN}", _wrap(finding.message, "       ")]
                continue
            mark = "ok " if finding.met else "-- "
            lines.append(f"  {mark}{finding.criterion:<24} {finding.points:4.1f} / {finding.max_points:4.1f}")
            if not finding.met:
                lines += [_wrap(finding.message, "       "), f"       {_learn_more(base_url, finding.learn_more)}"]
    if report.recommendations:
        lines += ["", "Top recommendations (most points first)"]
        for item in report.recommendations[:5]:
            lines.append(_wrap(f"{item.priority}. [{item.element}, +{item.points:.1f}] {item.action}", "  "))
    if not base_url and any(WHERE in line for line in lines):
        lines += ["", textwrap.fill(NOTE, width=88)]
    return "\n".join(lines) + "\n"
