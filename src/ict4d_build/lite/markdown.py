"""The book's MyST Markdown as plain Markdown for the JupyterLite notebooks.

JupyterLab renders CommonMark: MyST roles (`{ref}`, `{doc}`, `{cite}`), `(label)=` targets and
directive fences would show as raw text. The JupyterLite build (`ict4d_build.lite.notebooks`) passes
every Markdown cell through `MystToMarkdown.convert`: cross-references become links to the book's pages, citations
become "Author, year" linked to the bibliography, admonitions become block quotes, and the
exercise and solution fences disappear, keeping their content.

Links to the book are root-relative (`/book/designing.html`) or absolute, never relative: in a
notebook, JupyterLab resolves a relative link against the notebook's folder in the browser's
file storage, where the book is not, and the link goes nowhere. `book_url` is where the book's
root is served: "/" for `make serve` and the offline zip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

LABEL = re.compile(r"^\(([^()\s]+)\)=[ \t]*$", re.M)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
ROLE = re.compile(r"\{(ref|doc|cite|cite:p|cite:t|numref|term)\}`([^`]+)`")
EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
FENCE = re.compile(r"^(`{3,}|:{3,})\{([\w:-]+)\}[ \t]*(.*)$")
OPTION = re.compile(r"^:[\w-]+:.*$")
# Directives whose content is shown as it is (the fences are the book's layout, not the reader's).
UNWRAP = {"exercise-start", "exercise-end", "solution-start", "solution-end"}
ADMONITION_TITLES = {"tip": "Tip", "note": "Note", "warning": "Warning", "important": "Important",
                     "hint": "Hint", "caution": "Caution", "attention": "Attention", "seealso": "See also"}
BIB_ENTRY = re.compile(r"@\w+\{([^,\s]+),(.*?)\n\}", re.S)
BIB_FIELD = re.compile(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$", re.M)


class MystError(ValueError):
    """A cross-reference or citation that names nothing in the book."""


@dataclass(frozen=True)
class Target:
    docname: str
    title: str
    anchor: str  # empty when the label sits at the top of its page


@dataclass
class MystToMarkdown:
    """Converts Markdown cells; `book_url` ends with "/", `docname` is the notebook's page (for relative docs)."""

    book_url: str
    targets: dict[str, Target] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    citations: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_book(cls, root: Path, book_url: str) -> MystToMarkdown:
        converter = cls(book_url if book_url.endswith("/") else book_url + "/")
        for folder in ("book", "exercises", "case_studies"):
            for source in sorted((root / folder).rglob("*.md")):
                converter._read_page(source.relative_to(root).with_suffix("").as_posix(), source.read_text("utf-8"))
        bib = root / "book" / "references.bib"
        if bib.exists():
            converter.citations = read_citations(bib.read_text(encoding="utf-8"))
        return converter

    def _read_page(self, docname: str, text: str) -> None:
        lines = text.splitlines()
        first_heading = next((index for index, line in enumerate(lines) if HEADING.match(line)), None)
        if first_heading is not None:
            self.titles[docname] = clean_title(HEADING.match(lines[first_heading]).group(2))  # type: ignore[union-attr]
        for index, line in enumerate(lines):
            label = LABEL.match(line)
            if not label:
                continue
            following = next((later for later in lines[index + 1:] if later.strip()), "")
            heading = HEADING.match(following)
            title = clean_title(heading.group(2)) if heading else self.titles.get(docname, docname)
            at_top = first_heading is None or index < first_heading
            self.targets[label.group(1)] = Target(docname, title, "" if at_top else label.group(1))

    def page_url(self, docname: str, anchor: str = "") -> str:
        return f"{self.book_url}{docname}.html" + (f"#{anchor}" if anchor else "")

    def convert(self, text: str, docname: str) -> str:
        """One Markdown cell of page `docname` (e.g. "exercises/03-design-a-partnership")."""
        text = LABEL.sub("", text)
        text = ROLE.sub(lambda match: self._role(match.group(1), match.group(2), docname), text)
        return convert_directives(text).strip("\n")

    def _role(self, role: str, content: str, docname: str) -> str:
        explicit = EXPLICIT.match(content)
        text, target = (explicit.group(1), explicit.group(2)) if explicit else ("", content)
        if role in ("ref", "numref"):
            found = self.targets.get(target)
            if found is None:
                raise MystError(f"{docname}: {{{role}}}`{content}` names no label in the book")
            return f"[{text or found.title}]({self.page_url(found.docname, found.anchor)})"
        if role == "doc":
            page = target.lstrip("/") if target.startswith("/") else \
                str(PurePosixPath(docname).parent / target)
            page = str(PurePosixPath(page)).removesuffix(".md")
            if page not in self.titles:
                raise MystError(f"{docname}: {{doc}}`{content}` names no page of the book")
            return f"[{text or self.titles[page]}]({self.page_url(page)})"
        if role == "term":
            return text or target
        keys = [key.strip() for key in target.split(",")]
        missing = [key for key in keys if key not in self.citations]
        if missing:
            raise MystError(f"{docname}: {{cite}}`{content}` names no entry of book/references.bib: {missing}")
        cited = "; ".join(self.citations[key] for key in keys)
        return f"([{cited}]({self.page_url('book/references')}))"


