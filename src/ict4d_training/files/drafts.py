"""Keeping a trainee's draft on disk without ever losing it. Pure functions, no widgets.

A draft is only ever replaced by `write_atomically`, so an interruption leaves the old
draft whole. A draft that cannot be read back is moved aside under a name that does not
exist yet, never deleted or overwritten, so whatever the trainee had is still on disk.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ict4d_training.core.errors import InputError, Problem
from ict4d_training.core.loader import parse_design
from ict4d_training.core.model import Design
from ict4d_training.core.serialise import design_text
from ict4d_training.files.reading import read_source_text
from ict4d_training.files.writing import write_atomically


@dataclass(frozen=True)
class DraftLoad:
    """What a builder finds at its draft path when it starts."""

    design: Design | None = None
    problems: tuple[Problem, ...] = ()
    moved_to: Path | None = None
    # False when a bad draft could not be moved aside: saving would overwrite it.
    can_save: bool = True


def format_for(path: str | os.PathLike[str]) -> str:
    """JSON for `.json` paths, YAML for everything else (the format trainees write by hand)."""
    return "json" if str(path).lower().endswith(".json") else "yaml"


def save_draft(path: str | os.PathLike[str], design: Design) -> str:
    """Replace the draft in one step; returns the text written."""
    text = design_text(design, format_for(path))
    write_atomically(path, text)
    return text


def load_draft(path: str | os.PathLike[str], now: datetime | None = None) -> DraftLoad:
    """Read the draft back; a draft that is not a valid design is moved aside first."""
    target = Path(path)
    if not target.exists() and not target.is_symlink():
        return DraftLoad()
    if target.is_dir():
        return DraftLoad(problems=(Problem(str(target), None, "", "is a folder, not a draft file"),), can_save=False)
    try:
        text, source = read_source_text(target)
        return DraftLoad(design=parse_design(text, source=source))
    except InputError as error:
        problems = error.problems
    try:
        moved_to = set_aside(target, now)
    except OSError as error:
        reason = Problem(str(target), None, "", f"could not be moved aside ({error.strerror or error}); "
                                                 "the builder will not save over it")
        return DraftLoad(problems=(*problems, reason), can_save=False)
    return DraftLoad(problems=problems, moved_to=moved_to)


def aside_name(path: Path, now: datetime | None = None) -> Path:
    """`draft.yaml.broken-YYYYmmdd-HHMMSS`, with `-1`, `-2` ... added until the name is free."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.broken-{stamp}")
    number = 0
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = path.with_name(f"{path.name}.broken-{stamp}-{number}")
    return candidate


def set_aside(path: Path, now: datetime | None = None) -> Path:
    """Move a file to a fresh name beside it, never replacing an existing file."""
    while True:
        candidate = aside_name(path, now)
        try:
            # A hard link fails if the name was taken meanwhile, where a rename would replace it.
            os.link(path, candidate)
        except FileExistsError:
            continue
        except OSError:
            # No hard links here (some browser file systems): the name was free a moment ago.
            os.rename(path, candidate)
            return candidate
        os.unlink(path)
        return candidate


DRAFTS_ENV = "ICT4D_TRAINING_DRAFTS"
DRAFTS_LABEL_ENV = "ICT4D_TRAINING_DRAFTS_LABEL"


def draft_file(name: str, folder: str | os.PathLike[str] | None = None) -> Path:
    """Where an exercise keeps its draft: `$ICT4D_TRAINING_DRAFTS/<name>.yaml`, else `drafts/<name>.yaml`.

    Exercise notebooks call this instead of naming a path, so a trainee's drafts sit together
    beside the notebooks, and the book build (which sets the variable to an empty temporary
    folder) never shows an author's own draft on a published page.
    """
    return drafts_folder(folder) / f"{name}.yaml"


def shown_path(path: str | os.PathLike[str]) -> str:
    """A draft's path as the widgets show it.

    As it is, except inside `$ICT4D_TRAINING_DRAFTS` when `$ICT4D_TRAINING_DRAFTS_LABEL` names
    that folder: the book build keeps drafts in a throwaway folder and labels it `drafts`, so
    the frozen widgets on a published page read as a trainee's own would, not as a build
    machine's path.
    """
    label, root = os.environ.get(DRAFTS_LABEL_ENV), os.environ.get(DRAFTS_ENV)
    if label and root:
        try:
            return (Path(label) / Path(path).resolve().relative_to(Path(root).resolve())).as_posix()
        except ValueError:
            pass
    return str(path)


def drafts_folder(folder: str | os.PathLike[str] | None = None) -> Path:
    """The folder of drafts, made if missing: `folder`, else `$ICT4D_TRAINING_DRAFTS`, else `drafts/`."""
    base = Path(folder) if folder is not None else Path(os.environ.get(DRAFTS_ENV) or "drafts")
    base.mkdir(parents=True, exist_ok=True)
    return base


def files_outlast_the_tab() -> bool:
    """False when what is saved here is gone once the browser tab closes or reloads.

    That happens only with Python in the browser (JupyterLite on Pyodide) on a page served from
    an address the browser does not trust with storage, such as a trainer's laptop seen across a
    room (http://192.168.1.10:8000): JupyterLite keeps files through a service worker, which
    browsers allow only over https and on the machine's own address (127.0.0.1, localhost).
    """
    if sys.platform != "emscripten":
        return True
    try:
        import js  # type: ignore[import-not-found]  # Pyodide's view of the browser: the kernel's web worker
    except ImportError:
        return True
    return bool(getattr(js, "isSecureContext", True))
