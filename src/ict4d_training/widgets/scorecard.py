"""The score report in a notebook: the book's scorecard plus every finding behind the score.

The rubric promises that every point lost is explained; the findings list is where a
trainee reads that explanation and follows the link to the chapter that teaches it.
Everything a trainee typed is escaped: a design is untrusted text.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from ..render.html import scorecard_fragment
from ..report import ScoreReport

KINDS = {
    "single_organisation": ("single organisation", "one organisation is not a partnership: add partners"),
    "single_sector": ("single sector", "all partners come from one sector"),
    "ppp": ("public-private partnership (PPP)", "only public and private partners"),
    "multi_stakeholder": ("multi-stakeholder partnership", "partners from several sectors"),
}
EMPTY_MESSAGE = "No score yet: give the design a title and at least one partner."


def _link(base_url: str, target: str) -> str:
    return f'<a href="{escape(base_url + target, quote=True)}" target="_blank" rel="noopener">Learn more</a>'


def kind_html(report: ScoreReport) -> str:
    name, meaning = KINDS.get(report.partnership_kind, (report.partnership_kind.replace("_", " "), ""))
    return (f'<p class="ict4d-kind" data-kind="{escape(report.partnership_kind, quote=True)}">Partnership kind: '
            f"<strong>{escape(name)}</strong> ({escape(meaning)})</p>")


def findings_html(report: ScoreReport, base_url: str = "") -> str:
    """Every criterion, element by element, unmet first, each with its link to the book."""
    parts = ['<div class="ict4d-findings"><p><strong>Findings, element by element</strong></p>']
    for area in report.elements:
        unmet = sum(not finding.met for finding in area.findings)
        parts.append(f'<details{" open" if unmet else ""}><summary>{escape(area.title)}: '
                     f"<strong>{area.score:.0f}</strong> / 100"
                     f'{f" ({unmet} to improve)" if unmet else ""}</summary><ul>')
        for finding in sorted(area.findings, key=lambda item: item.met):
            mark = ('<span style="color:#067647" aria-label="met">&#10003;</span>' if finding.met
                    else '<span style="color:#b42318" aria-label="not met">&#10007;</span>')
            parts.append(f'<li class="ict4d-finding" data-met="{str(finding.met).lower()}">{mark} '
                         f"<strong>{escape(finding.title or finding.criterion)}</strong> "
                         f"({finding.points:.1f} of {finding.max_points:.1f} points): {escape(finding.message)} "
                         f"{_link(base_url, finding.learn_more)}</li>")
        parts.append("</ul></details>")
    parts.append("</div>")
    return "".join(parts)


def scorecard_html(report: ScoreReport, base_url: str = "", top: int = 5) -> str:
    """Overall and band, blockers before anything else, radar, lessons, recommendations, findings."""
    return (f'<div class="ict4d-scorecard-widget">{kind_html(report)}{scorecard_fragment(report, base_url, top)}'
            f"{findings_html(report, base_url)}</div>")


class ScoreCard:
    """A live scorecard: `update(report)` after every change; `mark_stale` while input is invalid."""

    def __init__(self, report: ScoreReport | None = None, base_url: str = "") -> None:
        self.base_url = base_url
        self.report: ScoreReport | None = None
        self.stale = False
        self._fresh_html = ""
        self.widget = widgets.HTML(value=f"<p>{escape(EMPTY_MESSAGE)}</p>", layout=widgets.Layout(width="100%"))
        if report is not None:
            self.update(report)

    @property
    def html(self) -> str:
        return str(self.widget.value)

    def update(self, report: ScoreReport) -> None:
        if report is self.report and not self.stale:
            return
        self.report = report
        self.stale = False
        self._fresh_html = scorecard_html(report, self.base_url)
        self.widget.value = self._fresh_html

    def mark_stale(self, message: str) -> None:
        """Keep the last valid score visible but greyed, under a message saying why it is old.

        With no valid version yet there is no old score to explain: only "No score yet" is shown.
        """
        self.stale = True
        notice = f'<p class="ict4d-stale-message" role="status" style="color:#b54708"><strong>{escape(message)}</strong></p>'
        if self.report is None:
            value = f"<p>{escape(EMPTY_MESSAGE)}</p>"
        else:
            value = (f'{notice}<div class="ict4d-stale" '
                     f'style="opacity:0.45;filter:grayscale(100%)">{self._fresh_html}</div>')
        if self.widget.value != value:
            self.widget.value = value

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
