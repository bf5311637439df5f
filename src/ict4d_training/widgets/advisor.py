"""Partnership or contract? The decision aid's questions, answered with a click each.

The advice is recomputed on every click, so a group can argue about one answer and see at
once whether it tips the recommendation. The weighing is `advise`'s; this only asks and shows.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from ..advice import ANSWERS, Advice, advise, question_set
from ._layout import two_columns

COLOURS = {"contract": "#b54708", "partnership": "#067647", "either": "#1f6feb"}
NAMES = {"contract": "A contract", "partnership": "A partnership", "either": "Either"}


def advice_html(advice: Advice) -> str:
    """The recommendation, its summary, the reasons for each side and the checks still to make."""
    colour = COLOURS.get(advice.recommendation, "#444")
    parts = [f'<div class="ict4d-advice" data-recommendation="{escape(advice.recommendation, quote=True)}">',
             f'<p style="font-size:1.2em">Recommendation: <strong style="color:{colour}">'
             f"{escape(NAMES.get(advice.recommendation, advice.recommendation))}</strong></p>",
             f"<p>{escape(advice.summary)}</p>",
             f"<p><small>Points for a contract: {advice.contract_points:g}; "
             f"for a partnership: {advice.partnership_points:g}.</small></p>"]
    if advice.reasons:
        parts.append("<p><strong>Reasons</strong></p><ul>")
        parts += [f"<li><em>{escape(reason.favours)}</em>: {escape(reason.text)}</li>" for reason in advice.reasons]
        parts.append("</ul>")
    if advice.next_checks:
        parts.append("<p><strong>Check next</strong></p><ul>")
        parts += [f"<li>{escape(check)}</li>" for check in advice.next_checks]
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


class ContractAdvisor:
    """One yes / no / unsure choice per question; no choice means unanswered."""

    def __init__(self) -> None:
        self.questions = question_set().questions
        self.buttons: dict[str, Any] = {}
        rows = []
        for number, question in enumerate(self.questions, start=1):
            buttons = widgets.ToggleButtons(options=list(ANSWERS), value=None, style={"button_width": "6em"},
                                            tooltips=["Yes", "No", "Not sure yet"])
            buttons.observe(self._changed, names="value")
            self.buttons[question.id] = buttons
            rows.append(widgets.VBox([widgets.HTML(f"<p><strong>{number}.</strong> {escape(question.text)}</p>"), buttons]))
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
