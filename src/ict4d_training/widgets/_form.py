"""Form inputs generated from `design.schema.json`, so the form and the format cannot drift.

Every input maps a widget value to a design value and back. A blank input means the
field is missing ("not planned / not known"), as in a hand-written design, except for
required text, which is always sent so the trainee sees "must not be empty" rather than
"missing required field".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ict4d_training.core.schema import load_schema, resolve_ref
from ict4d_training.widgets._controls import NOT_SET, NOT_SET_LABEL, Picks, partner_choice, show_partners, split_list

SCHEMA_NAME = "design.schema.json"
# Free text that usually runs to a sentence or more gets a bigger box.
LONG_TEXT = frozenset({"summary", "context.target_communities", "environment.notes", "sustainability.funding_after_launch",
                       "sustainability.scale_plan", "sustainability.exit_strategy", "alternatives.why_partnership"})
# Case analyses only (coded from published sources): a trainee's own design has no use for them.
ANALYSIS_ONLY = ("analysis", "not_recorded")
PARTNER_ID = "#/$defs/partner_id"
STYLE = {"description_width": "15em"}


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class FieldSpec:
    path: str  # "title", "context.country", "sustainability.pilot.planned" or, inside a list item, "sector"
    kind: str  # text | long_text | bool | enum | int | number | text_list | picks | partner_ref | agreed_by
    label: str
    help: str = ""
    options: tuple[str, ...] = ()
    required: bool = False


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    return resolve_ref(node, root)[0]


def _refers_to_partner(node: dict[str, Any]) -> bool:
    return node.get("$ref") == PARTNER_ID or any(_refers_to_partner(choice) for choice in node.get("anyOf", ()))


def _picks(node: dict[str, Any], root: dict[str, Any]) -> tuple[str, ...]:
    """The listed kinds of a "pick from the list, other wording kept" array; () for other arrays."""
    for choice in _resolve(node.get("items", {}), root).get("anyOf", ()):
        listed = _resolve(choice, root).get("enum")
        if listed:
            return tuple(listed)
    return ()


def _options(raw: dict[str, Any], node: dict[str, Any], root: dict[str, Any]) -> tuple[str, ...]:
    if "enum" in node:
        return tuple(node["enum"])
    if _refers_to_partner(raw):
        # Fixed choices beside the partner ids: "users" pay running costs through fees.
        return tuple(choice["const"] for choice in node.get("anyOf", ()) if "const" in choice)
    return _picks(node, root)


def _kind(raw: dict[str, Any], node: dict[str, Any], path: str, root: dict[str, Any]) -> str:
    if _refers_to_partner(raw) and node.get("type") != "array":
        return "partner_ref"  # chosen from the partners' ids, which change as partners are added
    if "enum" in node:
        return "enum"
    if "anyOf" in node:
        return "agreed_by"
    if node.get("type") == "array" and _picks(node, root):
        return "picks"
    kind = {"boolean": "bool", "integer": "int", "number": "number", "array": "text_list"}.get(node.get("type", ""))
    if kind is not None:
        return kind
    if node.get("type") == "string":
        return "long_text" if path in LONG_TEXT else "text"
    raise ValueError(f"the builder has no input for {path} ({node}); add one to widgets/_form.py")


def _label(path: str, prefix: str) -> str:
    # A field of a nested object is named with its object: "Pilot: review before scale".
    *outer, name = path.removeprefix(prefix).split(".")
    words = name.replace("_", " ")
    return f"{outer[-1].replace('_', ' ').capitalize()}: {words}" if outer else words.capitalize()


def specs_for(properties: dict[str, Any], required: list[str], prefix: str = "", label_from: str = ""
              ) -> tuple[FieldSpec, ...]:
    """One spec per field; a nested object's fields inline ("sustainability.pilot.planned").

    Lists of objects (partners, mitigations ...) are rows, not fields: see `row_sections`.
    """
    root = load_schema(SCHEMA_NAME)
    label_from = label_from or prefix
    specs: list[FieldSpec] = []
    for name, raw in properties.items():
        node = _resolve(raw, root)
        path = f"{prefix}{name}"
        if node.get("type") == "object":
            specs += specs_for(node["properties"], node.get("required", []), f"{path}.", label_from)
            continue
        if node.get("type") == "array" and _resolve(node.get("items", {}), root).get("type") == "object":
            continue
        specs.append(FieldSpec(path, _kind(raw, node, path, root), _label(path, label_from),
                               node.get("description", ""), _options(raw, node, root), name in required))
    return tuple(specs)


def row_sections(section: str) -> tuple[str, ...]:
    """The lists of objects inside one section, as "environment.mitigations"."""
    root = load_schema(SCHEMA_NAME)
    node = _resolve(root["properties"][section], root)
    return tuple(f"{section}.{name}" for name, raw in node.get("properties", {}).items()
                 if _resolve(raw, root).get("type") == "array"
                 and _resolve(_resolve(raw, root).get("items", {}), root).get("type") == "object")


def steps() -> tuple[tuple[str, tuple[FieldSpec, ...]], ...]:
    """The form's steps in the format's order: Basics, then one step per section."""
    root = load_schema(SCHEMA_NAME)
    basics: list[FieldSpec] = []
    result: list[tuple[str, tuple[FieldSpec, ...]]] = [("Basics", ())]
    for name, raw in root["properties"].items():
        node = _resolve(raw, root)
        if name == "schema_version" or name in ANALYSIS_ONLY:
            continue
        if node.get("type") == "object":
            result.append((step_title(name), specs_for(node["properties"], node.get("required", []), f"{name}.")))
        elif node.get("type") == "array":
            result.append((step_title(name), ()))  # partners, outcomes, capacity building: lists of rows
        else:
            basics += specs_for({name: raw}, root["required"])
    result[0] = ("Basics", tuple(basics))
    return tuple(result)


def step_title(section: str) -> str:
    return section.replace("_", " ").capitalize()


def item_specs(section: str) -> dict[str, FieldSpec]:
    """The fields of one item of a list: "partners", "outcomes", "environment.mitigations" ..."""
    root = load_schema(SCHEMA_NAME)
    node: dict[str, Any] = {"properties": root["properties"]}
    for part in section.split("."):
        node = _resolve(node["properties"][part], root)
    items = _resolve(node["items"], root)
    return {spec.path: spec for spec in specs_for(items["properties"], items.get("required", []))}


def make_input(spec: FieldSpec, layout: Any | None = None, label: str | None = None) -> Any:
    """The widget for one field; its tooltip is the schema's description of the field.

    The whole width unless `layout` says otherwise (a partner row gives each input a share).
    """
    if layout is None:
        layout = widgets.Layout(width="100%")
    common: dict[str, Any] = {"description": label if label is not None else spec.label, "tooltip": spec.help or None,
                              "style": STYLE, "layout": layout}
    if spec.kind == "bool":
        return widgets.Checkbox(value=False, indent=False, description=common["description"], tooltip=spec.help or None,
                                layout=layout)
    if spec.kind == "enum":
        choices = [(NOT_SET_LABEL, NOT_SET), *((option.replace("_", " "), option) for option in spec.options)]
        return widgets.Dropdown(options=choices, value=NOT_SET, **common)
    if spec.kind == "partner_ref":
        return partner_choice(common["description"], common["tooltip"], spec.options, layout, STYLE)
    if spec.kind == "picks":
        return Picks(spec.options, common["description"], common["tooltip"], layout)
    if spec.kind == "int":
        common["description"] += " (0 = not set)"
        return widgets.IntText(value=0, **common)
    if spec.kind == "number":
        common["description"] += " (0 = not set)"
        return widgets.FloatText(value=0, **common)
    if spec.kind == "long_text":
        return widgets.Textarea(value="", rows=2, **common)
    if spec.kind == "text_list":
        return widgets.Text(value="", placeholder="comma-separated, e.g. first item, second item", **common)
    return widgets.Text(value="", **common)


def read_value(spec: FieldSpec, widget: Any) -> Any:
    """The design value of an input, or MISSING when it is left blank."""
    value = widget.value
    if spec.kind in ("text", "long_text"):
        return value if spec.required or str(value).strip() else MISSING
    if spec.kind == "bool":
        return True if value else MISSING
    if spec.kind in ("enum", "partner_ref"):
        return value if value else MISSING
    if spec.kind == "int":
        return int(value) if value else MISSING
    if spec.kind == "number":
        # 12000, not 12000.0, in the saved file when the amount is whole.
        return (int(value) if float(value).is_integer() else float(value)) if value else MISSING
    if spec.kind == "text_list":
        return split_list(str(value)) or MISSING
    if spec.kind == "picks":
        return list(value) or MISSING
    raise ValueError(f"no reader for {spec.kind}")


def write_value(spec: FieldSpec, widget: Any, value: Any) -> None:
    """Show a design value (None or absent meaning "not set") in an input."""
    if spec.kind in ("text", "long_text"):
        widget.value = "" if value is None else str(value)
    elif spec.kind == "bool":
        widget.value = bool(value)
    elif spec.kind == "enum":
        widget.value = value if value else NOT_SET
    elif spec.kind == "partner_ref":
        # The partner rows may not exist yet (an import fills fields first): offer the value meanwhile.
        show_partners(widget, tuple(item for _label, item in widget.options if item), value or NOT_SET)
    elif spec.kind == "int":
        widget.value = int(value) if value else 0
    elif spec.kind == "number":
        widget.value = float(value) if value else 0.0
    elif spec.kind == "picks":
        widget.value = tuple(value) if isinstance(value, list | tuple) else tuple(split_list(value or ""))
    elif spec.kind == "text_list":
        widget.value = ", ".join(value) if isinstance(value, list | tuple) else ("" if value is None else str(value))
    else:
        raise ValueError(f"no writer for {spec.kind}")


def put(data: dict[str, Any], path: str, value: Any) -> None:
    """Set data["a"]["b"] for the path "a.b", making sections as needed."""
    *sections, name = path.split(".")
    for section in sections:
        data = data.setdefault(section, {})
    data[name] = value


def get(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data
