"""Read YAML or JSON text into plain data plus a map of where each value stood.

Trainees' files are untrusted: everything here turns a bad file into `Problem`s,
never into a traceback, and refuses files that would exhaust memory or time.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from ict4d_training.core.errors import InputError, Problem

MAX_BYTES = 1_000_000
# A legitimate design has a few hundred values; aliases that expand past this are a bomb.
MAX_VALUES = 100_000
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]
LineMap = dict[PathKey, int]




def decode(raw: bytes, source: str) -> str:
    """Decode UTF-8 (with or without a byte-order mark), naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(
            [Problem(source, line, "", f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8")]
        ) from None


def parse_tree(text: str, source: str) -> tuple[Any, LineMap]:
    """Parse YAML or JSON text into plain Python data and the line of every value."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _fail(source, f"text is larger than {MAX_BYTES // 1_000_000} MB; a design is a few kilobytes")
    if not text.strip():
        raise _fail(source, "the file is empty")
    name = source.lower()
    if name.endswith(".json"):
        return _parse_json(text, source)
    if not name.endswith((".yaml", ".yml")) and text.lstrip().startswith("{"):
        # Text with no file name (a widget, a paste) that looks like JSON: JSON's own error
        # messages are clearer for JSON, but YAML flow style starts with "{" too.
        try:
            return _parse_json(text, source)
        except InputError:
            pass
    return _parse_yaml(text, source)


def _parse_json(text: str, source: str) -> tuple[Any, LineMap]:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as error:
        raise InputError([Problem(source, error.lineno, "", f"JSON syntax error: {error.msg}")]) from None
    except _DuplicateKey as error:
        _parse_yaml(text, source)  # raises with the line and path of the duplicate where it can
        raise _fail(source, f"duplicate key '{error.key}'") from None
    except RecursionError:
        raise _fail(source, f"values are nested more than {MAX_DEPTH} levels deep") from None
    _check_shape(data, source)
    # Line numbers only matter when something is wrong, so they are computed lazily.
    return data, _LazyLines(lambda: _json_lines_if_possible(text, source))


def _check_shape(data: Any, source: str) -> None:
    """Hold JSON to the same depth and size limits as YAML (walked without recursion)."""
    stack, count = [(data, 0)], 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise _fail(source, f"values are nested more than {MAX_DEPTH} levels deep")
        if count > MAX_VALUES:
            raise _fail(source, f"the document has more than {MAX_VALUES:,} values")
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _json_lines_if_possible(text: str, source: str) -> LineMap:
    # JSON is (almost) YAML 1.2, so the YAML composer can locate its values.
    try:
        return _parse_yaml(text, source)[1]
    except InputError:
        return {}


class _LazyLines(dict[PathKey, int]):
    """A line map filled on first use."""

    def __init__(self, compute: Callable[[], LineMap]) -> None:
        super().__init__()
        self._compute: Callable[[], LineMap] | None = compute

    def _fill(self) -> None:
        if self._compute is not None:
            compute, self._compute = self._compute, None
            self.update(compute())

    def get(self, key: PathKey, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)


# libyaml (ruamel.yaml.clib) composes about ten times faster than the pure parser, but its
# recursive composer crashes the process on very deep nesting. It is used only for text whose
# shape bounds the nesting far below that; anything else, and Pyodide, get the pure parser.
_C_MAX_CHARS = 64_000
_C_MAX_LINE = 500
_C_MAX_BRACKETS = 1_000


def _c_parser_is_safe(text: str) -> bool:
    if len(text) > _C_MAX_CHARS or text.count("[") + text.count("{") > _C_MAX_BRACKETS:
        return False
    return max(map(len, text.splitlines()), default=0) <= _C_MAX_LINE


class _Yaml12Resolver(VersionedResolver):
    """YAML 1.2 rules, looked up once.

    ruamel re-derives the version for every scalar by raising and catching exceptions,
    which was most of the time spent loading a design.
    """

    @property
    def processing_version(self) -> Any:
        return (1, 2)

    @property
    def versioned_resolver(self) -> Any:
        cached = self.__dict__.get("_cached_resolvers")
        if cached is None:
            cached = self.__dict__["_cached_resolvers"] = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
        return cached


def _compose(yaml: YAML, text: str) -> Node | None:
    """Compose with the given parser, letting the pure parser decide on any error.

    libyaml's scanner is stricter than YAML 1.2 in places (a '?' or ':' inside a flow
    list, for example); the pure parser is the reference.
    """
    try:
        node: Node | None = yaml.compose(text)
        return node
    except YAMLError:
        if getattr(yaml, "pure", True):
            raise
    fallback: Node | None = _yaml_pure().compose(text)
    return fallback


_parsers = threading.local()


def _yaml_pure() -> YAML:
    return _yaml_kind(pure=True)


def _yaml_for(text: str) -> YAML:
    return _yaml_kind(pure=not _c_parser_is_safe(text))


def _yaml_kind(*, pure: bool) -> YAML:
    # Making a YAML object costs more than parsing a design (it scans for plugins), so each
    # thread keeps one of each kind; they are used one call at a time.
    name = "pure" if pure else "c"
    yaml: YAML | None = getattr(_parsers, name, None)
    if yaml is None:
        yaml = YAML(typ="safe", pure=pure)
        yaml.Resolver = _Yaml12Resolver
        setattr(_parsers, name, yaml)
    return yaml


def _parse_yaml(text: str, source: str) -> tuple[Any, LineMap]:
    yaml = _yaml_for(text)
    try:
        root = _compose(yaml, text)
    except MarkedYAMLError as error:
        # Only a broken file pays for importing the explanations.
        from ict4d_training.core.yaml_hints import explain as explain_yaml_error

        hint = explain_yaml_error(text, error)
        if hint is not None:
            raise InputError([Problem(source, hint.line, hint.field, hint.message)]) from None
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(str(error.problem or error.context or "malformed YAML").split())
        if "'\\t'" in reason:
            reason = "a tab character; YAML must be indented with spaces, not tabs"
        raise InputError([Problem(source, line, "", f"YAML syntax error: {reason}")]) from None
    except YAMLError as error:
        raise _fail(source, f"YAML syntax error: {' '.join(str(error).split())}") from None
    except RecursionError:
        raise _fail(source, f"values are nested more than {MAX_DEPTH} levels deep") from None
    if root is None:
        raise _fail(source, "the file is empty")
    builder = _TreeBuilder(yaml, source)
    try:
        data = builder.build(root, (), 0)
    finally:
        # The shared constructor remembers every object it built; forget them after each file.
        yaml.constructor.constructed_objects.clear()
        yaml.constructor.recursive_objects.clear()
    if builder.problems:
        raise InputError(builder.problems)
    return data, builder.lines


def _yaml_bool(text: str) -> bool:
    return text.lower() == "true"


# The common YAML 1.2 scalars, built directly; anything else goes through ruamel's constructor.
_PLAIN_SCALARS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:bool": _yaml_bool,
    "tag:yaml.org,2002:null": lambda _text: None,
}


class _TreeBuilder:
    """Turn composed YAML nodes into plain data, recording lines and refusing bombs."""

    def __init__(self, yaml: YAML, source: str) -> None:
        self.constructor = yaml.constructor
        self.source = source
        self.lines: LineMap = {}
        self.problems: list[Problem] = []
        self.count = 0

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _fail(self.source, f"the document expands to more than {MAX_VALUES:,} values (a YAML alias bomb?)")
        if depth > MAX_DEPTH:
            raise _fail(self.source, f"values are nested more than {MAX_DEPTH} levels deep")
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        tag = str(node.tag)
        if tag in _PLAIN_SCALARS:
            return _PLAIN_SCALARS[tag](node.value)
        if tag.endswith(":timestamp"):
            # Dates such as 2025-01-31 stay text: the format stores them as free text.
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except YAMLError:
            self._problem(path, node, f"unsupported YAML tag '{node.tag}'; write plain text, numbers or true/false")
            return None

    def _mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(path, key_node, "merge keys ('<<') are not supported; write the fields out")
                continue
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            # Whole-number keys are read as text, so a rubric can say `0: ...` for level 0.
            if not isinstance(key, str) or key_node.tag.endswith((":null", ":float", ":bool")):
                shown = f"'{key}'" if isinstance(key, str) else "a list or mapping"
                self._problem(path, key_node, f"field names must be text, not {shown}")
                continue
            if key in result:
                first = self.lines.get((*path, key), "?")
                self._problem((*path, key), key_node, f"duplicate key '{key}' (first given on line {first})")
                continue
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _problem(self, path: PathKey, node: Node, message: str) -> None:
        self.problems.append(Problem(self.source, node.start_mark.line + 1, format_path(path), message))


def format_path(path: PathKey) -> str:
    """Render ('partners', 2, 'sector') as partners[2].sector."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def line_of(lines: LineMap, path: PathKey) -> int | None:
    """The line of a value, or of its nearest enclosing value when it is absent."""
    for end in range(len(path), -1, -1):
        line = lines.get(path[:end])
        if line is not None:
            return int(line)
    return None


def _fail(source: str, message: str) -> InputError:
    return InputError([Problem(source, None, "", message)])


def require_mapping(data: Any, lines: LineMap, source: str, fields: str = "") -> None:
    """Every input file is a mapping of fields at the top; say so, naming what was found instead."""
    if isinstance(data, dict):
        return
    kind = "a list" if isinstance(data, list) else "a single value"
    example = f" ({fields})" if fields else ""
    raise InputError([Problem(source, line_of(lines, ()), "", f"the top level must be a mapping of fields{example}, not {kind}")])
