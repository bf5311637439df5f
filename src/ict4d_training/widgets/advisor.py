"""Partnership or contract? The decision aid's questions, answered with a click each.

The advice is recomputed on every click, so a group can argue about one answer and see at
once whether it tips the recommendation. The weighing is `advise`'s; this only asks and shows.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ict4d_training.core.advice import ANSWERS, Advice, advise, decision_questions
from ict4d_training.render.advice import render_advice_html as advice_html
from ict4d_training.render.markup import html
from ict4d_training.widgets._layout import two_columns

__all__ = ["ContractAdvisor", "advice_html"]


class ContractAdvisor:
    """One yes / no / unsure choice per question; no choice means unanswered."""

    def __init__(self) -> None:
        self.questions = decision_questions().questions
        self.buttons: dict[str, Any] = {}
        rows = []
        for number, question in enumerate(self.questions, start=1):
            buttons = widgets.ToggleButtons(options=list(ANSWERS), value=None, style={"button_width": "6em"},
                                            tooltips=["Yes", "No", "Not sure yet"])
            buttons.observe(self._changed, names="value")
            self.buttons[question.id] = buttons
            rows.append(widgets.VBox([widgets.HTML(html("<p><strong>{}.</strong> {}</p>", number, question.text)), buttons]))
        self.reset_button = widgets.Button(description="Clear answers", icon="undo")
        self.reset_button.on_click(lambda _button: self.reset())
        self.output = widgets.HTML(value="")
        self.advice: Advice = advise({})
        self.widget = two_columns([*rows, self.reset_button], [self.output], css_class="ict4d-advisor")
        self._changed(None)

    @property
    def answers(self) -> dict[str, str]:
        return {key: str(buttons.value) for key, buttons in self.buttons.items() if buttons.value is not None}

    def answer(self, question_id: str, value: str | None) -> None:
        """Choose as if clicked; None clears the choice."""
        self.buttons[question_id].value = value

    def reset(self) -> None:
        for buttons in self.buttons.values():
            buttons.value = None

    def _changed(self, _change: Any) -> None:
        self.advice = advise(self.answers)
        self.output.value = advice_html(self.advice)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
