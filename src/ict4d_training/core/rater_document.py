"""A health-check rater file's text, written so that `health.parse_rater` reads it back exactly. Pure."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

if TYPE_CHECKING:
    from ict4d_training.core.health import Rating


def rater_document(rater: str, partner: str, ratings: Mapping[str, Rating], *, date: str = "") -> str:
    """A rater file's YAML text, as `parse_rater` reads it. Items left out stay "not rated". Pure.

    Names and reasons are written exactly as given (quoted where YAML needs it), so they read
    back unchanged; checking them is `parse_rater`'s job. An empty `rater` leaves the name out.
    """
    data: dict[str, Any] = {"schema_version": 1}
    if rater:
        data["rater"] = _exact(rater)
    data["partner"] = _exact(partner)
    if date:
        data["date"] = date
    data["ratings"] = {item_id: {"score": rating.score, "reason": _exact(rating.reason)}
                       for item_id, rating in ratings.items()}
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_unicode = True
    yaml.width = 100
    stream = io.StringIO()
    yaml.dump(data, stream)
    return f"# One rater's ratings for the partnership health check. An item left out is \"not rated\".\n{stream.getvalue()}"


def _exact(text: str) -> str:
    # ruamel writes these line separators raw in plain or single-quoted text, where a reader folds
    # them into spaces; in double quotes they are escaped (\N, \L, \P) and read back as they were.
    return DoubleQuotedScalarString(text) if any(mark in text for mark in "\x85\u2028\u2029") else text
