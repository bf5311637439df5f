"""measures_v2.py and the packaged rubric v2: every criterion reaches every level its `levels` describe, with
evidence, and the blocker rules raise and lift as the rubric says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from _designs import design_v2, partner
from _measure_cases import GOV, NGO, Case, outcome, partners
from _measure_cases_v2 import CASES, ENGAGED_GOV, mitigation, mitigations
from ict4d_training import Design, default_rubric, score
from ict4d_training.core.measures import BLOCKER_RULES, MEASURES
from ict4d_training.core.record_bounds import best_case

RUBRIC = default_rubric()
CRITERIA = {criterion.id: criterion for criterion in RUBRIC.criteria}
# Every (criterion, case) pair: a criterion the rubric gains without cases here fails the coverage test below.
PAIRS = [(criterion_id, item) for criterion_id in CRITERIA for item in CASES.get(criterion_id, ())]


def finding_of(design: Design, criterion_id: str) -> Any:
    return next(f for f in score(design).findings if f.criterion == criterion_id)


def test_the_packaged_rubric_is_version_2_with_30_criteria() -> None:
    assert RUBRIC.schema_version == 2
    assert len(RUBRIC.criteria) == 30
    assert RUBRIC.blocked_band is not None and RUBRIC.blocked_band.key == "do_not_start"


@pytest.mark.parametrize("criterion_id", list(CRITERIA))
def test_every_criterion_of_the_rubric_has_cases(criterion_id: str) -> None:
    assert CASES.get(criterion_id), f"{criterion_id} has no cases in _measure_cases_v2.py"


def test_no_cases_for_criteria_the_rubric_lacks() -> None:
    assert set(CASES) <= set(CRITERIA)


@pytest.mark.parametrize(("criterion_id", "item"), PAIRS, ids=[f"{c}-{item.label}" for c, item in PAIRS])
def test_each_case_reaches_its_level_with_its_evidence(criterion_id: str, item: Case) -> None:
    criterion = CRITERIA[criterion_id]
    design = design_v2(*item.changes)
    measurement = MEASURES[criterion.measure](design)
    assert measurement.level == item.level, measurement.evidence
    assert item.evidence in measurement.evidence
    assert measurement.evidence.strip() == measurement.evidence and measurement.evidence.endswith(".")
    assert "None" not in measurement.evidence
    assert not re.search(r"\b(\w+) \1\b", measurement.evidence), "a doubled word"
    finding = finding_of(design, criterion_id)
    assert finding.known is True
    assert finding.level == item.level
    assert finding.points == pytest.approx(finding.max_points * item.level / 3)
    assert finding.max_points == pytest.approx(criterion.weight)
    assert finding.met is (item.level == 3)
    assert finding.message.startswith(measurement.evidence)
    if item.level < 3:
        assert finding.message.endswith(criterion.next_step(item.level, measurement.step))
    else:
        assert finding.message == measurement.evidence


@pytest.mark.parametrize("criterion_id", list(CRITERIA))
def test_every_described_level_is_reached(criterion_id: str) -> None:
    criterion = CRITERIA[criterion_id]
    reached = {MEASURES[criterion.measure](design_v2(*item.changes)).level for item in CASES.get(criterion_id, ())}
    assert reached == set(criterion.levels), (
        f"{criterion_id}: levels described {sorted(criterion.levels)}, reached {sorted(reached)}")


@pytest.mark.parametrize("criterion_id", list(CRITERIA))
def test_an_empty_design_is_at_level_zero_and_the_strong_design_at_three(criterion_id: str,
                                                                         strong_design: Design) -> None:
    measure = MEASURES[CRITERIA[criterion_id].measure]
    assert measure(design_v2(partners(partner("solo", "community")))).level == 0
    assert measure(strong_design).level == 3


# --- blockers -------------------------------------------------------------------------------

OBSTRUCTIVE = ("environment.policy", "obstructive")
ABSENT = ("environment.infrastructure", "absent")
AN_OUTCOME = ("outcomes", [outcome()])


def blocker_codes(design: Design) -> set[str]:
    return {blocker.code for blocker in score(design).blockers}


@pytest.mark.parametrize(("label", "changes", "raised"), [
    ("obstructive", (OBSTRUCTIVE,), True),
    ("agreed, authority not engaged", (OBSTRUCTIVE, mitigations(mitigation("policy", agreed_objective=True))), True),
    ("engaged authority, not agreed", (OBSTRUCTIVE, partners(ENGAGED_GOV, NGO),
                                       mitigations(mitigation("policy", agreed_objective=False))), True),
    ("agreed, engaged partner not public", (OBSTRUCTIVE, partners(GOV, {**NGO, "leader_engaged": True}),
                                            mitigations(mitigation("policy", agreed_objective=True))), True),
    ("agreed infrastructure plan", (OBSTRUCTIVE, partners(ENGAGED_GOV, NGO),
                                    mitigations(mitigation("infrastructure", agreed_objective=True))), True),
    ("lifted by government", (OBSTRUCTIVE, partners(ENGAGED_GOV, NGO),
                              mitigations(mitigation("policy", complete=False, agreed_objective=True))), False),
    ("lifted by regulator", (OBSTRUCTIVE, partners(GOV, NGO, partner("reg", "regulator", leader_engaged=True)),
                             mitigations(mitigation("policy", agreed_objective=True))), False),
    ("neutral", (("environment.policy", "neutral"),), False),
    ("not assessed", (), False),
])
def test_obstructive_policy_blocks_until_change_is_agreed_with_an_engaged_authority(
        label: str, changes: tuple[tuple[str, Any], ...], raised: bool) -> None:
    design = design_v2(AN_OUTCOME, *changes)
    assert BLOCKER_RULES["policy_obstructive_unaddressed"](design) is raised
    assert ("policy_obstructive" in blocker_codes(design)) is raised


@pytest.mark.parametrize(("label", "changes", "raised"), [
    ("absent", (ABSENT,), True),
    ("no owner", (ABSENT, mitigations(mitigation("infrastructure", False, by="design", resources_committed=True))),
     True),
    ("no stage", (ABSENT, mitigations(mitigation("infrastructure", False, owner="gov", resources_committed=True))),
     True),
    ("resources not committed", (ABSENT, mitigations(mitigation("infrastructure", resources_committed=False))), True),
    ("complete policy plan", (ABSENT, mitigations(mitigation("policy"))), True),
    ("complete plan", (ABSENT, mitigations(mitigation("infrastructure"))), False),
    ("complete among incomplete", (ABSENT, mitigations(mitigation("infrastructure", complete=False),
                                                       mitigation("infrastructure"))), False),
    ("partial", (("environment.infrastructure", "partial"),), False),
])
def test_absent_infrastructure_blocks_until_a_complete_plan_provides_it(
        label: str, changes: tuple[tuple[str, Any], ...], raised: bool) -> None:
    design = design_v2(AN_OUTCOME, *changes)
    assert BLOCKER_RULES["infrastructure_absent_unplanned"](design) is raised
    assert ("infrastructure_absent" in blocker_codes(design)) is raised


@pytest.mark.parametrize(("label", "outcomes", "raised"), [
    ("none", [], True),
    ("outputs only", [outcome("Kiosks installed", kind="output"), outcome("Laptops", kind="output")], True),
    ("an outcome among outputs", [outcome("Kiosks installed", kind="output"), outcome(kind="outcome")], False),
    ("kind not given", [outcome()], False),
])
def test_only_outputs_is_the_no_outcome_blocker(label: str, outcomes: list[dict[str, Any]], raised: bool) -> None:
    design = design_v2(("outcomes", outcomes))
    assert BLOCKER_RULES["no_development_outcome"](design) is raised
    assert ("no_outcome" in blocker_codes(design)) is raised


def test_single_partner_blocks() -> None:
    assert "single_partner" in blocker_codes(design_v2(AN_OUTCOME, partners(GOV)))
    assert "single_partner" not in blocker_codes(design_v2(AN_OUTCOME))


@pytest.mark.parametrize("change", [OBSTRUCTIVE, ABSENT, ("outcomes", [outcome("Kiosks installed", kind="output")])],
                         ids=["policy", "infrastructure", "outputs only"])
def test_a_blocked_design_is_do_not_start_whatever_its_score(strong_design: Design, change: tuple[str, Any]) -> None:
    assert score(strong_design).band == "strong"
    blocked = design_v2(*strong_design.to_dict().items(), change)
    report = score(blocked)
    assert report.blockers
    assert report.overall >= RUBRIC.band_for(80).min  # high enough for "strong" on the score alone
    assert report.band == "do_not_start"


# --- rubric v2 as data --------------------------------------------------------------------------

BOOK = Path(__file__).resolve().parent.parent / "book"
# The book's bibliographies: the main one, and those kept apart for "Running a partnership" and the validation study.
BIBS = [BOOK / "references.bib", BOOK / "references-running.bib", BOOK / "references-validation.bib"]


def test_no_criterion_is_worth_more_than_6_points_and_the_points_sum_to_100() -> None:
    points = {criterion.id: RUBRIC.max_points(criterion.id) for criterion in RUBRIC.criteria}
    assert max(points.values()) <= 6 + 1e-9, max(points, key=points.__getitem__)
    assert sum(points.values()) == pytest.approx(100)


@pytest.mark.parametrize("criterion_id", list(CRITERIA))
def test_every_criterion_traces_to_its_source_and_cites_known_keys(criterion_id: str) -> None:
    keys = {key for bib in BIBS for key in re.findall(r"@\w+\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8"))}
    traces = CRITERIA[criterion_id].traces_to
    assert traces, f"{criterion_id} has no traces_to"
    for cited in (item.removeprefix("cite:") for item in traces if item.startswith("cite:")):
        assert cited in keys, f"{criterion_id}: cite:{cited} is not a key in the book's .bib files"


@pytest.mark.parametrize(("criterion_id", "item"), PAIRS, ids=[f"{c}-{item.label}" for c, item in PAIRS])
def test_every_case_below_3_has_its_own_next_step(criterion_id: str, item: Case) -> None:
    # The step the measure names (or else its level) must be written in next_steps: never the generic feedback.
    criterion = CRITERIA[criterion_id]
    measurement = MEASURES[criterion.measure](design_v2(*item.changes))
    steps = criterion.next_steps or {}
    if measurement.step is not None:
        assert measurement.step in steps, f"{criterion_id}: step {measurement.step!r} is not in next_steps"
    elif measurement.level < 3:
        assert measurement.level in steps, f"{criterion_id}: no next_step for level {measurement.level}"


# --- record_bounds: an analysis scored as coded and at the best its silent record allows ----------------------

ANALYSIS = ("analysis", {"of": "A past partnership", "sources": ["Its final evaluation"]})


def analysis(*marked: str, changes: tuple[tuple[str, Any], ...] = ()) -> Design:
    return design_v2(ANALYSIS, ("not_recorded", list(marked)), *changes)


def test_best_case_of_a_design_with_nothing_unrecorded_is_the_design_itself() -> None:
    design = design_v2(ANALYSIS)
    assert best_case(design) is design


def test_best_case_fills_a_section_a_field_and_a_field_of_every_list_item_that_lacks_it() -> None:
    coded = analysis("trust", "monitoring.baseline_study", "outcomes.baseline", "capacity_building.when",
                     changes=(("outcomes", [outcome(baseline="8%"), outcome("Second")]),
                              ("capacity_building", [{"group": "teachers", "provider": "ngo"}])))
    best = best_case(coded)
    assert best.not_recorded == ()
    assert (best.trust.partnering_agreement, best.trust.decision_making) == (True, "consensus")
    assert len(best.trust.practices) == 2
    assert best.monitoring.baseline_study is True
    assert [item.baseline for item in best.outcomes] == ["8%", "recorded"]  # a recorded baseline is kept
    assert best.capacity_building[0].when == "before_launch"
    assert coded.outcomes[1].baseline is None and coded.monitoring.baseline_study is None  # the coded design is unchanged


def test_best_case_fills_a_partner_field_only_for_partners_lacking_it() -> None:
    coded = analysis("partners.leader_engaged", changes=(partners({**GOV, "leader_engaged": False}, NGO),))
    assert [item.leader_engaged for item in best_case(coded).partners] == [False, True]


def test_a_criterion_the_record_settles_stays_known() -> None:
    # Policy is supportive whatever the partners' leaders did: level 3 either way.
    coded = analysis("partners.leader_engaged", changes=(("environment.policy", "supportive"),))
    settled = finding_of(coded, "policy-environment")
    assert (settled.known, settled.level, settled.points) == (True, 3, settled.max_points)
    leaders = finding_of(coded, "leaders-engaged")
    assert leaders.known is False and leaders.points == 0
    assert leaders.message.startswith("Unknown: the record is silent on partners.leader_engaged")


def test_a_criterion_the_record_does_not_settle_is_unknown_and_left_out_of_the_score() -> None:
    coded = analysis("monitoring.baseline_study")
    finding = finding_of(coded, "baseline-study")
    assert finding.known is False and finding.met is False
    report = score(coded)
    assert report.coverage == pytest.approx(100 - finding.max_points)
    assert finding.criterion not in {item.criterion for item in report.recommendations}
    recorded = score(design_v2(ANALYSIS))
    assert report.overall == pytest.approx(recorded.overall * 100 / (100 - finding.max_points))


@pytest.mark.parametrize(("marked", "changes", "code", "raised"), [
    ((), (("outcomes", []),), "no_outcome", True),
    (("outcomes",), (), "no_outcome", False),
    (("environment.mitigations",), (OBSTRUCTIVE, AN_OUTCOME), "policy_obstructive", True),  # nobody engaged: holds
    (("environment.mitigations", "partners.leader_engaged"), (OBSTRUCTIVE, AN_OUTCOME), "policy_obstructive", False),
    (("environment.mitigations",), (ABSENT, AN_OUTCOME), "infrastructure_absent", False),
])
def test_a_blocker_is_raised_only_if_it_holds_at_the_best_case_too(
        marked: tuple[str, ...], changes: tuple[tuple[str, Any], ...], code: str, raised: bool) -> None:
    coded = analysis(*marked, changes=changes)
    assert (code in blocker_codes(coded)) is raised
    assert (score(coded).band == "do_not_start") is raised


def test_the_displays_band_names_are_the_packaged_rubrics() -> None:
    from ict4d_training.core.rubric import BLOCKED_BAND, THIN_RECORD_BAND

    rubric = default_rubric()
    assert rubric.blocked_band is not None and rubric.blocked_band.key == BLOCKED_BAND
    assert rubric.thin_record_band is not None and rubric.thin_record_band.key == THIN_RECORD_BAND
