"""DesignBuilder and design format v2: each new control sets its field and rescores at once (rubric v2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ict4d_training import DesignError, load_design, parse_design, score
from ict4d_training.core.report import Finding, ScoreReport
from ict4d_training.widgets import DesignBuilder

TWO_PARTNERS = """\
schema_version: 2
title: Two partners
partners:
  - {id: gov, name: Ministry of ICT, sector: government}
  - {id: telco, name: A telecoms company, sector: private}
"""


def started(text: str = TWO_PARTNERS) -> DesignBuilder:
    builder = DesignBuilder()
    assert builder.import_text(text, "start.yaml") == []
    return builder


def finding(report: ScoreReport | None, criterion: str) -> Finding:
    assert report is not None
    return next(item for item in report.findings if item.criterion == criterion)


def levels(builder: DesignBuilder, criterion: str) -> tuple[int, float]:
    found = finding(builder.report, criterion)
    return found.level, found.points


def test_the_builder_writes_version_2():
    builder = started()
    assert builder.form_data()["schema_version"] == 2
    assert builder.export_text().startswith("schema_version: 2\n")


def test_ticking_review_before_scale_lifts_the_pilot_from_level_2_to_3():
    builder = started()
    assert levels(builder, "pilot-before-scale") == (0, 0)
    builder.fields["sustainability.pilot.planned"].value = True
    level, points = levels(builder, "pilot-before-scale")
    assert level == 2 and 0 < points < 3
    builder.fields["sustainability.pilot.review_before_scale"].value = True
    assert levels(builder, "pilot-before-scale") == (3, 3)
    assert builder.design.sustainability.pilot.review_before_scale is True
    assert f"{builder.report.overall:.1f}</strong> / 100" in builder.scorecard.html


def test_scope_is_a_dropdown_the_champion_is_matched_against():
    builder = started()
    builder.set_field("champion.level", "senior_official")
    assert levels(builder, "champion-level")[0] == 1  # scope not stated
    builder.fields["context.scope"].value = "district"
    assert levels(builder, "champion-level")[0] == 3
    builder.fields["context.scope"].value = "national"
    assert levels(builder, "champion-level")[0] == 2
    assert builder.design.context.scope == "national"


def test_sites_checked_lifts_adequate_infrastructure_to_level_3():
    builder = started()
    builder.set_field("environment.infrastructure", "adequate")
    assert levels(builder, "infrastructure")[0] == 2
    builder.fields["environment.sites_checked"].value = True
    assert levels(builder, "infrastructure") == (3, 5)


def test_a_complete_mitigation_row_lifts_neutral_policy_to_level_2():
    builder = started()
    builder.set_field("environment.policy", "neutral")
    assert levels(builder, "policy-environment")[0] == 1
    row = builder.add_mitigation(gap="policy", action="Brief the minister each quarter")
    assert row.owner.options[0] == ("(not set)", "") and [value for _label, value in row.owner.options[1:]] == [
        "gov", "telco"]
    row.owner.value = "gov"
    row.by.value = "design"
    assert levels(builder, "policy-environment")[0] == 1  # no resources yet
    row.resources_committed.value = True
    assert levels(builder, "policy-environment")[0] == 2
    assert builder.design.environment.mitigations[0].owner == "gov"
    row.remove_button.click()
    assert builder.design.environment.mitigations == () and levels(builder, "policy-environment")[0] == 1


def test_a_mitigation_without_an_action_shows_the_command_line_message_beside_its_row():
    builder = started()
    builder.add_mitigation(gap="infrastructure")
    assert builder.design is None
    message = "<builder>: environment.mitigations[0].action: must not be empty"
    assert [str(problem) for problem in builder.problems] == [message]
    with pytest.raises(DesignError) as raised:
        parse_design(TWO_PARTNERS + "environment:\n  mitigations:\n    - {gap: infrastructure, action: ''}\n",
                     "<builder>")
    assert [problem.message for problem in raised.value.problems] == [problem.message for problem in builder.problems]
    assert "environment.mitigations[0]" in builder.mitigation_rows[0].message.value
    assert builder.tabs.titles[2] == "Environment ⚠"


def test_business_association_is_a_sector():
    builder = started()
    builder.partner_rows[1].sector.value = "business_association"
    assert builder.design.partners[1].sector == "business_association"


def test_contributions_and_benefits_are_picked_and_only_listed_kinds_score():
    builder = started()
    gov = builder.partner_rows[0]
    gov.contributes.other.value = "goodwill"
    gov.expects.boxes["policy_goals"].value = True
    assert levels(builder, "resource-commitments")[0] == 0  # free wording is kept, not scored
    assert builder.design.partners[0].contributes == ("goodwill",)
    gov.contributes.boxes["staff_time"].value = True
    assert levels(builder, "resource-commitments")[0] == 1
    assert builder.design.partners[0].contributes == ("goodwill", "staff_time")
    builder.partner_rows[1].contributes.boxes["connectivity"].value = True
    builder.partner_rows[1].expects.boxes["revenue"].value = True
    assert levels(builder, "resource-commitments")[0] == 2
    gov.contributes.boxes["staff_time"].value = False
    assert levels(builder, "resource-commitments")[0] == 1 and builder.design.partners[0].contributes == ("goodwill",)


def test_free_wording_from_a_file_is_shown_and_kept_in_its_place():
    builder = started(TWO_PARTNERS.replace("sector: private}", "sector: private, contributes: [airtime, connectivity, "
                                                               "engineers]}"))
    row = builder.partner_rows[1]
    assert row.contributes.other.value == "airtime, engineers"
    assert [name for name, box in row.contributes.boxes.items() if box.value] == ["connectivity"]
    assert builder.design.partners[1].contributes == ("airtime", "connectivity", "engineers")


def test_champion_commitment_and_successor_each_lift_a_level():
    builder = started()
    builder.set_field("champion.level", "minister")
    assert levels(builder, "champion-commitment")[0] == 0
    builder.fields["champion.commitment.days_per_month"].value = 1.5
    assert levels(builder, "champion-commitment")[0] == 1
    assert builder.design.champion.commitment.days_per_month == 1.5
    builder.fields["champion.commitment.in_agreement"].value = True
    assert levels(builder, "champion-commitment")[0] == 2
    builder.fields["champion.successor"].value = "The Permanent Secretary"
    assert levels(builder, "champion-commitment") == (3, 5)
    builder.fields["champion.commitment.role"].value = "Opens the annual review"  # for the reader: not scored
    assert levels(builder, "champion-commitment") == (3, 5)


def test_an_output_is_not_a_development_outcome():
    builder = started()
    builder.add_outcome(statement="Farmers use prices weekly")
    assert "no_outcome" not in {blocker.code for blocker in builder.report.blockers}
    builder.outcome_rows[0].kind.value = "output"
    assert builder.design.outcomes[0].kind == "output"
    assert "no_outcome" in {blocker.code for blocker in builder.report.blockers}


def test_beneficiaries_affordable_and_reach_measured():
    builder = started()
    assert levels(builder, "beneficiaries")[0] == 0
    builder.fields["beneficiaries.cost_to_user"].value = "fee"
    builder.fields["beneficiaries.reach_measured"].value = True
    assert levels(builder, "beneficiaries")[0] == 1
    builder.fields["beneficiaries.affordability_checked"].value = True
    assert levels(builder, "beneficiaries")[0] == 3
    builder.set_field("beneficiaries.groups", ["women farmers", "youth"])
    assert builder.design.beneficiaries.groups == ("women farmers", "youth")


def test_capacity_building_rows_score_provider_timing_and_funding():
    builder = started()
    row = builder.add_capacity_building(group="Teachers")
    assert levels(builder, "capacity-building")[0] == 1
    row.provider.value = "telco"
    row.when.value = "before_launch"
    assert levels(builder, "capacity-building")[0] == 2
    row.funded.value = True
    assert levels(builder, "capacity-building") == (3, 5)
    assert builder.design.capacity_building[0].provider == "telco"


def test_running_costs_payer_amount_and_commitment():
    builder = started()
    payer = builder.fields["sustainability.running_costs.payer"]
    assert [value for _label, value in payer.options] == ["", "users", "gov", "telco"]
    payer.value = "gov"
    assert levels(builder, "running-costs")[0] == 1
    builder.fields["sustainability.running_costs.amount_per_year"].value = 42000
    assert levels(builder, "running-costs")[0] == 2
    assert "amount_per_year: 42000\n" in builder.export_text()  # a whole amount stays whole
    builder.fields["sustainability.running_costs.committed"].value = True
    assert levels(builder, "running-costs") == (3, 3)
    payer.value = "users"
    assert levels(builder, "running-costs")[0] == 1  # users pay, nobody checked they can
    builder.fields["beneficiaries.affordability_checked"].value = True
    assert levels(builder, "running-costs")[0] == 3


def test_handover_to_a_partner_by_a_stage():
    builder = started()
    builder.fields["sustainability.handover.to"].value = "telco"
    assert levels(builder, "scale-and-exit")[0] == 2
    builder.fields["sustainability.handover.by"].value = "scale"
    assert levels(builder, "scale-and-exit") == (3, 2)


@pytest.mark.parametrize(("path", "criterion", "first", "second"), [
    ("ethics.transparency", "transparency", "published_accounts", "open_minutes"),
    ("trust.practices", "trust-practices", "regular_joint_meetings", "rotating_chair"),
])
def test_practices_are_picked_from_the_list(path: str, criterion: str, first: str, second: str):
    builder = started()
    picks = builder.fields[path]
    picks.boxes[first].value = True
    assert levels(builder, criterion)[0] == 2
    picks.boxes[second].value = True
    assert levels(builder, criterion)[0] == 3
    picks.other.value = "a monthly newsletter"
    assert levels(builder, criterion)[0] == 3
    assert builder.form_data()[path.split(".")[0]][path.split(".")[1]] == [first, second, "a monthly newsletter"]


def with_every_partner_choice(builder: DesignBuilder, partner_id: str) -> list:
    """Owner, provider, payer and handover partner all set to `partner_id`; the four dropdowns."""
    mitigation = builder.add_mitigation(gap="infrastructure", action="Solar power at the sites", owner=partner_id)
    capacity = builder.add_capacity_building(group="Operators", provider=partner_id)
    builder.set_field("sustainability.running_costs.payer", partner_id)
    builder.set_field("sustainability.handover.to", partner_id)
    return [mitigation.owner, capacity.provider, builder.fields["sustainability.running_costs.payer"],
            builder.fields["sustainability.handover.to"]]


def choice_values(dropdown) -> list[str]:
    return [value for _label, value in dropdown.options if value not in ("", "users")]


def test_partner_choices_follow_a_partner_being_added():
    builder = started()
    dropdowns = with_every_partner_choice(builder, "telco")
    builder.add_partner(id="ngo", name="Village Network", sector="civil_society")
    assert all(choice_values(dropdown) == ["gov", "telco", "ngo"] for dropdown in dropdowns)
    assert all(dropdown.value == "telco" for dropdown in dropdowns)


def test_partner_choices_follow_a_rename_keystroke_by_keystroke():
    builder = started()
    dropdowns = with_every_partner_choice(builder, "telco")
    row = builder.partner_rows[1]
    for typed in ("telc", "telcom", "mobile"):
        row.id.value = typed
        assert builder.problems == [] and [dropdown.value for dropdown in dropdowns] == [typed] * 4
    assert all(choice_values(dropdown) == ["gov", "mobile"] for dropdown in dropdowns)
    design = builder.design
    assert (design.environment.mitigations[0].owner, design.capacity_building[0].provider,
            design.sustainability.running_costs.payer, design.sustainability.handover.to) == ("mobile",) * 4


def test_a_rename_away_from_a_shared_id_leaves_the_choices_alone():
    builder = started()
    dropdowns = with_every_partner_choice(builder, "gov")
    row = builder.partner_rows[1]
    row.id.value = "gov"  # a duplicate for a moment: the choices name the first partner still
    row.id.value = "mobile"
    assert [dropdown.value for dropdown in dropdowns] == ["gov"] * 4 and builder.problems == []


def test_removing_a_chosen_partner_names_the_dangling_choice_as_the_command_line_does():
    builder = started()
    dropdowns = with_every_partner_choice(builder, "telco")
    builder.remove_partner(1)
    assert builder.design is None
    assert all(dropdown.value == "telco" and dropdown.label == "telco (not a partner)" for dropdown in dropdowns)
    text = builder.form_data()
    with pytest.raises(DesignError) as raised:
        parse_design(json.dumps(text), "<builder>")
    assert [(problem.path, problem.message) for problem in builder.problems] == [
        (problem.path, problem.message) for problem in raised.value.problems]
    assert "<builder>: sustainability.handover.to: 'telco' is not a partner id in this design (partners: gov)" in [
        str(problem) for problem in builder.problems]
    assert "capacity_building[0].provider" in builder.capacity_rows[0].message.value
    for dropdown in dropdowns:
        dropdown.value = "gov"
    assert builder.design is not None and all(choice_values(dropdown) == ["gov"] for dropdown in dropdowns)


def test_a_v1_file_imports_and_exports_as_version_2(fixtures_dir: Path):
    path = fixtures_dir / "designs" / "v1-strong-multi-stakeholder.yaml"
    builder = DesignBuilder()
    assert builder.import_text(path.read_text(encoding="utf-8"), path.name) == []
    assert builder.design == load_design(path) and builder.design.schema_version == 2
    assert builder.report == score(load_design(path))
    moa = builder.partner_rows[0]
    assert moa.contributes.other.value == "extension officers, price data"  # v1 wording: shown, kept
    assert not any(box.value for box in moa.contributes.boxes.values())
    for fmt in ("yaml", "json"):
        text = builder.export_text(fmt)
        assert parse_design(text, f"export.{fmt}") == builder.design
    assert builder.export_text().startswith("schema_version: 2\n")


def test_every_v2_field_round_trips(fixtures_dir: Path):
    path = fixtures_dir / "designs" / "strong-multi-stakeholder.yaml"
    builder = DesignBuilder()
    builder.import_text(path.read_text(encoding="utf-8"), path.name)
    assert builder.design == load_design(path) and builder.report.overall == 100
    again = DesignBuilder()
    again.import_text(builder.export_text("json"), "export.json")
    assert again.form_data() == builder.form_data() == load_design(path).to_dict()


CASE = TWO_PARTNERS + """\
analysis: {of: "Two partners, as at launch", sources: [someone2007]}
not_recorded: [champion.commitment, trust]
"""


def test_a_case_analysis_keeps_its_analysis_sections_through_the_form():
    builder = started(CASE)
    assert "case analysis" in builder.notice.value and "analysis and not_recorded" in builder.notice.value
    assert builder.design.not_recorded == ("champion.commitment", "trust")
    assert not finding(builder.report, "trust-practices").known
    builder.set_field("summary", "Edited in the builder")
    assert parse_design(builder.export_text(), "export.yaml") == builder.design
    assert builder.design.analysis.sources == ("someone2007",)
    builder.fields["trust.practices"].boxes["rotating_chair"].value = True  # a value for what is marked unknown
    assert [str(problem) for problem in builder.problems] == [
        "<builder>: not_recorded[1]: trust is marked not recorded but also has a value: keep one"]
    builder.import_text(TWO_PARTNERS)  # a design of one's own: nothing is carried over
    assert "analysis" not in builder.form_data() and "case analysis" not in builder.notice.value
