"""ScoreCard: blockers first, every finding with its link, trainee text escaped."""

from __future__ import annotations

from collections.abc import Callable

from _designs import design_with
from ict4d_training import Design, score
from ict4d_training.widgets import ScoreCard


def test_blockers_come_before_the_findings(load_fixture: Callable[[str], Design]):
    report = score(load_fixture("obstructive-policy"))
    assert report.blockers
    html = ScoreCard(report).html
    blockers = html.index("ict4d-blockers")
    assert blockers < html.index("<svg") < html.index("ict4d-findings")
    assert all(blocker.message.split("'")[0] in html[blockers:html.index("<svg")] for blocker in report.blockers)


def test_every_finding_links_to_the_book(load_fixture: Callable[[str], Design]):
    report = score(load_fixture("ppp-only"))
    html = ScoreCard(report, base_url="https://course.example/").html
    for finding in report.findings:
        assert f'href="https://course.example/{finding.learn_more}"' in html
    assert html.count('class="ict4d-finding"') == len(report.findings)
    assert "public-private partnership" in html
    for lesson in report.lessons:
        assert lesson.title in html
    assert "Top recommendations" in html


def test_trainee_text_is_escaped(load_fixture: Callable[[str], Design]):
    html = ScoreCard(score(load_fixture("html-in-partner-name"))).html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; partnership" in html
    html = ScoreCard(score(design_with(("title", "<script>alert('x')</script>")))).html
    assert "<script>" not in html


def test_update_and_stale(strong_design: Design):
    card = ScoreCard()
    assert "No score yet" in card.html
    card.mark_stale("The form has problems")
    # No earlier score, so nothing to call stale: no notice beside "No score yet".
    assert "No score yet" in card.html and "The form has problems" not in card.html
    card.update(score(strong_design))
    assert "strong" in card.html and not card.stale
    card.mark_stale("The form has problems")
    assert card.stale and "opacity:0.45" in card.html and "strong" in card.html
    card.update(score(design_with()))
    assert not card.stale and "ict4d-stale" not in card.html
    assert "application/vnd.jupyter.widget-view+json" in card._repr_mimebundle_()
