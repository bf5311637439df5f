"""Load partnership designs from files or text (contract v1, section 3)."""

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
