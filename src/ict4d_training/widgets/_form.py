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

SCHEMA_NAME = "design.schema.json"
NOT_SET = ""  # The value of the "(not set)" choice: a Dropdown treats None as "nothing chosen".
NOT_SET_LABEL = "(not set)"
# Free text that usually runs to a sentence or more gets a bigger box.
LONG_TEXT = frozenset({"summary", "context.target_communities", "environment.notes", "sustainability.funding_after_launch",
                       "sustainability.scale_plan", "sustainability.exit_strategy", "alternatives.why_partnership"})
STYLE = {"description_width": "15em"}


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class FieldSpec:
    path: str  # "title", "context.country" or, inside a list item, "sector"
    kind: str  # text | long_text | bool | enum | int | text_list | agreed_by
    label: str
    help: str = ""
    options: tuple[str, ...] = ()
    required: bool = False


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    return resolve_ref(node, root)[0]


def _kind(node: dict[str, Any], path: str) -> str:
    if "enum" in node:
        return "enum"
    if "anyOf" in node:
        return "agreed_by"
    kind = {"boolean": "bool", "integer": "int", "array": "text_list"}.get(node.get("type", ""))
    if kind is not None:
        return kind
    if node.get("type") == "string":
        return "long_text" if path in LONG_TEXT else "text"
    raise ValueError(f"the builder has no input for {path} ({node}); add one to widgets/_form.py")


def specs_for(properties: dict[str, Any], required: list[str], prefix: str = "") -> tuple[FieldSpec, ...]:
    root = load_schema(SCHEMA_NAME)
    specs = []
    for name, raw in properties.items():
        node = _resolve(raw, root)
        path = f"{prefix}{name}"
        specs.append(FieldSpec(path, _kind(node, path), name.replace("_", " ").capitalize(),
                               node.get("description", ""), tuple(node.get("enum", ())), name in required))
    return tuple(specs)


def steps() -> tuple[tuple[str, tuple[FieldSpec, ...]], ...]:
    """The form's steps in the format's order: Basics, then one step per section."""
    root = load_schema(SCHEMA_NAME)
    basics: list[FieldSpec] = []
    result: list[tuple[str, tuple[FieldSpec, ...]]] = [("Basics", ())]
    for name, raw in root["properties"].items():
        node = _resolve(raw, root)
        if name == "schema_version":
            continue
        if node.get("type") == "object":
            result.append((name.capitalize(), specs_for(node["properties"], node.get("required", []), f"{name}.")))
        elif node.get("type") == "array":
            result.append((name.capitalize(), ()))  # partners and outcomes: lists of rows
        else:
            basics += specs_for({name: raw}, root["required"])
    result[0] = ("Basics", tuple(basics))
    return tuple(result)


def item_specs(section: str) -> dict[str, FieldSpec]:
    """The fields of one partner or one outcome."""
    root = load_schema(SCHEMA_NAME)
    items = _resolve(root["properties"][section]["items"], root)
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
    if spec.kind == "int":
        common["description"] += " (0 = not set)"
        return widgets.IntText(value=0, **common)
    if spec.kind == "long_text":
        return widgets.Textarea(value="", rows=2, **common)
    if spec.kind == "text_list":
        return widgets.Text(value="", placeholder="comma-separated, e.g. first item, second item", **common)
    return widgets.Text(value="", **common)


def split_list(text: str) -> list[str]:
    # Items cannot hold commas in this form; a design that needs them can be written by hand.
    return [item.strip() for item in text.split(",") if item.strip()]


def read_value(spec: FieldSpec, widget: Any) -> Any:
    """The design value of an input, or MISSING when it is left blank."""
    value = widget.value
    if spec.kind in ("text", "long_text"):
        return value if spec.required or str(value).strip() else MISSING
    if spec.kind == "bool":
        return True if value else MISSING
    if spec.kind == "enum":
        return value if value else MISSING
    if spec.kind == "int":
        return int(value) if value else MISSING
    if spec.kind == "text_list":
        return split_list(str(value)) or MISSING
    raise ValueError(f"no reader for {spec.kind}")


def write_value(spec: FieldSpec, widget: Any, value: Any) -> None:
    """Show a design value (None or absent meaning "not set") in an input."""
    if spec.kind in ("text", "long_text"):
        widget.value = "" if value is None else str(value)
    elif spec.kind == "bool":
        widget.value = bool(value)
    elif spec.kind == "enum":
        widget.value = value if value else NOT_SET
    elif spec.kind == "int":
        widget.value = int(value) if value else 0
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
