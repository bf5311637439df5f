"""HealthCheckRater: one rater's health-check file, filled in as a form (no browser)."""

from __future__ import annotations

import base64
import re
from importlib import resources
from pathlib import Path

import pytest

from ict4d_training.core.health import Rating, default_questionnaire, parse_questionnaire, parse_rater
from ict4d_training.files.folders import check_health
from ict4d_training.files.rater_files import rater_file, rater_slug
from ict4d_training.widgets import HealthCheckRater, health_check_folder
from ict4d_training.widgets.health_rater import NOT_RATED

Q = default_questionnaire()
FIXTURES = Path(__file__).parent / "fixtures" / "health"
POLICY, INFRASTRUCTURE = "environment-policy-support", "environment-infrastructure-works"
RESULTS_USED, TRUST = "monitoring-results-used", "trust-shared-information"


def read_back(path: Path) -> dict[str, Rating]:
    return parse_rater(path.read_text(encoding="utf-8"), str(path), Q).ratings


def named(form: HealthCheckRater, rater: str = "Programme coordinator", partner: str = "Village Network") -> None:
    form.rater_name.value, form.partner_name.value = rater, partner


def one_line_alert(html: str) -> str:
    """The text of a one-line message box (tags removed), checked to be one line without a traceback."""
    assert 'role="alert"' in html
    text = re.sub(r"<[^>]+>", "", html)
    assert "\n" not in text and "Traceback" not in text
    return text


# --- the form -----------------------------------------------------------------------------


def test_a_new_form_has_every_item_not_rated_in_a_section_per_element(tmp_path: Path) -> None:
    form = HealthCheckRater(tmp_path / "mine.yaml")
    assert len(form.scores) == len(form.reasons) == len(Q.items) == 20
    assert {widget.value for widget in form.scores.values()} == {NOT_RATED}
    assert form.ratings() == {}
    assert form.sections.titles[0] == "The political and infrastructural environment (0 of 2 rated)"
    assert len(form.sections.children) == 8
    assert "<strong>0 of 20 items rated</strong>" in form.progress.value
    assert form.scores[POLICY].label == "Not rated"
    section = form.sections.children[0].children[0].children[0].value
    assert "1. Government policy and regulators help" in section
    assert "Policy or regulation is blocking the work, and nobody is taking it up." in section


def test_the_choices_are_the_questionnaire_level_names(tmp_path: Path) -> None:
    text = resources.files("ict4d_training").joinpath("data", "health.yaml").read_text(encoding="utf-8")
    mine = parse_questionnaire(text.replace("0: Not happening", "0: Absent <here>"), "mine.yaml")
    form = HealthCheckRater(tmp_path / "mine.yaml", questionnaire=mine)
    labels = [label for label, _value in form.scores[POLICY].options]
    assert labels == ["Not rated", "0 · Absent <here>", "1 · Rarely or in words only", "2 · Mostly, with gaps",
                      "3 · Consistently, and partners can show it"]


def test_clicking_ratings_and_saving_writes_what_the_health_command_reads(tmp_path: Path) -> None:
    path = tmp_path / "raters" / "network.yaml"
    form = HealthCheckRater(path)
    named(form)
    form.scores[POLICY].value = 0
    form.reasons[POLICY].value = "  The new law is not applied in the villages.  "
    form.scores[RESULTS_USED].value = 2
    form.reasons[RESULTS_USED].value = "The tariff changed after the\nlast usage review."
    form.scores[TRUST].value = 1
    form.reasons[TRUST].value = "We heard of the budget change from the radio."
    assert "<strong>3 of 20 items rated</strong>" in form.progress.value
    assert form.sections.titles[0] == "The political and infrastructural environment (1 of 2 rated)"
    assert not path.exists()  # nothing is written before the button is clicked

    form.save_button.click()

    sheet = parse_rater(path.read_text(encoding="utf-8"), str(path), Q)
    assert (sheet.rater, sheet.partner) == ("Programme coordinator", "Village Network")
    assert sheet.ratings == {
        POLICY: Rating(0, "The new law is not applied in the villages."),
        RESULTS_USED: Rating(2, "The tariff changed after the\nlast usage review."),
        TRUST: Rating(1, "We heard of the budget change from the radio."),
    }
    assert INFRASTRUCTURE not in sheet.ratings  # not rated: left out, never 0
    assert "Saved: 3 of 20 items rated by <strong>Programme coordinator (Village Network)</strong>" in form.message.value
    assert f"Saved to <code>{path}</code>" in form.status.value
    result = check_health(path.parent)
    assert result.all_read and [rater.rater for rater in result.raters] == ["Programme coordinator"]
    payload = re.search(r'download="network.yaml" href="data:application/yaml;charset=utf-8;base64,([^"]+)"',
                        form.download.value)
    assert payload is not None
    assert base64.b64decode(payload.group(1)).decode("utf-8") == path.read_text(encoding="utf-8")


