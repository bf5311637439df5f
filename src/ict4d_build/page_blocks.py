"""Parts of the book's MyST pages as printable blocks: paragraphs, lists and tables in plain words.

The facilitator pack prints a page's scenario, task, questions and model answer from the page
itself, so the paper and the screen cannot drift apart. Only prose is kept: code cells and their
output are left out, and roles such as {doc}`...` become plain words (``slide_content.plain``).
Bold text is kept as ``**...**`` for the Word writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .slide_content import ROOT, plain
from .template_model import Table

# Directives whose body is prose to keep; any other fenced block (code cells, code) is dropped.
_PROSE = {"admonition", "note", "tip", "warning", "important", "attention", "caution", "hint", "seealso"}
_ITEM = re.compile(r"^(?P<mark>[-*]|\d+\.)\s+(?P<text>.*)$")
_BOLD = "\x01"
_BELOW = re.compile(r"[^.!?]*\bcells? below\b[^.!?]*[.!?:]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    text: str
    style: str = ""


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Grid:
    table: Table


Block = Heading | Para | Items | Grid


def inline(text: str, base: str = "", root: Path = ROOT) -> str:
    """One paragraph in plain words, bold kept as **...**, and no pointer to a code cell."""
    text = plain(text.replace("**", _BOLD), root, base).replace(_BOLD, "**")
    return _BELOW.sub("", text).strip()


def _prose_lines(lines: list[str]) -> list[str]:
    """The lines outside code: fenced prose directives keep their body, without their options."""
    kept: list[str] = []
    fence: str | None = None
    keep = False
    for line in lines:
        stripped = line.strip()
        if fence is None and stripped.startswith(("```", ":::")):
            marker = re.match(r"^(`{3,}|:{3,})", stripped)
            fence = marker.group(1) if marker else "```"
            name = stripped[len(fence):].strip()
            directive = name[1:name.index("}")] if name.startswith("{") and "}" in name else name
            keep = directive in _PROSE
            kept.append("")
            continue
        if fence is not None and stripped == fence:
            fence = None
            kept.append("")
            continue
        if fence is not None and not keep:
            continue
        if fence is not None and re.match(r"^:[a-z-]+:", stripped):
            continue
        kept.append(line)
    return kept


def _table(rows: list[str], base: str, root: Path) -> Grid:
    cells = [[plain(cell.strip(), root, base).replace("**", "")
              for cell in row.strip().strip("|").split("|")] for row in rows]
    cells = [row for row in cells if not all(re.fullmatch(r":?-+:?", cell) for cell in row)]
    return Grid(Table(tuple(cells[0]), tuple(tuple(row) for row in cells[1:])))


def blocks(markdown: str, base: str = "", root: Path = ROOT) -> tuple[Block, ...]:
    """The prose of a piece of MyST Markdown as blocks, in order."""
    out: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []
    numbered = False
    table: list[str] = []

    def flush() -> None:
        nonlocal paragraph, items, table
        if paragraph:
            text = inline(" ".join(paragraph), base, root)
            if text:
                out.append(Para(text))
        if items:
            out.append(Items(tuple(inline(item, base, root) for item in items), numbered))
        if table:
            out.append(_table(table, base, root))
        paragraph, items, table = [], [], []

    for line in _prose_lines(markdown.splitlines()):
        stripped = line.strip()
        if not stripped or (stripped.startswith(("(", "<!--")) and stripped.endswith((")=", "-->"))):
            flush()
        elif stripped.startswith("|"):
            if not table:
                flush()
            table.append(stripped)
        elif heading := re.match(r"^(#{2,6})\s+(.*)$", line):
            flush()
            out.append(Heading(inline(heading.group(2), base, root), len(heading.group(1))))
        elif match := _ITEM.match(line):
            if paragraph or table:
                flush()
            numbered = match.group("mark")[0].isdigit()
            items.append(match.group("text"))
        elif items and line.startswith(" "):
            items[-1] += " " + stripped
        else:
            if items:
                flush()
            paragraph.append(stripped)
    flush()
    return tuple(out)


def page_text(docname: str, root: Path = ROOT) -> str:
    return (root / f"{docname}.md").read_text(encoding="utf-8")


def section(docname: str, heading: str, root: Path = ROOT, level: int = 2) -> str:
    """The Markdown under one heading of a page, up to the next heading of the same level or above.

    Raises ValueError naming the page if the heading is missing, so a renamed heading stops the
    build instead of printing an empty handout.
    """
    lines = page_text(docname, root).splitlines()
    marks = "#" * level
    start = next((n for n, line in enumerate(lines) if line.strip() == f"{marks} {heading}"), None)
    if start is None:
        raise ValueError(f"{docname}.md has no heading {marks} {heading!r}")
    end = next((n for n in range(start + 1, len(lines))
                if re.match(rf"^#{{1,{level}}}\s", lines[n])), len(lines))
    return "\n".join(lines[start + 1:end])


def between(markdown: str, start: str, end: str) -> str:
    """The Markdown between the fence that opens `start` (say ``{solution-start}``) and `end`'s."""
    lines = markdown.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip().startswith(f"```{start}")), None)
    last = next((n for n, line in enumerate(lines) if line.strip().startswith(f"```{end}")), None)
    if first is None or last is None or last < first:
        raise ValueError(f"no {start} ... {end} block")
    body = lines[first + 1:last]
    close = next(n for n, line in enumerate(body) if line.strip() == "```")  # the opening fence's options end
    return "\n".join(body[close + 1:])


def base_of(docname: str) -> str:
    return docname.rsplit("/", 1)[0] if "/" in docname else ""
