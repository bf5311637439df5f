"""Validate data against the package's JSON Schemas, reporting every problem at once.

fastjsonschema (pure Python, so it runs in Pyodide) checks each value, but it stops at
the first error. For a trainee, one error per run is a frustrating loop, so when a
document fails we walk it alongside its schema: object and array structure (required,
unknown keys, list length) is read from the schema here, and every leaf value is checked
by fastjsonschema against its own sub-schema. The schema stays the single source of truth.
"""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema

from ict4d_training.core.documents import LineMap, PathKey, format_path, line_of
from ict4d_training.core.errors import Problem

Schema = dict[str, Any]

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
}


_REGISTERED: dict[str, Schema] = {}


def register_schema(name: str, schema: Schema) -> None:
    """Make a schema built at run time (from other data) available under a name."""
    if _REGISTERED.get(name) != schema:
        _REGISTERED[name] = schema
        _compiled.cache_clear()


def load_schema(name: str) -> Schema:
    """A registered schema, or a JSON Schema shipped in the package's data folder."""
    return _REGISTERED[name] if name in _REGISTERED else _packaged_schema(name)


@cache
def _packaged_schema(name: str) -> Schema:
    text = resources.files("ict4d_training").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    schema: Schema = json.loads(text)
    return schema


def validate(data: Any, schema_name: str, lines: LineMap, source: str) -> list[Problem]:
    """Every problem in `data`; an empty list when it is valid."""
    root = load_schema(schema_name)
    try:
        _compiled(schema_name, ())(data)
        return []
    except fastjsonschema.JsonSchemaValueException:
        pass
    problems: list[Problem] = []
    _walk(root, root, data, (), schema_name, lines, source, problems)
    return problems


@cache
def _compiled(schema_name: str, pointer: tuple[str, ...]) -> Callable[[Any], Any]:
    # Compiling generates Python code, so it is cached and done only on first use.
    root = load_schema(schema_name)
    node: Any = root
    for part in pointer:
        node = node[part]
    # fastjsonschema rewrites "$ref"s in place, so it gets its own copy.
    schema = copy.deepcopy(dict(node))
    schema.setdefault("$defs", copy.deepcopy(root.get("$defs", {})))
    return fastjsonschema.compile(schema)


def resolve_ref(node: Schema, root: Schema) -> tuple[Schema, tuple[str, ...]]:
    """The schema a local `$ref` ("#/$defs/...", possibly chained) stands for, and its pointer.

    The node's own keywords (a description, say) are kept beside what the reference brings.
    """
    pointer: tuple[str, ...] = ()
    while "$ref" in node:
        pointer = tuple(node["$ref"].removeprefix("#/").split("/"))
        target = root
        for part in pointer:
            target = target[part]
        node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    return node, pointer


def _walk(
    root: Schema,
    schema: Schema,
    value: Any,
    path: PathKey,
    schema_name: str,
    lines: LineMap,
    source: str,
    problems: list[Problem],
    pointer: tuple[str, ...] = (),
) -> None:
    if "$ref" in schema:
        schema, pointer = resolve_ref(schema, root)

    def add(at: PathKey, message: str) -> None:
        problems.append(Problem(source, line_of(lines, at), format_path(at), message))

    before = len(problems)
    if "properties" in schema and isinstance(value, dict):
        _walk_object(root, schema, value, path, schema_name, lines, source, problems, pointer, add)
    elif "items" in schema and isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            add(path, f"needs at least {schema['minItems']} item{'s' if schema['minItems'] > 1 else ''}")
        for index, item in enumerate(value):
            _walk(root, schema["items"], item, (*path, index), schema_name, lines, source, problems,
                  (*pointer, "items"))
    if len(problems) > before:
        return
    # Leaves, and any rule of a mapping or list that the walk above does not read
    # (minProperties, maxItems ...): the compiled validator has the last word.
    try:
        _compiled(schema_name, pointer)(value)
    except fastjsonschema.JsonSchemaValueException as error:
        add(path, _leaf_message(error, value, schema))


def _walk_object(
    root: Schema,
    schema: Schema,
    value: dict[str, Any],
    path: PathKey,
    schema_name: str,
    lines: LineMap,
    source: str,
    problems: list[Problem],
    pointer: tuple[str, ...],
    add: Callable[[PathKey, str], None],
) -> None:
    properties: dict[str, Schema] = schema["properties"]
    for key in schema.get("required", []):
        if key not in value:
            add(path, f"missing required field '{key}'")
    for key, item in value.items():
        if key in properties:
            _walk(root, properties[key], item, (*path, key), schema_name, lines, source, problems,
                  (*pointer, "properties", key))
        elif schema.get("additionalProperties") is False:
            add((*path, key), _unknown_key_message(key, list(properties)))


def _unknown_key_message(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; allowed fields: {', '.join(allowed)}"
    return f"unknown field '{key}'{hint}"


def _leaf_message(error: fastjsonschema.JsonSchemaValueException, value: Any, schema: Schema) -> str:
    rule = error.rule
    definition = error.rule_definition
    if "enum" in schema or rule == "enum":
        options = schema.get("enum", definition if isinstance(definition, list) else [])
        close = difflib.get_close_matches(str(value), [str(option) for option in options], n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"{_show(value)} is not allowed{hint}; use one of: {', '.join(map(str, options))}"
    if "anyOf" in schema:
        return f"{_show(value)} is not allowed; {schema.get('description', 'see the format description')}"
    if rule == "type" and value is None and definition == "object":
        # A section header uncommented in the template while its fields stayed commented out.
        return "has no fields under it; uncomment its fields too (indented under it), or comment it out again"
    if rule == "type":
        wanted = definition if isinstance(definition, list) else [definition]
        words = " or ".join(_TYPE_WORDS.get(str(kind), str(kind)) for kind in wanted)
        return f"must be {words}, not {_kind_of(value)}"
    if rule == "const":
        return f"must be {json.dumps(definition)}, not {_show(value)}"
    if rule in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return "must not be empty"
    if rule == "pattern":
        if definition == "^[a-z0-9_-]+$":
            return f"{_show(value)} must use only lower-case letters, digits, '_' or '-'"
        return f"{_show(value)} does not have the expected form"
    if rule in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        return f"must be between {low} and {high}, not {_show(value)}" if low is not None and high is not None \
            else f"{_show(value)} is out of range"
    if rule in ("minItems", "maxItems", "minLength", "maxLength"):
        return f"{error.message.removeprefix('data ')}"
    return error.message.removeprefix("data ")


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return f"text {_show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return type(value).__name__


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "...'"
