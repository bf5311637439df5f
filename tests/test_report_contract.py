"""report.py: ScoreReport.to_dict() is exactly the JSON of the contract's section 2 (book/technical/contract.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from _designs import design_v2, partner
from ict4d_training import Design, DesignError, score

Loader = Callable[[str], Design]
FIXTURES = ["strong-multi-stakeholder", "strong-multi-stakeholder.json", "ppp-only", "ppp-plus-civil-society",
            "single-partner", "no-outcomes", "obstructive-policy", "absent-infrastructure", "minimal-valid",
            "html-in-partner-name"]
TOP_LEVEL = ["schema_version", "title", "overall", "band", "coverage", "elements", "lessons", "blockers",
             "recommendations"]
ELEMENTS = ["environment", "stakeholders", "leadership", "objectives", "monitoring", "resourcing", "ethics",
            "management"]
LESSONS = ["diversity", "local_context", "outcomes", "sustainability", "trust", "enabling_environment"]
FINDING = ["criterion", "met", "points", "max_points", "level", "known", "message", "learn_more"]
BANDS = {"not_ready", "emerging", "developing", "strong", "do_not_start"}


@pytest.fixture(params=FIXTURES)
def report_dict(request: pytest.FixtureRequest, load_fixture: Loader) -> dict[str, Any]:
    return score(load_fixture(request.param)).to_dict()


def areas(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [*report["elements"].values(), *report["lessons"].values()]


def test_top_level_keys(report_dict: dict[str, Any]) -> None:
    assert list(report_dict) == TOP_LEVEL


def test_element_keys_in_contract_order(report_dict: dict[str, Any]) -> None:
    assert list(report_dict["elements"]) == ELEMENTS


def test_lesson_keys_in_contract_order(report_dict: dict[str, Any]) -> None:
    assert list(report_dict["lessons"]) == LESSONS


def test_area_and_finding_keys(report_dict: dict[str, Any]) -> None:
    for area in areas(report_dict):
        assert list(area) == ["score", "findings"]
        assert area["findings"], "every element and lesson is informed by at least one criterion"
        for finding in area["findings"]:
            assert list(finding) == FINDING


def test_blocker_and_recommendation_keys(report_dict: dict[str, Any]) -> None:
    for blocker in report_dict["blockers"]:
        assert list(blocker) == ["code", "message", "learn_more"]
    for recommendation in report_dict["recommendations"]:
        assert list(recommendation) == ["priority", "element", "action"]
        assert recommendation["element"] in ELEMENTS


def test_values_have_the_contract_types(report_dict: dict[str, Any]) -> None:
    assert report_dict["schema_version"] == 2
    assert isinstance(report_dict["title"], str)
    assert report_dict["coverage"] == 100.0  # no fixture is an analysis with fields not recorded
    assert (report_dict["band"] == "do_not_start") is bool(report_dict["blockers"])
    assert report_dict["band"] in BANDS
    for area in areas(report_dict):
        for finding in area["findings"]:
            assert isinstance(finding["met"], bool)
            assert isinstance(finding["criterion"], str)
            assert all(isinstance(finding[key], int | float) and not isinstance(finding[key], bool)
                       for key in ("points", "max_points"))
            assert finding["known"] is True and finding["level"] in (0, 1, 2, 3)
            assert finding["met"] is (finding["level"] == 3)
            assert isinstance(finding["message"], str)
            assert finding["message"]
    assert [item["priority"] for item in report_dict["recommendations"]] == list(
        range(1, len(report_dict["recommendations"]) + 1))
    assert all(isinstance(item["priority"], int) for item in report_dict["recommendations"])


def test_scores_are_within_0_and_100(report_dict: dict[str, Any]) -> None:
    assert 0 <= report_dict["overall"] <= 100
    for area in areas(report_dict):
        assert 0 <= area["score"] <= 100
        for finding in area["findings"]:
            assert 0 <= finding["points"] <= finding["max_points"] <= 100


def test_report_is_json_serialisable(report_dict: dict[str, Any]) -> None:
    text = json.dumps(report_dict, allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == report_dict


def test_numbers_are_rounded_for_display(load_fixture: Loader) -> None:
    report = score(load_fixture("ppp-only"))
    data = report.to_dict()
    assert data["overall"] == round(report.overall, 1)
    assert data["lessons"]["diversity"]["score"] == round(report.lesson("diversity").score, 1)
    first = report.findings[0]
    assert data["elements"]["environment"]["findings"][0]["max_points"] == round(first.max_points, 1)


def test_to_dict_reflects_the_report(load_fixture: Loader) -> None:
    report = score(load_fixture("single-partner"))
    data = report.to_dict()
    assert data["title"] == "Market prices by text message (ministry alone)"
    assert data["band"] == "do_not_start"
    assert [blocker["code"] for blocker in data["blockers"]] == ["single_partner"]
    assert [item["action"] for item in data["recommendations"]] == [item.action for item in report.recommendations]
    criteria = [finding["criterion"] for area in data["elements"].values() for finding in area["findings"]]
    assert criteria == [finding.criterion for finding in report.findings]


def test_strong_report_has_nothing_to_recommend(strong_design: Design) -> None:
    data = score(strong_design).to_dict()
    assert data["band"] == "strong"
    assert data["overall"] == 100.0
    assert data["blockers"] == []
    assert data["recommendations"] == []
    assert all(finding["met"] for area in areas(data) for finding in area["findings"])


def test_report_and_area_lookups(load_fixture: Loader) -> None:
    report = score(load_fixture("ppp-only"))
    assert report.element("ethics").key == "ethics"
    assert report.lesson("trust").key == "trust"
    assert len(report.findings) == 30
    finding = report.findings[0]
    assert finding.recoverable == pytest.approx(finding.max_points - finding.points)


# --- unknown: an analysis of a past partnership that its sources are silent on -----------------

ANALYSIS = ("analysis", {"of": "A past partnership, as at launch", "sources": ["geldof2011"]})


def test_criteria_reading_what_is_not_recorded_are_unknown_and_left_out(strong_design: Design) -> None:
    design = design_v2(*[(key, value) for key, value in strong_design.to_dict().items() if key != "champion"],
                       ANALYSIS, ("not_recorded", ["champion"]))
    report = score(design)
    unknown = [finding for finding in report.findings if not finding.known]
    assert {finding.criterion for finding in unknown} == {"champion-level", "champion-commitment"}
    assert all(finding.points == 0 and finding.level is not None for finding in unknown)
    known_points = sum(finding.max_points for finding in report.findings if finding.known)
    assert report.coverage == pytest.approx(100 - sum(finding.max_points for finding in unknown))
    assert report.overall == pytest.approx(
        100 * sum(finding.points for finding in report.findings) / known_points) == pytest.approx(100)
    assert not {item.criterion for item in report.recommendations} & {"champion-level", "champion-commitment"}
    data = report.to_dict()
    champion = [f for f in data["elements"]["leadership"]["findings"] if f["criterion"].startswith("champion")]
    assert [(f["known"], f["level"]) for f in champion] == [(False, None), (False, None)]
    assert data["coverage"] == round(report.coverage, 1)


def test_not_recorded_without_an_analysis_is_refused() -> None:
    with pytest.raises(DesignError) as caught:
        design_v2(("not_recorded", ["champion"]))
    assert [problem.path for problem in caught.value.problems] == ["not_recorded"]
    assert "analyses of past partnerships" in str(caught.value)


# --- recommendations never ask for what is recorded ------------------------------------------------


def test_an_obstructive_policy_agreed_with_an_engaged_regulator_gets_no_blocker_and_no_assess_step() -> None:
    design = design_v2(("environment.policy", "obstructive"), ("outcomes", [{"statement": "Farmers earn more"}]),
                       ("partners", [partner("reg", "regulator", leader_engaged=True), partner("ngo", "civil_society")]),
                       ("environment.mitigations", [{"gap": "policy", "action": "Change the licensing rule",
                                                     "owner": "reg", "agreed_objective": True}]))
    report = score(design)
    assert report.blockers == ()
    actions = [item.action for item in report.recommendations]
    assert actions and not any("assess the policy environment" in action.lower() for action in actions)


def test_a_matched_organisational_champion_gets_no_champion_level_recommendation() -> None:
    report = score(design_v2(("champion.level", "organisational"), ("context.scope", "community")))
    assert "champion-level" not in {item.criterion for item in report.recommendations}
    assert not any("champion (champion.level)" in item.action for item in report.recommendations)
