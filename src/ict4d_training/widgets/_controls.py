"""Two controls the plain ipywidgets lack: picks from a list, and a choice of one of the partners.

Picks: the format scores only the listed kinds of contribution, benefit or practice, so the
builder offers them as tick boxes; wording a trainee wrote by hand (in an imported file) is
shown and kept, in its place, but not scored. The value keeps the order it was given in, so
an imported design exports exactly as it came in.

Partner choice: owners, providers, payers and handover partners are partner ids, so they are
picked from the partner rows as they are now, not typed (a typo would be a partner that
does not exist).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

from ict4d_training.render.markup import html
from ict4d_training.widgets._layout import flexible, wrapping_row

NOT_SET = ""  # As in _form: a Dropdown treats None as "nothing chosen".
NOT_SET_LABEL = "(not set)"
_FIXED_LABELS = {"users": "users (fees)"}


class Picks(widgets.VBox):  # type: ignore[misc]  # ipywidgets has no type hints
    """A group of tick boxes, one per listed kind, and a box for other wording; `value` is a tuple."""

    # Not synced: the tick boxes are what the browser shows; `value` is the design's list.
    value = traitlets.Tuple()

    def __init__(self, options: tuple[str, ...], description: str, tooltip: str | None = None,
                 layout: Any | None = None) -> None:
        self.options = options
        self.description = description
        self.boxes = {option: widgets.Checkbox(value=False, indent=False, description=option.replace("_", " "),
                                               tooltip=tooltip, layout=flexible("11em"))
                      for option in options}
        self.other = widgets.Text(value="", description="Other wording (kept, not scored)",
                                  placeholder="comma-separated", style={"description_width": "initial"},
                                  layout=flexible("16em"))
        heading = widgets.HTML(value=html("<strong>{}</strong>", description), tooltip=tooltip)
        super().__init__([heading, wrapping_row(list(self.boxes.values())), wrapping_row([self.other])],
                         layout=layout if layout is not None else widgets.Layout(width="100%"))
        self._showing = False
        for option, box in self.boxes.items():
            box.observe(lambda change, option=option: self._ticked(option, change["new"]), names="value")
        self.other.observe(self._other_typed, names="value")
        self.observe(self._show, names="value")

    def _ticked(self, option: str, ticked: bool) -> None:
        if self._showing:
            return
        kept = [item for item in self.value if item != option]
        self.value = (*kept, option) if ticked else tuple(kept)

    def _other_typed(self, change: dict[str, Any]) -> None:
        if self._showing:
            return
        listed = [item for item in self.value if item in self.options]
        self.value = (*listed, *split_list(change["new"]))

    def _show(self, change: dict[str, Any]) -> None:
        self._showing = True
        try:
            for option, box in self.boxes.items():
                box.value = option in change["new"]
            other = ", ".join(item for item in change["new"] if item not in self.options)
            if split_list(self.other.value) != split_list(other):
                self.other.value = other
        finally:
            self._showing = False


def split_list(text: str) -> list[str]:
    # Items cannot hold commas in this form; a design that needs them can be written by hand.
    return [item.strip() for item in text.split(",") if item.strip()]


def partner_choice(description: str, tooltip: str | None, fixed: tuple[str, ...], layout: Any, style: Any) -> Any:
    """A dropdown of "(not set)", the fixed choices ("users") and, once `show_partners` runs, the partner ids."""
    dropdown = widgets.Dropdown(options=_choices(fixed, (), NOT_SET), value=NOT_SET, description=description,
                                tooltip=tooltip, style=style, layout=layout)
    dropdown.fixed_choices = fixed
    return dropdown


def _choices(fixed: tuple[str, ...], ids: tuple[str, ...], current: str) -> list[tuple[str, str]]:
    choices = [(NOT_SET_LABEL, NOT_SET), *((_FIXED_LABELS.get(item, item), item) for item in fixed),
               *((item, item) for item in ids if item not in fixed)]
    if current and current not in fixed and current not in ids:
        # Kept, so the loader names the problem ("'x' is not a partner id") instead of the choice vanishing.
        choices.append((f"{current} (not a partner)", current))
    return choices


def show_partners(dropdown: Any, ids: tuple[str, ...], value: str | None = None) -> None:
    """Offer the partner ids as they are now, keeping the choice (or setting `value`)."""
    current = dropdown.value if value is None else value
    choices = _choices(dropdown.fixed_choices, ids, current)
    if list(dropdown.options) != choices:
        dropdown.options = choices  # resets the value: set it back below
    if dropdown.value != current:
        dropdown.value = current
