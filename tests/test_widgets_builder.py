"""DesignBuilder: the form, the live score, problems, import and export (no browser)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ict4d_training import DesignError, Problem, load_design, parse_design, score
from ict4d_training.widgets import DesignBuilder

TWO_PARTNERS = """\
schema_version: 1
title: Two partners
partners:
  - {id: gov, name: Ministry of ICT, sector: government}
  - {id: telco, name: A telecoms company, sector: private}
"""


def started(tmp_path: Path, text: str = TWO_PARTNERS) -> DesignBuilder:
    builder = DesignBuilder(draft_path=tmp_path / "draft.yaml")
    assert builder.import_text(text, "start.yaml") == []
    return builder


def test_empty_builder_greets_the_trainee_instead_of_listing_errors(tmp_path: Path):
    builder = DesignBuilder(draft_path=tmp_path / "draft.yaml")
    assert builder.design is None and builder.report is None and builder.untouched
    # The problems are known (export_text reports them) but an untouched form shows none.
    assert [problem.path for problem in builder.problems] == ["title", "partners"]
    assert "Start by giving your partnership a title" in builder.problems_box.value
    assert 'role="alert"' not in builder.problems_box.value and "must not be empty" not in builder.problems_box.value
    assert "⚠" not in "".join(builder.tabs.titles)
    assert "No score yet" in builder.scorecard.html
    assert "last valid version" not in builder.scorecard.html and "ict4d-stale-message" not in builder.scorecard.html
    assert "will be saved to" in builder.status.value and "problems" not in builder.status.value


def test_once_the_trainee_types_the_problems_are_listed():
    builder = DesignBuilder()
    builder.fields["summary"].value = "Storm warnings"
    assert not builder.untouched
    assert 'role="alert"' in builder.problems_box.value and "Start by" not in builder.problems_box.value
    assert "&lt;builder&gt;: title: must not be empty" in builder.problems_box.value
    assert builder.tabs.titles[0] == "Basics ⚠"
    # Still no valid version: "No score yet" alone, never next to a "last valid version" notice.
    assert "No score yet" in builder.scorecard.html and "last valid version" not in builder.scorecard.html
    builder.fields["summary"].value = ""  # back to untouched: the greeting again
    assert builder.untouched and "Start by giving" in builder.problems_box.value


def test_an_empty_partner_row_is_not_untouched():
    builder = DesignBuilder()
    builder.add_partner_button.click()
    assert not builder.untouched
    assert "partners[0]" in builder.problems_box.value


def test_the_stale_notice_appears_only_over_a_real_earlier_score(tmp_path: Path):
    builder = started(tmp_path)
    builder.fields["title"].value = ""
    assert "last valid version" in builder.scorecard.html and "No score yet" not in builder.scorecard.html
    assert "listed at the top of the form" in builder.scorecard.html


def test_every_section_of_the_format_is_a_step():
    titles = DesignBuilder().tabs.titles
    assert [title.removesuffix(" ⚠") for title in titles] == [
        "Basics", "Context", "Environment", "Partners", "Champion", "Outcomes", "Beneficiaries", "Capacity building",
        "Monitoring", "Resourcing", "Ethics", "Management", "Sustainability", "Trust", "Alternatives"]


def test_case_analysis_sections_are_not_controls():
    fields = DesignBuilder().fields
    assert not [path for path in fields if path.startswith(("analysis", "not_recorded"))]


def test_setting_a_value_rescores_at_once(tmp_path: Path):
    builder = started(tmp_path)
    before = builder.report.element("monitoring").score
    builder.fields["monitoring.baseline_study"].value = True
    assert builder.report.element("monitoring").score > before
    assert builder.design.monitoring.baseline_study is True
    builder.set_field("monitoring.review_every_months", 6)
    assert builder.design.monitoring.review_every_months == 6
    assert f"{builder.report.overall:.1f}</strong> / 100" in builder.scorecard.html


def test_enum_not_set_and_zero_months_mean_missing(tmp_path: Path):
    builder = started(tmp_path)
    builder.fields["environment.policy"].value = "obstructive"
    assert builder.design.environment.policy == "obstructive"
    assert builder.report.blockers
    builder.fields["environment.policy"].value = ""  # "(not set)"
    assert builder.design.environment.policy is None
    assert builder.fields["environment.policy"].label == "(not set)"
    builder.set_field("monitoring.review_every_months", 0)
    assert builder.design.monitoring.review_every_months is None


def test_adding_a_partner_by_button_changes_kind_and_blockers():
    builder = DesignBuilder()
    builder.fields["title"].value = "Telecentres"
    builder.add_partner_button.click()
    row = builder.partner_rows[0]
    row.id.value, row.name.value, row.sector.value = "moict", "Ministry of ICT", "government"
    assert builder.report.partnership_kind == "single_organisation"
    assert 'data-kind="single_organisation"' in builder.scorecard.html
    blockers_before = {blocker.code for blocker in builder.report.blockers}

    builder.add_partner_button.click()
    assert builder.design is None  # an empty row is not a partner yet
    assert builder.scorecard.stale and "ict4d-stale" in builder.scorecard.html
    row = builder.partner_rows[1]
    row.id.value, row.name.value = "villages", "Village Network"
    row.sector.value = "civil_society"
    row.contributes.boxes["premises"].value = True
    row.contributes.other.value = "volunteers"
    assert builder.report.partnership_kind == "multi_stakeholder"
    assert 'data-kind="multi_stakeholder"' in builder.scorecard.html
    assert {blocker.code for blocker in builder.report.blockers} < blockers_before
    assert builder.design.partners[1].contributes == ("premises", "volunteers")


def test_removing_a_partner(tmp_path: Path):
    builder = started(tmp_path)
    builder.add_partner(id="ngo", name="Village Network", sector="civil_society")
    assert builder.design.partner_ids == ("gov", "telco", "ngo")
    builder.remove_partner(1)
    assert builder.design.partner_ids == ("gov", "ngo")
    builder.partner_rows[1].remove_button.click()
    assert builder.design.partner_ids == ("gov",)
    assert builder.report.partnership_kind == "single_organisation"
    assert len(builder.partners_box.children) == 1


def test_outcomes_can_be_added_agreed_and_removed(tmp_path: Path):
    builder = started(tmp_path)
    row = builder.add_outcome(statement="Farmers use prices weekly", agreed_by="all")
    assert builder.design.outcomes[0].agreed_by == "all"
    assert row.agreed_by.disabled
    row.agreed_by_all.value = False
    row.agreed_by.value = "gov, telco"
    assert builder.design.outcomes[0].agreed_by == ("gov", "telco")
    builder.remove_outcome(0)
    assert builder.design.outcomes == ()


@pytest.mark.parametrize(("change", "message"), [
    ({"id": "my org"}, "<builder>: partners[2].id: 'my org' must use only lower-case letters, digits, '_' or '-'"),
    ({"id": "gov"}, "<builder>: partners[2].id: partner id 'gov' is already used by partners[0]"),
])
def test_invalid_entries_show_the_command_line_message(tmp_path: Path, change: dict[str, str], message: str):
    builder = started(tmp_path)
    score_before = builder.report.overall
    builder.add_partner(**{"id": "ngo", "name": "Village Network", "sector": "civil_society", **change})
    assert builder.design is None and builder.report is None
    assert [str(problem) for problem in builder.problems] == [message]
    # The text of the command line, escaped, in the problems box and beside the row.
    assert message.replace("'", "&#x27;").replace("<", "&lt;").replace(">", "&gt;") in builder.problems_box.value
    assert "partners[2].id" in builder.partner_rows[2].message.value
    assert builder.tabs.titles[3] == "Partners ⚠"
    # The last valid score stays visible, greyed, under a message.
    assert builder.scorecard.stale and f"{score_before:.1f}</strong> / 100" in builder.scorecard.html


def test_same_messages_as_loading_the_same_data_from_a_file(tmp_path: Path):
    builder = started(tmp_path)
    builder.set_field("monitoring.review_every_months", 100)
    with pytest.raises(DesignError) as raised:
        parse_design(TWO_PARTNERS + "monitoring: {review_every_months: 100}\n", "<builder>")
    assert [problem.message for problem in builder.problems] == [problem.message for problem in raised.value.problems]
    assert all(isinstance(problem, Problem) for problem in builder.problems)


def test_import_text_sets_the_fields(fixtures_dir: Path):
    builder = DesignBuilder()
    path = fixtures_dir / "designs" / "strong-multi-stakeholder.yaml"
    assert builder.import_text(path.read_text(encoding="utf-8"), path.name) == []
    expected = load_design(path)
    assert builder.fields["title"].value == expected.title
    assert builder.fields["context.community_involvement"].value == "co_designed"
    assert builder.fields["monitoring.review_every_months"].value == 6
    assert builder.fields["ethics.transparency"].value == ("published_accounts", "open_minutes")
    assert [name for name, box in builder.fields["ethics.transparency"].boxes.items() if box.value] == [
        "published_accounts", "open_minutes"]
    assert builder.fields["sustainability.running_costs.payer"].value == "moa"
    assert builder.fields["sustainability.pilot.review_before_scale"].value is True
    assert [row.provider.value for row in builder.capacity_rows] == ["moa", "farmers"]
    assert [row.kind.value for row in builder.outcome_rows] == ["outcome", "outcome"]
    assert [row.id.value for row in builder.partner_rows] == ["moa", "telco", "farmers", "uni"]
    assert builder.partner_rows[2].sector.value == "civil_society"
    assert builder.outcome_rows[0].agreed_by_all.value is True
    assert builder.outcome_rows[1].agreed_by.value == "moa, telco, farmers, uni"
    assert builder.design == expected
    assert builder.report == score(expected)
    assert "Imported" in builder.notice.value


def test_import_of_a_bad_design_leaves_the_form_alone(tmp_path: Path, fixtures_dir: Path):
    builder = started(tmp_path)
    before = builder.design
    text = (fixtures_dir / "designs" / "unknown-sector.yaml").read_text(encoding="utf-8")
    problems = builder.import_text(text, "unknown-sector.yaml")
    assert problems and builder.design == before
    assert "Could not import" in builder.notice.value and "unknown-sector.yaml:" in builder.notice.value


def test_file_upload_imports(fixtures_dir: Path):
    builder = DesignBuilder()
    raw = (fixtures_dir / "designs" / "ppp-only.yaml").read_bytes()
    builder.upload.value = ({"name": "ppp-only.yaml", "type": "", "size": len(raw), "content": memoryview(raw),
                             "last_modified": datetime.now(UTC)},)
    assert builder.report.partnership_kind == "ppp"
    assert builder.upload.value == ()


def test_file_upload_of_a_file_that_is_not_utf8_is_reported(tmp_path: Path):
    builder = started(tmp_path)
    before = builder.design
    raw = b"title: caf\xe9\n"
    builder.upload.value = ({"name": "latin1.yaml", "type": "", "size": len(raw), "content": memoryview(raw),
                             "last_modified": datetime.now(UTC)},)
    assert builder.design == before
    assert "latin1.yaml:1: is not UTF-8 text" in builder.notice.value


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_round_trips(fixtures_dir: Path, fmt: str):
    builder = DesignBuilder()
    builder.import_text((fixtures_dir / "designs" / "strong-multi-stakeholder.json").read_text(encoding="utf-8"))
    builder.set_field("summary", "yes: a colon, and 'quotes' – and ünïcode")
    text = builder.export_text(format=fmt)
    assert parse_design(text, f"export.{fmt}") == builder.design
    assert 'download="design.yaml"' in builder.download.value and "base64," in builder.download.value


def test_export_refuses_an_invalid_form():
    with pytest.raises(DesignError):
        DesignBuilder().export_text()


def test_set_field_and_add_partner_name_their_mistakes():
    builder = DesignBuilder()
    with pytest.raises(KeyError, match=r"context\.country"):
        builder.set_field("context.contry", "x")
    with pytest.raises(TypeError, match="sectr"):
        builder.add_partner(id="a", name="A", sectr="private")
    assert builder.partner_rows == []


def test_listeners_hear_each_new_design(tmp_path: Path):
    builder = started(tmp_path)
    heard = []
    builder.on_change(heard.append)
    builder.set_field("champion.name", "The Minister")
    builder.set_field("champion.name", "The Minister")  # no change, no call
    builder.add_partner_button.click()
    assert [design.champion.name if design else None for design in heard] == ["The Minister", None]


def test_the_builder_displays_as_a_widget():
    builder = DesignBuilder()
    bundle = builder._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert builder.scorecard.widget in builder.widget.children[1].children


def _flex_basis_em(layout) -> float:
    grow, shrink, basis = layout.flex.split()
    assert int(grow) > 0 and int(shrink) > 0 and basis.endswith("em")
    return float(basis.removesuffix("em"))


def test_the_builder_is_one_column_on_a_phone_and_two_on_a_wide_screen():
    """Form and scorecard sit in a wrapping row with no fixed widths: two columns where both bases
    fit, one under the other on a 390-pixel phone (about 22em of text at 16px)."""
    widget = DesignBuilder().widget
    assert "ict4d-builder" in widget._dom_classes
    assert widget.layout.flex_flow == "row wrap"
    form, side = widget.children
    assert not str(form.layout.width or "").endswith("%") and not str(side.layout.width or "").endswith("%")
    both = _flex_basis_em(form.layout) + _flex_basis_em(side.layout)
    assert 390 / 16 < both < 900 / 16
    assert form.layout.min_width == side.layout.min_width == "0"


def test_partner_rows_wrap_and_have_no_fixed_widths():
    builder = DesignBuilder()
    row = builder.add_partner(id="gov", name="Ministry", sector="government")
    for line in row.box.children:
        assert line.layout.flex_flow == "row wrap"
        for child in line.children:
            assert not str(child.layout.width or "").endswith("%"), child
