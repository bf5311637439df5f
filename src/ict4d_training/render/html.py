"""A score report as HTML.

A scorecard fragment (pure Python, shared with the widgets and the book) and a
self-contained printable page (Jinja2, command line only).
"""

from __future__ import annotations

from functools import partial
from html import escape

from ..report import ScoreReport
from .links import NOTE, WHERE, learn_more_url
from .radar import radar_svg

BAND_COLOURS = {"not_ready": "#b42318", "emerging": "#b54708", "developing": "#1f6feb", "strong": "#067647"}


def _link(base_url: str, target: str) -> str:
    return escape(base_url + target, quote=True)


def scorecard_fragment(report: ScoreReport, base_url: str = "", top: int = 5) -> str:
    """Overall, band, blockers first, radar, lessons and top recommendations, as one <div>."""
    colour = BAND_COLOURS.get(report.band, "#444")
    parts = [
        '<div class="ict4d-scorecard">',
        f'<p class="ict4d-overall"><strong>{escape(report.title)}</strong><br>'
        f'Overall <strong>{report.overall:.1f}</strong> / 100 &middot; band '
        f'<span class="ict4d-band" style="color:{colour};font-weight:bold">{escape(report.band.replace("_", " "))}'
        f'</span></p>',
    ]
    if report.partnership_kind == "ppp":
        parts.append('<p class="ict4d-ppp">Partners are only public and private: this is a PPP, '
                     'not a multi-stakeholder partnership.</p>')
    if report.blockers:
        parts.append('<div class="ict4d-blockers" role="alert" style="border-left:4px solid #b42318;'
                     'padding-left:8px"><strong>Blockers: fix these first</strong><ul>')
        parts += [f'<li>{escape(b.message)} <a href="{_link(base_url, b.learn_more)}">Learn more</a></li>'
                  for b in report.blockers]
        parts.append("</ul></div>")
    parts.append(radar_svg(report))
    parts.append('<table class="ict4d-lessons"><caption>Research lessons (score out of 100)</caption>'
                 '<thead><tr><th scope="col">Lesson</th><th scope="col">Score</th></tr></thead><tbody>')
    parts += [f'<tr><td>{escape(area.title)}</td><td>{area.score:.0f}</td></tr>' for area in report.lessons]
    parts.append("</tbody></table>")
    if report.recommendations:
        parts.append('<p><strong>Top recommendations</strong></p><ol class="ict4d-recommendations">')
        parts += [f'<li>{escape(r.action)} <em>(+{r.points:.1f} points, {escape(r.element)})</em> '
                  f'<a href="{_link(base_url, r.learn_more)}">Learn more</a></li>'
                  for r in report.recommendations[:top]]
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)


def render_html(report: ScoreReport, base_url: str = "") -> str:
    """A printable, self-contained page: no scripts, fonts or images from anywhere else.

    `base_url` is where the course book is published; with '' the page names each learn-more
    page as text, since a relative link would be dead wherever the file is opened.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    environment = Environment(loader=PackageLoader("ict4d_training", "templates"),
                              autoescape=select_autoescape(["html", "j2"]))
    template = environment.get_template("report.html.j2")
    return template.render(report=report, link=partial(learn_more_url, base_url), where=WHERE, note="" if base_url else NOTE,
                           radar=Markup(radar_svg(report)), band_colour=BAND_COLOURS.get(report.band, "#444"))
