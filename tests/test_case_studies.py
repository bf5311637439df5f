"""The case studies: every design valid, every band as the trainer notes expect, coverage as promised."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ict4d_training import advise, load_answers, load_design, score

CASES = Path(__file__).resolve().parent.parent / "case_studies"
CASE_DIRS = sorted(path.parent for path in CASES.glob("*/design.yaml"))
yaml = YAML(typ="safe", pure=True)


def metadata(case: Path) -> dict[str, object]:
    data = yaml.load((case / "case.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_there_are_at_least_eight_cases() -> None:
    assert len(CASE_DIRS) >= 8


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda path: path.name)
def test_case_band_matches_trainer_notes(case: Path) -> None:
    report = score(load_design(case / "design.yaml"))
    expected = metadata(case)["expected_band"]
    assert report.band == expected
    page = (case / "index.md").read_text(encoding="utf-8")
    # A composite says so; a real case says so instead (tests/test_real_cases.py checks its sources).
    assert ("illustrative composite" if metadata(case)["composite"] else "a real case") in page.lower()
    assert "case_scorecard(\"design.yaml\")" in page
    assert "Trainer notes" in page


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda path: path.name)
def test_case_metadata_is_complete(case: Path) -> None:
    data = metadata(case)
    assert set(data) == {"title", "sector", "region", "themes", "expected_band", "composite"}
    assert data["composite"] in (True, False)


def test_cases_cover_the_promised_spread() -> None:
    cases = [metadata(case) for case in CASE_DIRS]
    sectors = {case["sector"] for case in cases}
    assert sectors >= {"education", "health", "agriculture", "e-government", "connectivity", "disaster-warning",
                       "mobile-money", "school-connectivity"}
    regions = [case["region"] for case in cases]
    assert {"Africa", "South Asia", "Caribbean", "Pacific"} <= set(regions)
    themes = [theme for case in cases for theme in case["themes"]]  # type: ignore[attr-defined]
    for theme in ("ppp-struggled", "contract-better", "blocked-environment", "no-baseline", "champion-moved-on",
                  "scaled"):
        assert theme in themes, theme
    assert themes.count("strong-msp") >= 2
    bands = {case["expected_band"] for case in cases}
    # Under rubric v2 no case is not_ready: the two weakest designs are stopped by a blocker instead,
    # and the two real cases' public records are too thin to band.
    assert bands == {"strong", "developing", "emerging", "do_not_start", "too_little_recorded"}


def test_strong_cases_really_are_multi_stakeholder() -> None:
    for case in CASE_DIRS:
        if "strong-msp" in metadata(case)["themes"]:  # type: ignore[operator]
            report = score(load_design(case / "design.yaml"))
            assert report.partnership_kind == "multi_stakeholder"
            assert not report.blockers


def test_ppp_cases_are_detected_as_ppp() -> None:
    for case in CASE_DIRS:
        if "ppp-struggled" in metadata(case)["themes"]:  # type: ignore[operator]
            assert score(load_design(case / "design.yaml")).partnership_kind == "ppp"


def test_blocked_case_has_a_blocker_and_is_capped() -> None:
    blocked = [case for case in CASE_DIRS if "blocked-environment" in metadata(case)["themes"]]  # type: ignore[operator]
    assert blocked
    for case in blocked:
        report = score(load_design(case / "design.yaml"))
        assert [blocker.code for blocker in report.blockers] == ["policy_obstructive"]
        assert report.band == "do_not_start"


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda path: path.name)
def test_case_design_is_format_2_and_only_real_cases_are_analyses(case: Path) -> None:
    data = yaml.load((case / "design.yaml").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    real = metadata(case)["composite"] is False
    # A composite is a design: what its story is silent on is left out, never marked not recorded.
    assert ("analysis" in data) is real
    assert ("not_recorded" in data) is real
    report = score(load_design(case / "design.yaml"))
    assert (report.coverage < 100) is real


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda path: path.name)
def test_trainer_notes_state_the_band_and_any_blockers(case: Path) -> None:
    report = score(load_design(case / "design.yaml"))
    notes = (case / "index.md").read_text(encoding="utf-8").split("## Trainer notes", 1)[1]
    assert f"Expected band: **{report.band.replace('_', ' ')}**" in notes
    # The score the notes state is the score the scorer gives (rounded to a whole number).
    assert f"{round(report.overall)} " in notes, round(report.overall)
    if report.blockers:
        assert "blocker" in notes


def test_the_school_pledge_states_only_an_output_and_is_stopped() -> None:
    case = CASES / "school-connectivity-pledge"
    report = score(load_design(case / "design.yaml"))
    assert [blocker.code for blocker in report.blockers] == ["no_outcome"]
    assert report.band == "do_not_start"
    scored = (case / "index.md").read_text(encoding="utf-8").split("## The design, scored", 1)[1].split("```", 1)[0]
    assert "an output" in scored and "do not start" in scored


def test_real_cases_are_scored_on_what_their_record_shows() -> None:
    for case in CASE_DIRS:
        if metadata(case)["composite"] is False:
            report = score(load_design(case / "design.yaml"))
            unknown = [finding for finding in report.findings if not finding.known]
            assert unknown and all(finding.points == 0 for finding in unknown)
            page = (case / "index.md").read_text(encoding="utf-8")
            assert f"{round(report.coverage)} of 100 points" in page


def test_contract_case_gets_contract_advice() -> None:
    contract_cases = [case for case in CASE_DIRS if "contract-better" in metadata(case)["themes"]]  # type: ignore[operator]
    assert contract_cases
    for case in contract_cases:
        assert advise(load_answers(case / "answers.yaml")).recommendation == "contract"
