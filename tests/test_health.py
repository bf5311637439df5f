"""Multi-rater health check: health.py (questionnaire, rater files, summary) and the `health` command."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner, Result

from ict4d_training import HealthCheckError
from ict4d_training.cli.main import app
from ict4d_training.core.health import (
    ItemResult,
    RaterSheet,
    Rating,
    default_questionnaire,
    parse_questionnaire,
    parse_rater,
    rater_document,
    summarise_health,
)
from ict4d_training.core.rubric import ELEMENT_KEYS
from ict4d_training.files.folders import check_health
from ict4d_training.render.health import render_health_html, render_health_text

FIXTURES = Path(__file__).parent / "fixtures" / "health"
Q = default_questionnaire()


def run(*args: str | Path) -> Result:
    """The real `ict4d-training` command line, where cohort and health are registered."""
    return CliRunner().invoke(app, [str(arg) for arg in args])


@pytest.fixture
def raters(tmp_path: Path) -> Path:
    target = tmp_path / "raters"
    shutil.copytree(FIXTURES / "raters", target)
    return target


def sheet(name: str, **scores: int) -> RaterSheet:
    """A rater's sheet from item=score pairs (underscores stand for hyphens in item ids)."""
    return RaterSheet(f"{name}.yaml", name, f"org-{name}",
                      {item.replace("_", "-"): Rating(value, f"{name} says {value}") for item, value in scores.items()})


def item(results: Sequence[ItemResult], item_id: str) -> ItemResult:
    return next(result for result in results if result.item.id == item_id)


# --- the questionnaire -------------------------------------------------------------------


def test_the_questionnaire_has_2_to_4_items_under_each_of_the_eight_elements() -> None:
    assert [key for key, _ in Q.elements] == list(ELEMENT_KEYS)
    for key in ELEMENT_KEYS:
        assert 2 <= len(Q.items_for(key)) <= 4
    assert len({i.id for i in Q.items}) == len(Q.items)
    for health_item in Q.items:
        assert sorted(health_item.levels) == [0, 1, 2, 3]
        assert health_item.learn_more.startswith("book/")
    assert (Q.flag_spread, Q.action_median) == (2, 1.0)


def test_the_questionnaire_learn_more_links_point_at_book_targets() -> None:
    root = Path(__file__).resolve().parent.parent
    for health_item in Q.items:
        page, anchor = health_item.learn_more.split("#")
        text = (root / page.replace(".html", ".md")).read_text(encoding="utf-8")
        assert f"({anchor})=" in text, health_item.learn_more


def _packaged_health_yaml() -> str:
    return resources.files("ict4d_training").joinpath("data", "health.yaml").read_text(encoding="utf-8")


def test_a_questionnaire_with_a_thin_element_or_a_duplicate_id_is_refused() -> None:
    text = _packaged_health_yaml()
    text = text.replace("  - id: environment-infrastructure-works\n    element: environment",
                        "  - id: environment-policy-support\n    element: leadership")
    with pytest.raises(HealthCheckError) as caught:
        parse_questionnaire(text, "mine.yaml")
    message = str(caught.value)
    assert "item id 'environment-policy-support' is used twice" in message
    assert "element 'environment' has 1 items; give it 2 to 4" in message


def test_a_questionnaire_typo_gets_did_you_mean() -> None:
    text = _packaged_health_yaml().replace("flag_spread: 2", "flag_sprad: 2")
    with pytest.raises(HealthCheckError, match="did you mean 'flag_spread'"):
        parse_questionnaire(text, "mine.yaml")


# --- rater files -------------------------------------------------------------------------


def test_a_rater_file_is_read() -> None:
    path = FIXTURES / "raters" / "ministry.yaml"
    rater = parse_rater(path.read_text(encoding="utf-8"), str(path), Q)
    assert (rater.rater, rater.partner) == ("Director of ICT policy", "Ministry of ICT")
    assert rater.ratings["trust-shared-information"] == Rating(3, "We share everything at the monthly meeting.")
    assert "management-office-effective" not in rater.ratings


def test_an_unknown_item_id_gets_did_you_mean() -> None:
    path = FIXTURES / "bad" / "unknown-item-id.yaml"
    with pytest.raises(HealthCheckError) as caught:
        parse_rater(path.read_text(encoding="utf-8"), str(path), Q)
    assert str(caught.value) == (f"{path}:6: ratings.trust-shared-informaton: unknown field 'trust-shared-informaton'; "
                                 "did you mean 'trust-shared-information'?")


