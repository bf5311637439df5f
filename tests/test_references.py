"""The reference list: every entry complete and cited, every citation backed by an entry.

The source checks read the .bib files named in `_config.yml` and the pages named in `_toc.yml`
directly, so they need no book build. The last test reads the built bibliography page.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup
from pybtex.database import BibliographyData, Entry, parse_string
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
STYLE = ROOT / "book" / "_ext" / "course_bibstyle.py"

# {cite}`a,b`, {cite:p}`a`, {cite:t}`a`, {footcite}`a`; sphinxcontrib-bibtex also allows
# pre- and post-notes in braces inside the role ({cite:p}`{see}key{p. 3}`).
CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]*)`")
NOTE = re.compile(r"\{[^{}]*\}")

WEB_TYPES = {"misc", "online", "electronic", "webpage", "www"}
# howpublished text that says the source is read on the web, not on paper.
WEB_HOWPUBLISHED = re.compile(r"\b(web|blog|online|site|www\.)|https?://|\.(org|com|int|net)\b", re.IGNORECASE)
PUBLISHER_FIELDS = ("publisher", "institution", "organization", "howpublished", "journal", "school", "booktitle")
YEAR = re.compile(r"(1[89]|20)\d\d|n\.d\.")
URLDATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Citation:
    key: str
    page: Path
    line: int


def bib_files(root: Path = ROOT) -> list[Path]:
    """The .bib files the book reads (bibtex_bibfiles in _config.yml)."""
    config = YAML(typ="safe").load((root / "_config.yml").read_text(encoding="utf-8"))
    return [root / name for name in config["bibtex_bibfiles"]]


def read_bibliography(files: Iterable[Path]) -> dict[str, str]:
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in files}


def toc_pages(root: Path = ROOT) -> list[Path]:
    """Every source file that _toc.yml puts in the book, globs expanded."""
    toc = YAML(typ="safe").load((root / "_toc.yml").read_text(encoding="utf-8"))
    stems: list[str] = [toc["root"]]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                stems.append(node["file"])
            if "glob" in node:
                stems.extend(
                    path.relative_to(root).with_suffix("").as_posix() for path in sorted(root.glob(node["glob"] + ".md"))
                )
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    # A page named in the toc but not written yet cites nothing; the strict build reports it.
    return [
        root / f"{stem}{suffix}"
        for stem in dict.fromkeys(stems)
        for suffix in (".md", ".ipynb")
        if (root / f"{stem}{suffix}").exists()
    ]


def citations(pages: Iterable[Path]) -> list[Citation]:
    found = []
    for page in pages:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            for match in CITE_ROLE.finditer(line):
                for key in NOTE.sub("", match.group(1)).split(","):
                    if key.strip():
                        found.append(Citation(key.strip(), page, number))
    return found


def entry_lines(bib_text: str) -> dict[str, int]:
    """Line of each `@type{key,` so a failure points at the entry to fix."""
    return {
        match.group(1): bib_text.count("\n", 0, match.start()) + 1
        for match in re.finditer(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib_text, flags=re.MULTILINE)
    }


def is_web_entry(entry: Entry) -> bool:
    howpublished = entry.fields.get("howpublished", "")
    return entry.type.lower() in WEB_TYPES or bool(WEB_HOWPUBLISHED.search(howpublished)) or "url" in entry.fields


def entry_problems(key: str, entry: Entry) -> list[str]:
    """What a reader would miss in this entry to find the source; empty when it is complete."""
    problems = []
    if not (entry.persons.get("author") or entry.persons.get("editor")):
        problems.append(f"{key}: no author (or editor)")
    if not entry.fields.get("title", "").strip():
        problems.append(f"{key}: no title")
    year = entry.fields.get("year", "").strip()
    if not YEAR.fullmatch(year):
        problems.append(f"{key}: year is {year!r}; give the year, or n.d. for an undated web page")
    if not any(entry.fields.get(name, "").strip() for name in PUBLISHER_FIELDS):
        problems.append(f"{key}: no publisher, institution or site ({', '.join(PUBLISHER_FIELDS)})")
    if is_web_entry(entry):
        url = entry.fields.get("url", "").strip()
        if not url.startswith(("https://", "http://")):
            problems.append(f"{key}: a web source needs a url (http or https), found {url!r}")
        if not URLDATE.fullmatch(entry.fields.get("urldate", "").strip()):
            problems.append(f"{key}: a web source needs urldate = {{YYYY-MM-DD}}, the day its page was checked")
    return problems


def bibliography_problems(bib_texts: dict[str, str], cited: Iterable[Citation]) -> list[str]:
    """Problems in the .bib texts (named by file) against the citations; empty when all is well."""
    cited = list(cited)
    cited_keys = {citation.key for citation in cited}
    problems = []
    known: dict[str, str] = {}
    for name, text in bib_texts.items():
        bib: BibliographyData = parse_string(text, "bibtex")
        lines = entry_lines(text)
        for key, entry in bib.entries.items():
            where = f"{name} line {lines.get(key, '?')}"
            if key.lower() in known:
                problems.append(f"{where}: {key} is also an entry in {known[key.lower()]}")
            known[key.lower()] = name
            problems += [f"{where}: {problem}" for problem in entry_problems(key, entry)]
            if key not in cited_keys:
                problems.append(f"{where}: {key} is never cited; cite it or remove it")
    for citation in cited:
        if citation.key.lower() not in known:
            page = citation.page.relative_to(ROOT) if citation.page.is_relative_to(ROOT) else citation.page
            problems.append(f"{page} line {citation.line}: {citation.key} has no entry in {', '.join(bib_texts)}")
    return problems


def test_every_entry_is_complete_cited_and_every_citation_has_an_entry() -> None:
    problems = bibliography_problems(read_bibliography(bib_files()), citations(toc_pages()))
    assert not problems, "\n".join(problems)


def test_the_bibliography_lists_only_what_the_book_cites() -> None:
    text = (ROOT / "book" / "references.md").read_text(encoding="utf-8")
    directive = re.search(r"```\{bibliography\}(.*?)```", text, flags=re.DOTALL)
    assert directive, "book/references.md has no bibliography directive"
    assert ":all:" not in directive.group(1), "the bibliography lists every entry (:all:), cited or not"


def test_the_toc_pages_include_the_chapters_exercises_and_case_studies() -> None:
    pages = {page.relative_to(ROOT).as_posix() for page in toc_pages()}
    assert "book/references.md" in pages
    assert any(page.startswith("exercises/0") for page in pages)
    assert any(page.startswith("case_studies/") and page.endswith("/index.md") for page in pages)


GOOD_WEB = """@misc{page,
  author = {{An Organisation}}, title = {A page}, howpublished = {Web page, example.org},
  year = {n.d.}, url = {https://example.org/page}, urldate = {2026-12-02}
}
"""
GOOD_BOOK = """@book{book,
  author = {Writer, Ann}, title = {A book}, publisher = {A Press}, year = {2004}
}
"""


def cite(*keys: str) -> list[Citation]:
    return [Citation(key, ROOT / "book" / "example.md", 1) for key in keys]


def test_the_checks_pass_a_complete_cited_bibliography() -> None:
    assert bibliography_problems({"a.bib": GOOD_WEB, "b.bib": GOOD_BOOK}, cite("page", "book")) == []


@pytest.mark.parametrize(
    ("bib", "keys", "expected"),
    [
        (GOOD_WEB + GOOD_BOOK, ("page",), "book is never cited"),
        (GOOD_BOOK, ("book", "missing"), "missing has no entry"),
        (GOOD_WEB.replace("url = {https://example.org/page}, ", ""), ("page",), "page: a web source needs a url"),
        (GOOD_WEB.replace("urldate = {2026-12-02}", ""), ("page",), "page: a web source needs urldate"),
        (GOOD_BOOK.replace("@book", "@online"), ("book",), "book: a web source needs a url"),
        (GOOD_BOOK.replace("publisher = {A Press}", "howpublished = {Blog post}"), ("book",), "a web source needs a url"),
        (GOOD_BOOK.replace("author = {Writer, Ann}, ", ""), ("book",), "book: no author"),
        (GOOD_BOOK.replace(", year = {2004}", ""), ("book",), "book: year is ''"),
        (GOOD_BOOK.replace("title = {A book}, ", ""), ("book",), "book: no title"),
        (GOOD_BOOK.replace("publisher = {A Press}, ", ""), ("book",), "book: no publisher"),
    ],
)
def test_the_checks_catch_each_gap(bib: str, keys: tuple[str, ...], expected: str) -> None:
    problems = bibliography_problems({"test.bib": bib}, cite(*keys))
    assert any(expected in problem for problem in problems), problems


def test_the_checks_catch_a_key_in_two_bib_files() -> None:
    problems = bibliography_problems({"a.bib": GOOD_BOOK, "b.bib": GOOD_BOOK}, cite("book"))
    assert problems == ["b.bib line 1: book is also an entry in a.bib"]


def test_citations_are_found_in_every_role_form(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("As {cite}`a,b` and {cite:p}`c` and {cite:t}`d`.\nSee {cite:p}`{see}e{p. 3}`.\n", encoding="utf-8")
    found = citations([page])
    assert [(citation.key, citation.line) for citation in found] == [("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 2)]


@pytest.fixture(scope="module")
def style() -> ModuleType:
    spec = importlib.util.spec_from_file_location("course_bibstyle", STYLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rendered(style: ModuleType, bib_text: str) -> list[str]:
    """The entries as the bibliography page lists them, in its order."""
    entries = parse_string(bib_text, "bibtex").entries.values()
    formatter = style.CourseStyle(sorting_style=style.CourseSorting)
    return [entry.text.render_as("text") for entry in formatter.format_entries(entries)]


def test_the_style_keeps_the_sources_own_titles(style: ModuleType) -> None:
    [text] = rendered(style, GOOD_WEB.replace("{A page}", "{Global Education Initiative: Retrospective}"))
    assert "Global Education Initiative: Retrospective." in text
    assert "URL: https://example.org/page (visited on 2026-12-02)" in text


def test_the_style_sorts_organisations_by_name_among_people(style: ModuleType) -> None:
    organisation = GOOD_WEB.replace("{{An Organisation}}", "{{Global Knowledge Partnership}}")
    texts = rendered(style, organisation + GOOD_BOOK.replace("Writer, Ann", "Unwin, Tim"))
    assert [text.split(".")[0] for text in texts] == ["Global Knowledge Partnership", "Tim Unwin"]


@pytest.mark.book
def test_the_bibliography_page_links_every_web_source(built_site: Path) -> None:
    bib = parse_string("\n".join(read_bibliography(bib_files()).values()), "bibtex")
    cited = {citation.key for citation in citations(toc_pages())}
    shown = {key: entry for key, entry in bib.entries.items() if key in cited}
    soup = BeautifulSoup((built_site / "book" / "references.html").read_text(encoding="utf-8"), "html.parser")
    entries = soup.select(".citation-list .citation")
    assert len(entries) == len(shown), [" ".join(entry.get_text(" ").split())[:60] for entry in entries]
    links = {a["href"] for entry in entries for a in entry.find_all("a", class_="reference external", href=True)}
    text = " ".join(" ".join(entry.get_text(" ").split()) for entry in entries)
    web = {key: entry for key, entry in shown.items() if "url" in entry.fields}
    assert web, "no cited entry has a url"
    for key, entry in web.items():
        assert entry.fields["url"] in links, f"{key}: {entry.fields['url']} is not a link on the bibliography page"
        assert f"visited on {entry.fields['urldate']}" in text, f"{key}: the access date is not shown"


@pytest.mark.browser
def test_long_addresses_wrap_on_a_phone(built_site: Path) -> None:
    """At 390 px wide, the bibliography's longest URLs wrap inside the page instead of widening it."""
    from _browser import require
    from ict4d_build.browser import chromium, chromium_missing_reason, serve

    require(chromium_missing_reason())
    with serve(built_site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{base}/book/references.html")
        page.wait_for_selector(".citation-list a.reference.external")
        width = page.evaluate("() => document.documentElement.clientWidth")
        assert page.evaluate("() => document.documentElement.scrollWidth") == width
        beyond = page.evaluate(
            """width => [...document.querySelectorAll('.citation-list a.reference.external')]
                .filter(a => [...a.getClientRects()].some(r => r.right > width)).map(a => a.href)""",
            width,
        )
        assert beyond == [], beyond
