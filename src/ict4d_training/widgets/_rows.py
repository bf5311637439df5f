"""One item of a list in the builder (a partner, an outcome, a mitigation ...): a row of inputs.

Each item has its own remove button (a capacity-building plan too).

Each row shows its own problems beside its inputs, because "partners[3].id" means little
to someone looking at a form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ict4d_training.render.markup import html, join
from ict4d_training.widgets._controls import split_list
from ict4d_training.widgets._form import MISSING, item_specs, make_input, read_value, write_value
from ict4d_training.widgets._layout import flexible, wrapping_row

Observer = Callable[[Any], None]


def row_layout() -> Any:
    # A Layout is a widget model: made per row, not at import, so importing the widgets leaves no
    # widget state in a notebook (or a book page) that shows none.
    return widgets.Layout(border="1px solid #d0d7de", padding="6px", margin="0 0 6px 0", width="100%")


class _Row:
    section = ""
    box: Any  # the row as shown: a VBox of wrapping lines, made by each kind of row

    def __init__(self, on_change: Observer, on_remove: Callable[[_Row], None]) -> None:
        self.specs = item_specs(self.section)
        self.inputs: dict[str, Any] = {}
        self.message = widgets.HTML(value="")
        self.remove_button = widgets.Button(description="Remove", icon="trash", button_style="warning",
                                            layout=widgets.Layout(width="auto"))
        self.remove_button.on_click(lambda _button: on_remove(self))
        self._on_change = on_change

    def _input(self, name: str, basis: str | None, label: str | None = None, on_change: Observer | None = None) -> Any:
        """An input `basis` wide in a wrapping row, or the row's whole width (None)."""
        widget = make_input(self.specs[name], layout=flexible(basis) if basis else None, label=label)
        if self.specs[name].kind != "picks":
            widget.style = {"description_width": "initial"}
        widget.observe(on_change or self._on_change, names="value")
        self.inputs[name] = widget
        return widget

    @property
    def partner_choices(self) -> list[Any]:
        """The inputs that pick a partner id (an owner, a provider)."""
        return [widget for name, widget in self.inputs.items() if self.specs[name].kind == "partner_ref"]

    def to_data(self) -> dict[str, Any]:
        data = {}
        for name, widget in self.inputs.items():
            value = read_value(self.specs[name], widget)
            if value is not MISSING:
                data[name] = value
        return data

    @classmethod
    def check_keys(cls, values: dict[str, Any]) -> None:
        """Name a mistyped field at once, before any widget changes."""
        known = item_specs(cls.section)
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise TypeError(f"{cls.section} have no field {', '.join(unknown)}; fields: {', '.join(known)}")

    def fill(self, values: dict[str, Any]) -> None:
        self.check_keys(values)
        for name, widget in self.inputs.items():
            write_value(self.specs[name], widget, values.get(name))

    def show_problems(self, lines: list[str]) -> None:
        items = join(html("<li>{}</li>", line) for line in lines)
        value = html('<ul style="color:#b42318;margin:2px 0">{}</ul>', items) if lines else ""
        if self.message.value != value:
            self.message.value = value

    def close(self) -> None:
        for widget in (*self.inputs.values(), self.message, self.remove_button, *self._boxes()):
            widget.close()

    def _boxes(self) -> list[Any]:
        box = getattr(self, "box", None)
        return [box, *box.children] if box is not None else []


class PartnerRow(_Row):
    """An organisation: who it is, which sector, when it joins, what it gives and expects."""

    section = "partners"

    def __init__(self, on_change: Observer, on_remove: Callable[[_Row], None],
                 on_rename: Callable[[str, str], None] | None = None) -> None:
        super().__init__(on_change, on_remove)
        self._on_rename = on_rename
        # Bases, not percentages: on a phone each input gets a line of its own.
        self.id = self._input("id", "8em", "Id", on_change=self._id_changed)
        self.name = self._input("name", "14em", "Name")
        self.sector = self._input("sector", "12em", "Sector")
        self.role = self._input("role", "18em", "Role")
        self.joins_at = self._input("joins_at", "10em", "Joins at")
        self.leader_engaged = self._input("leader_engaged", "9em", "Leader engaged")
        self.contributes = self._input("contributes", "16em", "Contributes")
        self.expects = self._input("expects", "16em", "Expects")
        self.box = widgets.VBox([
            wrapping_row([self.id, self.name, self.sector]),
            wrapping_row([self.role, self.joins_at, self.leader_engaged]),
            wrapping_row([self.contributes]),
            wrapping_row([self.expects]),
            wrapping_row([self.remove_button, self.message]),
        ], layout=row_layout())

    def _id_changed(self, change: dict[str, Any]) -> None:
        # Owners, providers and payers that named the old id follow it before the design is checked.
        if self._on_rename is not None:
            self._on_rename(change["old"], change["new"])
        self._on_change(change)