def test_every_problem_of_a_rater_file_is_reported_at_once() -> None:
    path = FIXTURES / "bad" / "score-out-of-range.yaml"
    with pytest.raises(HealthCheckError) as caught:
        parse_rater(path.read_text(encoding="utf-8"), str(path), Q)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:6: ratings.monitoring-data-collected.score: must be between 0 and 3, not 4",
        f"{path}:7: ratings.monitoring-results-used: missing required field 'reason'",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("schema_version: 1\nrater: A\npartner: B\nratings: {}\n", "rates no item"),
    ("schema_version: 1\nrater: A\npartner: B\n", "missing required field 'ratings'"),
    ("schema_version: 1\nrater: ' '\npartner: B\nratings:\n  trust-shared-information: {score: 1, reason: x}\n",
     "rater: must not be empty"),
    ("- a list\n", "top level must be a mapping"),
    ("schema_version: 1\nrater: A\npartner: B\nratings:\n  trust-shared-information: {score: 1.5, reason: x}\n",
     "must be a whole number"),
])
def test_bad_rater_files_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(HealthCheckError, match=message):
        parse_rater(text, "rater.yaml", Q)


@pytest.mark.parametrize("text", ["Programme coordinator", "yes", "null", "2026-03-02", "- a list?", "x: y # not a comment",
                                  "<b>Tom & Jerry</b>", "two\nlines\r\n", "  spaces  ", "'\"quotes\"'", "Ñandú ሰላም 😀",
                                  "line\x85next\u2028separators\u2029"])
def test_a_rater_document_reads_back_exactly(text: str) -> None:
    ratings = {"trust-shared-information": Rating(0, text), "environment-policy-support": Rating(3, "Shown.")}
    document = rater_document(text, text, ratings, date="2026-03-02")
    sheet = parse_rater(document, "rater.yaml", Q)
    assert (sheet.rater, sheet.partner, sheet.ratings) == (text, text, ratings)
    assert list(sheet.ratings) == ["trust-shared-information", "environment-policy-support"]  # order kept


def test_a_rater_document_leaves_unrated_items_out() -> None:
    document = rater_document("A", "B", {"trust-shared-information": Rating(1, "Sometimes.")})
    assert document == (
        "# One rater's ratings for the partnership health check. An item left out is \"not rated\".\n"
        "schema_version: 1\nrater: A\npartner: B\nratings:\n"
        "  trust-shared-information:\n    score: 1\n    reason: Sometimes.\n")


# --- the summary -------------------------------------------------------------------------


def test_median_and_spread_of_each_item() -> None:
    result = summarise_health("f", [sheet("a", trust_shared_information=3, monitoring_data_collected=1),
                                    sheet("b", trust_shared_information=2, monitoring_data_collected=2),
                                    sheet("c", trust_shared_information=0, monitoring_data_collected=2),
                                    sheet("d", trust_shared_information=2, monitoring_data_collected=3)], [], Q)
    trust = item(result.items, "trust-shared-information")
    data = item(result.items, "monitoring-data-collected")
    assert (trust.median, trust.spread) == (2.0, 3)
    assert (data.median, data.spread) == (2.0, 2)
    even = summarise_health("f", [sheet("a", ethics_accounts_open=1), sheet("b", ethics_accounts_open=2)], [], Q)
    assert item(even.items, "ethics-accounts-open").median == 1.5


@pytest.mark.parametrize(("scores", "flagged"), [((1, 3), True), ((0, 3), True), ((1, 2), False), ((2, 2), False),
                                                 ((3,), False), ((1, 2, 3), True)])
def test_items_are_flagged_when_raters_differ_by_two_levels_or_more(scores: tuple[int, ...], flagged: bool) -> None:
    sheets = [sheet(f"r{index}", trust_shared_information=value) for index, value in enumerate(scores)]
    result = summarise_health("f", sheets, [], Q)
    assert item(result.items, "trust-shared-information").flagged is flagged
    assert [r.item.id for r in result.flagged] == (["trust-shared-information"] if flagged else [])


def test_a_missing_rating_is_not_rated_not_zero() -> None:
    result = summarise_health("f", [sheet("a", ethics_accounts_open=3), sheet("b", ethics_accounts_open=2),
                                    sheet("c", trust_shared_information=2)], [], Q)
    accounts = item(result.items, "ethics-accounts-open")
    assert (accounts.median, accounts.spread, accounts.flagged) == (2.5, 1, False)  # 0 would give median 2, spread 3
    assert accounts.not_rated_by == ("c (org-c)",)
    nobody = item(result.items, "management-office-effective")
    assert (nobody.median, nobody.spread, nobody.flagged) == (None, None, False)
    assert nobody in result.not_rated
    assert all(action.result.item.id != "management-office-effective" for action in result.actions)
    profile = next(p for p in result.profiles if p.label == "c (org-c)")
    assert dict(profile.averages) == {key: (2.0 if key == "ethics" else None) for key in ELEMENT_KEYS}


