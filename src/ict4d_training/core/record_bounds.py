"""What a silent record allows: a case analysis with every unrecorded field at its best.

A past partnership coded from its evaluations leaves some fields `not_recorded`. The design as
coded is the worst the record allows (what is not recorded counts as absent); `best_case` is the
best it allows (each unrecorded field filled with the value the format ranks highest). Because
every measure is monotone, a criterion whose level is the same in both is settled by the record,
and one whose level differs is unknown — whatever level the recorded facts alone reach.
"""

from __future__ import annotations

from typing import Any

from ict4d_training.core.model import Design
from ict4d_training.core.schema import load_schema, resolve_ref

# The value the format ranks highest for each choice field, where it is not simply the first.
BEST_CHOICE = {
    "policy": "supportive", "infrastructure": "adequate", "community_involvement": "community_led",
    "scope": "community", "level": "head_of_state", "starts_at": "concept", "structure": "office_and_broker",
    "decision_making": "consensus", "cost_to_user": "free", "when": "before_launch", "by": "concept",
    "kind": "outcome", "joins_at": "concept",
}
PARTNER_REFERENCES = frozenset({"owner", "provider", "payer", "to"})
Data = dict[str, Any]


def best_case(design: Design) -> Design:
    """The design with every field its analysis marks not recorded set to its best value."""
    if not design.not_recorded:
        return design
    data = design.to_dict()
    schema = load_schema("design.schema.json")
    first_partner = design.partners[0].id
    for path in design.not_recorded:
        _fill(data, path.split("."), _node(schema, schema["properties"][path.split(".")[0]]), schema, first_partner,
              path.split(".")[0])
    data.pop("not_recorded", None)
    return Design.from_dict(data)


def _node(root: Data, node: Data) -> Data:
    return resolve_ref(node, root)[0] if "$ref" in node else node


def _fill(holder: Data, parts: list[str], node: Data, root: Data, partner: str, name: str) -> None:
    """Fill `parts` under `holder` (whose field `parts[0]` has schema `node`), into every list item."""
    key, rest = parts[0], parts[1:]
    if not rest:
        # A value already there is recorded (for this list item, or this part of a section): kept as it is.
        if key not in holder:
            holder[key] = _best(node, root, partner, name)
        elif isinstance(holder[key], dict):
            _complete(holder[key], node, root, partner)
        return
    value = holder.setdefault(key, [] if "items" in node else {})
    inner = _node(root, node["items"]) if isinstance(value, list) else node
    child = _node(root, inner["properties"][rest[0]])
    for item in (value if isinstance(value, list) else [value]):
        _fill(item, rest, child, root, partner, rest[0])


def _complete(value: Data, node: Data, root: Data, partner: str) -> None:
    for key, child in node.get("properties", {}).items():
        _fill(value, [key], _node(root, child), root, partner, key)


def _best(node: Data, root: Data, partner: str, name: str) -> Any:
    if name in PARTNER_REFERENCES:
        return partner
    if name == "agreed_by":
        return "all"
    if "enum" in node:
        return BEST_CHOICE.get(name, node["enum"][0])
    kind = node.get("type")
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return max(1, node.get("minimum", 1))
    if kind == "object":
        value: Data = {}
        _complete(value, node, root, partner)
        return value
    if kind == "array":
        items = _node(root, node["items"])
        if name == "mitigations":
            return [{**_best(items, root, partner, "mitigation"), "gap": gap} for gap in ("policy", "infrastructure")]
        choices = [_node(root, option) for option in items.get("anyOf", [])]
        listed = next((option["enum"] for option in choices if "enum" in option), None)
        return list(listed[:2]) if listed else [_best(items, root, partner, name)]
    return "recorded"
