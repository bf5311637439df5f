"""Reading an input file from disk: size, encoding and kind checked before any parsing."""

from __future__ import annotations

import os

from ict4d_training.core.documents import (
    MAX_BYTES,
    _fail,
    decode,
)


def read_source_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Return (text, source name) of a file, refusing what no trainee file should be."""
    source = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fail(source, "file not found") from None
    except IsADirectoryError:
        raise _fail(source, "is a folder, not a file") from None
    except OSError as error:
        raise _fail(source, f"cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_BYTES:
        raise _fail(source, f"file is larger than {MAX_BYTES // 1_000_000} MB; a design is a few kilobytes")
    return decode(raw, source), source
