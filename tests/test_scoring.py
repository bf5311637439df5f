"""scoring.py (judge, aggregate, score) and the rubric it reads (rubric.py, data/rubric.yaml)."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from itertools import pairwise
from pathlib import Path

import pytest

from _designs import design_v2, design_with, partner
from ict4d_training import Design, RubricError, default_rubric, load_rubric, parse_rubric, score
from ict4d_training.core.rubric import BAND_ORDER, ELEMENT_KEYS, LESSON_KEYS
from ict4d_training.core.scoring import judge, partnership_kind

Loader = Callable[[str], Design]
LEARN_MORE = re.compile(r"^book/.+\.html#[a-z0-9-]+$")
RUBRIC_TEXT = resources.files("ict4d_training").joinpath("data").joinpath("rubric.yaml").read_text(encoding="utf-8")
ALL_FIXTURES = ["strong-multi-stakeholder", "ppp-only", "ppp-plus-civil-society", "single-partner", "no-outcomes",
                "obstructive-policy", "absent-infrastructure", "minimal-valid", "html-in-partner-name"]
BLOCKER_FIXTURES = [("single-partner", "single_partner"), ("no-outcomes", "no_outcome"),
                    ("obstructive-policy", "policy_obstructive"), ("absent-infrastructure", "infrastructure_absent")]


def rubric_file(tmp_path: Path, text: str, name: str = "my-rubric.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_number_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


# --- determinism ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_scoring_is_deterministic(name: str, load_fixture: Loader) -> None:
    first, second = score(load_fixture(name)), score(load_fixture(name))
    assert first == second
    assert first.to_dict() == second.to_dict()
    assert score(load_fixture(name), default_rubric()) == first


# --- PPP and diversity ----------------------------------------------------------------


def test_ppp_only_is_reported_as_a_ppp(load_fixture: Loader) -> None:
    report = score(load_fixture("ppp-only"))
    assert report.partnership_kind == "ppp"
    finding = next(f for f in report.findings if f.criterion == "sector-diversity")
    assert "PPP" in finding.message
    assert "public-private partnership" in finding.message
    assert not finding.met


def test_ppp_scores_lower_on_diversity_than_with_civil_society(load_fixture: Loader) -> None:
    ppp, plus = score(load_fixture("ppp-only")), score(load_fixture("ppp-plus-civil-society"))
    assert plus.partnership_kind == "multi_stakeholder"
    assert ppp.lesson("diversity").score < plus.lesson("diversity").score
    assert ppp.element("stakeholders").score < plus.element("stakeholders").score
    assert ppp.overall < plus.overall
    # The designs differ only by the added partner, which lowers no element.
    for key in ELEMENT_KEYS:
        assert ppp.element(key).score <= plus.element(key).score + 1e-9


@pytest.mark.parametrize("extra_sector", ["civil_society", "community"])
def test_adding_civil_society_or_community_to_a_ppp_raises_diversity(extra_sector: str) -> None:
    ppp_partners = [partner("gov", "government"), partner("telco", "private")]
    ppp = score(design_with(("partners", ppp_partners)))
    mixed = score(design_with(("partners", [*ppp_partners, partner("civic", extra_sector)])))
    assert ppp.partnership_kind == "ppp"
    assert mixed.partnership_kind == "multi_stakeholder"
    assert ppp.lesson("diversity").score < mixed.lesson("diversity").score


@pytest.mark.parametrize(("sectors", "kind"), [
    (("government",), "single_organisation"),
    (("civil_society", "civil_society"), "single_sector"),
    (("private", "private", "private"), "single_sector"),
    (("government", "private"), "ppp"),
    (("regulator", "private"), "ppp"),
    (("government", "private", "academia"), "multi_stakeholder"),
    (("donor", "community"), "multi_stakeholder"),
])
def test_partnership_kind(sectors: tuple[str, ...], kind: str) -> None:
    design = design_with(("partners", [partner(f"p{index}", sector) for index, sector in enumerate(sectors)]))
    assert partnership_kind(design) == kind
    assert score(design).partnership_kind == kind


@pytest.mark.parametrize("sectors", [("government", "regulator"), ("civil_society", "community"),
                                     ("donor", "multilateral")])
def test_partnership_kind_agrees_with_sector_diversity_on_one_group(sectors: tuple[str, ...]) -> None:
    # Regression: sector-diversity says "All partners come from one group (public sector)" for a
    # ministry and a regulator, but partnership_kind once counted raw sectors: multi_stakeholder.
    design = design_with(("partners", [partner(f"p{index}", sector) for index, sector in enumerate(sectors)]))
    report = score(design)
    diversity = next(finding for finding in report.findings if finding.criterion == "sector-diversity")
    assert diversity.level == 0
    assert "one group" in diversity.message
    assert report.partnership_kind == "single_sector"


# --- blockers and bands ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "code"), BLOCKER_FIXTURES)
def test_each_blocker_is_raised_and_sets_the_blocked_band(name: str, code: str, load_fixture: Loader) -> None:
    report = score(load_fixture(name))
    assert [blocker.code for blocker in report.blockers] == [code]
    assert report.overall >= 50, "the fixture should score fairly well apart from its blocker"
    assert report.band == "do_not_start"
    assert default_rubric().band_for(report.overall).key != "do_not_start"
    blocker = report.blockers[0]
    rubric_blocker = next(item for item in default_rubric().blockers if item.code == code)
    assert blocker.message == rubric_blocker.message
    assert LEARN_MORE.match(blocker.learn_more)


def test_blocker_messages_say_why_it_blocks(load_fixture: Loader) -> None:
    messages = {blocker.code: blocker.message for name, _ in BLOCKER_FIXTURES
                for blocker in score(load_fixture(name)).blockers}
    assert "little point in starting" in messages["policy_obstructive"]
    assert "nobody is committed to providing it" in messages["infrastructure_absent"]
    # Each message says what lifts the blocker.
    assert all("This lifts when" in message for message in messages.values())
    assert "One organisation is not a partnership" in messages["single_partner"]
    assert "development outcome" in messages["no_outcome"]


def test_several_blockers_are_all_listed_in_rubric_order(load_fixture: Loader) -> None:
    report = score(load_fixture("minimal-valid"))
    assert [blocker.code for blocker in report.blockers] == ["single_partner", "no_outcome"]
    design = design_with(("environment", {"policy": "obstructive", "infrastructure": "absent"}),
                         ("partners", [partner("solo", "private")]))
    assert [b.code for b in score(design).blockers] == ["policy_obstructive", "infrastructure_absent",
                                                        "single_partner", "no_outcome"]


def test_a_blocked_design_is_do_not_start_even_when_its_score_is_lowest(load_fixture: Loader) -> None:
    report = score(load_fixture("minimal-valid"))
    assert report.blockers
    assert report.overall < 40
    assert report.band == "do_not_start"
    assert report.band_meaning == default_rubric().blocked_band.meaning  # type: ignore[union-attr]


def test_strong_fixture_is_strong(strong_design: Design) -> None:
    report = score(strong_design)
    assert report.band == "strong"
    assert report.overall == pytest.approx(100)
    assert report.blockers == ()
    assert report.recommendations == ()
    assert all(finding.met for finding in report.findings)
    assert all(area.score == pytest.approx(100) for area in (*report.elements, *report.lessons))


def test_minimal_design_scores_zero(load_fixture: Loader) -> None:
    report = score(load_fixture("minimal-valid"))
    assert report.overall == 0
    assert all(finding.points == 0 and not finding.met for finding in report.findings)
    assert len(report.recommendations) == 30


@pytest.mark.parametrize(("overall", "band"), [(100, "strong"), (80, "strong"), (79.99, "developing"),
                                               (60, "developing"), (59.9, "emerging"), (40, "emerging"),
                                               (39.9, "not_ready"), (0, "not_ready")])
def test_bands_follow_the_rubric_thresholds(overall: float, band: str) -> None:
    assert default_rubric().band_for(overall).key == band


def test_band_meaning_comes_from_the_rubric(strong_design: Design) -> None:
    report = score(strong_design)
    assert report.band_meaning == next(band.meaning for band in default_rubric().bands if band.key == "strong")
    assert report.rubric_name == "CTO multi-stakeholder partnership rubric"


# --- findings, points and recommendations --------------------------------------------


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_every_point_lost_has_a_finding_with_a_book_link(name: str, load_fixture: Loader) -> None:
    report = score(load_fixture(name))
    criteria = {criterion.id: criterion for criterion in default_rubric().criteria}
    for area in (*report.elements, *report.lessons):
        for finding in area.findings:
            assert LEARN_MORE.match(finding.learn_more), finding.learn_more
            if finding.points < finding.max_points:
                assert not finding.met
                assert finding.message.strip()
                assert finding.message.endswith(criteria[finding.criterion].next_step(finding.level, finding.step))
    for blocker in report.blockers:
        assert LEARN_MORE.match(blocker.learn_more)


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_max_points_sum_to_100(name: str, load_fixture: Loader) -> None:
    report = score(load_fixture(name))
    assert len(report.findings) == 30
    assert sum(finding.max_points for finding in report.findings) == pytest.approx(100)
    assert report.overall == pytest.approx(sum(finding.points for finding in report.findings))


def test_element_max_points_follow_the_element_weights(strong_design: Design) -> None:
    report = score(strong_design)
    weights = {"environment": 20, "stakeholders": 17, "leadership": 15, "objectives": 13, "monitoring": 11,
               "resourcing": 9, "ethics": 8, "management": 7}
    for area in report.elements:
        assert sum(finding.max_points for finding in area.findings) == pytest.approx(weights[area.key])


def test_elements_and_lessons_are_in_contract_order(strong_design: Design) -> None:
    report = score(strong_design)
    assert tuple(area.key for area in report.elements) == ELEMENT_KEYS
    assert tuple(area.key for area in report.lessons) == LESSON_KEYS


def test_lessons_gather_the_criteria_that_inform_them(load_fixture: Loader) -> None:
    report = score(load_fixture("ppp-only"))
    rubric = default_rubric()
    for lesson in report.lessons:
        expected = [criterion.id for criterion in rubric.criteria if lesson.key in criterion.lessons]
        assert [finding.criterion for finding in lesson.findings] == expected
        possible = sum(finding.max_points for finding in lesson.findings)
        assert lesson.score == pytest.approx(100 * sum(finding.points for finding in lesson.findings) / possible)


def test_element_score_is_the_share_of_its_points() -> None:
    report = score(design_v2(("environment", {"policy": "supportive", "infrastructure": "partial"})))
    environment = report.element("environment")
    # policy 3/3 of 5 points, infrastructure 1/3 of 5, context study and capacity building 0: (5 + 5/3) / 20.
    assert [round(finding.max_points, 6) for finding in environment.findings] == [5.0, 5.0, 5.0, 5.0]
    assert environment.score == pytest.approx(100 * (5 + 5 / 3) / 20)


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_recommendations_are_ordered_by_points_recoverable(name: str, load_fixture: Loader) -> None:
    report = score(load_fixture(name))
    unmet = [finding for finding in report.findings if not finding.met]
    recommendations = report.recommendations
    assert [item.priority for item in recommendations] == list(range(1, len(unmet) + 1))
    assert sorted(item.criterion for item in recommendations) == sorted(finding.criterion for finding in unmet)
    points = [item.points for item in recommendations]
    assert all(a >= b - 1e-9 for a, b in pairwise(points))
    by_id = {finding.criterion: finding for finding in report.findings}
    criteria = {criterion.id: criterion for criterion in default_rubric().criteria}
    for item in recommendations:
        assert item.points == pytest.approx(by_id[item.criterion].max_points - by_id[item.criterion].points)
        assert item.element == by_id[item.criterion].element
        # The step up from the level reached, never the criterion's general feedback.
        assert item.action == criteria[item.criterion].next_step(by_id[item.criterion].level, by_id[item.criterion].step)
        assert item.learn_more == by_id[item.criterion].learn_more


def test_ties_in_recommendations_keep_rubric_order(load_fixture: Loader) -> None:
    report = score(load_fixture("minimal-valid"))
    order = [criterion.id for criterion in default_rubric().criteria]
    for first, second in pairwise(report.recommendations):
        if first.points == pytest.approx(second.points):
            assert order.index(first.criterion) < order.index(second.criterion)


def test_judge_gives_one_finding_per_criterion_in_rubric_order(strong_design: Design) -> None:
    rubric = default_rubric()
    findings = judge(strong_design, rubric)
    assert [finding.criterion for finding in findings] == [
        criterion.id for element in rubric.elements for criterion in rubric.criteria_for(element.key)]


# --- the rubric as data ---------------------------------------------------------------


def test_packaged_rubric_shape() -> None:
    rubric = default_rubric()
    assert tuple(element.key for element in rubric.elements) == ELEMENT_KEYS
    assert tuple(lesson.key for lesson in rubric.lessons) == LESSON_KEYS
    assert sum(element.weight for element in rubric.elements) == 100
    weights = [element.weight for element in rubric.elements]
    assert weights == sorted(weights, reverse=True), "weights follow the note's order of importance"
    assert rubric.schema_version == 2
    assert rubric.blocked_band_cap is None
    assert rubric.blocked_band is not None and rubric.blocked_band.key == "do_not_start"
    assert {band.key for band in rubric.bands} == set(BAND_ORDER)
    assert load_rubric() is rubric
    assert all(LEARN_MORE.match(c.learn_more) for c in rubric.criteria)
    assert all(LEARN_MORE.match(lesson.learn_more) for lesson in rubric.lessons)


def test_custom_rubric_file_changes_the_scores(tmp_path: Path, load_fixture: Loader) -> None:
    design = load_fixture("ppp-only")
    heavier = RUBRIC_TEXT.replace("  - key: stakeholders\n    title: All relevant stakeholders engaged as early as "
                                  "possible\n    weight: 17", "  - key: stakeholders\n    title: All relevant "
                                  "stakeholders engaged as early as possible\n    weight: 60")
    heavier = heavier.replace("name: CTO multi-stakeholder partnership rubric", "name: Diversity-heavy rubric")
    assert heavier.count("weight: 60") == 1
    rubric = load_rubric(rubric_file(tmp_path, heavier))
    default_report, custom_report = score(design), score(design, rubric)
    assert custom_report.rubric_name == "Diversity-heavy rubric"
    # More weight on an element pulls the overall towards that element's own score.
    pulled_down = default_report.element("stakeholders").score < default_report.overall
    assert (custom_report.overall < default_report.overall) is pulled_down
    assert custom_report.overall != pytest.approx(default_report.overall)
    stakeholders = custom_report.element("stakeholders")
    assert sum(f.max_points for f in stakeholders.findings) == pytest.approx(100 * 60 / 143)
    assert sum(f.max_points for f in custom_report.findings) == pytest.approx(100)
    # The element's own score is a share of its own points, so it does not depend on its weight.
    assert stakeholders.score == pytest.approx(default_report.element("stakeholders").score)


def test_custom_criterion_weights_change_element_scores(tmp_path: Path, load_fixture: Loader) -> None:
    text = RUBRIC_TEXT.replace("    measure: sector_diversity\n    weight: 6", "    measure: sector_diversity\n    weight: 40")
    assert text != RUBRIC_TEXT
    rubric = load_rubric(rubric_file(tmp_path, text))
    design = load_fixture("ppp-only")
    assert score(design, rubric).element("stakeholders").score < score(design).element("stakeholders").score


def test_custom_band_thresholds_are_used(tmp_path: Path, load_fixture: Loader) -> None:
    text = RUBRIC_TEXT.replace("  - key: strong\n    min: 80", "  - key: strong\n    min: 99.9")
    design = design_v2(*[(key, value) for key, value in load_fixture("strong-multi-stakeholder").to_dict().items()],
                       ("alternatives.contract_considered", False))
    report = score(design, load_rubric(rubric_file(tmp_path, text)))
    assert report.overall == pytest.approx(99)
    assert report.band == "developing"
    assert score(design).band == "strong"


def test_rubric_with_an_unknown_measure_names_line_and_field(tmp_path: Path) -> None:
    text = RUBRIC_TEXT.replace("measure: transparency_practices", "measure: transparancy_practices")
    path = rubric_file(tmp_path, text)
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    line = line_number_of(text, "measure: transparancy_practices")
    index = [c.id for c in default_rubric().criteria].index("transparency")
    assert str(caught.value) == (f"{path}:{line}: criteria[{index}].measure: unknown measure "
                                 "'transparancy_practices'; did you mean 'transparency_practices'?")


def test_rubric_missing_an_element_names_line_and_field(tmp_path: Path) -> None:
    block = ("  - key: management\n    title: A management office and/or partnership broker\n    weight: 7\n"
             "    label: Management\n")
    assert block in RUBRIC_TEXT
    text = RUBRIC_TEXT.replace(block, "")
    path = rubric_file(tmp_path, text)
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert (problem.source, problem.line, problem.path) == (str(path), line_number_of(text, "elements:"), "elements")
    assert "management" in problem.message
    assert str(problem).startswith(f"{path}:{problem.line}: elements: must list each of")


@pytest.mark.parametrize(("old", "new", "path", "message"), [
    ("  - id: transparency\n", "  - id: grievance-mechanism\n", "criteria[", "is used twice"),
    ("  - key: not_ready\n    min: 0\n", "  - key: not_ready\n    min: 10\n", "bands", "one band must start at 0"),
    ("    lessons: [diversity]\n", "    lessons: [diversity]\n    lesson: [trust]\n", "criteria[",
     "unknown field 'lesson'; did you mean 'lessons'?"),
    ("    weight: 20\n", "    weight: -20\n", "elements[0].weight", "must be bigger than 0"),
    ("    measure: policy_support\n", "    measure: Policy-Support\n", "criteria[0].measure",
     "does not have the expected form"),
    ("learn_more: book/elements/ethics.html#transparency", "learn_more: https://example.org/ethics",
     "criteria[", "does not have the expected form"),
    ("blocked_band:\n  key: do_not_start\n", "blocked_band:\n  key: strong\n", "blocked_band.key",
     "must differ from the score bands"),
    ("schema_version: 2\n", "schema_version: 2\nblocked_band_cap: emerging\n", "blocked_band_cap",
     "is for version 1 rubrics"),
])
def test_broken_rubrics_are_refused_with_line_and_field(tmp_path: Path, old: str, new: str, path: str,
                                                        message: str) -> None:
    assert old in RUBRIC_TEXT
    text = RUBRIC_TEXT.replace(old, new, 1)
    with pytest.raises(RubricError) as caught:
        parse_rubric(text, "r.yaml")
    problem = caught.value.problems[0]
    assert problem.source == "r.yaml"
    assert problem.line is not None
    assert problem.path.startswith(path)
    assert message in problem.message


def test_rubric_where_a_lesson_is_never_informed_is_refused() -> None:
    text = RUBRIC_TEXT.replace("lessons: [enabling_environment, sustainability]", "lessons: [sustainability]")
    text = text.replace("lessons: [enabling_environment]", "lessons: []")
    text = text.replace("lessons: [local_context, enabling_environment]", "lessons: [local_context]")
    with pytest.raises(RubricError, match="lesson 'enabling_environment' is informed by no criterion"):
        parse_rubric(text, "r.yaml")


def test_rubric_top_level_list_is_refused() -> None:
    with pytest.raises(RubricError, match="top level must be a mapping"):
        parse_rubric("- a\n- b\n", "r.yaml")