def test_action_list_puts_low_and_disputed_first_then_low_then_disputed() -> None:
    result = summarise_health("f", [
        sheet("a", trust_shared_information=3, monitoring_results_used=0, resourcing_commitments_delivered=1,
              monitoring_partnership_reviewed=1, environment_policy_support=3),
        sheet("b", trust_shared_information=0, monitoring_results_used=2, resourcing_commitments_delivered=0,
              monitoring_partnership_reviewed=1, environment_policy_support=3),
        sheet("c", trust_shared_information=2, monitoring_results_used=1, resourcing_commitments_delivered=1,
              monitoring_partnership_reviewed=1, environment_policy_support=2),
    ], [], Q)
    assert [action.result.item.id for action in result.actions] == [
        "monitoring-results-used",            # median 1 and spread 2
        "resourcing-commitments-delivered",   # median 1, spread 1
        "monitoring-partnership-reviewed",    # median 1, spread 0
        "trust-shared-information",           # median 2, spread 3
    ]
    first = result.actions[0]
    assert first.why == ("33% of the ratings are 2 or more levels from the rest",
                         "median rating 1 (rarely or in words only)")
    assert Q.items_for("monitoring")[1].levels[2] in first.next_step


def test_the_fixture_folder_gives_the_expected_summary() -> None:
    result = check_health(FIXTURES / "raters")
    assert result.all_read and len(result.raters) == 3
    assert [r.item.id for r in result.flagged] == ["trust-shared-information", "monitoring-results-used"]
    assert [r.item.id for r in result.not_rated] == ["management-office-effective"]
    assert item(result.items, "ethics-accounts-open").median == 2.5


# --- bad files and the command -----------------------------------------------------------


def test_bad_rater_files_are_listed_and_the_others_read(raters: Path) -> None:
    for name in ("unknown-item-id.yaml", "malformed.yaml"):
        shutil.copy(FIXTURES / "bad" / name, raters / name)
    outside = raters.parent / "elsewhere.yaml"
    shutil.copy(FIXTURES / "raters" / "ministry.yaml", outside)
    (raters / "link.yaml").symlink_to(outside)
    result = check_health(raters)
    assert len(result.raters) == 3
    assert [bad.file for bad in result.bad_files] == ["link.yaml", "malformed.yaml", "unknown-item-id.yaml"]
    assert "outside the folder" in result.bad_files[0].reasons[0]
    assert "YAML syntax error" in result.bad_files[1].reasons[0]
    assert "did you mean 'trust-shared-information'?" in result.bad_files[2].reasons[0]


def test_command_exit_0_writes_the_report(raters: Path, tmp_path: Path) -> None:
    html_path = tmp_path / "health.html"
    result = run("health", raters, "--html", html_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Partnership health check\nRaters: 3\n")
    assert "Talk about these first" in result.stdout
    assert f"Wrote {html_path}" in result.stderr
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    assert not soup.find_all(["script", "link", "img", "iframe"])
    assert len(soup.find_all("svg")) == 7  # the partnership, then each organisation and each rater (folded)
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings.index("Talk about these first") < headings.index("Action list") < headings.index("Every item")
    row = soup.find("tr", attrs={"data-item": "management-office-effective"})
    assert row is not None and row.get_text().count("not rated") == 4  # median plus three raters
    flagged_row = soup.find("tr", attrs={"data-item": "trust-shared-information"})
    assert flagged_row is not None and flagged_row["class"] == ["flagged"]


def test_command_exit_2_lists_bad_rater_files(raters: Path, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "bad" / "unknown-item-id.yaml", raters / "federation.yaml")
    html_path = tmp_path / "health.html"
    result = run("health", raters, "--html", html_path)
    assert result.exit_code == 2
    assert "federation.yaml:6: ratings.trust-shared-informaton: unknown field" in result.stderr
    assert "1 file(s) could not be read" in result.stdout
    section = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser").find(id="bad-files")
    assert section is not None and "did you mean" in section.get_text()


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_command_exit_2_when_there_is_nothing_to_read(tmp_path: Path, folder: str) -> None:
    (tmp_path / "empty").mkdir()
    result = run("health", tmp_path / folder)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert ("folder not found" if folder == "missing" else "no .yaml, .yml or .json rater files found") in result.stderr


def test_rater_names_are_escaped_in_the_report(tmp_path: Path) -> None:
    (tmp_path / "evil.yaml").write_text(
        "schema_version: 1\nrater: \"<script>alert(1)</script>\"\npartner: \"<b>Org</b>\"\n"
        "ratings:\n  trust-shared-information: {score: 1, reason: \"<img src=x onerror=alert(1)>\"}\n", encoding="utf-8")
    html = render_health_html(check_health(tmp_path))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_text_summary_marks_not_rated_items() -> None:
    text = render_health_text(check_health(FIXTURES / "raters"))
    line = next(line for line in text.splitlines() if line.startswith("management-office-effective"))
    assert "not rated" in line and "0/3" in line


def test_interrupted_write_leaves_the_previous_report(raters: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    html_path = tmp_path / "health.html"
    html_path.write_text("the previous report\n", encoding="utf-8")

    def failing_replace(source: object, target: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run("health", raters, "--html", html_path)
    assert result.exit_code == 2
    assert html_path.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["health.html", "raters"]
