"""render/: text, Markdown and HTML reports and the SVG radar chart."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ict4d_training import Design, ScoreReport, default_rubric, score
from ict4d_training.render.html import render_html, scorecard_fragment
from ict4d_training.render.markdown import render_markdown
from ict4d_training.render.radar import radar_svg
from ict4d_training.render.text import render_text

Loader = Callable[[str], Design]
SCRIPT = "<script>alert(1)</script>"
SVG_NS = "http://www.w3.org/2000/svg"


@pytest.fixture
def html_report(load_fixture: Loader) -> ScoreReport:
    """Trainee text full of HTML: in the title, partner names, notes and practices."""
    return score(load_fixture("html-in-partner-name"))


@pytest.fixture
def ppp_report(load_fixture: Loader) -> ScoreReport:
    return score(load_fixture("ppp-only"))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def load_design_fixture(name: str) -> Design:
    from ict4d_training.files.loading import load_design

    return load_design(Path(__file__).parent / "fixtures" / "designs" / f"{name}.yaml")


def svg_of(html: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert match, "no SVG in the output"
    return ET.fromstring(match.group(0))


# --- text -----------------------------------------------------------------------------


def test_text_report_lists_scores_findings_and_links(ppp_report: ScoreReport) -> None:
    text = render_text(ppp_report)
    lines = text.splitlines()
    assert lines[0] == ppp_report.title
    assert lines[1] == "=" * len(ppp_report.title)
    assert lines[2] == f"Overall: {ppp_report.overall:.1f} / 100   Band: emerging"
    assert "this is a PPP" in text
    for area in (*ppp_report.elements, *ppp_report.lessons):
        assert re.search(rf"^  {area.key}\s+{area.score:5.1f}", text, re.MULTILINE), area.key
    for finding in ppp_report.findings:
        assert finding.criterion in text
        if not finding.met:
            assert f"Learn more: {finding.learn_more}" in text
    assert "BLOCKERS" not in text
    assert all(len(line) <= 100 for line in lines)


def test_text_report_shows_blockers_first(load_fixture: Loader) -> None:
    report = score(load_fixture("single-partner"))
    text = render_text(report, base_url="https://book.example/")
    assert text.index("BLOCKERS (1)") < text.index("Key elements")
    assert "! single_partner" in text
    assert "Learn more: https://book.example/book/partnerships.html#what-makes-a-partnership" in text
    # The blocked band and its meaning come first, before the blockers that say what lifts them.
    assert text.index("Band: do not start") < text.index("Do not start yet.") < text.index("BLOCKERS (1)")
    assert "This lifts when" in text.split("! single_partner")[1].split("Learn more")[0].replace("\n    ", " ")


def test_text_report_lists_at_most_five_recommendations(load_fixture: Loader) -> None:
    report = score(load_fixture("minimal-valid"))
    text = render_text(report)
    section = text.split("Top recommendations (most points first)")[1]
    assert re.findall(r"^  (\d+)\. \[", section, re.MULTILINE) == ["1", "2", "3", "4", "5"]


def test_strong_text_report_has_no_recommendations(strong_design: Design) -> None:
    text = render_text(score(strong_design))  # nothing to learn more about, so no note on where the pages are
    assert "Top recommendations" not in text
    assert "Learn more" not in text
    assert text.count("  ok ") == len(default_rubric().criteria) == 30
    assert "Scored on" not in text  # every point is known


# --- Markdown -------------------------------------------------------------------------


def test_markdown_report_structure(ppp_report: ScoreReport) -> None:
    markdown = render_markdown(ppp_report)
    assert markdown.startswith(f"# Score report: {ppp_report.title}\n")
    assert "## Key elements" in markdown
    assert "## Research lessons" in markdown
    assert f"| stakeholders | {ppp_report.element('stakeholders').score:.1f} |" in markdown
    assert "| stakeholders | 66.7 |" in markdown
    assert "| diversity | 66.7 |" in markdown
    assert "(learn more: `book/elements/stakeholders.html#sector-diversity` in the course book)" in markdown
    assert markdown.rstrip().endswith("*")  # the note on where those pages are
    linked = render_markdown(ppp_report, "https://b.example/course")
    assert "([learn more](https://b.example/course/book/elements/stakeholders.html#sector-diversity))" in linked
    assert "address was not known" not in linked
    first = ppp_report.recommendations[0]
    assert re.search(rf"^1\. \*\*{first.element}\*\* \(\+{first.points:.1f}\): ", markdown, re.MULTILINE)
    assert "## Blockers" not in markdown


def test_markdown_report_lists_blockers(load_fixture: Loader) -> None:
    markdown = render_markdown(score(load_fixture("no-outcomes")), base_url="https://book.example/")
    assert "## Blockers" in markdown
    assert "- **no_outcome**: " in markdown
    assert "(https://book.example/book/elements/objectives.html#development-outcomes)" in markdown


def test_markdown_escapes_trainee_text(html_report: ScoreReport) -> None:
    markdown = render_markdown(html_report)
    assert SCRIPT not in markdown
    assert "<b>" not in markdown
    assert "<img" not in markdown
    assert "\\<script\\>alert(1)\\</script\\>" in markdown


def test_markdown_title_cannot_break_the_page(load_fixture: Loader) -> None:
    report = score(load_fixture("ppp-only"))
    tricky = ScoreReport(**{**report.__dict__, "title": "A | B\n# not a heading [link](http://x)"})
    markdown = render_markdown(tricky)
    first = markdown.splitlines()[0]
    assert first.startswith("# Score report: A \\| B \\# not a heading \\[link\\]")
    assert "\n# not a heading" not in markdown


# --- what the record is silent on (report version 2) ----------------------------------


@pytest.fixture
def silent_report() -> ScoreReport:
    """A case analysis whose sources say nothing on capacity building, ethics or trust."""
    from _designs import BASE_V2, design_with

    return score(design_with(("analysis", {"of": "A past partnership", "sources": ["src1"]}),
                             ("not_recorded", ["capacity_building", "ethics", "trust"]), base=BASE_V2))


def test_silent_report_fixture_has_unknown_findings(silent_report: ScoreReport) -> None:
    unknown = [finding.criterion for finding in silent_report.findings if not finding.known]
    assert "capacity-building" in unknown and "transparency" in unknown
    assert not silent_report.element("ethics").known
    assert silent_report.coverage == pytest.approx(83.0)


def test_text_shows_unknown_as_unknown_not_as_a_gap(silent_report: ScoreReport) -> None:
    text = render_text(silent_report)
    assert "Scored on 83 of 100 points; the record is silent on the rest." in text
    assert re.search(r"^  \?  capacity-building\s+Unknown — not recorded$", text, re.MULTILINE)
    assert not re.search(r"^  -- (capacity-building|transparency) ", text, re.MULTILINE)
    assert re.search(r"^  ethics\s+unknown\s*$", text, re.MULTILINE)
    recommended = text.split("Top recommendations")[1]
    unknown = {f.element for f in silent_report.findings if not f.known} - {f.element for f in silent_report.findings if f.known}
    assert unknown == {"ethics"} and "[ethics," not in recommended
    # The unknown criterion's next step (the recommendation text) is never shown.
    step = default_rubric().criteria[[c.id for c in default_rubric().criteria].index("capacity-building")].next_step(0)
    assert step not in text.replace("\n       ", " ")


def test_markdown_and_html_show_unknown_and_coverage(silent_report: ScoreReport) -> None:
    markdown = render_markdown(silent_report)
    assert "*Scored on 83 of 100 points; the record is silent on the rest.*" in markdown
    assert "| ethics | unknown |" in markdown
    assert "- `transparency` (Unknown — not recorded): " in markdown
    assert "- `transparency` (not met" not in markdown
    for html in (render_html(silent_report), scorecard_fragment(silent_report)):
        assert "Scored on 83 of 100 points; the record is silent on the rest." in html
    page = render_html(silent_report)
    assert page.count("Unknown — not recorded") == sum(not f.known for f in silent_report.findings)
    assert "Scored on" not in render_html(score(load_design_fixture("ppp-only")))


def test_html_findings_list_unknown_last_and_never_as_gaps(silent_report: ScoreReport) -> None:
    from ict4d_training.render.html import findings_html

    html = findings_html(silent_report)
    ethics = html.split("An ethical framework")[1].split("</details>")[0]
    assert "to improve" not in ethics and " open" not in html.split("An ethical framework")[0][-20:]
    assert ethics.count('data-known="false"') == 4
    assert "Learn more" not in ethics


def test_blocked_band_is_named_with_its_meaning_in_every_format(load_fixture: Loader) -> None:
    report = score(load_fixture("no-outcomes"))
    assert report.band == "do_not_start"
    assert "Band: do not start" in render_text(report)
    assert "band **do not start**. Do not start yet." in render_markdown(report)
    assert re.search(r"do not start</span>.{0,80}Do not start yet\.", scorecard_fragment(report))
    assert "do not start</span>. Do not start yet." in render_html(report)


def test_a_v1_rubric_still_renders_its_capped_band(load_fixture: Loader) -> None:
    from importlib import resources

    from ict4d_training.files.loading import load_rubric

    path = resources.files("ict4d_training").joinpath("data/rubric-v1.yaml")
    report = score(load_fixture("single-partner"), load_rubric(Path(str(path))))
    assert report.band in ("not_ready", "emerging")
    assert f"Band: {report.band.replace('_', ' ')}" in render_text(report)
    assert "Scored on" not in render_text(report)


# --- HTML -----------------------------------------------------------------------------


@pytest.mark.parametrize("render", [render_html, scorecard_fragment])
def test_html_escapes_trainee_text(html_report: ScoreReport, render: Callable[..., str]) -> None:
    html = render(html_report)
    assert SCRIPT not in html
    assert "<b>bold</b>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not [tag for tag, _attrs in tags_of(html) if tag in ("script", "img", "b", "iframe")]


def test_html_page_has_every_finding_and_blocker(html_report: ScoreReport) -> None:
    html = render_html(html_report)
    for finding in html_report.findings:
        assert finding.criterion in html
    assert "Blockers: fix these first" in html
    assert "policy_obstructive" in html
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html


@pytest.mark.parametrize("render", [render_html, scorecard_fragment])
def test_html_is_self_contained(load_fixture: Loader, render: Callable[..., str]) -> None:
    for name in ("ppp-only", "single-partner", "html-in-partner-name", "strong-multi-stakeholder"):
        html = render(score(load_fixture(name)))
        for tag, attrs in tags_of(html):
            assert tag not in ("script", "link", "iframe", "img", "object", "embed"), tag
            for attribute in ("src", "href"):
                value = attrs.get(attribute) or ""
                assert not re.match(r"^(https?:)?//", value), f"{tag} {attribute}={value}"
        assert set(re.findall(r"https?://[^\s\"'<>)]+", html)) <= {SVG_NS}
        assert "@import" not in html
        assert "url(" not in html


def test_html_links_are_absolute_when_the_book_is_known(ppp_report: ScoreReport) -> None:
    hrefs = [attrs["href"] for tag, attrs in tags_of(render_html(ppp_report, "https://b.example/")) if tag == "a"]
    assert len(hrefs) == len(ppp_report.findings) + len(ppp_report.recommendations)
    assert all(re.match(r"^https://b\.example/book/.+\.html#[a-z0-9-]+$", href or "") for href in hrefs)
    assert "address was not known" not in render_html(ppp_report, "https://b.example/")


def test_html_names_the_page_instead_of_a_dead_relative_link(ppp_report: ScoreReport) -> None:
    html = render_html(ppp_report)
    assert not [attrs for tag, attrs in tags_of(html) if tag == "a"]
    assert "Learn more: <code>book/elements/stakeholders.html#sector-diversity</code> in the course book" in html
    assert "The course book&#39;s address was not known when this report was made" in html


def test_scorecard_fragment_is_one_div(ppp_report: ScoreReport) -> None:
    fragment = scorecard_fragment(ppp_report, top=3)
    assert fragment.startswith('<div class="ict4d-scorecard">')
    assert fragment.endswith("</div>")
    assert "this is a PPP" in fragment
    assert fragment.count("<li>") == min(3, len(ppp_report.recommendations))


# --- radar ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["strong-multi-stakeholder", "ppp-only", "minimal-valid"])
def test_radar_svg_parses_and_has_eight_labels(load_fixture: Loader, name: str) -> None:
    report = score(load_fixture(name))
    svg = ET.fromstring(radar_svg(report))
    assert svg.tag == f"{{{SVG_NS}}}svg"
    labels = [text.text for text in svg.iter(f"{{{SVG_NS}}}text")]
    short = {element.key: element.label for element in default_rubric().elements}
    assert labels == [f"{short[area.key]} {area.score:.0f}" for area in report.elements]
    assert short["environment"] == "Environment"
    assert len(labels) == 8
    title = svg.find(f"{{{SVG_NS}}}title")
    assert title is not None
    assert title.text and title.text.startswith("Element scores out of 100: Environment ")
    polygons = list(svg.iter(f"{{{SVG_NS}}}polygon"))
    assert len(polygons) == 5  # four rings and the scores
    assert all(len(polygon.get("points", "").split()) == 8 for polygon in polygons)


def test_radar_polygon_reaches_the_outer_ring_only_at_100(strong_design: Design, load_fixture: Loader) -> None:
    strong = ET.fromstring(radar_svg(score(strong_design)))
    rings = list(strong.iter(f"{{{SVG_NS}}}polygon"))
    assert rings[-1].get("points") == rings[3].get("points")
    empty = list(ET.fromstring(radar_svg(score(load_fixture("minimal-valid")))).iter(f"{{{SVG_NS}}}polygon"))
    outer = [tuple(map(float, point.split(","))) for point in empty[3].get("points", "").split()]
    centre = (sum(x for x, _ in outer) / 8, sum(y for _, y in outer) / 8)
    scores = [tuple(map(float, point.split(","))) for point in empty[-1].get("points", "").split()]
    assert all(x == pytest.approx(centre[0], abs=0.1) and y == pytest.approx(centre[1], abs=0.1) for x, y in scores)


def test_radar_shrinks_to_its_container_and_keeps_its_proportions(strong_design: Design) -> None:
    # A phone is 390 px wide, the chart 460: it must be allowed to shrink, and its height follow.
    svg = ET.fromstring(radar_svg(score(strong_design)))
    style = dict(rule.split(":") for rule in svg.get("style", "").split(";") if rule)
    assert style.get("max-width") == "100%" and style.get("height") == "auto"
    _, _, box_width, box_height = map(float, svg.get("viewBox", "").split())
    assert (float(svg.get("width", 0)), float(svg.get("height", 0))) == (box_width, box_height)


@pytest.mark.parametrize("render", [render_html, scorecard_fragment])
def test_html_radar_parses_as_xml_with_eight_labels(html_report: ScoreReport, render: Callable[..., str]) -> None:
    svg = svg_of(render(html_report))
    assert len(list(svg.iter(f"{{{SVG_NS}}}text"))) == 8


# --- on a phone ----------------------------------------------------------------------------


@pytest.mark.browser
def test_reports_fit_a_phone_screen(load_fixture: Loader, tmp_path: Path) -> None:
    """At 390x844 the page never scrolls sideways; only a wide table may, inside its own box."""
    from _browser import in_thread, require
    from ict4d_build.browser import chromium, chromium_missing_reason
    from ict4d_training.files.folders import score_cohort
    from ict4d_training.render.cohort import render_cohort_html

    require(chromium_missing_reason())
    pages = {"report.html": render_html(score(load_fixture("no-outcomes"))),
             "linked.html": render_html(score(load_fixture("minimal-valid")), "https://course.example/ict4d/"),
             "cohort.html": render_cohort_html(score_cohort(Path(__file__).parent / "fixtures" / "cohort-demo"))}
    for name, html in pages.items():
        (tmp_path / name).write_text(html, encoding="utf-8")

    def measure() -> dict[str, tuple[int, list[str]]]:
        widths = {}
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            for name in pages:
                page.goto((tmp_path / name).as_uri())
                widths[name] = page.evaluate("""() => [document.documentElement.scrollWidth,
                    [...document.querySelectorAll('body *')]
                      .filter(e => e.getBoundingClientRect().right > 390 && !e.closest('.table-wrap, .heatmap-wrap'))
                      .map(e => e.tagName)]""")
        return widths

    for name, (width, overflowing) in in_thread(measure).items():
        assert width <= 390, (name, width, overflowing)
        assert overflowing == [], name
