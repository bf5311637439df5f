"""The score report in a notebook: the book's scorecard plus every finding behind the score.

The rubric promises that every point lost is explained; the findings list is where a
trainee reads that explanation and follows the link to the chapter that teaches it.
Everything a trainee typed is escaped: a design is untrusted text.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ict4d_training.core.report import ScoreReport
from ict4d_training.render.html import KINDS, findings_html, kind_html, scorecard_fragment
from ict4d_training.render.markup import Markup, html

__all__ = ["EMPTY_MESSAGE", "KINDS", "ScoreCard", "findings_html", "kind_html", "scorecard_html"]

EMPTY_MESSAGE = "No score yet: give the design a title and at least one partner."


def scorecard_html(report: ScoreReport, base_url: str = "", top: int = 5) -> Markup:
    """Overall and band, blockers before anything else, radar, lessons, recommendations, findings.

    The pieces are `render.html`'s, as on the book's case pages; the notebook adds the partnership
    kind above them and every finding below, whose links open in a new tab.
    """
    return html('<div class="ict4d-scorecard-widget">{}{}{}</div>', kind_html(report),
                scorecard_fragment(report, base_url, top), findings_html(report, base_url, new_tab=True))


class ScoreCard:
    """A live scorecard: `update(report)` after every change; `mark_stale` while input is invalid."""

    def __init__(self, report: ScoreReport | None = None, base_url: str = "") -> None:
        self.base_url = base_url
        self.report: ScoreReport | None = None
        self.stale = False
        self._fresh_html = Markup()
        self.widget = widgets.HTML(value=html("<p>{}</p>", EMPTY_MESSAGE), layout=widgets.Layout(width="100%"))
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
        if self.report is None:
            value = html("<p>{}</p>", EMPTY_MESSAGE)
        else:
            value = html('<p class="ict4d-stale-message" role="status" style="color:#b54708"><strong>{}</strong></p>'
                         '<div class="ict4d-stale" style="opacity:0.45;filter:grayscale(100%)">{}</div>',
                         message, self._fresh_html)
        if self.widget.value != value:
            self.widget.value = value

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