class OutcomeRow(_Row):
    """An intended development outcome, how it is measured and who agreed it."""

    section = "outcomes"

    def __init__(self, on_change: Observer, on_remove: Callable[[_Row], None]) -> None:
        super().__init__(on_change, on_remove)
        self.statement = self._input("statement", None, "Statement")
        self.indicator = self._input("indicator", None, "Indicator")
        self.baseline = self._input("baseline", "14em", "Baseline")
        self.target = self._input("target", "14em", "Target")
        self.kind = self._input("kind", "12em", "Kind")
        self.agreed_by_all = widgets.Checkbox(value=False, indent=False, description="Agreed by all partners",
                                              layout=flexible("12em"))
        self.agreed_by = widgets.Text(value="", description="or agreed by (partner ids)",
                                      placeholder="comma-separated ids, e.g. moa, telco",
                                      style={"description_width": "initial"}, layout=flexible("18em"))
        for widget in (self.agreed_by_all, self.agreed_by):
            widget.observe(self._on_change, names="value")
        self.agreed_by_all.observe(self._all_changed, names="value")
        self.box = widgets.VBox([
            self.statement, self.indicator, wrapping_row([self.baseline, self.target, self.kind]),
            wrapping_row([self.agreed_by_all, self.agreed_by]), wrapping_row([self.remove_button, self.message]),
        ], layout=row_layout())

    def _all_changed(self, change: dict[str, Any]) -> None:
        self.agreed_by.disabled = bool(change["new"])

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        if self.agreed_by_all.value:
            data["agreed_by"] = "all"
        elif split_list(self.agreed_by.value):
            data["agreed_by"] = split_list(self.agreed_by.value)
        return data

    def fill(self, values: dict[str, Any]) -> None:
        values = dict(values)
        agreed_by = values.pop("agreed_by", None)
        super().fill(values)
        self.agreed_by_all.value = agreed_by == "all"
        self.agreed_by.value = ", ".join(agreed_by) if isinstance(agreed_by, list | tuple) else ""

    def close(self) -> None:
        super().close()
        for widget in (self.agreed_by_all, self.agreed_by):
            widget.close()


class MitigationRow(_Row):
    """How one gap in the environment closes: what, who, by when, with what resources."""

    section = "environment.mitigations"

    def __init__(self, on_change: Observer, on_remove: Callable[[_Row], None]) -> None:
        super().__init__(on_change, on_remove)
        self.gap = self._input("gap", "12em", "Gap")
        self.action = self._input("action", "18em", "Action")
        self.owner = self._input("owner", "10em", "Owner")
        self.by = self._input("by", "10em", "By")
        self.resources_committed = self._input("resources_committed", "12em", "Resources committed")
        self.agreed_objective = self._input("agreed_objective", "12em", "Agreed objective")
        self.box = widgets.VBox([
            wrapping_row([self.gap, self.action]), wrapping_row([self.owner, self.by]),
            wrapping_row([self.resources_committed, self.agreed_objective]),
            wrapping_row([self.remove_button, self.message]),
        ], layout=row_layout())


class CapacityRow(_Row):
    """Who is prepared to run or use the service, by which partner, when, and whether it is funded."""

    section = "capacity_building"

    def __init__(self, on_change: Observer, on_remove: Callable[[_Row], None]) -> None:
        super().__init__(on_change, on_remove)
        self.group = self._input("group", "16em", "Group")
        self.provider = self._input("provider", "10em", "Provider")
        self.when = self._input("when", "12em", "When")
        self.funded = self._input("funded", "8em", "Funded")
        self.box = widgets.VBox([
            wrapping_row([self.group, self.provider]), wrapping_row([self.when, self.funded]),
            wrapping_row([self.remove_button, self.message]),
        ], layout=row_layout())