def clean_title(title: str) -> str:
    """A heading as plain text: no Markdown emphasis or code marks."""
    return re.sub(r"[*_`]", "", title).strip()


def read_citations(bib: str) -> dict[str, str]:
    """Each entry as "Author, year" (first author's surname and "et al." for three or more)."""
    citations = {}
    for key, body in BIB_ENTRY.findall(bib):
        fields = {name.lower(): value for name, value in BIB_FIELD.findall(body)}
        authors = [name.strip() for name in fields.get("author", key).split(" and ")]
        surnames = [name.split(",")[0].strip().replace("{", "").replace("}", "") for name in authors]
        who = surnames[0] if len(surnames) == 1 else \
            f"{surnames[0]} and {surnames[1]}" if len(surnames) == 2 else f"{surnames[0]} et al."
        citations[key] = f"{who}, {fields.get('year', 'n.d.')}"
    return citations


def convert_directives(text: str) -> str:
    """Admonitions as block quotes with a bold title; exercise and solution fences dropped."""
    out: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            out.append(lines[index])
            index += 1
            continue
        fence, name, argument = opening.groups()
        end = next((later for later in range(index + 1, len(lines)) if lines[later].strip() == fence), len(lines))
        body = lines[index + 1:end]
        while body and OPTION.match(body[0]):
            body = body[1:]
        if name in UNWRAP:
            out.extend(body)
        else:
            title = argument.strip() or ADMONITION_TITLES.get(name, name.replace("-", " ").capitalize())
            quoted = [f"**{title}**", "", *convert_directives("\n".join(body)).strip("\n").split("\n")]
            out.extend(f"> {line}".rstrip() for line in quoted)
        index = end + 1
    return "\n".join(out)


def needed_setup(earlier: list[str], later: list[str]) -> str:
    """The top-level statements of the `earlier` cells that the `later` cells need, in order.

    The model answer runs in a notebook of its own; it needs the exercise's imports and its
    starting design (`START`), not the exercise's widgets, which would show the learner's draft twice.
    """
    import ast

    def used(tree: ast.AST) -> set[str]:
        return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}

    def defined(statement: ast.stmt) -> set[str]:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            return {(alias.asname or alias.name).split(".")[0] for alias in statement.names}
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return {statement.name}
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            return {node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)}
        return set()

    statements = [(source, statement) for source in earlier for statement in ast.parse(source).body]
    wanted = set().union(*(used(ast.parse(source)) for source in later)) if later else set()
    for later_source in later:  # names the model answer defines itself are not needed from before
        wanted -= {name for statement in ast.parse(later_source).body for name in defined(statement)}
    chosen: set[int] = set()
    changed = True
    while changed:
        changed = False
        for index in range(len(statements) - 1, -1, -1):
            if index not in chosen and defined(statements[index][1]) & wanted:
                chosen.add(index)
                wanted |= used(statements[index][1])
                changed = True
    parts = [ast.get_source_segment(statements[index][0], statements[index][1]) or "" for index in sorted(chosen)]
    imports = [part for part in parts if part.startswith(("import ", "from "))]
    return "\n".join(imports) + ("\n\n" if imports else "") + "\n\n".join(p for p in parts if p not in imports)
