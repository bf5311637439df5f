"""A knowledge check inside a notebook, from the same question data as the book's pages.

Feedback is given for each option the trainee chose, right or wrong, because the
reason an answer is wrong is the lesson; a bare "wrong" teaches nothing.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ict4d_training.core.questions import Question, load_question_set
from ict4d_training.render.markup import Markup, html, join

RIGHT = "#067647"
WRONG = "#b42318"


def feedback_html(question: Question, chosen: set[int]) -> Markup:
    """Whether the answer is right, then why, option by option."""
    if not chosen:
        return Markup('<p role="status">Choose an answer first.</p>')
    right = question.is_right(chosen)
    verdict = (html('<p style="color:{}"><strong>&#10003; Right.</strong></p>', RIGHT) if right
               else html('<p style="color:{}"><strong>&#10007; Not quite.</strong></p>', WRONG))
    items = []
    for index in sorted(chosen):
        option = question.options[index]
        colour, mark = (RIGHT, Markup("&#10003;")) if option.correct else (WRONG, Markup("&#10007;"))
        items.append(html('<li><span style="color:{}">{}</span> <em>{}</em> &mdash; {}</li>', colour, mark, option.text,
                          option.feedback))
    missed = sum(option.correct for index, option in enumerate(question.options) if index not in chosen)
    hint = (html("<p>{} more right answer{} not ticked yet.</p>", missed, "s are" if missed > 1 else " is")
            if missed and question.kind == "multiple" else "")
    return html('<div class="ict4d-feedback" data-right="{}" role="status">{}<ul>{}</ul>{}</div>',
                str(right).lower(), verdict, join(items), hint)


class Quiz:
    """Each question with its choices, a Check button and feedback; a running count of right answers."""

    def __init__(self, set_name: str) -> None:
        self.question_set = load_question_set(set_name)
        self.questions = self.question_set.questions
        self.choices: list[Any] = []  # RadioButtons (single) or a list of Checkboxes (multiple)
        self.check_buttons: list[Any] = []
        self.feedback: list[Any] = []
        self.results: dict[int, bool] = {}
        self.score_label = widgets.HTML(value="")
        panels = []
        for index, question in enumerate(self.questions):
            panels.append(self._question_panel(index, question))
        self._show_score()
        self.widget = widgets.VBox([*panels, self.score_label])

    def _question_panel(self, index: int, question: Question) -> Any:
        options = [option.text for option in question.options]
        if question.kind == "single":
            choice: Any = widgets.RadioButtons(options=[(text, number) for number, text in enumerate(options)],
                                               value=None, layout=widgets.Layout(width="100%"))
            inputs = [choice]
        else:
            # The option is each box's own (visible) label, so screen readers name the box too.
            choice = [widgets.Checkbox(value=False, indent=False, description=text,
                                       layout=widgets.Layout(width="100%", height="auto")) for text in options]
            inputs = list(choice)
        button = widgets.Button(description="Check", button_style="primary")
        button.on_click(lambda _button: self.check(index))
        feedback = widgets.HTML(value="")
        self.choices.append(choice)
        self.check_buttons.append(button)
        self.feedback.append(feedback)
        hint = "Choose one." if question.kind == "single" else "Tick every right answer."
        prompt = widgets.HTML(html("<p><strong>{}.</strong> {} <em>{}</em></p>", index + 1, question.prompt, hint))
        return widgets.VBox([prompt, *inputs, button, feedback],
                            layout=widgets.Layout(border="1px solid #d0d7de", padding="6px", margin="0 0 8px 0"))

    def chosen(self, index: int) -> set[int]:
        choice = self.choices[index]
        if isinstance(choice, list):
            return {number for number, box in enumerate(choice) if box.value}
        return set() if choice.value is None else {int(choice.value)}

    def check(self, index: int) -> bool:
        """Show feedback for question `index` and update the count; True when the answer is right."""
        question, chosen = self.questions[index], self.chosen(index)
        self.feedback[index].value = feedback_html(question, chosen)
        right = bool(chosen) and question.is_right(chosen)
        if chosen:
            self.results[index] = right
        self._show_score()
        return right

    @property
    def right(self) -> int:
        return sum(self.results.values())

    def _show_score(self) -> None:
        total = len(self.questions)
        self.score_label.value = html('<p class="ict4d-quiz-score" style="font-size:1.1em"><strong>{} of {} right</strong> '
                                      "({} checked)</p>", self.right, total, len(self.results))

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
