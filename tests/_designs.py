"""Build designs for tests by changing a small base dict, one field path at a time."""

from __future__ import annotations

import copy
from typing import Any

from ict4d_training import Design, design_from_data

# Two partners and nothing else: every optional practice is missing.
BASE: dict[str, Any] = {
    "schema_version": 1,
    "title": "Base design",
    "partners": [
        {"id": "gov", "name": "Ministry of ICT", "sector": "government"},
        {"id": "ngo", "name": "Village Network", "sector": "civil_society"},
    ],
}


# The same two partners in design format 2 (rubric v2's measures read its new fields).
BASE_V2: dict[str, Any] = {**BASE, "schema_version": 2, "title": "Base design v2"}


def partner(pid: str, sector: str, **fields: Any) -> dict[str, Any]:
    """A partner dict with a readable name: partner("telco", "private", joins_at="design")."""
    return {"id": pid, "name": f"Org {pid}", "sector": sector, **fields}


def _key(part: str) -> str | int:
    return int(part) if part.isdigit() else part


def changed(data: dict[str, Any], *changes: tuple[str, Any]) -> dict[str, Any]:
    """A deep copy of data with each ("section.field" / "partners.0.joins_at", value) set."""
    result = copy.deepcopy(data)
    for path, value in changes:
        parts = [_key(part) for part in path.split(".")]
        node: Any = result
        for part in parts[:-1]:
            if isinstance(part, str) and part not in node:
                node[part] = {}
            node = node[part]
        node[parts[-1]] = copy.deepcopy(value)
    return result


def data_with(*changes: tuple[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    return changed(BASE if base is None else base, *changes)


def design_with(*changes: tuple[str, Any], base: dict[str, Any] | None = None) -> Design:
    """The base design (or `base`) with the changes, validated like a trainee's file."""
    return design_from_data(data_with(*changes, base=base), source="<test>")


def design_v2(*changes: tuple[str, Any]) -> Design:
    """The two-partner base in design format 2, with the changes."""
    return design_with(*changes, base=BASE_V2)
