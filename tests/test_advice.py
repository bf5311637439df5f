"""advice.py: the partnership-or-contract decision aid."""

from __future__ import annotations

from pathlib import Path

import pytest

from ict4d_training import Advice, AnswersError, advise, load_answers, parse_answers
from ict4d_training.core.advice import ANSWERS, answers_template, decision_questions

IDS = ["specifiable", "supplier_market", "speed_matters", "multi_sector_assets", "community_ownership",
       "shared_risk", "learning_together", "partnering_capacity"]
FOR_PARTNERSHIP = {"specifiable": "no", "supplier_market": "no", "speed_matters": "no", "multi_sector_assets": "yes",
                   "community_ownership": "yes", "shared_risk": "yes", "learning_together": "yes",
                   "partnering_capacity": "yes"}
FOR_CONTRACT = {"specifiable": "yes", "supplier_market": "yes", "speed_matters": "yes", "multi_sector_assets": "no",
                "community_ownership": "no", "shared_risk": "no", "learning_together": "no",
                "partnering_capacity": "no"}
BALANCED = {"specifiable": "yes", "supplier_market": "yes", "speed_matters": "no", "multi_sector_assets": "yes",
            "community_ownership": "yes", "shared_risk": "no", "learning_together": "no", "partnering_capacity": "yes"}


def answers_text(answers: dict[str, object]) -> str:
    return "schema_version: 1\nanswers:\n" + "".join(f"  {key}: {value}\n" for key, value in answers.items())


def test_packaged_questions_load() -> None:
    questions = decision_questions()
    assert [question.id for question in questions.questions] == IDS
    assert questions.margin == 2
    for question in questions.questions:
        assert question.text.endswith("?")
        assert question.if_unsure
        assert question.if_yes is not None or question.if_no is not None
        for weight in (question.if_yes, question.if_no):
            if weight is not None:
                assert weight.favours in ("contract", "partnership")
                assert weight.points > 0
                assert weight.reason


def test_partnership_answers_recommend_a_partnership() -> None:
    advice = advise(FOR_PARTNERSHIP)
    assert advice.recommendation == "partnership"
    assert (advice.contract_points, advice.partnership_points) == (0, 9)
    assert advice.summary == "A multi-stakeholder partnership is worth its costs here."
    assert {reason.favours for reason in advice.reasons} == {"partnership"}
    assert advice.next_checks == ()
    assert advice.unanswered == ()


def test_contract_answers_recommend_a_contract() -> None:
    advice = advise(FOR_CONTRACT)
    assert advice.recommendation == "contract"
    assert (advice.contract_points, advice.partnership_points) == (10, 0)
    assert advice.summary.startswith("A contract is likely to give better value for money")
    assert len(advice.reasons) == 8


def test_balanced_answers_give_either() -> None:
    advice = advise(BALANCED)
    assert advice.contract_points == advice.partnership_points == 5
    assert advice.recommendation == "either"
    assert advice.summary.startswith("Either could work")


# Four points each way (the last question left unsure); each case tilts it a little.
NEUTRAL = {"specifiable": "yes", "supplier_market": "yes", "speed_matters": "no", "multi_sector_assets": "yes",
           "community_ownership": "no", "shared_risk": "yes", "learning_together": "yes",
           "partnering_capacity": "unsure"}


@pytest.mark.parametrize(("tilt", "lead", "verdict"), [
    ({}, 0, "either"),
    ({"partnering_capacity": "yes"}, 1, "either"),
    ({"partnering_capacity": "yes", "supplier_market": "unsure"}, 2, "partnership"),
    ({"speed_matters": "yes"}, -1, "either"),
    ({"speed_matters": "yes", "shared_risk": "unsure"}, -2, "contract"),
])
def test_the_margin_decides(tilt: dict[str, str], lead: int, verdict: str) -> None:
    advice = advise({**NEUTRAL, **tilt})
    assert advice.partnership_points - advice.contract_points == lead
    assert advice.recommendation == verdict


def test_unsure_and_missing_answers_become_checks() -> None:
    advice = advise({"specifiable": "unsure", "supplier_market": "yes", "speed_matters": "no"})
    specifiable = next(question for question in decision_questions().questions if question.id == "specifiable")
    assert advice.next_checks[0] == specifiable.if_unsure
    assert advice.unanswered == ("multi_sector_assets", "community_ownership", "shared_risk", "learning_together",
                                 "partnering_capacity")
    assert len(advice.next_checks) == 6
    # speed_matters has no weight for "no": the answer counts, but adds no points and no check.
    assert advice.contract_points == 1
    assert advice.partnership_points == 0


