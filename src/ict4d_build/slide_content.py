"""What the slides take from the book's own pages: titles, key points, questions, cases' questions.

The pages are MyST Markdown; this reads only their headings and bullet or numbered lists, and
turns roles such as {doc}`...` and {ref}`text <target>` into plain words for a slide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_LABELLED = re.compile(r"\{(?:doc|ref|term)\}`([^`<]+?)\s*<[^`>]+>`")
_CITE = re.compile(r"\s*\{cite(?::\w+)?\}`[^`]*`")
_BARE = re.compile(r"\{(?:doc|ref|term)\}`([^`]+)`")
_SEE = re.compile(r"\s+See\s+(?:\{(?:doc|ref)\}`[^`]*`[\s,]*(?:and\s+)?)+\.?$")
_ITEM = re.compile(r"^(?:[-*]|\d+\.)\s+(.*)$")


@dataclass(frozen=True)
class PageOutline:
    docname: str
    title: str
    sections: dict[str, tuple[str, ...]]  # "## heading" -> its list items, in plain words
    headings: tuple[str, ...]

    def items(self, heading: str) -> tuple[str, ...]:
        return self.sections.get(heading, ())


def _bare_title(target: str, root: Path, base: str) -> str:
    name = target.strip("/") if target.startswith("/") else f"{base}/{target}".strip("/")
    if (root / f"{name}.md").is_file():
        return page_title(name, root)
    return target.strip("/").rsplit("/", 1)[-1].replace("-", " ")


def plain(text: str, root: Path = ROOT, base: str = "") -> str:
    """Markdown of one paragraph or list item as plain words: no roles, citations or emphasis."""
    text = _SEE.sub("", text.strip())
    text = _CITE.sub("", text)
    text = _LABELLED.sub(lambda m: m.group(1), text)
    text = _BARE.sub(lambda m: _bare_title(m.group(1), root, base), text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    text = re.sub(r"(?<!\w)\*([^*]+)\*(?!\w)", r"\1", text)
    text = text.replace("`", "")
    return " ".join(text.split())


def _parse(docname: str, text: str, root: Path) -> PageOutline:
    title, heading, fenced = "", "", False
    sections: dict[str, list[str]] = {}
    headings: list[str] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("```") or line.startswith(":::"):
            fenced = not fenced
            current = None
            continue
        if fenced:
            continue
        if line.startswith("# ") and not title:
            title = plain(line[2:], root)
        elif line.startswith("## "):
            heading = plain(line[3:], root)
            headings.append(heading)
            current = None
        elif match := _ITEM.match(line):
            current = sections.setdefault(heading, [])
            current.append(match.group(1))
        elif current is not None and line.startswith("  ") and line.strip():
            current[-1] += " " + line.strip()
        elif not line.strip():
            continue
        else:
            current = None
    base = docname.rsplit("/", 1)[0] if "/" in docname else ""
    return PageOutline(docname, title, {key: tuple(plain(item, root, base) for item in items) for key, items in sections.items()},
                       tuple(headings))


@cache
def page_title(docname: str, root: Path = ROOT) -> str:
    """A page's first-level heading, in plain words (read without parsing the rest of the page)."""
    for line in (root / f"{docname}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return " ".join(re.sub(r"[*`]", "", line[2:]).split())
    return docname


@cache
def outline(docname: str, root: Path = ROOT) -> PageOutline:
    """The outline of one book page, such as "book/running/risk"."""
    path = root / f"{docname}.md"
    return _parse(docname, path.read_text(encoding="utf-8"), root)


def key_points(docname: str, root: Path = ROOT) -> tuple[str, ...]:
    return outline(docname, root).items("Key points")


def questions_to_ask(docname: str, root: Path = ROOT) -> tuple[str, ...]:
    page = outline(docname, root)
    for heading in ("Questions to ask", "Questions to ask your partners"):
        if page.items(heading):
            return page.items(heading)
    return ()


def discussion_questions(docname: str, numbers: tuple[int, ...], root: Path = ROOT) -> tuple[str, ...]:
    """A case's discussion questions with these numbers (1-based), in plain words."""
    questions = outline(docname, root).items("Discussion questions")
    missing = [n for n in numbers if n > len(questions)]
    if missing:
        raise ValueError(f"{docname} has {len(questions)} discussion questions, not {max(missing)}")
    return tuple(questions[n - 1] for n in numbers)


def organisations(docname: str, root: Path = ROOT) -> tuple[str, ...]:
    """The names a case lists under "The organisations" (each item's bold lead)."""
    names, inside = [], False
    for line in (root / f"{docname}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line[3:].strip() == "The organisations"
        elif inside and (match := re.match(r"^- \*\*([^*]+)\*\*", line)):
            names.append(" ".join(match.group(1).split()).rstrip(","))
    return tuple(names)
