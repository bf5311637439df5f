"""Plain-words explanations of the YAML syntax errors trainees make while editing the template.

ruamel.yaml reports what its parser expected (`expected <block end>, but found '?'`), which
means nothing to someone who has just uncommented a line. The mistakes that cause most of
these errors can be recognised from the text around the line the parser points at: a field
uncommented without its section header, a tab, indentation that lines up with nothing, a
quote that is never closed, a missing colon. Each is named with the line to fix; anything
else keeps the parser's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError

# `key:`, `key: value` or `- key: value`; keys in a design are plain words.
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<key>[A-Za-z_][\w-]*) *:(?:[ \t]+|$)(?P<value>.*)$")
# A commented-out section header in the template: `# resourcing:` (and nothing after but a comment).
_HEADER_COMMENT = re.compile(r"^ *# ?(?P<indent> *)(?P<key>[A-Za-z_][\w-]*):\s*(?:#.*)?$")


@dataclass(frozen=True)
class Hint:
    """Where the mistake is, the field it concerns (may be empty) and what to do about it."""

    line: int
    field: str
    message: str


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    indent: int  # column of the key, after any "- " markers
    key: str | None
    has_value: bool
    is_item: bool  # starts with "- "
    text: str


def explain(text: str, error: MarkedYAMLError) -> Hint | None:
    """A plain explanation of `error` in `text`, or None when the mistake is not one we know."""
    lines = text.splitlines()
    problem = str(error.problem or "")
    context = str(error.context or "")
    at = error.problem_mark.line if error.problem_mark is not None else len(lines) - 1
    return (_tab(lines, at)
            or _unclosed_quote(lines, at)
            or _missing_colon(lines, problem, context, error)
            or _indentation(lines, at, problem))


def _tab(lines: list[str], at: int) -> Hint | None:
    for number, line in enumerate(lines[: at + 1], start=1):
        leading = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in leading and line.strip() and not line.lstrip().startswith("#"):
            key = _key_of(line.strip())
            return Hint(number, key, "starts with a tab character; YAML must be indented with spaces, not tabs")
    return None


def _unclosed_quote(lines: list[str], at: int) -> Hint | None:
    for number, line in enumerate(lines[: at + 1], start=1):
        match = re.match(r"^ *(?:- +)*(?:(?P<key>[A-Za-z_][\w-]*) *: +)?(?P<quote>[\"'])(?P<rest>.*)$", line)
        if match is None or _closes(match["rest"], match["quote"]):
            continue
        if match["key"] is None and not line.lstrip().startswith("-"):
            continue  # a line of a folded text block, where quotes are plain characters
        quote = match["quote"]
        return Hint(number, match["key"] or "", f"the quote ({quote}) that opens this text is never closed; "
                                                 f"end the text with {quote} on the same line")
    return None


def _closes(rest: str, quote: str) -> bool:
    if quote == "'":
        # Inside single quotes, '' is an escaped quote, not the end.
        return re.search(r"'(?!')", rest.replace("''", "")) is not None
    index = 0
    while index < len(rest):
        if rest[index] == "\\":
            index += 2
            continue
        if rest[index] == '"':
            return True
        index += 1
    return False


def _missing_colon(lines: list[str], problem: str, context: str, error: MarkedYAMLError) -> Hint | None:
    if "could not find expected ':'" not in problem or "simple key" not in context or error.context_mark is None:
        return None
    number = error.context_mark.line + 1
    written = lines[number - 1].strip() if number <= len(lines) else ""
    written = written.split(" #", 1)[0].strip()
    first, _, rest = written.removeprefix("- ").partition(" ")
    fix = f" ({first}: {rest.strip()})" if rest.strip() else ""
    return Hint(number, "", f"'{written}' has no colon: write the field name, a colon and a space, then the value{fix}")


def _indentation(lines: list[str], at: int, problem: str) -> Hint | None:
    if not (problem.startswith("expected <block end>") or problem == "mapping values are not allowed here"):
        return None
    parsed = [_parse(number, text) for number, text in enumerate(lines, start=1)]
    here = parsed[at] if at < len(parsed) else None
    if here is None or (here.key is None and not here.is_item):
        return None
    above = [line for line in parsed[:at] if line is not None]
    if not above:
        return None
    previous = above[-1]
    field = here.key or ""
    spaces = _spaces(here.indent)
    header = _commented_header(lines, previous.number, here)
    if header is not None and not here.is_item:
        return Hint(here.number, field, f"is indented under nothing — uncomment its section header {header}: too")
    if here.is_item:
        dash = _dash_column(here.text)
        item = next((line for line in reversed(above) if line.is_item and _dash_column(line.text) != dash), None)
        if item is None:
            return None
        written = here.text.split(" #", 1)[0].strip()
        return Hint(here.number, "", f"the list item '{written}' is indented {_spaces(dash)}, but the item on line "
                                     f"{item.number} is indented {_spaces(_dash_column(item.text))}; line them up")
    if here.indent > previous.indent:
        return Hint(here.number, field, f"is indented {spaces}, more than {previous.key or 'the line'}: on line "
                                        f"{previous.number} ({_spaces(previous.indent)}), which already has a value; "
                                        "line the two up, or put it under a field that ends with ':'")
    levels = _open_levels(above)
    choices = " or ".join(f"{line.key}: on line {line.number} ({_spaces(line.indent)})" for line in levels[:2])
    return Hint(here.number, field, f"is indented {spaces}, which lines up with no field above it; "
                                    f"line it up with {choices}")


def _parse(number: int, text: str) -> _Line | None:
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    match = _KEY_LINE.match(text)
    if match is None:
        indent = len(text) - len(text.lstrip(" "))
        return _Line(number, indent, None, True, stripped.startswith("- "), text)
    value = match["value"].split(" #", 1)[0].strip()
    return _Line(number, len(match["indent"]) + len(match["dashes"]), match["key"], bool(value) and value != "#",
                 bool(match["dashes"]), text)


def _commented_header(lines: list[str], after: int, here: _Line) -> str | None:
    """The nearest `# section:` comment between the last content line and this one, if it could hold it."""
    for text in reversed(lines[after: here.number - 1]):
        match = _HEADER_COMMENT.match(text)
        if match is not None and len(match["indent"]) < here.indent:
            return match["key"]
    return None


def commented_section_above(lines: list[str], number: int) -> str | None:
    """The `# section:` comment nearest above line `number`, among the comments right before it."""
    indent = len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))
    for text in reversed(lines[: number - 1]):
        if text.strip() and not text.lstrip().startswith("#"):
            return None
        match = _HEADER_COMMENT.match(text)
        if match is not None and len(match["indent"]) < indent:
            return match["key"]
    return None


def _open_levels(above: list[_Line]) -> list[_Line]:
    """The keyed lines that enclose the end of `above`, innermost first: where a new field may start."""
    levels: list[_Line] = []
    limit: int | None = None
    for line in reversed(above):
        if line.key is not None and (limit is None or line.indent < limit):
            levels.append(line)
            limit = line.indent
            if limit == 0:
                break
    return levels


def _dash_column(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _spaces(count: int) -> str:
    return f"{count} space" + ("" if count == 1 else "s")


def _key_of(text: str) -> str:
    match = _KEY_LINE.match(text)
    return match["key"] if match is not None else ""
