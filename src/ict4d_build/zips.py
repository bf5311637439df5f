"""Reproducible zips: the same files give the same bytes, whoever builds them and when.

Every build tool that writes a zip (the SCORM package, the offline package, the JupyterLite
wheels) writes it through `ReproducibleZip`: entries in the order given (callers sort them),
one fixed timestamp, permissions 0644, and a compression chosen per entry (files that are
compressed already are stored). `write_zip` writes the archive beside its final name and renames
it into place (`ict4d_training.files.writing.replacing`), so an interrupted build leaves the
previous file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ict4d_training.files.writing import replacing

# Any fixed date would do: the one the Word templates and slide decks carry too.
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
FILE_MODE = 0o644
# Deflating these again saves nothing and costs time on the trainer's laptop.
COMPRESSED_ALREADY = (".whl", ".zip", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp", ".gz")


class ReproducibleZip:
    """A zip being written: `add(name, data)` adds one file with the fixed date and mode."""

    def __init__(self, archive: zipfile.ZipFile, prefix: str = "", store: tuple[str, ...] = COMPRESSED_ALREADY) -> None:
        self.archive = archive
        self.prefix = prefix
        self.store = store
        self.names: list[str] = []

    def add(self, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(self.prefix + name, FIXED_TIME)
        info.external_attr = FILE_MODE << 16
        info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(self.store) else zipfile.ZIP_DEFLATED
        self.archive.writestr(info, data)
        self.names.append(info.filename)


@contextmanager
def write_zip(path: Path, *, prefix: str = "", compresslevel: int = 9,
              store: tuple[str, ...] = COMPRESSED_ALREADY) -> Iterator[ReproducibleZip]:
    """Write the zip at `path` atomically; `prefix` goes before every entry's name (a top folder, say)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as temporary, \
            zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        yield ReproducibleZip(archive, prefix, store)


def zip_folder(folder: Path, path: Path, files: list[Path], *, store: tuple[str, ...] = ()) -> None:
    """Zip `files` (paths inside `folder`) in the order given, each named by its path relative to `folder`."""
    with write_zip(path, store=store) as archive:
        for file in files:
            archive.add(file.relative_to(folder).as_posix(), file.read_bytes())