def test_going_back_to_not_rated_leaves_the_item_out(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    form = HealthCheckRater(path)
    named(form)
    form.rate(POLICY, 3, "The minister opened the centres.")
    form.rate(INFRASTRUCTURE, 2, "Outages are tracked.")
    form.scores[INFRASTRUCTURE].value = NOT_RATED
    form.reasons[INFRASTRUCTURE].value = ""
    assert form.save() is True
    assert read_back(path) == {POLICY: Rating(3, "The minister opened the centres.")}
    with pytest.raises(KeyError, match="no item 'policy'"):
        form.rate("policy", 1)


@pytest.mark.parametrize(("fill", "message"), [
    ({}, "Not saved: type your name first."),
    ({"rater": "Ann"}, "Not saved: type your organisation (the partner you speak for)."),
    ({"rater": "Ann", "partner": "Ministry"}, "Not saved: rate at least one item."),
    ({"rater": "Ann", "partner": "Ministry", "scores": {POLICY: 2, TRUST: 1}, "reasons": {TRUST: "Shared."}},
     "Not saved: give a reason for every rating; these have none yet: The political and infrastructural environment, "
     "item 1."),
    ({"rater": "Ann", "partner": "Ministry", "scores": {POLICY: 2}, "reasons": {POLICY: "Yes.", TRUST: "Open books."}},
     "Not saved: choose a rating for every item you wrote a reason for, or clear the reason: "
     "Trust, openness and fair dealing, item 1."),
])
def test_what_is_missing_is_said_in_one_line_and_nothing_is_written(tmp_path: Path, fill: dict, message: str) -> None:
    path = tmp_path / "mine.yaml"
    form = HealthCheckRater(path)
    form.rater_name.value = fill.get("rater", "")
    form.partner_name.value = fill.get("partner", "")
    for item_id, score in fill.get("scores", {}).items():
        form.scores[item_id].value = score
    for item_id, reason in fill.get("reasons", {}).items():
        form.reasons[item_id].value = reason
    form.save_button.click()
    assert one_line_alert(form.message.value).startswith(message)
    assert not path.exists()
    assert form.download.value == ""


def test_a_path_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"give a path ending in \.yaml"):
        HealthCheckRater(tmp_path / "mine.json")


