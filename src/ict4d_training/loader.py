"""Load partnership designs from files or text (contract v1, section 3)."""

from __future__ import annotations

import os
from typing import Any

from ._documents import LineMap, line_of, parse_tree, read_source_text
from ._schema import validate
from .errors import DesignError, Problem
from .model import Design

SCHEMA_NAME = "design.schema.json"


def load_design(path: str | os.PathLike[str]) -> Design:
    """Read, validate and build a design file; raises `DesignError` listing every problem."""
    text, source = read_source_text(path)
    return parse_design(text, source=source)


def parse_design(text: str, source: str = "<design>") -> Design:
    """The same as `load_design`, from text (YAML or JSON)."""
    data, lines = parse_tree(text, source)
    return design_from_data(data, source=source, lines=lines)


def design_from_data(data: Any, source: str = "<design>", lines: LineMap | None = None) -> Design:
    """Validate already-parsed data (from a widget, say) and build the design."""
    lines = lines if lines is not None else {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise DesignError([Problem(source, line_of(lines, ()), "",
                                   f"the top level must be a mapping of fields (title: ..., partners: ...), not {kind}")])
    problems = validate(data, SCHEMA_NAME, lines, source) + _cross_field_problems(data, source, lines)
    if problems:
        raise DesignError(sorted(problems, key=lambda problem: problem.line or 0))
    return Design.from_dict(data)


def _cross_field_problems(data: dict[str, Any], source: str, lines: LineMap) -> list[Problem]:
    # Runs on data that may have failed the schema too, so every access is guarded.
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    partners = data.get("partners")
    for index, partner in enumerate(partners if isinstance(partners, list) else []):
        if not isinstance(partner, dict) or not isinstance(partner.get("id"), str):
            continue
        where: tuple[str | int, ...] = ("partners", index, "id")
        if partner["id"] in seen:
            problems.append(Problem(source, line_of(lines, where), f"partners[{index}].id",
                                    f"partner id '{partner['id']}' is already used by partners[{seen[partner['id']]}]"))
        seen.setdefault(partner["id"], index)
    outcomes = data.get("outcomes")
    for index, outcome in enumerate(outcomes if isinstance(outcomes, list) else []):
        agreed_by = outcome.get("agreed_by") if isinstance(outcome, dict) else None
        if isinstance(agreed_by, list):
            for position, partner_id in enumerate(agreed_by):
                if isinstance(partner_id, str) and partner_id not in seen:
                    where_agreed: tuple[str | int, ...] = ("outcomes", index, "agreed_by", position)
                    known = ", ".join(seen) or "none"
                    problems.append(Problem(source, line_of(lines, where_agreed), f"outcomes[{index}].agreed_by[{position}]",
                                            f"'{partner_id}' is not a partner id in this design (partners: {known})"))
    return problems
