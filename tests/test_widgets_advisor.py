"""ContractAdvisor: one choice per question, advice recomputed on every click."""

from __future__ import annotations

from ict4d_training.core.advice import advise, decision_questions
from ict4d_training.widgets import ContractAdvisor


def answer_favouring(side: str) -> dict[str, str]:
    """For each question, the answer that counts for `side`, or unsure when none does."""
    answers = {}
    for question in decision_questions().questions:
        if question.if_yes and question.if_yes.favours == side:
            answers[question.id] = "yes"
        elif question.if_no and question.if_no.favours == side:
            answers[question.id] = "no"
        else:
            answers[question.id] = "unsure"
    return answers


def test_starts_unanswered():
    advisor = ContractAdvisor()
    assert advisor.answers == {}
    assert all(buttons.value is None for buttons in advisor.buttons.values())
    assert advisor.advice == advise({})
    assert len(advisor.buttons) == len(decision_questions().questions)


def test_contract_answers_give_contract_live():
    advisor = ContractAdvisor()
    for question_id, answer in answer_favouring("contract").items():
        advisor.buttons[question_id].value = answer
    assert advisor.advice.recommendation == "contract"
    assert 'data-recommendation="contract"' in advisor.output.value
    assert advisor.advice.summary in advisor.output.value
    assert advisor.answers == answer_favouring("contract")


def test_each_click_updates_the_advice_and_reasons():
    advisor = ContractAdvisor()
    for question_id, answer in answer_favouring("partnership").items():
        advisor.answer(question_id, answer)
    assert advisor.advice.recommendation == "partnership"
    reason = advisor.advice.reasons[0].text
    assert reason.replace("'", "&#x27;") in advisor.output.value
    advisor.reset_button.click()
    assert advisor.answers == {} and advisor.advice == advise({})
    assert "Check next" in advisor.output.value


def test_unsure_adds_the_check_to_make():
    advisor = ContractAdvisor()
    question = decision_questions().questions[0]
    advisor.answer(question.id, "unsure")
    assert question.if_unsure in advisor.advice.next_checks


def test_questions_and_advice_stack_on_a_narrow_screen():
    widget = ContractAdvisor().widget
    assert widget.layout.flex_flow == "row wrap"
    questions, advice = widget.children
    assert questions.layout.flex.split()[2].endswith("em") and advice.layout.flex.split()[2].endswith("em")
    assert not str(questions.layout.width or "").endswith("%")
