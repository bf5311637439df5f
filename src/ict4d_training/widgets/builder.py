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
from ict4d_training.widgets._controls import show_partners
from ict4d_training.widgets._form import (
    ANALYSIS_ONLY,
    MISSING,
    get,
    make_input,
    put,
    read_value,
    row_sections,
    steps,
    write_value,
)
from ict4d_training.widgets._layout import two_columns, wrapping_row
from ict4d_training.widgets._rows import CapacityRow, MitigationRow, OutcomeRow, PartnerRow, _Row
from ict4d_training.widgets.scorecard import ScoreCard

SOURCE = "<builder>"
STALE_MESSAGE = "The form has problems (listed at the top of the form): this is the score of the last valid version."
# What an untouched form holds: a trainee who has typed nothing has made no mistake to list.
UNTOUCHED = {"schema_version": 2, "title": "", "partners": []}
# Each list of the format, the row that edits one item, its button, and a line saying what it is for.
ROW_KINDS: dict[str, tuple[type[_Row], str, str]] = {
    "partners": (PartnerRow, "Add a partner", "One block per organisation. Tick what each gives and expects: only "
                 "the listed kinds are scored (other wording in an imported file is kept, not scored)."),
    "outcomes": (OutcomeRow, "Add an outcome", "Intended results. Mark each as an <em>outcome</em> (a change in "
                 "people's lives) or an <em>output</em> (something delivered): only outcomes count."),
    "environment.mitigations": (MitigationRow, "Add a mitigation", "<strong>Mitigations</strong>: how each gap in "
                                "policy or infrastructure closes, who owns it, by when, with what resources."),
    "capacity_building": (CapacityRow, "Add a group to prepare", "The people who will run or use the service "
                          "(teachers, health workers, operators ...): who prepares them, when, and whether it is funded."),
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
        self._kept: dict[str, Any] = {}  # analysis and not_recorded of an imported case analysis, kept as they are

        self.steps = steps()
        self.specs = {spec.path: spec for _title, specs in self.steps for spec in specs}
        self.fields: dict[str, Any] = {path: make_input(spec) for path, spec in self.specs.items()}
        for widget in self.fields.values():
            widget.observe(self._on_input, names="value")
        self.rows: dict[str, list[Any]] = {section: [] for section in ROW_KINDS}
        self.row_boxes = {section: widgets.VBox() for section in ROW_KINDS}
        self.add_buttons = {section: widgets.Button(description=label, icon="plus", button_style="info")
                            for section, (_kind, label, _intro) in ROW_KINDS.items()}
        for section, button in self.add_buttons.items():
            button.on_click(lambda _button, section=section: self._new_row(section))
        # The names the tests and notebooks use for the first two lists.
        self.partner_rows: list[PartnerRow] = self.rows["partners"]
        self.outcome_rows: list[OutcomeRow] = self.rows["outcomes"]
        self.mitigation_rows: list[MitigationRow] = self.rows["environment.mitigations"]
        self.capacity_rows: list[CapacityRow] = self.rows["capacity_building"]
        self.partners_box, self.outcomes_box = self.row_boxes["partners"], self.row_boxes["outcomes"]
        self.add_partner_button, self.add_outcome_button = self.add_buttons["partners"], self.add_buttons["outcomes"]
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

    def add_row(self, section: str, **values: Any) -> Any:
        """Click the section's "Add ..." button, then fill the new row as if typed."""
        ROW_KINDS[section][0].check_keys(values)
        with self._batch():
            self.add_buttons[section].click()
            self.rows[section][-1].fill(values)
        return self.rows[section][-1]

    def add_partner(self, **values: Any) -> PartnerRow:
        """Click "Add a partner", then fill the new row (id=, name=, sector=, contributes=[...] ...)."""
        row: PartnerRow = self.add_row("partners", **values)
        return row

    def remove_partner(self, index: int) -> None:
        self.partner_rows[index].remove_button.click()

    def add_outcome(self, **values: Any) -> OutcomeRow:
        """Click "Add an outcome", then fill it (statement=, indicator=, agreed_by="all" or [ids], kind= ...)."""
        row: OutcomeRow = self.add_row("outcomes", **values)
        return row

    def remove_outcome(self, index: int) -> None:
        self.outcome_rows[index].remove_button.click()

    def add_mitigation(self, **values: Any) -> MitigationRow:
        """Click "Add a mitigation", then fill it (gap=, action=, owner=, by=, resources_committed= ...)."""
        row: MitigationRow = self.add_row("environment.mitigations", **values)
        return row

    def add_capacity_building(self, **values: Any) -> CapacityRow:
        """Click "Add a group to prepare", then fill it (group=, provider=, when=, funded=)."""
        row: CapacityRow = self.add_row("capacity_building", **values)
        return row

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
        self.notice.value = messages.imported_html(source, kept=tuple(self._kept))
        return []

    def export_text(self, format: str = "yaml") -> str:
        """The current design as YAML or JSON text; raises `DesignError` while the form is invalid."""
        if self.design is None:
            raise DesignError(self.problems)
        return design_text(self.design, format)

    def form_data(self) -> dict[str, Any]:
        """The form as design data, before validation."""
        data: dict[str, Any] = {"schema_version": 2, **self._kept}
        for path, spec in self.specs.items():
            value = read_value(spec, self.fields[path])
            if value is not MISSING:
                put(data, path, value)
        data["partners"] = [row.to_data() for row in self.partner_rows]
        for section, rows in self.rows.items():
            if rows and section != "partners":
                put(data, section, [row.to_data() for row in rows])
        return data

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # Building the form.

    def _panel(self, title: str, specs: tuple[Any, ...]) -> Any:
        section = title.lower().replace(" ", "_")
        children = [self.fields[spec.path] for spec in specs]
        lists = (section,) if section in ROW_KINDS else row_sections(section) if section != "basics" else ()
        for name in lists:
            children += [widgets.HTML(ROW_KINDS[name][2]), self.row_boxes[name], self.add_buttons[name]]
        return widgets.VBox(children)

    def _new_row(self, section: str) -> None:
        kind = ROW_KINDS[section][0]
        row = (PartnerRow(self._on_input, self._remove_row, on_rename=self._renamed) if kind is PartnerRow
               else kind(self._on_input, self._remove_row))
        self.rows[section].append(row)
        self.row_boxes[section].children = (*self.row_boxes[section].children, row.box)
        self._on_input(None)

    def _remove_row(self, row: _Row) -> None:
        rows = self.rows[row.section]
        rows.remove(row)
        self.row_boxes[row.section].children = tuple(item.box for item in rows)
        row.close()
        self._on_input(None)

    def _fill(self, data: dict[str, Any], save: bool = True) -> None:
        with self._batch(save=save):
            for row in [row for rows in self.rows.values() for row in rows]:
                self._remove_row(row)
            self._kept = {name: data[name] for name in ANALYSIS_ONLY if name in data}
            for path, spec in self.specs.items():
                write_value(spec, self.fields[path], get(data, path))
            for section in ROW_KINDS:
                for item in get(data, section) or ():
                    self.add_row(section, **item)

    # Choices of a partner (owner, provider, payer, handover): they follow the partner rows.

    def _partner_choices(self) -> list[Any]:
        fields = [self.fields[path] for path, spec in self.specs.items() if spec.kind == "partner_ref"]
        return fields + [widget for rows in self.rows.values() for row in rows for widget in row.partner_choices]

    def _partner_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.id.value.strip() for row in self.partner_rows if row.id.value.strip()))

    def _renamed(self, old: str, new: str) -> None:
        """A partner's id was edited: whatever named the old id now names the new one."""
        ids = self._partner_ids()
        if not old or not new.strip() or old in ids:
            return  # nothing named it, the id is being cleared, or another partner still has it
        self._hold += 1
        try:
            for dropdown in self._partner_choices():
                if dropdown.value == old:
                    show_partners(dropdown, ids, new.strip())
        finally:
            self._hold -= 1

    def _show_partner_ids(self) -> None:
        self._hold += 1  # changing the choices is not an edit by the trainee
        try:
            ids = self._partner_ids()
            for dropdown in self._partner_choices():
                show_partners(dropdown, ids)
        finally:
            self._hold -= 1

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
        self._show_partner_ids()
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
        for section, rows in self.rows.items():
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