def test_too_many_unknowns_give_either_with_a_reason() -> None:
    advice = advise({"specifiable": "yes", "supplier_market": "yes", "speed_matters": "yes"})
    assert advice.contract_points == 4
    assert advice.recommendation == "either"
    assert advice.reasons[-1].favours == "either"
    assert "Too many questions are unanswered or unsure" in advice.reasons[-1].text
    all_unsure = advise(dict.fromkeys(IDS, "unsure"))
    assert all_unsure.recommendation == "either"
    assert len(all_unsure.next_checks) == 8


def test_half_unknown_still_recommends() -> None:
    answers = {**dict.fromkeys(IDS[:4], "unsure"), **{key: FOR_PARTNERSHIP[key] for key in IDS[4:]}}
    advice = advise(answers)
    assert len(advice.next_checks) == 4
    assert advice.recommendation == "partnership"


def test_advise_refuses_unknown_questions_and_answers() -> None:
    with pytest.raises(AnswersError) as caught:
        advise({"is_it_cheap": "yes", "specifiable": "yes"})
    assert str(caught.value) == "<answers>: answers.is_it_cheap: unknown question"
    with pytest.raises(AnswersError, match=r"answers\.specifiable: must be yes, no or unsure"):
        advise({"specifiable": "maybe"})


def test_to_dict() -> None:
    data = advise(FOR_PARTNERSHIP).to_dict()
    assert list(data) == ["recommendation", "summary", "contract_points", "partnership_points", "reasons",
                          "next_checks", "unanswered"]
    assert data["recommendation"] == "partnership"
    assert all(list(reason) == ["favours", "reason"] for reason in data["reasons"])
    assert isinstance(advise({}), Advice)


def test_parse_answers_reads_yes_no_unsure() -> None:
    assert parse_answers(answers_text(BALANCED)) == BALANCED
    assert set(ANSWERS) == {"yes", "no", "unsure"}


def test_parse_answers_accepts_booleans() -> None:
    assert parse_answers(answers_text({"specifiable": "true", "shared_risk": "false"})) == {
        "specifiable": "yes", "shared_risk": "no"}


def test_parse_answers_suggests_the_nearest_question() -> None:
    with pytest.raises(AnswersError) as caught:
        parse_answers(answers_text({"specifyable": "yes"}), "a.yaml")
    assert str(caught.value) == "a.yaml:3: answers.specifyable: unknown field 'specifyable'; did you mean 'specifiable'?"


def test_parse_answers_lists_allowed_values() -> None:
    with pytest.raises(AnswersError) as caught:
        parse_answers(answers_text({"shared_risk": "perhaps"}), "a.yaml")
    assert str(caught.value) == "a.yaml:3: answers.shared_risk: 'perhaps' is not allowed; use one of: yes, no, unsure"


@pytest.mark.parametrize(("text", "message"), [
    ("- yes\n- no\n", "the top level must be a mapping of fields"),
    ("answers: {}\n", "missing required field 'schema_version'"),
    ("schema_version: 1\n", "missing required field 'answers'"),
    ("schema_version: 1\nanswers: {}\nnotes: x\n", "unknown field 'notes'"),
    ("schema_version: 1\nanswers: [yes]\n", "answers: must be a mapping of fields, not a list"),
])
def test_parse_answers_refuses_malformed_files(text: str, message: str) -> None:
    with pytest.raises(AnswersError, match=message):
        parse_answers(text, "a.yaml")


def test_load_answers_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("schema_version: 1\nscenario: Island e-services\n" + answers_text(FOR_CONTRACT).split("\n", 1)[1],
                    encoding="utf-8")
    assert advise(load_answers(path)).recommendation == "contract"
    with pytest.raises(AnswersError, match="file not found"):
        load_answers(tmp_path / "missing.yaml")


def test_answers_template_is_built_from_the_questions_and_reads_back() -> None:
    text = answers_template()
    assert parse_answers(text, "answers.yaml") == dict.fromkeys(IDS, "unsure")
    flat = " ".join(line.strip().removeprefix("# ") for line in text.splitlines())
    for question in decision_questions().questions:
        assert question.text in flat
    assert text.count(f"# {' | '.join(ANSWERS)}") == len(IDS)
