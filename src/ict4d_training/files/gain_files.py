"""Reading the workshop's pre- and post-test answer files (CSV) from disk for `core.gain`."""

from __future__ import annotations

import os

from ict4d_training.core.errors import reported_as
from ict4d_training.core.gain import POST_SET, PRE_SET, GainInputError, Round, parse_round
from ict4d_training.core.questions import load_question_set
from ict4d_training.files.reading import read_source_text


def read_round(path: str | os.PathLike[str], which: str) -> Round:
    """One round's answers (`which` is "pre" or "post"), checked against that test's questions."""
    with reported_as(GainInputError):
        text, source = read_source_text(path)
    return parse_round(text, source, load_question_set(PRE_SET if which == "pre" else POST_SET))
