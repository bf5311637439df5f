"""The design builder: the format as a form, a live scorecard, and a draft that survives.

Trainees fill the form in a browser tab that can be closed at any moment, so every change
that leaves a valid design is saved at once, atomically, and read back when the builder
is made again. The draft on disk is always a valid design (the command line can score it);
while the form has problems the draft keeps the last valid version and the form says so.
Validation is the loader's own, so the form shows the very messages the command line prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ict4d_training.core.documents import decode
from ict4d_training.core.errors import DesignError, InputError, Problem
from ict4d_training.core.loader import design_from_data, parse_design
from ict4d_training.core.model import Design
from ict4d_training.core.report import ScoreReport
from ict4d_training.core.scoring import score
from ict4d_training.core.serialise import design_text
from ict4d_training.files.drafts import files_outlast_the_tab, format_for, load_draft
from ict4d_training.files.writing import write_atomically
from ict4d_training.render.markup import Markup, html
from ict4d_training.widgets import _messages as messages
from ict4d_training.widgets._form import MISSING, get, make_input, put, read_value, steps, write_value
from ict4d_training.widgets._layout import two_columns, wrapping_row
from ict4d_training.widgets._rows import OutcomeRow, PartnerRow, _Row
from ict4d_training.widgets.scorecard import ScoreCard

SOURCE = "<builder>"
STALE_MESSAGE = "The form has problems (listed at the top of the form): this is the score of the last valid version."
# What an untouched form holds: a trainee who has typed nothing has made no mistake to list.
UNTOUCHED = {"schema_version": 1, "title": "", "partners": []}
_INTROS = {
    "Partners": "One block per organisation. <em>Contributes</em> and <em>expects</em> take comma-separated items.",
    "Outcomes": "Intended <em>development</em> outcomes (what changes for people), not outputs.",
}


class DesignBuilder:
    """A partnership design form with a live score; `builder.widget` is what a notebook shows."""

    def __init__(self, draft_path: str | os.PathLike[str] | None = None, base_url: str = "") -> None:
        self.draft_path = Path(draft_path) if draft_path is not None else None
        self.design: Design | None = None
        self.report: ScoreReport | None = None
        self.problems: list[Problem] = []
        self.draft_problems: list[Problem] = []
        self.moved_aside_to: Path | None = None
        self.save_error: str | None = None
        self.saved_at: datetime | None = None
        self._saved_text: str | None = None
        self._can_save = self.draft_path is not None
        self._hold = 0
        self._listeners: list[Callable[[Design | None], None]] = []
        self._announced: Design | None = None
        self._links = Markup()

        self.steps = steps()
        self.specs = {spec.path: spec for _title, specs in self.steps for spec in specs}
        self.fields: dict[str, Any] = {path: make_input(spec) for path, spec in self.specs.items()}
        for widget in self.fields.values():
            widget.observe(self._on_input, names="value")
        self.partner_rows: list[PartnerRow] = []
        self.outcome_rows: list[OutcomeRow] = []
        self.partners_box = widgets.VBox()
        self.outcomes_box = widgets.VBox()
        self.add_partner_button = widgets.Button(description="Add a partner", icon="plus", button_style="info")
        self.add_partner_button.on_click(lambda _button: self._new_row(PartnerRow))
        self.add_outcome_button = widgets.Button(description="Add an outcome", icon="plus", button_style="info")
        self.add_outcome_button.on_click(lambda _button: self._new_row(OutcomeRow))
        self.notice = widgets.HTML(value="")
        self.problems_box = widgets.HTML(value="")
        self.status = widgets.HTML(value="")
        self.upload = widgets.FileUpload(accept=".yaml,.yml,.json", multiple=False, description="Import a design")
        self.upload.observe(self._on_upload, names="value")
        self.download = widgets.HTML(value="")
        self.scorecard = ScoreCard(base_url=base_url)
        self._titles = tuple(title for title, _specs in self.steps)
        # An accordion, not tabs: eleven step titles stay readable in a narrow book column.
        self.tabs = widgets.Accordion(children=[self._panel(title, specs) for title, specs in self.steps],
                                      titles=self._titles, selected_index=0)
        self.widget = two_columns([self.notice, self.problems_box, self.tabs, wrapping_row([self.upload, self.download]),
                                   self.status], [self.scorecard.widget], css_class="ict4d-builder")
        self._restore()

    # Programmatic hooks: each sets widget values, so the observers a person triggers run too.

    def set_field(self, path: str, value: Any) -> None:
        """Set "title" or "section.field" as if typed; None means "not set"."""
        if path not in self.fields:
            raise KeyError(f"no field '{path}'; fields: {', '.join(self.fields)}")
        write_value(self.specs[path], self.fields[path], value)

    def add_partner(self, **values: Any) -> PartnerRow:
        """Click "Add a partner", then fill the new row (id=, name=, sector=, contributes=[...] ...)."""
        PartnerRow.check_keys(values)
        with self._batch():
            self.add_partner_button.click()
            self.partner_rows[-1].fill(values)
        return self.partner_rows[-1]

    def remove_partner(self, index: int) -> None:
        self.partner_rows[index].remove_button.click()

    def add_outcome(self, **values: Any) -> OutcomeRow:
        """Click "Add an outcome", then fill it (statement=, indicator=, agreed_by="all" or [ids] ...)."""
        OutcomeRow.check_keys(values)
        with self._batch():
            self.add_outcome_button.click()
            self.outcome_rows[-1].fill(values)
        return self.outcome_rows[-1]

    def remove_outcome(self, index: int) -> None:
        self.outcome_rows[index].remove_button.click()

    def on_change(self, callback: Callable[[Design | None], None]) -> None:
        """Call back with the new design (None while the form is invalid) whenever it changes."""
        self._listeners.append(callback)

    def import_text(self, text: str, source: str = "<import>") -> list[Problem]:
        """Replace the form with a YAML or JSON design; a bad one leaves the form as it was."""
        try:
            design = parse_design(text, source=source)
        except InputError as error:
            self.notice.value = messages.import_failed_html(source, error.problems)
            return list(error.problems)
        self._fill(design.to_dict())
        self.notice.value = messages.imported_html(source)
        return []

    def export_text(self, format: str = "yaml") -> str:
        """The current design as YAML or JSON text; raises `DesignError` while the form is invalid."""
        if self.design is None:
            raise DesignError(self.problems)
        return design_text(self.design, format)

    def form_data(self) -> dict[str, Any]:
        """The form as design data, before validation."""
        data: dict[str, Any] = {"schema_version": 1}
        for path, spec in self.specs.items():
            value = read_value(spec, self.fields[path])
            if value is not MISSING:
                put(data, path, value)
        data["partners"] = [row.to_data() for row in self.partner_rows]
        if self.outcome_rows:
            data["outcomes"] = [row.to_data() for row in self.outcome_rows]
        return data

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # Building the form.

    def _panel(self, title: str, specs: tuple[Any, ...]) -> Any:
        if title == "Partners":
            return widgets.VBox([widgets.HTML(_INTROS[title]), self.partners_box, self.add_partner_button])
        if title == "Outcomes":
            return widgets.VBox([widgets.HTML(_INTROS[title]), self.outcomes_box, self.add_outcome_button])
        return widgets.VBox([self.fields[spec.path] for spec in specs])

    def _new_row(self, kind: type[PartnerRow] | type[OutcomeRow]) -> None:
        row = kind(self._on_input, self._remove_row)
        rows, box = self._rows_of(row)
        rows.append(row)
        box.children = (*box.children, row.box)
        self._on_input(None)

    def _remove_row(self, row: _Row) -> None:
        rows, box = self._rows_of(row)
        rows.remove(row)
        box.children = tuple(item.box for item in rows)
        row.close()
        self._on_input(None)

    def _rows_of(self, row: _Row) -> tuple[list[Any], Any]:
        if isinstance(row, PartnerRow):
            return self.partner_rows, self.partners_box
        return self.outcome_rows, self.outcomes_box

    def _fill(self, data: dict[str, Any], save: bool = True) -> None:
        with self._batch(save=save):
            for row in [*self.partner_rows, *self.outcome_rows]:
                self._remove_row(row)
            for path, spec in self.specs.items():
                write_value(spec, self.fields[path], get(data, path))
            for item in data.get("partners", []):
                self.add_partner(**item)
            for item in data.get("outcomes", []):
                self.add_outcome(**item)

    # Reacting to changes.

    @contextmanager
    def _batch(self, save: bool = True) -> Iterator[None]:
        """Set many inputs, then validate, score and save once."""
        self._hold += 1
        try:
            yield
        finally:
            self._hold -= 1
            if self._hold == 0:
                self._refresh(save=save)

    def _on_input(self, _change: Any) -> None:
        if not self._hold:
            self._refresh()

    @property
    def untouched(self) -> bool:
        """True while the form is as a new builder shows it: nothing typed, no rows added."""
        return self.form_data() == UNTOUCHED

    def _refresh(self, save: bool = True) -> None:
        data = self.form_data()
        try:
            design: Design | None = design_from_data(data, source=SOURCE)
            problems: list[Problem] = []
        except InputError as error:
            design, problems = None, list(error.problems)
        self.design, self.problems = design, problems
        self._show_problems(problems, untouched=data == UNTOUCHED)
        if design is None:
            self.report = None
            self.scorecard.mark_stale(STALE_MESSAGE)
            if self._links:
                self.download.value = html("{} <small>(the last valid version)</small>", self._links)
        else:
            self.report = score(design)
            self.scorecard.update(self.report)
            text = design_text(design, "yaml")
            self._links = messages.download_html(text, design_text(design, "json"))
            self.download.value = self._links
            if save:
                self._save(design, text)
        self._show_status()
        if design != self._announced:
            self._announced = design
            for listener in self._listeners:
                listener(design)

    def _save(self, design: Design, yaml_text: str) -> None:
        if self.draft_path is None or not self._can_save:
            return
        text = yaml_text if format_for(self.draft_path) == "yaml" else design_text(design, "json")
        if text == self._saved_text:
            return
        try:
            write_atomically(self.draft_path, text)
        except OSError as error:
            self.save_error = str(error.strerror or error)
            return
        self._saved_text, self.save_error, self.saved_at = text, None, datetime.now()

    def _show_problems(self, problems: list[Problem], untouched: bool = False) -> None:
        if untouched:
            # The problems are still kept (export_text reports them); the trainee sees where to start.
            problems = []
            _set(self.problems_box, messages.start_html())
        else:
            _set(self.problems_box, messages.problems_html(problems))
        for section, rows in (("partners", self.partner_rows), ("outcomes", self.outcome_rows)):
            for index, row in enumerate(rows):
                row.show_problems(messages.row_problems(section, index, problems))
        titles = messages.flagged_titles(self._titles, problems)
        if tuple(self.tabs.titles) != titles:
            self.tabs.titles = titles

    def _show_status(self) -> None:
        _set(self.status, messages.status_html(self.draft_path, can_save=self._can_save, save_error=self.save_error,
                                               valid=self.design is not None, saved_at=self.saved_at,
                                               lasting=files_outlast_the_tab(), untouched=self.untouched))

    def _restore(self) -> None:
        if self.draft_path is None:
            self._refresh(save=False)
            return
        loaded = load_draft(self.draft_path)
        self._can_save = loaded.can_save
        self.draft_problems, self.moved_aside_to = list(loaded.problems), loaded.moved_to
        if loaded.design is not None:
            self._saved_text = design_text(loaded.design, format_for(self.draft_path))
            self._fill(loaded.design.to_dict(), save=False)
            self.notice.value = messages.restored_html(self.draft_path)
            return
        if loaded.problems:
            self.notice.value = messages.broken_draft_html(self.draft_path, loaded.moved_to, loaded.problems)
        self._refresh(save=False)

    def _on_upload(self, change: dict[str, Any]) -> None:
        for item in change["new"] or ():
            name = str(item.get("name") or "upload")
            try:
                text = decode(bytes(item["content"]), name)
            except InputError as error:
                self.notice.value = messages.import_failed_html(name, error.problems)
                continue
            self.import_text(text, source=name)
        if change["new"]:
            self.upload.value = ()


def _set(widget: Any, value: str) -> None:
    # Assigning an unchanged value still costs a message to the browser; skip it.
    if widget.value != value:
        widget.value = value
