"""measures.py: every criterion of rubric v1 (rubric-v1.yaml, which trainers' v1 rubric files copy) reaches
every level its rubric entry describes, with evidence. Rubric v2's measures: test_measures_v2.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from _designs import design_with, partner
from _measure_cases import CASES, GOV, Case, outcome, partners
from ict4d_training import Design, RubricError, load_design, load_rubric, parse_rubric, score
from ict4d_training.core.measures import BLOCKER_RULES, MEASURES, Measurement, is_ppp
from ict4d_training.core.rubric import BAND_ORDER

ROOT = Path(__file__).resolve().parent.parent
RUBRIC = load_rubric(ROOT / "src" / "ict4d_training" / "data" / "rubric-v1.yaml")
CRITERIA = {criterion.id: criterion for criterion in RUBRIC.criteria}
V1_RUBRIC_TEXT = (ROOT / "src" / "ict4d_training" / "data" / "rubric-v1.yaml").read_text(encoding="utf-8")
V1_STRONG = Path(__file__).parent / "fixtures" / "designs" / "v1-strong-multi-stakeholder.yaml"


def measure_case(criterion_id: str, item: Case) -> Measurement:
    design = design_with(*item.changes)
    return MEASURES[CRITERIA[criterion_id].measure](design)


def check(criterion_id: str, item: Case) -> None:
    measurement = measure_case(criterion_id, item)
    assert measurement.level == item.level, measurement.evidence
    assert item.evidence in measurement.evidence
    assert measurement.evidence.strip() == measurement.evidence
    assert measurement.evidence.endswith(".")
    assert "None" not in measurement.evidence
    assert not re.search(r"\b(\w+) \1\b", measurement.evidence), "a doubled word"
    # The scorer turns the level into points and a message that leads with the evidence.
    finding = next(f for f in score(design_with(*item.changes), RUBRIC).findings if f.criterion == criterion_id)
    assert finding.level == item.level
    assert finding.points == pytest.approx(finding.max_points * item.level / 3)
    assert finding.met is (item.level == 3)
    assert finding.message.startswith(measurement.evidence)
    if item.level < 3:
        assert finding.message.endswith(CRITERIA[criterion_id].feedback)


def cases(criterion_id: str) -> Any:
    return pytest.mark.parametrize("item", CASES[criterion_id], ids=[item.label for item in CASES[criterion_id]])


@cases("policy-environment")
def test_policy_environment(item: Case) -> None:
    check("policy-environment", item)


@cases("infrastructure")
def test_infrastructure(item: Case) -> None:
    check("infrastructure", item)


@cases("context-study")
def test_context_study(item: Case) -> None:
    check("context-study", item)


@cases("sector-diversity")
def test_sector_diversity(item: Case) -> None:
    check("sector-diversity", item)


@cases("community-involvement")
def test_community_involvement(item: Case) -> None:
    check("community-involvement", item)


@cases("early-engagement")
def test_early_engagement(item: Case) -> None:
    check("early-engagement", item)


@cases("high-level-champion")
def test_high_level_champion(item: Case) -> None:
    check("high-level-champion", item)


@cases("leaders-engaged")
def test_leaders_engaged(item: Case) -> None:
    check("leaders-engaged", item)


@cases("development-outcomes")
def test_development_outcomes(item: Case) -> None:
    check("development-outcomes", item)


@cases("outcomes-agreed")
def test_outcomes_agreed(item: Case) -> None:
    check("outcomes-agreed", item)


@cases("partnering-agreement")
def test_partnering_agreement(item: Case) -> None:
    check("partnering-agreement", item)


@cases("contract-considered")
def test_contract_considered(item: Case) -> None:
    check("contract-considered", item)


@cases("baseline-study")
def test_baseline_study(item: Case) -> None:
    check("baseline-study", item)


@cases("monitoring-from-start")
def test_monitoring_from_start(item: Case) -> None:
    check("monitoring-from-start", item)


@cases("partnership-review")
def test_partnership_review(item: Case) -> None:
    check("partnership-review", item)


@cases("resource-commitments")
def test_resource_commitments(item: Case) -> None:
    check("resource-commitments", item)


@cases("resourcing-framework")
def test_resourcing_framework(item: Case) -> None:
    check("resourcing-framework", item)


@cases("new-partner-mechanism")
def test_new_partner_mechanism(item: Case) -> None:
    check("new-partner-mechanism", item)


@cases("running-costs")
def test_running_costs(item: Case) -> None:
    check("running-costs", item)


@cases("transparency")
def test_transparency(item: Case) -> None:
    check("transparency", item)


@cases("conflict-of-interest")
def test_conflict_of_interest(item: Case) -> None:
    check("conflict-of-interest", item)


@cases("grievance-mechanism")
def test_grievance_mechanism(item: Case) -> None:
    check("grievance-mechanism", item)


@cases("trust-practices")
def test_trust_practices(item: Case) -> None:
    check("trust-practices", item)


@cases("management-structure")
def test_management_structure(item: Case) -> None:
    check("management-structure", item)


@cases("shared-decisions")
def test_shared_decisions(item: Case) -> None:
    check("shared-decisions", item)


@cases("scale-and-exit")
def test_scale_and_exit(item: Case) -> None:
    check("scale-and-exit", item)


# --- table-driven checks over the whole rubric ------------------------------------------


def test_the_rubric_tested_here_is_version_1() -> None:
    assert RUBRIC.schema_version == 1
    assert RUBRIC.blocked_band_cap is not None and RUBRIC.blocked_band is None


def test_every_criterion_has_cases_here() -> None:
    assert len(RUBRIC.criteria) == 26
    assert set(CASES) == set(CRITERIA)


@pytest.mark.parametrize("criterion_id", list(CRITERIA))
def test_every_measure_exists_and_every_described_level_is_reachable(criterion_id: str) -> None:
    criterion = CRITERIA[criterion_id]
    assert criterion.measure in MEASURES
    reached = {measure_case(criterion_id, item).level for item in CASES[criterion_id]}
    assert reached == set(criterion.levels), (
        f"{criterion_id}: levels described {sorted(criterion.levels)}, reached {sorted(reached)}")


@pytest.mark.parametrize("criterion_id", list(CRITERIA))
def test_an_empty_design_is_at_level_zero_and_the_strong_v1_design_at_three(criterion_id: str) -> None:
    measure = MEASURES[CRITERIA[criterion_id].measure]
    empty = design_with(partners({"id": "solo", "name": "Solo", "sector": "community"}))
    strong: Design = load_design(V1_STRONG)
    assert measure(empty).level == 0
    assert measure(strong).level == 3


def test_measures_are_registered_by_name() -> None:
    assert all(function.__name__ == name for name, function in MEASURES.items())
    assert len(MEASURES) >= 26


@pytest.mark.parametrize(("sectors", "expected"), [
    (("government", "private"), True),
    (("regulator", "private", "government"), True),
    (("government", "regulator"), False),
    (("private",), False),
    (("government", "private", "civil_society"), False),
    (("government", "private", "academia"), False),
    (("government", "private", "donor"), False),
])
def test_is_ppp(sectors: tuple[str, ...], expected: bool) -> None:
    design = design_with(partners(*(partner(f"p{index}", sector) for index, sector in enumerate(sectors))))
    assert is_ppp(design) is expected


@pytest.mark.parametrize(("rule", "changes", "raised"), [
    ("policy_obstructive", (("environment.policy", "obstructive"),), True),
    ("policy_obstructive", (("environment.policy", "neutral"),), False),
    ("policy_obstructive", (), False),
    ("infrastructure_absent", (("environment.infrastructure", "absent"),), True),
    ("infrastructure_absent", (("environment.infrastructure", "partial"),), False),
    ("infrastructure_absent", (), False),
    ("single_partner", (partners(GOV),), True),
    ("single_partner", (), False),
    ("no_outcome", (), True),
    ("no_outcome", (("outcomes", [outcome()]),), False),
])
def test_blocker_rules(rule: str, changes: tuple[tuple[str, Any], ...], raised: bool) -> None:
    assert BLOCKER_RULES[rule](design_with(*changes)) is raised


# --- rubric v1 bands: blockers cap the band ----------------------------------------------


def test_the_v1_rubric_still_caps_the_band_of_a_blocked_design(load_fixture: Any) -> None:
    v1 = RUBRIC
    assert score(load_fixture("minimal-valid"), v1).band == "not_ready"
    capped = score(load_fixture("obstructive-policy"), v1)
    assert capped.blockers and capped.band == v1.blocked_band_cap


def test_rubric_whose_cap_band_is_not_listed_cannot_crash_scoring(load_fixture: Any) -> None:
    # Regression: parse_rubric once accepted a blocked_band_cap naming no listed band, and
    # score() then raised StopIteration for any design with a blocker (version 1 rubrics have the cap).
    block = "  - key: emerging\n    min: 40\n    meaning: The idea is there, but several key elements are missing.\n"
    assert block in V1_RUBRIC_TEXT
    text = V1_RUBRIC_TEXT.replace(block, "")
    try:
        rubric = parse_rubric(text, "r.yaml")
    except RubricError as error:
        assert "blocked_band_cap" in str(error)
        return
    report = score(load_fixture("single-partner"), rubric)
    assert BAND_ORDER.index(report.band) <= BAND_ORDER.index("emerging")
