"""Page guides for the teaching pages: a reading time counted at build time, and "Practise it" links.

Two directives, placed by the page's author where the guide should appear:

``{reading-time}``
    Replaced by "*Reading time: about N minutes, plus Q questions to check your understanding.*".
    N is the number of words a reader meets on the built page (text, headings, lists, tables and
    printed outputs; not code, not hidden feedback) divided by the reading rate, rounded to the
    nearest minute. The default rate is 150 words a minute (``page_guides_words_per_minute``):
    a steady pace for an adult reading study material in a second language, well below the 200 to
    250 words a minute often quoted for reading in one's first language. Q is the number of
    knowledge-check questions on the page; their words are not in N. The option
    ``:words-per-minute: 200`` changes the rate for one page, and the flag ``:include-questions:``
    counts the questions and options (not their feedback) into N instead of naming Q, which is how
    the hand-written times of the "Running a partnership" pages were worked out.

``{practise-it}``
    A bullet list of links to the exercises and case studies that practise this page, read from
    ``book/_data/practice-links.yaml`` (which names, for each exercise and case, the pages it
    practises). The links are ordinary ``doc`` cross-references, so a page that is renamed or
    removed breaks the strict build instead of leaving a dead link. A page that uses the directive
    but is practised by nothing is an error too.

To give another page the same guides (for example a page of "Running a partnership"): replace its
hand-written reading-time line with the ``{reading-time}`` directive, and its hand-written "Practise
it" list with ``{practise-it}`` plus the page's entries in the data file.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from ruamel.yaml import YAML
from sphinx import addnodes
from sphinx.application import Sphinx

DATA_FILE = Path(__file__).resolve().parent.parent / "_data" / "practice-links.yaml"
WORDS_PER_MINUTE = 150
# What goes before each link: exercise titles already begin "Exercise N:", case titles do not.
KINDS = {"exercises": "", "case_studies": "Case study: "}

# Text under these nodes is not read as prose: raw HTML (counted separately for knowledge checks),
# code, comments, and Sphinx's own bookkeeping.
_SKIPPED = (nodes.raw, nodes.literal_block, nodes.comment, nodes.system_message, nodes.substitution_definition,
            nodes.target, nodes.Invisible)
_QUESTION = re.compile(r'<form class="kc-question"')
_FEEDBACK = re.compile(r'<div class="kc-feedback"[^>]*>.*?</div>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_FURNITURE = re.compile(r"Choose one answer\.|Choose all that apply\.|Check answer|Question \d+\.")


class reading_time(nodes.General, nodes.Element):
    """Where the reading time goes; filled in once the whole page is known."""


def count_words(tree: nodes.Node) -> int:
    """Words a reader sees in ``tree``: the text of every node outside code, raw HTML and markup."""
    total = 0
    for text in tree.findall(nodes.Text):
        parent = text.parent
        skipped = False
        while parent is not None:
            if isinstance(parent, (*_SKIPPED, reading_time)):
                skipped = True
                break
            parent = parent.parent
        if not skipped:
            total += len(text.astext().split())
    return total


def knowledge_checks(tree: nodes.Node) -> tuple[int, int]:
    """(questions, words of their prompts and options) in the page's knowledge-check HTML."""
    questions = words = 0
    for raw in tree.findall(nodes.raw):
        html = raw.astext()
        if 'class="kc-set"' not in html:
            continue
        questions += len(_QUESTION.findall(html))
        visible = _FURNITURE.sub(" ", unescape(_TAG.sub(" ", _FEEDBACK.sub(" ", html))))
        words += len(visible.split())
    return questions, words


def minutes(words: int, words_per_minute: int) -> int:
    """Whole minutes to read ``words``, rounded to the nearest minute, never less than one."""
    return max(1, int(words / words_per_minute + 0.5))


def reading_time_text(words: int, questions: int, words_per_minute: int) -> str:
    count = minutes(words, words_per_minute)
    text = f"Reading time: about {count} minute{'s' if count != 1 else ''}"
    if questions:
        text += f", plus {questions} question{'s' if questions != 1 else ''} to check your understanding"
    return text + "."


class ReadingTime(Directive):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"words-per-minute": directives.positive_int, "include-questions": directives.flag}

    def run(self) -> list[nodes.Node]:
        node = reading_time()
        node["words_per_minute"] = self.options.get("words-per-minute")
        node["include_questions"] = "include-questions" in self.options
        return [node]


def fill_reading_time(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(reading_time))
    if not placeholders:
        return
    words = count_words(doctree)
    questions, question_words = knowledge_checks(doctree)
    for node in placeholders:
        rate = node["words_per_minute"] or app.config.page_guides_words_per_minute
        if node["include_questions"]:
            text = reading_time_text(words + question_words, 0, rate)
        else:
            text = reading_time_text(words, questions, rate)
        paragraph = nodes.paragraph("", "", nodes.emphasis(text, text), classes=["reading-time"])
        node.replace_self(paragraph)


def load_practice_links(path: Path = DATA_FILE) -> dict[str, list[tuple[str, str]]]:
    """Teaching page -> [(kind, practice page)], exercises first, each in the data file's order."""
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise ValueError(f"{path}: expected a mapping with schema_version: 1")
    links: dict[str, list[tuple[str, str]]] = {}
    for kind in KINDS:
        section = data.get(kind)
        if not isinstance(section, dict):
            raise ValueError(f"{path}: '{kind}' must map each practice page to the pages it practises")
        for practice, pages in section.items():
            if not isinstance(pages, list) or not pages:
                raise ValueError(f"{path}: {kind}/{practice} must list at least one page")
            for page in pages:
                links.setdefault(str(page), []).append((kind, str(practice)))
    return links


class PractiseIt(Directive):
    has_content = False

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        env.note_dependency(str(DATA_FILE))
        try:
            links = load_practice_links().get(env.docname, [])
        except (OSError, ValueError) as error:
            raise self.error(f"practise-it: {error}") from None
        if not links:
            raise self.error(f"practise-it: {DATA_FILE.name} names no exercise or case study for {env.docname}")
        items = nodes.bullet_list(classes=["practise-it"])
        for kind, target in links:
            if target not in env.found_docs:
                raise self.error(f"practise-it: {DATA_FILE.name} names {target}, which is not a page of the book")
            reference = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{target}",
                                              refexplicit=False, refwarn=True, refdoc=env.docname)
            reference += nodes.inline("", "")
            paragraph = nodes.paragraph("", "", reference)
            if KINDS[kind]:
                paragraph.insert(0, nodes.Text(KINDS[kind]))
            items += nodes.list_item("", paragraph)
        return [items]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("page_guides_words_per_minute", WORDS_PER_MINUTE, "env")
    app.add_node(reading_time)
    app.add_directive("reading-time", ReadingTime)
    app.add_directive("practise-it", PractiseIt)
    app.connect("doctree-resolved", fill_reading_time)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
