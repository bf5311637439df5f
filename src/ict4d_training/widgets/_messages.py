"""What the builder tells the trainee, as HTML. Pure functions, so the wording is testable.

Problems are shown exactly as `str(Problem)`, the command line's own lines, so a trainee
who later runs `ict4d-training validate` meets the same words.
"""

from __future__ import annotations

import base64
import os
import re
from datetime import datetime
from html import escape

from ..errors import Problem
from ._drafts import shown_path

RED, BLUE = "#b42318", "#1f6feb"


def path_html(path: str | os.PathLike[str]) -> str:
    return f"<code>{escape(shown_path(path))}</code>"


def box(message: str, colour: str, role: str = "status") -> str:
    return f'<div role="{role}" style="border-left:4px solid {colour};padding:2px 8px;margin:4px 0">{message}</div>'


def problem_list(problems: list[Problem] | tuple[Problem, ...]) -> str:
    return "<ul>" + "".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in problems) + "</ul>"


START = ("<strong>Start by giving your partnership a title</strong> in <em>Basics</em>, then add the organisations "
         "in <em>Partners</em>. The score appears as soon as the design has a title and one partner; the other "
         "steps can wait.")


def start_html() -> str:
    """What an untouched builder says: where to begin, not what is wrong."""
    return box(START, BLUE)


def problems_html(problems: list[Problem]) -> str:
    if not problems:
        return ""
    return box(f"<strong>Fix these to see the score and save the draft</strong>{problem_list(problems)}", RED, "alert")


def row_problems(section: str, index: int, problems: list[Problem]) -> list[str]:
    """The problems of `partners[index]` (or of one outcome), for showing beside its row."""
    pattern = re.compile(rf"{section}\[{index}\](\.|\[|$)")
    return [str(problem) for problem in problems if pattern.match(problem.path)]


def flagged_titles(titles: tuple[str, ...], problems: list[Problem]) -> tuple[str, ...]:
    """Step titles with a warning sign on each step that holds a problem (top-level fields: Basics)."""
    sections = {re.split(r"[.\[]", problem.path)[0].capitalize() for problem in problems}
    basics = bool(sections - set(titles))
    return tuple(f"{title} ⚠" if title in sections or (index == 0 and basics) else title
                 for index, title in enumerate(titles))


def data_link(text: str, filename: str, mime: str) -> str:
    """A download that needs no server: the file travels inside the link."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f'<a download="{filename}" href="data:{mime};charset=utf-8;base64,{payload}">Download {filename}</a>'


def download_html(yaml_text: str, json_text: str) -> str:
    return f"{data_link(yaml_text, 'design.yaml', 'application/yaml')} &middot; " \
           f"{data_link(json_text, 'design.json', 'application/json')}"


TAB_ONLY = ("<strong>Kept only until this tab closes or reloads</strong>: the browser stores no files for a page "
            "at this address (only over https, or at http://127.0.0.1 on your own computer). Use the download "
            "link to keep your work.")


def status_html(path: str | os.PathLike[str] | None, *, can_save: bool, save_error: str | None, valid: bool,
                saved_at: datetime | None, lasting: bool = True, untouched: bool = False) -> str:
    """One line on where the work is kept, and whether the last change reached the disk.

    `lasting` is False when saved files vanish with the browser tab (see `files_outlast_the_tab`);
    `untouched` when nothing has been typed yet, so nothing is wrong and nothing is saved.
    """
    name = escape(shown_path(path)) if path is not None else ""
    if path is None:
        line = "Not saving: no <code>draft_path</code> was given. Use the download link to keep your work."
    elif not can_save:
        line = f"Not saving: <code>{name}</code> could not be moved aside, and saving would overwrite it."
    elif save_error:
        line = (f"<strong>Could not save the draft</strong> ({escape(save_error)}): <code>{name}</code> still "
                "holds the previous version. Your work is in the form; use the download link to keep it.")
    elif untouched and saved_at is None:
        line = f"Your draft will be saved to <code>{name}</code> once the design has a title and a partner."
    elif not valid:
        line = f"Not saved while the form has problems: <code>{name}</code> keeps the last valid version."
    elif saved_at is not None:
        line = f"Draft saved to <code>{name}</code> at {saved_at:%H:%M:%S}."
    else:
        line = f"Draft: <code>{name}</code> (saved after every change)."
    if path is not None and not lasting:
        line += f" {TAB_ONLY}"
    return f"<small>{line}</small>"


def restored_html(path: str | os.PathLike[str]) -> str:
    return box(f"Restored your draft from {path_html(path)}.", BLUE)


def broken_draft_html(path: str | os.PathLike[str], moved_to: str | os.PathLike[str] | None,
                      problems: tuple[Problem, ...]) -> str:
    where = f"It was moved to {path_html(moved_to)}, so nothing is lost. " if moved_to else ""
    return box(f"<strong>Your draft {path_html(path)} could not be restored.</strong> {where}"
               f"The builder starts empty.{problem_list(problems)}", RED, "alert")


def imported_html(source: str) -> str:
    return box(f"Imported <strong>{escape(source)}</strong>.", BLUE)


def import_failed_html(source: str, problems: tuple[Problem, ...]) -> str:
    return box(f"Could not import <strong>{escape(source)}</strong>; the form is unchanged.{problem_list(problems)}",
               RED, "alert")
