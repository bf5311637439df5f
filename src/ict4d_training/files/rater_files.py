"""Where the health-check form keeps rater files, and how it names and protects them. No widgets."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

from ict4d_training.core.errors import InputError
from ict4d_training.files.drafts import drafts_folder
from ict4d_training.files.reading import read_source_text

FOLDER_NAME = "health-check"


def health_check_folder(drafts: str | os.PathLike[str] | None = None) -> Path:
    """Where the form keeps rater files: `health-check/` in the drafts folder, made if missing.

    A folder of its own, so the health check reads only rater files, never the exercises' drafts.
    """
    folder = drafts_folder(drafts) / FOLDER_NAME
    folder.mkdir(exist_ok=True)
    return folder


def rater_slug(name: str) -> str:
    """A rater's name as a safe file-name part: letters and digits of any script, joined by hyphens."""
    text = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(char if unicodedata.category(char)[0] in "LNM" else "-" for char in text)
    slug = "-".join(part for part in kept.split("-") if part)[:60].strip("-")
    return slug or "rater"


def rater_file(name: str, folder: str | os.PathLike[str]) -> Path:
    """The default file of a rater: `<folder>/health-<slug>.yaml`."""
    return Path(folder) / f"health-{rater_slug(name)}.yaml"


def keep_copy(path: Path) -> Path:
    """Copy a file to `<name>.bak` (or `.bak-1`, `.bak-2` ... if taken), never replacing another file."""
    number = 0
    while True:
        candidate = path.with_name(f"{path.name}.bak" + (f"-{number}" if number else ""))
        try:
            with open(path, "rb") as source, open(candidate, "xb") as target:
                shutil.copyfileobj(source, target)
        except FileExistsError:
            number += 1
            continue
        return candidate


def keep_unless_known(path: Path, known: tuple[Path, str] | None) -> Path | None:
    """Copy a file to `.bak` before it is replaced, unless it is `known`: the form read or wrote this text there."""
    if not path.exists() and not path.is_symlink():
        return None
    if known is not None and known[0] == path:
        try:
            if read_source_text(path)[0] == known[1]:
                return None
        except InputError:
            pass
    return keep_copy(path)


def one_line(error: InputError) -> str:
    """The first problem on one line, and how many more there are."""
    first = " ".join(str(error.problems[0]).split()) if error.problems else "unknown problem"
    more = len(error.problems) - 1
    return first + (f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else "")
