"""Each kind of input file, loaded from a path: read here, parsed and checked by the core."""

from __future__ import annotations

import os

from ict4d_training.core.advice import (
    parse_answers,
)
from ict4d_training.core.errors import AnswersError, DesignError, HealthCheckError, RubricError, reported_as
from ict4d_training.core.health import (
    Questionnaire,
    default_questionnaire,
    parse_questionnaire,
)
from ict4d_training.core.loader import (
    parse_design,
)
from ict4d_training.core.model import Design
from ict4d_training.core.rubric import Rubric, default_rubric, parse_rubric
from ict4d_training.files.reading import read_source_text


def load_design(path: str | os.PathLike[str]) -> Design:
    """Read, validate and build a design file; raises `DesignError` listing every problem."""
    with reported_as(DesignError):
        text, source = read_source_text(path)
    return parse_design(text, source=source)


def load_rubric(path: str | os.PathLike[str] | None = None) -> Rubric:
    """The rubric in a file, or the packaged one when no path is given."""
    if path is None:
        return default_rubric()
    with reported_as(RubricError):
        text, source = read_source_text(path)
    return parse_rubric(text, source)


def load_answers(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read an answers file (`answers: {question id: yes | no | unsure}`)."""
    with reported_as(AnswersError):
        text, source = read_source_text(path)
    return parse_answers(text, source)


def load_questionnaire(path: str | os.PathLike[str] | None = None) -> Questionnaire:
    """A trainer's questionnaire file, or the packaged one when no path is given."""
    if path is None:
        return default_questionnaire()
    with reported_as(HealthCheckError):
        text, source = read_source_text(path)
    return parse_questionnaire(text, source)
