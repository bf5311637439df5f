"""Quiz: choose, check, read why; the running count of right answers."""

from __future__ import annotations

from html import escape

import pytest

from ict4d_training.core.questions import load_question_set
from ict4d_training.widgets import Quiz

SET = "lesson-trust"


def first_of(kind: str) -> tuple[str, int]:
    for name in ("lesson-trust", "lesson-diversity", "element-ethics", "partnerships"):
        for index, question in enumerate(load_question_set(name).questions):
            if question.kind == kind:
                return name, index
    raise AssertionError(f"no {kind} question")


def test_right_option_shows_success_and_its_feedback():
    name, index = first_of("single")
    quiz = Quiz(name)
    question = quiz.questions[index]
    right = next(number for number, option in enumerate(question.options) if option.correct)
    quiz.choices[index].value = right
    quiz.check_buttons[index].click()
    assert 'data-right="true"' in quiz.feedback[index].value
    assert escape(question.options[right].feedback) in quiz.feedback[index].value
    assert f"1 of {len(quiz.questions)} right" in quiz.score_label.value


def test_wrong_option_shows_why_it_is_wrong():
    quiz = Quiz(SET)
    question = quiz.questions[0]
    wrong = next(number for number, option in enumerate(question.options) if not option.correct)
    quiz.choices[0].value = wrong
    assert quiz.check(0) is False
    assert 'data-right="false"' in quiz.feedback[0].value
    assert escape(question.options[wrong].feedback) in quiz.feedback[0].value
    assert f"0 of {len(quiz.questions)} right" in quiz.score_label.value


def test_multiple_answer_questions_use_checkboxes():
    name, index = first_of("multiple")
    quiz = Quiz(name)
    question = quiz.questions[index]
    boxes = quiz.choices[index]
    assert isinstance(boxes, list) and len(boxes) == len(question.options)
    correct = [number for number, option in enumerate(question.options) if option.correct]
    boxes[correct[0]].value = True
    right_if_only_one = len(correct) == 1
    assert quiz.check(index) is right_if_only_one
    for number in correct:
        boxes[number].value = True
    assert quiz.check(index) is True
    assert quiz.right == 1


def test_checking_nothing_asks_for_an_answer_and_counts_nothing():
    quiz = Quiz(SET)
    assert quiz.chosen(0) == set()
    assert quiz.check(0) is False
    assert "Choose an answer first" in quiz.feedback[0].value
    assert quiz.results == {}


def test_a_changed_answer_replaces_the_earlier_result():
    quiz = Quiz(SET)
    question = quiz.questions[0]
    right = next(number for number, option in enumerate(question.options) if option.correct)
    quiz.choices[0].value = right
    quiz.check(0)
    quiz.choices[0].value = (right + 1) % len(question.options)
    quiz.check(0)
    assert quiz.right == 0 and quiz.results == {0: False}


def test_unknown_set_is_named():
    with pytest.raises(Exception, match="no question set"):
        Quiz("no-such-set")
