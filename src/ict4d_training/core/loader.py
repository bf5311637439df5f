"""Load partnership designs from files or text (contract section 3); v1 files are migrated on load."""

from __future__ import annotations

from typing import Any

from ict4d_training.core.documents import LineMap, line_of, parse_tree, require_mapping
from ict4d_training.core.errors import DesignError, Problem, reported_as
from ict4d_training.core.model import Design
from ict4d_training.core.schema import load_schema, validate

SCHEMA_NAME = "design.schema.json"




def parse_design(text: str, source: str = "<design>") -> Design:
    """The same as `load_design`, from text (YAML or JSON)."""
    with reported_as(DesignError):
        data, lines = parse_tree(text, source)
    try:
        return design_from_data(data, source=source, lines=lines)
    except DesignError as error:
        problems = _stray_list_items(text, data, lines, source, list(error.problems))
        raise DesignError(problems) from None


def _stray_list_items(text: str, data: Any, lines: LineMap, source: str, problems: list[Problem]) -> list[Problem]:
    """Name the section of a list item uncommented in the template without its section header.

    Such an item (an outcome's `- statement: ...`, say) joins the list above it, usually the
    partners, and would otherwise be reported as a partner with unknown fields.
    """
    if not isinstance(data, dict):
        return problems
    from ict4d_training.core.yaml_hints import commented_section_above

    text_lines = text.splitlines()
    sections = load_schema(SCHEMA_NAME)["properties"]
    for field, items in data.items():
        if field not in sections or not isinstance(items, list):
            continue
        own = set(_item_fields(sections[field]))
        for index, item in enumerate(items):
            line = lines.get((field, index))
            if not isinstance(item, dict) or not item or own & set(item) or line is None:
                continue
            header = commented_section_above(text_lines, line) if line <= len(text_lines) else None
            if header is None or header not in sections or not set(item) <= set(_item_fields(sections[header])):
                continue
            where = f"{field}[{index}]"
            problems = [problem for problem in problems
                        if not (problem.path == where or problem.path.startswith((where + ".", where + "[")))]
            problems.append(Problem(source, line, next(iter(item)), f"is a list item under nothing — uncomment its "
                                                                      f"section header {header}: too (it was read as "
                                                                      f"one of the {field})"))
    return sorted(problems, key=lambda problem: problem.line or 0)


def _item_fields(section: dict[str, Any]) -> list[str]:
    items = section.get("items")
    return list(items.get("properties", {})) if isinstance(items, dict) else []


def design_from_data(data: Any, source: str = "<design>", lines: LineMap | None = None) -> Design:
    """Validate already-parsed data (from a widget, say) and build the design."""
    lines = lines if lines is not None else {}
    with reported_as(DesignError):
        require_mapping(data, lines, source, "title: ..., partners: ...")
    problems = validate(data, SCHEMA_NAME, lines, source) + _cross_field_problems(data, source, lines)
    if problems:
        raise DesignError(sorted(problems, key=lambda problem: problem.line or 0))
    return Design.from_dict(migrated(data))


CURRENT_VERSION = 2
# Fields a version 1 file cannot have: (section or None for the top level, field).
V2_FIELDS = ((None, "analysis"), (None, "not_recorded"), (None, "beneficiaries"), (None, "capacity_building"),
             ("context", "scope"), ("environment", "sites_checked"), ("environment", "mitigations"),
             ("champion", "commitment"), ("champion", "successor"), ("sustainability", "running_costs"),
             ("sustainability", "pilot"), ("sustainability", "handover"))


def migrated(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 data from valid version 1 or 2 data.

    Version 2 only adds fields, so a v1 design means the same in v2: its outcomes were
    all outcomes (v1 had no outputs), and it records nothing as unknown.
    """
    return {**data, "schema_version": CURRENT_VERSION}


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
    problems += _version_problems(data, source, lines) + _reference_problems(data, seen, source, lines)
    problems += _not_recorded_problems(data, source, lines)
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


def _version_problems(data: dict[str, Any], source: str, lines: LineMap) -> list[Problem]:
    if data.get("schema_version") != 1:
        return []
    problems = []
    for section, name in V2_FIELDS:
        holder = data if section is None else data.get(section)
        if isinstance(holder, dict) and name in holder:
            path = name if section is None else f"{section}.{name}"
            where = (name,) if section is None else (section, name)
            problems.append(Problem(source, line_of(lines, where), path,
                                    "is new in design format 2: set schema_version: 2 to use it"))
    for index, outcome in enumerate(_items(data.get("outcomes"))):
        if "kind" in outcome:
            problems.append(Problem(source, line_of(lines, ("outcomes", index, "kind")), f"outcomes[{index}].kind",
                                    "is new in design format 2: set schema_version: 2 to use it"))
    for index, partner in enumerate(_items(data.get("partners"))):
        if partner.get("sector") == "business_association":
            problems.append(Problem(source, line_of(lines, ("partners", index, "sector")), f"partners[{index}].sector",
                                    "business_association is new in design format 2: set schema_version: 2 to use it"))
    return problems


def _reference_problems(data: dict[str, Any], ids: dict[str, int], source: str, lines: LineMap) -> list[Problem]:
    """Every owner, provider, payer and successor organisation must be one of the partners."""
    references: list[tuple[tuple[str | int, ...], Any]] = []
    environment: dict[str, Any] = data["environment"] if isinstance(data.get("environment"), dict) else {}
    for index, item in enumerate(_items(environment.get("mitigations"))):
        references.append((("environment", "mitigations", index, "owner"), item.get("owner")))
    for index, item in enumerate(_items(data.get("capacity_building"))):
        references.append((("capacity_building", index, "provider"), item.get("provider")))
    sustainability: dict[str, Any] = data["sustainability"] if isinstance(data.get("sustainability"), dict) else {}
    for name, field in (("running_costs", "payer"), ("handover", "to")):
        part = sustainability.get(name)
        # Users may pay the running costs; only a partner can take the service over.
        if isinstance(part, dict) and not (field == "payer" and part.get(field) == "users"):
            references.append((("sustainability", name, field), part.get(field)))
    known = ", ".join(ids) or "none"
    return [Problem(source, line_of(lines, where), _dotted(where),
                    f"'{value}' is not a partner id in this design (partners: {known})")
            for where, value in references if isinstance(value, str) and value not in ids]


def _not_recorded_problems(data: dict[str, Any], source: str, lines: LineMap) -> list[Problem]:
    marked = data.get("not_recorded")
    if not isinstance(marked, list) or not marked:
        return []
    if "analysis" not in data:
        return [Problem(source, line_of(lines, ("not_recorded",)), "not_recorded",
                        "is only for analyses of past partnerships (add an analysis: section naming the sources); "
                        "in your own design, leave out what is not planned")]
    recordable = load_schema(SCHEMA_NAME)["$defs"]["recordable"]["enum"]
    problems = []
    for index, path in enumerate(marked):
        # A path that is not a field at all is already reported by the schema.
        if path in recordable and _has_value(data, path.split(".")):
            problems.append(Problem(source, line_of(lines, ("not_recorded", index)), f"not_recorded[{index}]",
                                    f"{path} is marked not recorded but also has a value: keep one"))
    return problems


def _has_value(data: Any, parts: list[str]) -> bool:
    if not parts:
        return data is not None
    if isinstance(data, list):
        # A field of list items (partners, outcomes ...) may be known for some items and unknown for the rest.
        return False
    return isinstance(data, dict) and parts[0] in data and _has_value(data[parts[0]], parts[1:])


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _dotted(where: tuple[str | int, ...]) -> str:
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
