"""What the builder tells the trainee, as HTML. Pure functions, so the wording is testable.

Problems are shown exactly as `str(Problem)`, the command line's own lines, so a trainee
who later runs `ict4d-training validate` meets the same words.
"""

from __future__ import annotations

import base64
import os
import re
from datetime import datetime

from ict4d_training.core.errors import Problem
from ict4d_training.files.drafts import shown_path
from ict4d_training.render.markup import Markup, html, join

RED, BLUE = "#b42318", "#1f6feb"


def path_html(path: str | os.PathLike[str]) -> Markup:
    return html("<code>{}</code>", shown_path(path))


def box(message: Markup, colour: str, role: str = "status") -> Markup:
    """A message in a box with a coloured edge; `message` is HTML (made with `html`), not plain text."""
    return html('<div role="{}" style="border-left:4px solid {};padding:2px 8px;margin:4px 0">{}</div>',
                role, colour, message)


def problem_list(problems: list[Problem] | tuple[Problem, ...]) -> Markup:
    return html("<ul>{}</ul>", join(html("<li><code>{}</code></li>", problem) for problem in problems))


START = Markup("<strong>Start by giving your partnership a title</strong> in <em>Basics</em>, then add the organisations "
         "in <em>Partners</em>. The score appears as soon as the design has a title and one partner; the other "
         "steps can wait.")


def start_html() -> Markup:
    """What an untouched builder says: where to begin, not what is wrong."""
    return box(START, BLUE)


def problems_html(problems: list[Problem]) -> Markup:
    if not problems:
        return Markup()
    return box(html("<strong>Fix these to see the score and save the draft</strong>{}", problem_list(problems)), RED,
               "alert")


def row_problems(section: str, index: int, problems: list[Problem]) -> list[str]:
    """The problems of `partners[index]` (or of one outcome, mitigation ...), for showing beside its row."""
    # Section paths are field names joined by dots (environment.mitigations): only the dots need escaping.
    pattern = re.compile(section.replace(".", r"\.") + rf"\[{index}\](\.|\[|$)")
    return [str(problem) for problem in problems if pattern.match(problem.path)]


def flagged_titles(titles: tuple[str, ...], problems: list[Problem]) -> tuple[str, ...]:
    """Step titles with a warning sign on each step that holds a problem (top-level fields: Basics)."""
    sections = {re.split(r"[.\[]", problem.path)[0].replace("_", " ").capitalize() for problem in problems}
    basics = bool(sections - set(titles))
    return tuple(f"{title} ⚠" if title in sections or (index == 0 and basics) else title
                 for index, title in enumerate(titles))


def data_link(text: str, filename: str, mime: str) -> Markup:
    """A download that needs no server: the file travels inside the link."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return html('<a download="{name}" href="data:{};charset=utf-8;base64,{}">Download {name}</a>', mime, payload,
                name=filename)


def download_html(yaml_text: str, json_text: str) -> Markup:
    return html("{} &middot; {}", data_link(yaml_text, "design.yaml", "application/yaml"),
                data_link(json_text, "design.json", "application/json"))


TAB_ONLY = Markup("<strong>Kept only until this tab closes or reloads</strong>: the browser stores no files for a "
                  "page at this address (only over https, or at http://127.0.0.1 on your own computer). Use the "
                  "download link to keep your work.")


def status_html(path: str | os.PathLike[str] | None, *, can_save: bool, save_error: str | None, valid: bool,
                saved_at: datetime | None, lasting: bool = True, untouched: bool = False) -> Markup:
    """One line on where the work is kept, and whether the last change reached the disk.

    `lasting` is False when saved files vanish with the browser tab (see `files_outlast_the_tab`);
    `untouched` when nothing has been typed yet, so nothing is wrong and nothing is saved.
    """
    name = shown_path(path) if path is not None else ""
    if path is None:
        line = Markup("Not saving: no <code>draft_path</code> was given. Use the download link to keep your work.")
    elif not can_save:
        line = html("Not saving: <code>{}</code> could not be moved aside, and saving would overwrite it.", name)
    elif save_error:
        line = html("<strong>Could not save the draft</strong> ({}): <code>{}</code> still holds the previous "
                    "version. Your work is in the form; use the download link to keep it.", save_error, name)
    elif untouched and saved_at is None:
        line = html("Your draft will be saved to <code>{}</code> once the design has a title and a partner.", name)
    elif not valid:
        line = html("Not saved while the form has problems: <code>{}</code> keeps the last valid version.", name)
    elif saved_at is not None:
        line = html("Draft saved to <code>{}</code> at {:%H:%M:%S}.", name, saved_at)
    else:
        line = html("Draft: <code>{}</code> (saved after every change).", name)
    if path is not None and not lasting:
        line = html("{} {}", line, TAB_ONLY)
    return html("<small>{}</small>", line)


def restored_html(path: str | os.PathLike[str]) -> Markup:
    return box(html("Restored your draft from {}.", path_html(path)), BLUE)


def broken_draft_html(path: str | os.PathLike[str], moved_to: str | os.PathLike[str] | None,
                      problems: tuple[Problem, ...]) -> Markup:
    where = html("It was moved to {}, so nothing is lost. ", path_html(moved_to)) if moved_to else Markup()
    return box(html("<strong>Your draft {} could not be restored.</strong> {}The builder starts empty.{}",
                    path_html(path), where, problem_list(problems)), RED, "alert")


def imported_html(source: str, kept: tuple[str, ...] = ()) -> Markup:
    """`kept`: the case-analysis sections (analysis, not_recorded) the form carries along but does not show."""
    note = html(" It is a case analysis: its {} are kept as imported and exported unchanged; the form does not edit "
                "them.", " and ".join(kept)) if kept else Markup()
    return box(html("Imported <strong>{}</strong>.{}", source, note), BLUE)


def import_failed_html(source: str, problems: tuple[Problem, ...]) -> Markup:
    return box(html("Could not import <strong>{}</strong>; the form is unchanged.{}", source, problem_list(problems)),
               RED, "alert")