def test_a_file_that_cannot_be_written_is_reported_and_the_download_still_works(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    form = HealthCheckRater(tmp_path / "not-a-folder" / "mine.yaml")
    named(form)
    form.rate(TRUST, 2, "Shared at the meeting.")
    assert form.save() is False
    text = one_line_alert(form.message.value)
    assert text.startswith(f"Not saved: could not write {tmp_path / 'not-a-folder' / 'mine.yaml'} (")
    assert "use the download link" in text
    assert 'download="mine.yaml"' in form.download.value


# --- never losing work --------------------------------------------------------------------


def test_reopening_the_form_restores_the_ratings_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    first = HealthCheckRater(path)
    named(first)
    first.rate(POLICY, 1, "Discussed, nothing changed.")
    first.rate(TRUST, 3, "Everything is shared.")
    first.save_button.click()

    again = HealthCheckRater(path)
    assert again.ratings() == {POLICY: Rating(1, "Discussed, nothing changed."), TRUST: Rating(3, "Everything is shared.")}
    assert (again.rater_name.value, again.partner_name.value) == ("Programme coordinator", "Village Network")
    assert again.scores[INFRASTRUCTURE].value == NOT_RATED
    assert (f"Restored the ratings of <strong>Programme coordinator (Village Network)</strong> from <code>{path}</code>: "
            "2 of 20 items rated.") in again.notice.value
    assert "<strong>2 of 20 items rated</strong>" in again.progress.value
    again.rate(TRUST, 2, "Shared, but late.")
    assert again.save() is True
    assert read_back(path)[TRUST] == Rating(2, "Shared, but late.")
    assert list(tmp_path.glob("*.bak*")) == []  # its own file is replaced, not copied


def test_a_malformed_file_is_reported_and_kept_until_the_rater_saves(tmp_path: Path) -> None:
    path = tmp_path / "raters" / "donor.yaml"
    path.parent.mkdir()
    original = (FIXTURES / "bad" / "malformed.yaml").read_bytes()
    path.write_bytes(original)

    form = HealthCheckRater(path)
    text = one_line_alert(form.notice.value)
    assert text.startswith(f"Your earlier file could not be read: {path}:")
    assert "It is left as it is. When you save, it is first kept as a .bak copy." in text
    assert form.ratings() == {}
    named(form, "Treasurer", "Donor")
    form.rate("ethics-accounts-open", 3, "Audited.")
    assert path.read_bytes() == original  # changing the form does not touch the file

    form.save_button.click()

    assert (path.parent / "donor.yaml.bak").read_bytes() == original
    assert form.backup == path.parent / "donor.yaml.bak"
    assert read_back(path) == {"ethics-accounts-open": Rating(3, "Audited.")}
    assert f"The file that was there is kept as <code>{path.parent / 'donor.yaml.bak'}</code>." in form.message.value
    result = check_health(path.parent)  # the .bak copy is not read as a rater file
    assert result.all_read and len(result.raters) == 1


def test_a_second_backup_does_not_replace_the_first(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    (tmp_path / "mine.yaml.bak").write_text("older", encoding="utf-8")
    path.write_text("ratings: [not, a, mapping", encoding="utf-8")
    form = HealthCheckRater(path)
    named(form)
    form.rate(TRUST, 0, "Nothing is shared.")
    assert form.save() is True
    assert (tmp_path / "mine.yaml.bak").read_text(encoding="utf-8") == "older"
    assert (tmp_path / "mine.yaml.bak-1").read_text(encoding="utf-8") == "ratings: [not, a, mapping"


def test_without_a_path_the_file_is_named_after_the_rater_in_the_drafts_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICT4D_TRAINING_DRAFTS", str(tmp_path / "drafts"))
    folder = tmp_path / "drafts" / "health-check"
    form = HealthCheckRater()
    assert form.path is None and folder.is_dir() and health_check_folder() == folder
    assert "Type your name" in form.status.value
    named(form, "Ann / ../../etc <b>", "Ministry of ICT")
    assert form.path == folder / "health-ann-etc-b.yaml"
    form.rate(TRUST, 3, "We share everything.")
    form.save_button.click()
    assert sorted(path.name for path in folder.iterdir()) == ["health-ann-etc-b.yaml"]

    later = HealthCheckRater()  # a new session: typing the same name brings the ratings back
    later.rater_name.value = "ann / ../../etc <b>"
    assert later.ratings() == {TRUST: Rating(3, "We share everything.")}
    assert later.partner_name.value == "Ministry of ICT"
    assert later.rater_name.value == "Ann / ../../etc <b>"
    assert "Restored the ratings of <strong>Ann / ../../etc &lt;b&gt; (Ministry of ICT)</strong>" in later.notice.value

    by_name = HealthCheckRater(rater="Ann / ../../etc <b>")  # or the notebook names the rater
    assert by_name.ratings() == {TRUST: Rating(3, "We share everything.")}


def test_typing_a_name_whose_file_exists_into_a_filled_form_keeps_that_file(tmp_path: Path) -> None:
    original = (FIXTURES / "raters" / "ministry.yaml").read_bytes()
    (tmp_path / "health-director.yaml").write_bytes(original)
    form = HealthCheckRater(folder=tmp_path)
    form.rate(POLICY, 0, "Blocked.")
    form.partner_name.value = "Operator"
    form.rater_name.value = "Director"
    assert "A file for this name is already there" in form.notice.value
    assert form.ratings() == {POLICY: Rating(0, "Blocked.")}  # the form is not replaced
    assert form.save() is True
    assert (tmp_path / "health-director.yaml.bak").read_bytes() == original
    assert read_back(tmp_path / "health-director.yaml") == {POLICY: Rating(0, "Blocked.")}


@pytest.mark.parametrize(("name", "slug"), [
    ("Programme coordinator", "programme-coordinator"),
    ("../../etc/passwd", "etc-passwd"),
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ("C:\\Users\\Ann", "c-users-ann"),
    ("Ñandú Ōtá", "ñandú-ōtá"),
    ("ሰላም ደጉ", "ሰላም-ደጉ"),
    ("...", "rater"),
    ("", "rater"),
    ("A" * 200, "a" * 60),
])
def test_rater_slugs_are_safe_file_names(name: str, slug: str, tmp_path: Path) -> None:
    assert rater_slug(name) == slug
    path = rater_file(name, tmp_path)
    assert path.parent == tmp_path and path.name == f"health-{slug}.yaml"


# --- what it shows, and the multi-rater check -----------------------------------------------


def test_html_in_a_name_is_shown_as_text_and_written_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    form = HealthCheckRater(path)
    named(form, '<img src=x onerror="alert(1)">', "Tom & Jerry <Ltd>")
    form.rate(TRUST, 2, "<b>Mostly</b> shared")
    form.save_button.click()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; (Tom &amp; Jerry &lt;Ltd&gt;)" in form.message.value
    assert "<img" not in form.message.value and "<Ltd>" not in form.message.value
    sheet = parse_rater(path.read_text(encoding="utf-8"), str(path), Q)
    assert (sheet.rater, sheet.partner) == ('<img src=x onerror="alert(1)">', "Tom & Jerry <Ltd>")
    assert sheet.ratings[TRUST].reason == "<b>Mostly</b> shared"
    again = HealthCheckRater(path)
    assert again.rater_name.value == '<img src=x onerror="alert(1)">'
    assert "<img" not in again.notice.value and "&lt;img" in again.notice.value


def test_three_raters_with_three_forms_then_the_check_flags_the_gap_of_two(tmp_path: Path) -> None:
    folder = tmp_path / "raters"
    for rater, partner, trust, policy in [("Director", "Ministry of ICT", 3, 2), ("Manager", "Mobile operator", 2, 2),
                                          ("Coordinator", "Community network", 1, 3)]:
        form = HealthCheckRater(folder=folder)
        named(form, rater, partner)
        form.scores[TRUST].value = trust
        form.reasons[TRUST].value = f"{partner} sees it this way."
        form.scores[POLICY].value = policy
        form.reasons[POLICY].value = "Policy helps."
        form.save_button.click()
        assert form.path is not None and form.path.exists()
    assert sorted(path.name for path in folder.iterdir()) == [
        "health-coordinator.yaml", "health-director.yaml", "health-manager.yaml"]

    result = check_health(folder)

    assert result.all_read and len(result.raters) == 3
    assert [item.item.id for item in result.flagged] == [TRUST]
    trust = next(item for item in result.items if item.item.id == TRUST)
    assert (trust.median, trust.spread) == (2.0, 2)
    policy = next(item for item in result.items if item.item.id == POLICY)
    assert (policy.median, policy.spread, policy.flagged) == (2.0, 1, False)
    assert next(item for item in result.items if item.item.id == INFRASTRUCTURE).median is None


def test_the_form_displays_as_a_widget(tmp_path: Path) -> None:
    assert "application/vnd.jupyter.widget-view+json" in HealthCheckRater(tmp_path / "mine.yaml")._repr_mimebundle_()


def test_saving_where_the_browser_keeps_no_files_says_to_download(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    # JupyterLite served from an address the browser does not trust with storage (a laptop across a room).
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setitem(sys.modules, "js", types.SimpleNamespace(isSecureContext=False))
    form = HealthCheckRater(tmp_path / "mine.yaml")
    named(form)
    form.rate(POLICY, 2, "The regulator applies the new licence rules.")
    assert form.save() is True
    assert "Kept only until this tab closes or reloads" in form.message.value
    monkeypatch.setitem(sys.modules, "js", types.SimpleNamespace(isSecureContext=True))
    assert form.save() is True
    assert "Kept only" not in form.message.value
