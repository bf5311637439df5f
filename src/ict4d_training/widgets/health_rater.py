"""One rater's file for the partnership health check, filled in as a form instead of in a text editor.

A partner's representative types their name and organisation, rates each item 0-3 with a reason,
and saves. The file is built by `rater_document` and checked with `parse_rater` before it is written
(atomically), so the form never writes a file `ict4d-training health` refuses; "Not rated" items are
left out, never written as 0. A file already at the path is read back when the form opens or when
its rater's name is typed; one that cannot be read is kept as a `.bak` copy when the rater saves.

On a shared laptop, *Next rater* empties the form (asking once if there are unsaved changes). The
ratings belong to the name they were entered or read under: under another person's name the form
refuses to save until the rater clicks *Next rater* (a new person) or *These are my ratings* (they
only corrected their own name). So a file never carries another rater's answers.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ict4d_training.core.errors import HealthCheckError, InputError, Problem
from ict4d_training.core.health import HealthItem, Questionnaire, RaterSheet, Rating, default_questionnaire, parse_rater
from ict4d_training.core.rater_document import rater_document
from ict4d_training.files.drafts import files_outlast_the_tab
from ict4d_training.files.rater_files import health_check_folder, keep_unless_known, one_line, rater_file, rater_slug
from ict4d_training.files.reading import read_source_text
from ict4d_training.files.writing import write_atomically
from ict4d_training.render.markup import Markup, html, join
from ict4d_training.widgets._messages import BLUE, RED, TAB_ONLY, box, data_link, path_html

NOT_RATED = -1  # The value of the "Not rated" choice; such items are left out of the file.
NOT_RATED_LABEL = "Not rated"
SUFFIXES = (".yaml", ".yml")
STYLE = {"description_width": "10em"}
CONFLICT = Markup("the ratings in the form were entered under another name. If you are the next rater, click "
            "<em>Next rater</em> to empty the form; if you only corrected the spelling of your own name, click "
            "<em>These are my ratings</em>.")
CAREFUL = box(html("<strong>Careful:</strong> {}", CONFLICT), RED, "alert")
INTRO = Markup("Rate what actually happens in your partnership today, not what was planned, and give one example as "
         "the reason. Leave an item on <em>Not rated</em> if you cannot judge it: it then counts as not rated, "
         "never as 0.")


class HealthCheckRater:
    """The health-check questionnaire as a form that saves one rater's file; `rater.widget` is what a notebook shows.

    `path` is the file to write (YAML). Without it, the file is `health-<your-name>.yaml` in
    `folder` (default: `health_check_folder()`), named when the rater types their name; `rater`
    fills in the name at once, so the rater's earlier file is read back when the form opens.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, folder: str | os.PathLike[str] | None = None,
                 rater: str = "", questionnaire: Questionnaire | None = None) -> None:
        if path is not None and not str(path).lower().endswith(SUFFIXES):
            raise ValueError(f"the health-check form writes YAML: give a path ending in .yaml, not {path}")
        self.questionnaire = questionnaire or default_questionnaire()
        self.fixed_path = Path(path) if path is not None else None
        self.folder = Path(folder) if folder is not None else (health_check_folder() if path is None else None)
        self.saved_at: datetime | None = None
        self.backup: Path | None = None
        self._known: tuple[Path, str] | None = None  # a file's path and text as last read or written here
        self._loading = False
        self._changed = False
        self._link = Markup()
        self._owner: str | None = None  # the slug of the name the ratings in the form belong to
        self._discard_armed = False  # "Next rater" was clicked once with unsaved changes

        self.rater_name = widgets.Text(description="Your name", placeholder="for example: Programme coordinator",
                                       continuous_update=False, style=STYLE, layout=widgets.Layout(width="100%"))
        self.partner_name = widgets.Text(description="Your organisation", placeholder="the partner you speak for",
                                         continuous_update=False, style=STYLE, layout=widgets.Layout(width="100%"))
        self.rater_name.observe(self._on_name, names="value")
        self.partner_name.observe(self._on_change, names="value")
        self.scores: dict[str, Any] = {}
        self.reasons: dict[str, Any] = {}
        self._titles = dict(self.questionnaire.elements)
        keys = [key for key, _title in self.questionnaire.elements]
        self.sections = widgets.Accordion(children=[self._section(key) for key in keys],
                                          titles=tuple(self._titles[key] for key in keys), selected_index=0)
        self.notice = widgets.HTML(value="")
        self.progress = widgets.HTML(value="")
        self.save_button = widgets.Button(description="Save my ratings", icon="save", button_style="primary",
                                          layout=widgets.Layout(width="auto"))
        self.save_button.on_click(lambda _button: self.save())
        self.next_button = widgets.Button(description="Next rater", icon="user-plus", layout=widgets.Layout(
            width="auto", display="none" if self.fixed_path is not None else None))
        self.next_button.on_click(lambda _button: self.next_rater())
        self.claim_button = widgets.Button(description="These are my ratings", icon="check",
                                           layout=widgets.Layout(width="auto", display="none"))
        self.claim_button.on_click(lambda _button: self.claim())
        self.message = widgets.HTML(value="")
        self.download = widgets.HTML(value="")
        self.status = widgets.HTML(value="")
        self.widget = widgets.VBox([widgets.HTML(html("<p>{}</p>", INTRO)), self.rater_name, self.partner_name, self.notice,
                                    self.claim_button, self.progress, self.sections,
                                    widgets.HBox([self.save_button, self.next_button, self.download],
                                                 layout=widgets.Layout(flex_flow="row wrap")),
                                    self.message, self.status])
        if self.fixed_path is not None:
            self._look_for(self.fixed_path)
        if rater and not self.rater_name.value:
            self.rater_name.value = rater  # without a path, this looks for the rater's file
            self._changed = False
        self._refresh()

    # What the form holds, and hooks that act as a person would.

    @property
    def path(self) -> Path | None:
        """The file that saving writes; None until the rater has typed a name (when no path was given)."""
        if self.fixed_path is not None:
            return self.fixed_path
        name = self.rater_name.value.strip()
        return rater_file(name, self.folder) if name and self.folder is not None else None

    def ratings(self) -> dict[str, Rating]:
        """The rated items in the questionnaire's order, reasons trimmed; "Not rated" items are left out."""
        return {item.id: Rating(int(self.scores[item.id].value), self.reasons[item.id].value.strip())
                for item in self.questionnaire.items if self.scores[item.id].value != NOT_RATED}

    def rate(self, item_id: str, score: int | None, reason: str | None = None) -> None:
        """Choose a level (0-3, or None for "Not rated") and type a reason, as a person would."""
        if item_id not in self.scores:
            raise KeyError(f"no item '{item_id}'; items: {', '.join(self.scores)}")
        self.scores[item_id].value = NOT_RATED if score is None else score
        if reason is not None:
            self.reasons[item_id].value = reason

    def document(self) -> str:
        """The rater file for the form as it stands; raises `HealthCheckError` saying what to do first."""
        rater, partner = self.rater_name.value.strip(), self.partner_name.value.strip()
        ratings = self.ratings()
        source = str(self.path) if self.path is not None else "ratings.yaml"
        missing = self._missing()
        if missing or self._conflict():
            raise HealthCheckError([Problem(source, None, "", missing or re.sub("<[^>]+>", "", CONFLICT))])
        text = rater_document(rater, partner, ratings, date=date.today().isoformat())
        sheet = parse_rater(text, source, self.questionnaire)
        if (sheet.rater, sheet.partner, sheet.ratings) != (rater, partner, ratings):
            raise HealthCheckError([Problem(source, None, "", "the file would not read back as typed; "
                                                         "remove unusual characters from the names and reasons")])
        return text

    def save(self) -> bool:
        """Check the ratings, then write the file; True when it was written. Clicking the button calls this."""
        path, missing = self.path, self._missing()
        if missing or path is None:  # no path means no name yet, which `missing` says
            self.message.value = box(html("<strong>Not saved:</strong> {}", missing), RED, "alert")
            return False
        if self._conflict():
            self.message.value = box(html("<strong>Not saved:</strong> {}", CONFLICT), RED, "alert")
            return False
        try:
            text = self.document()
        except InputError as error:
            self.message.value = box(html("<strong>Not saved:</strong> {}", one_line(error)), RED, "alert")
            return False
        self._link = data_link(text, path.name, "application/yaml")
        self.download.value = self._link
        try:
            backup = keep_unless_known(path, self._known)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text)
        except OSError as error:
            self.message.value = box(html("<strong>Not saved:</strong> could not write {} ({}). Your ratings are still "
                                          "in the form; use the download link to keep them.", path_html(path),
                                          error.strerror or error), RED, "alert")
            return False
        self._known, self.saved_at, self._changed = (path, text), datetime.now(), False
        self._owner, self._discard_armed = rater_slug(self.rater_name.value), False
        if backup is not None:
            self.backup = backup
        kept = html(" The file that was there is kept as {}.", path_html(backup)) if backup else ""
        after = ("" if self.fixed_path is not None else
                 Markup(" Someone else next at this computer? Click <em>Next rater</em>: it empties the form."))
        self.message.value = box(html("Saved: {} of {} items rated by <strong>{}</strong>, in {} at {:%H:%M:%S}.{}{}{}",
                                      len(self.ratings()), len(self.questionnaire.items), self._label(),
                                      path_html(path), self.saved_at, kept,
                                      "" if files_outlast_the_tab() else Markup(" ") + TAB_ONLY, after), BLUE)
        self._refresh()
        return True

    def next_rater(self) -> bool:
        """Empty the form for the next person; True when emptied. Clicking *Next rater* calls this.

        With changes not saved yet, the first click only warns; a second click empties the form.
        """
        if self._changed and not self._is_empty() and not self._discard_armed:
            self._discard_armed = True
            self.message.value = box(Markup("<strong>Not emptied:</strong> the ratings in the form have changes that are not "
                                     "saved. Click <em>Save my ratings</em> to keep them, or <em>Next rater</em> "
                                     "again to throw them away."), RED, "alert")
            return False
        self._loading = True
        try:
            self.rater_name.value = self.partner_name.value = ""
            for item in self.questionnaire.items:
                self.scores[item.id].value, self.reasons[item.id].value = NOT_RATED, ""
        finally:
            self._loading = False
        self._known, self.saved_at, self.backup, self._link = None, None, None, Markup()
        self._owner, self._changed, self._discard_armed = None, False, False
        _set(self.notice, "")
        _set(self.download, "")
        self.claim_button.layout.display = "none"
        self.message.value = box(Markup("The form is empty for the next rater: type your name and organisation."), BLUE)
        self._refresh()
        return True

    def claim(self) -> None:
        """The rater says the ratings in the form are theirs (they corrected their name). *These are my ratings*."""
        self._owner = rater_slug(self.rater_name.value)
        self.claim_button.layout.display = "none"
        _set(self.notice, "")
        self._on_name(None)

    def _conflict(self) -> bool:
        """The form holds ratings entered or read under another rater's name than the one typed now."""
        name = self.rater_name.value.strip()
        return bool(name) and self._owner is not None and self._owner != rater_slug(name) and not self._is_empty()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # Building the form.

    def _section(self, element: str) -> Any:
        return widgets.VBox([self._item(number, item)
                             for number, item in enumerate(self.questionnaire.items_for(element), start=1)])

    def _item(self, number: int, item: HealthItem) -> Any:
        levels = join(html("<li><strong>{}</strong> {}</li>", level, words) for level, words in sorted(item.levels.items()))
        text = widgets.HTML(html('<p style="margin:0.6em 0 0.2em"><strong>{}. {}</strong></p>'
                                 '<ul style="margin:0 0 0.3em 1.2em;padding:0;font-size:0.92em">{}</ul>',
                                 number, item.text, levels))
        choices = [(NOT_RATED_LABEL, NOT_RATED)]
        choices += [(f"{level} · {name}", level) for level, name in sorted(self.questionnaire.level_names.items())]
        score = widgets.RadioButtons(options=choices, value=NOT_RATED, description="Your rating", style=STYLE,
                                     layout=widgets.Layout(width="100%"))
        reason = widgets.Textarea(value="", rows=2, description="Reason", style=STYLE, layout=widgets.Layout(width="100%"),
                                  placeholder="What have you seen that shows this level? One example is enough.")
        score.observe(self._on_change, names="value")
        reason.observe(self._on_change, names="value")
        self.scores[item.id], self.reasons[item.id] = score, reason
        return widgets.VBox([text, score, reason], layout=widgets.Layout(border_bottom="1px solid #d0d7de",
                                                                         padding="0 0 6px 0"))

    # Reacting to changes.

    def _on_name(self, _change: Any) -> None:
        if self._loading:
            return
        name = self.rater_name.value.strip()
        if self._is_empty():
            self._owner = None
        elif self._owner is None and name:
            self._owner = rater_slug(name)  # ratings entered before any name belong to the first name typed
        conflict = self._conflict()
        self.claim_button.layout.display = None if conflict else "none"
        if conflict:
            _set(self.notice, CAREFUL)
            self._refresh()  # the name alone changed: saved ratings stay saved
            return
        if self.notice.value == CAREFUL:  # the name is the owner's again
            _set(self.notice, "")
        if self.fixed_path is None and self.path is not None and self._look_for(self.path):
            self._refresh()  # the form now holds the file, unchanged
            return
        self._on_change(None)

    def _on_change(self, _change: Any) -> None:
        if not self._loading:
            self._changed, self._discard_armed = True, False
            if self._owner is None and self.rater_name.value.strip() and not self._is_empty():
                self._owner = rater_slug(self.rater_name.value)
            self._refresh()

    def _refresh(self) -> None:
        rated = self.ratings()
        unexplained = sum(not rating.reason for rating in rated.values())
        still = f"; {unexplained} still without a reason" if unexplained else ""
        _set(self.progress, html('<p role="status"><strong>{} of {} items rated</strong>{}</p>', len(rated),
                                 len(self.questionnaire.items), still))
        titles = tuple(f"{self._titles[key]} ({sum(item.id in rated for item in self.questionnaire.items_for(key))} "
                       f"of {len(self.questionnaire.items_for(key))} rated)" for key, _title in self.questionnaire.elements)
        if tuple(self.sections.titles) != titles:
            self.sections.titles = titles
        if self._link and self._changed:
            _set(self.download, html("{} <small>(as last saved)</small>", self._link))
        _set(self.status, html("<small>{}</small>", self._where()))

    def _where(self) -> Markup:
        path = self.path
        if path is None:
            return html("Type your name: your ratings are saved in {}, in a file named after you. "
                        "If you saved before, the same name brings your ratings back.", path_html(self.folder or ""))
        if self._conflict():
            return Markup("Not saved under this name: the ratings in the form were entered under another name.")
        if self.saved_at is not None and self._known is not None and self._known[0] == path:
            if self._changed:
                return html("Changes since the last save at {:%H:%M:%S} are not saved yet: "
                            "click <em>Save my ratings</em>.", self.saved_at)
            return html("Saved to {} at {:%H:%M:%S}.", path_html(path), self.saved_at)
        return html("<em>Save my ratings</em> writes {}.", path_html(path))

    def _missing(self) -> str:
        """What the rater must do before the file can be written, in one sentence; "" when nothing."""
        rater, partner, ratings = self.rater_name.value.strip(), self.partner_name.value.strip(), self.ratings()
        if not rater:
            return "type your name first."
        if not partner:
            return "type your organisation (the partner you speak for)."
        if not ratings:
            return "rate at least one item. Leave out only the items you cannot judge."
        unexplained = [item_id for item_id, rating in ratings.items() if not rating.reason]
        if unexplained:
            return f"give a reason for every rating; these have none yet: {self._where_items(unexplained)}."
        reasons_only = [item.id for item in self.questionnaire.items
                        if item.id not in ratings and self.reasons[item.id].value.strip()]
        if reasons_only:
            return ("choose a rating for every item you wrote a reason for, or clear the reason: "
                    f"{self._where_items(reasons_only)}.")
        return ""

    def _where_items(self, item_ids: list[str]) -> str:
        names = []
        for item_id in item_ids:
            item = next(item for item in self.questionnaire.items if item.id == item_id)
            number = self.questionnaire.items_for(item.element).index(item) + 1
            names.append(f"{self._titles[item.element]}, item {number}")
        return "; ".join(names[:3]) + (f"; and {len(names) - 3} more" if len(names) > 3 else "")

    def _label(self) -> str:
        return f"{self.rater_name.value.strip()} ({self.partner_name.value.strip()})"

    # The file on disk.

    def _look_for(self, path: Path) -> bool:
        """Read back the rater's file if it is there, saying what was found; True if it was restored.

        The file itself is never changed here.
        """
        if self._known is not None and self._known[0] == path:
            return False
        if not path.exists() and not path.is_symlink():
            _set(self.notice, "")
            return False
        if self.fixed_path is None and not self._is_empty():
            _set(self.notice, box(html("A file for this name is already there: {}. Saving replaces it, and keeps the "
                                       "file that was there as a <code>.bak</code> copy.", path_html(path)), BLUE))
            return False
        try:
            text, source = read_source_text(path)
            sheet = parse_rater(text, source, self.questionnaire)
        except InputError as error:
            self.notice.value = box(html("<strong>Your earlier file could not be read</strong>: {}. It is left as it "
                                         "is. When you save, it is first kept as a <code>.bak</code> copy.",
                                         one_line(error)), RED, "alert")
            return False
        self._fill(sheet)
        self._known, self.saved_at = (path, text), None
        self.notice.value = box(html("Restored the ratings of <strong>{}</strong> from {}: {} of {} items rated.",
                                     sheet.label, path_html(path), len(sheet.ratings), len(self.questionnaire.items)),
                                BLUE)
        return True

    def _is_empty(self) -> bool:
        return not self.ratings() and not any(reason.value.strip() for reason in self.reasons.values())

    def _fill(self, sheet: RaterSheet) -> None:
        self._loading = True
        try:
            # Without a path given, the file was found from the name typed. Show the file's spelling of the
            # name only if it leads to the same file, so that saving replaces the file that was read.
            if self.fixed_path is not None or rater_slug(sheet.rater) == rater_slug(self.rater_name.value):
                self.rater_name.value = sheet.rater
            self.partner_name.value = sheet.partner
            for item in self.questionnaire.items:
                rating = sheet.ratings.get(item.id)
                self.scores[item.id].value = NOT_RATED if rating is None else rating.score
                self.reasons[item.id].value = "" if rating is None else rating.reason
        finally:
            self._loading = False
        self._changed, self._owner = False, rater_slug(self.rater_name.value) if self.rater_name.value.strip() else None
        self._refresh()


def _set(widget: Any, value: str) -> None:
    # Assigning an unchanged value still costs a message to the browser; skip it.
    if widget.value != value:
        widget.value = value
