"""The health check in a room: a shared laptop, anonymity, organisations weighing once, splits, the projector report."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from ict4d_training import HealthCheckError
from ict4d_training.cli.main import app
from ict4d_training.core.health import (
    HealthResult,
    ItemResult,
    RaterSheet,
    Rating,
    default_questionnaire,
    parse_questionnaire,
    parse_rater,
    rater_document,
    summarise_health,
)
from ict4d_training.files.folders import check_health
from ict4d_training.render.health import render_health_html, render_health_text
from ict4d_training.widgets import HealthCheckRater
from ict4d_training.widgets.health_rater import NOT_RATED

Q = default_questionnaire()
FIXTURES = Path(__file__).parent / "fixtures" / "health"
TRUST, POLICY, RESULTS = "trust-shared-information", "environment-policy-support", "monitoring-results-used"


def rater(number: int, organisation: str, **scores: int) -> RaterSheet:
    """Rater `number` of `organisation`; underscores in item names stand for hyphens."""
    return RaterSheet(f"r{number:02}.yaml", f"Rater {number}", organisation,
                      {key.replace("_", "-"): Rating(value, f"seen by {number}") for key, value in scores.items()})


def result_for(sheets: list[RaterSheet], item_id: str = TRUST) -> tuple[ItemResult, HealthResult]:
    result = summarise_health("room", sheets, [], Q)
    return next(row for row in result.items if row.item.id == item_id), result


def read(path: Path) -> RaterSheet:
    return parse_rater(path.read_text(encoding="utf-8"), str(path), Q)


# --- two raters on one form -------------------------------------------------------------------


def test_the_next_rater_on_a_shared_form_never_saves_the_previous_raters_answers(tmp_path: Path) -> None:
    form = HealthCheckRater(folder=tmp_path)
    form.rater_name.value, form.partner_name.value = "Amina", "Ministry of ICT"
    form.rate(TRUST, 3, "We share everything.")
    form.rate(POLICY, 2, "The regulator helps.")
    assert form.save() is True
    amina = tmp_path / "health-amina.yaml"
    saved = amina.read_text(encoding="utf-8")
    assert "Click <em>Next rater</em>: it empties the form." in form.message.value

    # Bruno sits down and types his name over Amina's: her ratings are still on screen.
    form.rater_name.value = "Bruno"
    assert "entered under another name" in form.notice.value and form.claim_button.layout.display is None
    assert "Not saved under this name" in form.status.value
    form.partner_name.value = "Village Network"
    assert form.save() is False
    assert "Not saved:" in form.message.value and "Next rater" in form.message.value
    assert not (tmp_path / "health-bruno.yaml").exists()
    with pytest.raises(HealthCheckError, match="entered under another name"):
        form.document()

    assert form.next_rater() is False  # Bruno's change of organisation is not saved: warn once
    assert "Not emptied" in form.message.value and form.ratings()[TRUST] == Rating(3, "We share everything.")
    form.next_button.click()
    assert form.ratings() == {} and (form.rater_name.value, form.partner_name.value) == ("", "")
    assert all(reason.value == "" for reason in form.reasons.values())
    assert {score.value for score in form.scores.values()} == {NOT_RATED}
    assert form.notice.value == "" and form.download.value == "" and form.claim_button.layout.display == "none"

    form.rater_name.value, form.partner_name.value = "Bruno", "Village Network"
    form.rate(TRUST, 0, "We heard of the budget cut on the radio.")
    assert form.save() is True
    assert read(tmp_path / "health-bruno.yaml").ratings == {TRUST: Rating(0, "We heard of the budget cut on the radio.")}
    assert read(tmp_path / "health-bruno.yaml").partner == "Village Network"
    assert amina.read_text(encoding="utf-8") == saved  # Amina's file is untouched
    assert sorted(path.name for path in tmp_path.iterdir()) == ["health-amina.yaml", "health-bruno.yaml"]


def test_after_a_save_next_rater_empties_at_once_and_a_corrected_name_can_keep_its_ratings(tmp_path: Path) -> None:
    form = HealthCheckRater(folder=tmp_path)
    form.rate(TRUST, 2, "Mostly open.")  # rated before typing a name: the first name typed owns the ratings
    form.rater_name.value, form.partner_name.value = "Ann", "Operator"
    assert form.notice.value == ""
    form.rater_name.value = "Anne"  # she corrects the spelling of her own name
    assert form.save() is False
    form.claim_button.click()
    assert form.claim_button.layout.display == "none" and form.notice.value == ""
    assert form.save() is True
    assert read(tmp_path / "health-anne.yaml").ratings == {TRUST: Rating(2, "Mostly open.")}
    assert not (tmp_path / "health-ann.yaml").exists()
    assert form.next_rater() is True  # saved: nothing to lose, so one click empties the form
    assert form.ratings() == {} and form.rater_name.value == ""
    assert "empty for the next rater" in form.message.value


def test_a_name_whose_file_is_there_restores_it_only_into_an_empty_form(tmp_path: Path) -> None:
    first = HealthCheckRater(folder=tmp_path)
    first.rater_name.value, first.partner_name.value = "Amina", "Ministry of ICT"
    first.rate(TRUST, 3, "We share everything.")
    first.save()
    first.next_rater()
    first.rater_name.value = "amina"  # Amina comes back to correct a rating: her own file comes back
    assert first.ratings() == {TRUST: Rating(3, "We share everything.")}
    first.rate(TRUST, 2, "Shared, but late.")
    assert first.save() is True
    assert read(tmp_path / "health-amina.yaml").ratings[TRUST] == Rating(2, "Shared, but late.")


# --- organisations weigh once --------------------------------------------------------------------


def test_eight_ministry_staff_and_one_ngo_weigh_as_two_organisations() -> None:
    sheets = [rater(number, "Ministry of ICT", trust_shared_information=3) for number in range(8)]
    sheets.append(rater(9, "Village Network", trust_shared_information=1))
    row, result = result_for(sheets)
    assert [(view.name, view.raters, view.median) for view in row.organisations] == [
        ("Ministry of ICT", 8, 3.0), ("Village Network", 1, 1.0)]
    assert row.median == 2.0  # the median of the organisations' medians; the raters' median would be 3
    assert row.disagreement == 0.5 and row.flagged  # the NGO is half the partnership, not a ninth of the room
    assert [(view.name, view.raters) for view in result.organisations] == [("Ministry of ICT", 8), ("Village Network", 1)]
    html = render_health_html(result)
    assert "Ministry of ICT 3 (8 raters)" in html and "Village Network 1" in html


def test_spellings_of_one_organisation_that_differ_in_case_or_spacing_are_one_organisation() -> None:
    row, result = result_for([rater(1, "Ministry of ICT", trust_shared_information=3),
                              rater(2, "ministry of  ict ", trust_shared_information=1),
                              rater(3, "Operator", trust_shared_information=3)])
    assert [(view.raters, view.median) for view in row.organisations] == [(2, 2.0), (1, 3.0)]
    assert row.median == 2.5 and len(result.organisations) == 2


# --- the disagreement rule -------------------------------------------------------------------------


def test_one_of_twenty_raters_two_levels_away_is_not_flagged_but_a_split_room_is() -> None:
    outlier = [rater(n, f"Org {n}", trust_shared_information=0 if n == 0 else 2,
                     monitoring_results_used=1 if n < 10 else 3) for n in range(20)]
    trust, result = result_for(outlier)
    assert (trust.spread, trust.disagreement, trust.flagged) == (2, 0.05, False)  # the old rule flagged this
    split = next(row for row in result.items if row.item.id == RESULTS)
    assert (split.median, split.disagreement, split.flagged) == (2.0, 0.5, True)  # half at 1, half at 3
    assert [row.item.id for row in result.flagged] == [RESULTS]


@pytest.mark.parametrize(("away", "flagged"), [(1, False), (3, False), (4, True), (10, True)])
def test_an_item_is_flagged_from_a_fifth_of_the_organisations_two_levels_away(away: int, flagged: bool) -> None:
    row, _ = result_for([rater(n, f"Org {n}", trust_shared_information=3 if n < away else 1) for n in range(20)])
    assert row.disagreement == pytest.approx(min(away, 20 - away) / 20)
    assert row.flagged is flagged


@pytest.mark.parametrize(("scores", "flagged"), [((3, 1), True), ((3, 3, 1), True), ((3, 2, 1), True),
                                                 ((3, 2, 2, 2, 2), False), ((3, 3, 3, 3, 1), True), ((2, 3), False)])
def test_with_up_to_five_partners_one_partner_two_levels_away_still_flags(scores: tuple[int, ...], flagged: bool) -> None:
    row, _ = result_for([rater(n, f"Org {n}", trust_shared_information=score) for n, score in enumerate(scores)])
    assert row.flagged is flagged


def test_a_version_1_questionnaire_still_loads_and_says_how_its_flag_spread_is_read(tmp_path: Path) -> None:
    text = resources.files("ict4d_training").joinpath("data", "health.yaml").read_text(encoding="utf-8")
    version_1 = text.replace("schema_version: 2", "schema_version: 1").replace("flag_share: 0.2\n", "")
    old = parse_questionnaire(version_1, "old.yaml")
    assert (old.flag_spread, old.flag_share, old.schema_version) == (2, 0.2, 1)
    assert "old.yaml is a version 1 questionnaire" in old.notes[0] and "flag_share" in old.notes[0]
    assert Q.notes == () and (Q.schema_version, Q.flag_share) == (2, 0.2)
    with pytest.raises(HealthCheckError, match="flag_share: needs schema_version: 2"):
        parse_questionnaire(version_1.replace("flag_spread: 2\n", "flag_spread: 2\nflag_share: 0.3\n"), "mixed.yaml")
    with pytest.raises(HealthCheckError, match="missing required field 'flag_share'"):
        parse_questionnaire(text.replace("flag_share: 0.2\n", ""), "new.yaml")
    strict = parse_questionnaire(text.replace("flag_share: 0.2", "flag_share: 0.5"), "strict.yaml")
    sheets = [rater(n, f"Org {n}", trust_shared_information=score) for n, score in enumerate((3, 3, 1))]
    trust = next(row for row in summarise_health("f", sheets, [], strict).items if row.item.id == TRUST)
    assert trust.disagreement == pytest.approx(1 / 3) and trust.flagged is False

    (tmp_path / "old.yaml").write_text(version_1, encoding="utf-8")
    raters = tmp_path / "raters"
    shutil.copytree(FIXTURES / "raters", raters)
    run = CliRunner().invoke(app, ["health", str(raters), "--questionnaire", str(tmp_path / "old.yaml")])
    assert run.exit_code == 0, run.output
    assert "Note: " in run.stderr and "version 1 questionnaire" in run.stderr


# --- anonymity --------------------------------------------------------------------------------------


EVIL = '<img src=x onerror="alert(1)">Ann'


@pytest.fixture
def named_raters(tmp_path: Path) -> Path:
    folder = tmp_path / "room"
    folder.mkdir()
    for name, organisation, trust in [(EVIL, "Ministry <of> ICT", 3), ("Zoë & Bob", "Ministry <of> ICT", 3),
                                      ("Kofi Mensah", "Village Network", 0)]:
        text = rater_document(name, organisation, {TRUST: Rating(trust, f"reason of {organisation}"),
                                                   POLICY: Rating(2, "Policy helps.")})
        (folder / f"health-{name.split()[0].lower()}.yaml").write_text(text, encoding="utf-8")
    (folder / "health-secret-person.yaml").write_text("rater: [broken", encoding="utf-8")
    return folder


def test_an_anonymous_report_names_no_rater_and_no_file(named_raters: Path, tmp_path: Path) -> None:
    html_path = tmp_path / "report.html"
    run = CliRunner().invoke(app, ["health", str(named_raters), "--anonymous", "--html", str(html_path)])
    assert run.exit_code == 2  # the broken file still makes the run fail
    html = html_path.read_text(encoding="utf-8")
    for leak in ("Ann", "alert(1)", "onerror", "Zo", "Bob", "Kofi", "Mensah", "health-", "secret"):
        assert leak not in html, leak
        assert leak not in run.stdout, leak
    assert "Ministry &lt;of&gt; ICT" in html and "<of>" not in html  # organisations shown, escaped
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(id="raters") is None  # no per-rater section at all
    first = soup.find(id="talk-first")
    assert first is not None and "reason of Village Network" in first.get_text()
    assert "health-secret-person.yaml" in run.stderr  # the trainer still learns which file to fix


def test_a_named_report_keeps_names_folded_and_escaped(named_raters: Path) -> None:
    result = check_health(named_raters)
    html = render_health_html(result)
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Ann" in html
    soup = BeautifulSoup(html, "html.parser")
    for text in soup.find_all(string=lambda value: "Kofi Mensah" in value):
        assert text.find_parent("details") is not None, text  # names appear only inside folded details
    assert soup.find(id="raters") is not None and soup.find(id="raters").name == "details"
    assert "Kofi Mensah" in render_health_text(result)


def test_a_rater_file_may_name_the_organisation_only() -> None:
    document = rater_document("", "Village Network", {TRUST: Rating(1, "Late news.")})
    assert "rater:" not in document
    sheet = parse_rater(document, "anonymous.yaml", Q)
    assert (sheet.rater, sheet.partner, sheet.label) == ("", "Village Network", "Village Network")


# --- a report that fits a projector -------------------------------------------------------------------


def test_the_summary_comes_first_and_the_details_are_folded() -> None:
    soup = BeautifulSoup(render_health_html(check_health(FIXTURES / "raters")), "html.parser")
    body = [tag for tag in soup.body.find_all(["section", "details"], recursive=False)]
    ids = [tag.get("id") for tag in body]
    assert ids == ["talk-first", "actions", "glance", "items", "organisations", "raters"]
    assert [tag.name for tag in body] == ["section"] * 3 + ["details"] * 3
    assert all(not tag.has_attr("open") for tag in body[3:])
    glance = soup.find(id="glance")
    assert glance is not None and len(glance.find_all("svg")) == 1  # one chart in the summary
    talk = soup.find(id="talk-first")
    assert talk is not None
    assert "Head of rural sales" not in talk.get_text(" ", strip=True).split("The reasons given")[0]
    for name in ("Director of ICT policy", "Head of rural sales", "Coordinator ("):
        for text in soup.find_all(string=lambda value, name=name: name in value):
            assert text.find_parent("details") is not None, (name, text)
    assert 'name="viewport"' in str(soup) and soup.find("style") is not None and "overflow-x" in soup.style.get_text()
