"""Sections made from the course's own data, so two templates follow it automatically.

* ``health-check``: one section per key element of ``ict4d_training/data/health.yaml``, each a
  table of its statements (with their level descriptors) to rate 0-3 with a reason;
* ``design-format``: one section per top-level field of the design format
  (``design.schema.json``, in its order), each field with the schema's description, its choices,
  and the hint written beside it in ``template.yaml``, the annotated blank design.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from importlib import resources
from typing import Any

from ict4d_training.core.health import Questionnaire, default_questionnaire

from .template_model import Field, Section, Table, Template

# Lists (partners, outcomes) become a table with a column for each entry.
LIST_COLUMNS = 3
_TOP = re.compile(r"^(?:# )?([a-z_]+):")
_HINT = re.compile(r"^#? *(?:- )?(?P<key>[a-z_]+):[^#\n]*#\s*(?P<hint>.+)$")


def complete(template: Template) -> Template:
    """The template with its generated sections appended (unchanged if it has none)."""
    if template.generated_from == "health-check":
        generated = health_sections(default_questionnaire())
    elif template.generated_from == "design-format":
        generated = design_sections(design_schema(), template_hints())
    else:
        return template
    at = len(template.sections) if template.generated_at is None else template.generated_at
    return replace(template, sections=template.sections[:at] + generated + template.sections[at:])


# --- the health check ---------------------------------------------------------------------------


def health_sections(questionnaire: Questionnaire) -> tuple[Section, ...]:
    """One section per key element: its statements, each with what every level looks like."""
    scale = "; ".join(f"{score} = {name.lower()}" for score, name in sorted(questionnaire.level_names.items()))
    sections = []
    for key, title in questionnaire.elements:
        rows = []
        for item in questionnaire.items_for(key):
            levels = [f"{score}: {text}" for score, text in sorted(item.levels.items())]
            rows.append(("\n".join([item.text, *levels]), "", ""))
        sections.append(Section(
            heading=title,
            guidance=f"Rate each statement {scale}. Leave it blank if you cannot judge it.",
            table=Table(("Statement (and what each rating looks like)", "Rating 0-3", "Your reason: one example"),
                        tuple(rows), 0, (10.0, 2.0, 5.0))))
    return tuple(sections)


# --- the design format --------------------------------------------------------------------------


def design_schema() -> dict[str, Any]:
    text = resources.files("ict4d_training").joinpath("data", "design.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def template_text() -> str:
    return resources.files("ict4d_training").joinpath("data", "template.yaml").read_text(encoding="utf-8")


def template_sections(text: str) -> list[str]:
    """The top-level fields of the annotated blank design, in order (commented-out ones included)."""
    return [match.group(1) for line in text.splitlines() if (match := _TOP.match(line))]


def template_hints(text: str | None = None) -> dict[str, str]:
    """The hint written after each field of the annotated blank design, keyed "section.field"."""
    hints: dict[str, str] = {}
    section = ""
    for line in (text if text is not None else template_text()).splitlines():
        top = _TOP.match(line)
        if top:
            section = top.group(1)
        match = _HINT.match(line)
        if match:
            key = match.group("key")
            hints[key if top else f"{section}.{key}"] = match.group("hint").strip()
    return hints


def _label(key: str) -> str:
    words = key.replace("_", " ")
    return words[:1].upper() + words[1:]


def _resolved(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in schema:
        return schema
    target = defs[schema["$ref"].rsplit("/", 1)[-1]]
    return {**target, **{key: value for key, value in schema.items() if key != "$ref"}}


def _help(schema: dict[str, Any], hint: str) -> str:
    parts = []
    if schema.get("description"):
        parts.append(schema["description"].rstrip(". "))
    elif hint and "|" not in hint:
        parts.append(hint.rstrip(". "))
    if "enum" in schema:
        parts.append("choose one: " + ", ".join(str(choice).replace("_", " ") for choice in schema["enum"]))
    elif schema.get("type") == "boolean":
        parts.append("yes or no")
    elif schema.get("type") == "array":
        parts.append("one per line")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + ("." if text else "")


def _lines(schema: dict[str, Any]) -> int:
    return 3 if schema.get("type") in ("string", "array") and "enum" not in schema else 1


# Fields only an analysis of a past partnership uses: a worksheet is for a team's own design.
ANALYSIS_ONLY = ("analysis", "not_recorded")


def design_sections(schema: dict[str, Any], hints: dict[str, str]) -> tuple[Section, ...]:
    """One section per top-level field of the design format, in the format's order."""
    defs = schema.get("$defs", {})
    sections = []
    for key, spec in schema["properties"].items():
        if key in ("schema_version", *ANALYSIS_ONLY):
            continue
        guidance = (spec.get("description") or hints.get(key, "")).strip()
        guidance = guidance[:1].upper() + guidance[1:] + ("" if not guidance or guidance.endswith(".") else ".")
        if spec.get("type") == "object":
            fields = tuple(Field(_label(name), _help(sub, hints.get(f"{key}.{name}", "")), _lines(sub))
                           for name, sub in ((name, _resolved(sub, defs)) for name, sub in spec["properties"].items()))
            sections.append(Section(heading=_label(key), guidance=guidance, fields=fields))
        elif spec.get("type") == "array":
            item = spec["items"]
            rows = tuple((f"{_label(name)}\n{_help(_resolved(sub, defs), hints.get(f'{key}.{name}', ''))}".rstrip(),)
                         for name, sub in item["properties"].items())
            columns = ("Field", *(f"{_label(key).rstrip('s')} {number}" for number in range(1, LIST_COLUMNS + 1)))
            sections.append(Section(heading=_label(key), guidance=f"{guidance} Add a page if you need more columns.".strip(),
                                    table=Table(columns, rows, 0, (5.0, 4.0, 4.0, 4.0))))
        else:
            sections.append(Section(heading=_label(key), guidance=guidance,
                                    fields=(Field(_label(key), _help(spec, ""), _lines(spec)),)))
    return tuple(sections)
