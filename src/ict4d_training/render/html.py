"""A score report as HTML: the scorecard's pieces, and a printable page.

The pieces (overall and band, blockers, lessons, recommendations, the partnership kind and
every finding, each with its "Learn more" link) are pure Python, so the book's case pages and
the notebook widgets draw them from here alike (`widgets/scorecard.py` lays them out with the
findings added). The self-contained printable page is a Jinja2 template (command line only).
Every value goes through `render.markup`: a design is untrusted text.
"""

from __future__ import annotations

from functools import partial

from ict4d_training.core.report import Finding, ScoreReport
from ict4d_training.render.links import NOTE, WHERE, learn_more_url
from ict4d_training.render.markup import Markup, html, join
from ict4d_training.render.radar import radar_svg
from ict4d_training.render.wording import BAND_COLOURS, UNKNOWN, area_score, band_name, coverage_note

KINDS = {
    "single_organisation": ("single organisation", "one organisation is not a partnership: add partners"),
    "single_sector": ("single sector", "all partners come from one sector"),
    "ppp": ("public-private partnership (PPP)", "only public and private partners"),
    "multi_stakeholder": ("multi-stakeholder partnership", "partners from several sectors"),
}
MET = Markup('<span style="color:#067647" aria-label="met">&#10003;</span>')
NOT_MET = Markup('<span style="color:#b42318" aria-label="not met">&#10007;</span>')
UNKNOWN_MARK = Markup('<span style="color:#444" aria-label="unknown">?</span>')


def learn_more_link(base_url: str, target: str, new_tab: bool = False) -> Markup:
    """A "Learn more" link to a page of the book; `new_tab` keeps a notebook open behind it."""
    if new_tab:
        return html('<a href="{}" target="_blank" rel="noopener">Learn more</a>', base_url + target)
    return html('<a href="{}">Learn more</a>', base_url + target)


def overall_html(report: ScoreReport) -> Markup:
    """Title, overall score and band, then the band's meaning (for a blocked design: do not start yet)."""
    colour = BAND_COLOURS.get(report.band, "#444")
    coverage = html('<br><small class="ict4d-coverage">{}</small>', coverage_note(report)) if coverage_note(report) else ""
    return html('<p class="ict4d-overall"><strong>{}</strong><br>Overall <strong>{:.1f}</strong> / 100 &middot; band '
                '<span class="ict4d-band" style="color:{};font-weight:bold">{}</span>{}{}</p>',
                report.title, report.overall, colour, band_name(report.band),
                html('<br><span class="ict4d-band-meaning">{}</span>', report.band_meaning) if report.band_meaning else "",
                coverage)


def ppp_html(report: ScoreReport) -> Markup:
    if report.partnership_kind != "ppp":
        return Markup()
    return Markup('<p class="ict4d-ppp">Partners are only public and private: this is a PPP, '
                  'not a multi-stakeholder partnership.</p>')


def blockers_html(report: ScoreReport, base_url: str = "", new_tab: bool = False) -> Markup:
    if not report.blockers:
        return Markup()
    items = join(html("<li>{} {}</li>", b.message, learn_more_link(base_url, b.learn_more, new_tab))
                 for b in report.blockers)
    return html('<div class="ict4d-blockers" role="alert" style="border-left:4px solid #b42318;padding-left:8px">'
                "<strong>Blockers: fix these first</strong><ul>{}</ul></div>", items)


def lessons_html(report: ScoreReport) -> Markup:
    rows = join(html("<tr><td>{}</td><td>{}</td></tr>", area.title, area_score(area, ".0f")) for area in report.lessons)
    return html('<table class="ict4d-lessons"><caption>Research lessons (score out of 100)</caption>'
                '<thead><tr><th scope="col">Lesson</th><th scope="col">Score</th></tr></thead><tbody>{}</tbody></table>',
                rows)


def recommendations_html(report: ScoreReport, base_url: str = "", top: int = 5, new_tab: bool = False) -> Markup:
    if not report.recommendations:
        return Markup()
    items = join(html("<li>{} <em>(+{:.1f} points, {})</em> {}</li>", r.action, r.points, r.element,
                      learn_more_link(base_url, r.learn_more, new_tab))
                 for r in report.recommendations[:top])
    return html('<p><strong>Top recommendations</strong></p><ol class="ict4d-recommendations">{}</ol>', items)


def kind_html(report: ScoreReport) -> Markup:
    name, meaning = KINDS.get(report.partnership_kind, (report.partnership_kind.replace("_", " "), ""))
    return html('<p class="ict4d-kind" data-kind="{}">Partnership kind: <strong>{}</strong> ({})</p>',
                report.partnership_kind, name, meaning)


def findings_html(report: ScoreReport, base_url: str = "", new_tab: bool = True) -> Markup:
    """Every criterion, element by element, unmet first, each with its link to the book."""
    sections = []
    for area in report.elements:
        unmet = sum(finding.known and not finding.met for finding in area.findings)
        # Gaps first, then what is met, then what the record is silent on (never counted as a gap).
        items = join(_finding_html(finding, base_url, new_tab)
                     for finding in sorted(area.findings, key=lambda item: (not item.known, item.met)))
        sections.append(html("<details{}><summary>{}: <strong>{}</strong>{}{}</summary><ul>{}</ul></details>",
                             Markup(" open" if unmet else ""), area.title, area_score(area, ".0f"),
                             " / 100" if area.known else "", f" ({unmet} to improve)" if unmet else "", items))
    return html('<div class="ict4d-findings"><p><strong>Findings, element by element</strong></p>{}</div>',
                join(sections))


def _finding_html(finding: Finding, base_url: str, new_tab: bool) -> Markup:
    if not finding.known:
        return html('<li class="ict4d-finding" data-met="false" data-known="false">{} <strong>{}</strong> ({}): {}</li>',
                    UNKNOWN_MARK, finding.title or finding.criterion, UNKNOWN, finding.message)
    return html('<li class="ict4d-finding" data-met="{}" data-known="true">{} <strong>{}</strong> ({:.1f} of {:.1f} '
                "points): {} {}</li>", str(finding.met).lower(), MET if finding.met else NOT_MET,
                finding.title or finding.criterion, finding.points, finding.max_points, finding.message,
                learn_more_link(base_url, finding.learn_more, new_tab))


def scorecard_fragment(report: ScoreReport, base_url: str = "", top: int = 5, new_tab: bool = False) -> Markup:
    """Overall, band, blockers first, radar, lessons and top recommendations, as one <div>."""
    return html('<div class="ict4d-scorecard">{}{}{}{}{}{}</div>', overall_html(report), ppp_html(report),
                blockers_html(report, base_url, new_tab), Markup(radar_svg(report)), lessons_html(report),
                recommendations_html(report, base_url, top, new_tab))


def render_html(report: ScoreReport, base_url: str = "") -> str:
    """A printable, self-contained page: no scripts, fonts or images from anywhere else.

    `base_url` is where the course book is published; with '' the page names each learn-more
    page as text, since a relative link would be dead wherever the file is opened.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("ict4d_training", "render/templates"),
                              autoescape=select_autoescape(["html", "j2"]))
    template = environment.get_template("report.html.j2")
    return template.render(report=report, link=partial(learn_more_url, base_url), where=WHERE, note="" if base_url else NOTE,
                           radar=radar_svg(report), band_colour=BAND_COLOURS.get(report.band, "#444"),
                           band_name=band_name(report.band), coverage=coverage_note(report), unknown=UNKNOWN,
                           area_score=area_score)
