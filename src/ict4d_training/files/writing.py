"""Writing files so that a crash or an interruption never leaves half a file behind."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Read-write for all, less the umask: what `open(path, "w")` gives. tempfile.mkstemp would
# give 0600, and a report that a web server cannot read is no use published.
_NEW_FILE_MODE = 0o666


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write to a temporary file beside the target, then rename it over the target."""
    target = Path(path)
    handle, temporary = _create_beside(target)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside `path` to write (a zip, say); renamed over `path` if the block succeeds.

    The build tools use it, so an interrupted build keeps the last good file and a finished one
    gets the permissions the umask gives, like every other file the course writes.
    """
    target = Path(path)
    handle, temporary = _create_beside(target)
    os.close(handle)
    try:
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new, empty file in the target's folder, with the mode the umask gives new files."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, _NEW_FILE_MODE), temporary
        except FileExistsError:
            continue
