"""The learner's progress, kept in the browser: the course's page list, taken from the book itself.

``_static/progress.js`` records in the browser's ``localStorage`` which pages were read, which
knowledge checks were answered and the course assessment's result; no server, no account. It
needs to know the course: which pages count and in what order, and how they group into chapters.
That comes from the table of contents at build time, never from a hand-kept list:

* every page gets ``<meta name="ict4d-progress">`` naming the page, whether it counts towards
  progress, how many pages count, and where the progress page is; course pages get an empty line
  under their title (``<p class="ict4d-progress-line">``) that the script fills with
  "Your progress: 12 of 41 pages · Continue where you left off". The style sheet hides it with
  JavaScript off; with it on, a small inline script (``HEAD_JS``) marks the page before it is drawn,
  so the line's space is kept from the first paint and nothing below it moves when it is filled;
* the directive ``course-progress`` (on ``book/progress.md``) writes every part, chapter and
  page in the book's order as a list of links, with each page's number of knowledge checks;
  with JavaScript off it is still the course's contents. ``course-progress summary`` is the
  place for the totals and "Continue where you left off", ``course-progress clear`` for the
  "Clear my progress" button;
* the directive ``course-certificate`` (on ``book/certificate.md``) writes the name form, the
  certificate and the chapter list (JSON) that the certificate counts as completed.

Which pages count: the welcome page and every page of the parts not named in
``progress_optional_parts`` (the technical part and the reference pages are there for those who
need them), less the progress and certificate pages themselves. A chapter is a top-level entry of
a part, with all the pages under it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

PROGRESS_DOC = "book/progress"
CERTIFICATE_DOC = "book/certificate"
OPTIONAL_PARTS = ("For trainers and technical users", "Reference")
# Inline, at the top of every page's head, before the theme's own inline script: it tells the style
# sheet that JavaScript runs, and where the browser refuses storage (site data blocked; localStorage
# missing or throwing) it puts an in-memory stand-in in its place, so that the theme's scripts (which
# keep the light/dark choice there and stop at the first error) still work. progress.js sees the flag
# and says that progress is not kept. About 500 bytes, no request.
HEAD_JS = (
    '(function(){document.documentElement.classList.add("ict4d-js");var s;'
    'try{s=window.localStorage;s.setItem("ict4d-probe","1");s.removeItem("ict4d-probe")}catch(e){s=null}'
    'if(s)return;var m={},k=function(){return Object.keys(m)};'
    'try{Object.defineProperty(window,"localStorage",{configurable:true,value:{'
    'getItem:function(x){return m.hasOwnProperty(x)?m[x]:null},setItem:function(x,v){m[x]=String(v)},'
    'removeItem:function(x){delete m[x]},clear:function(){m={}},key:function(i){return k()[i]||null},'
    'get length(){return k().length}}});window.ict4dStorageInMemory=true}catch(e){}})();'
)
LINE = '<p class="ict4d-progress-line"></p>'
KINDS = ("list", "summary", "clear")


@dataclass
class Chapter:
    doc: str
    pages: list[str]


@dataclass
class Part:
    caption: str
    optional: bool
    chapters: list[Chapter] = field(default_factory=list)


@dataclass
class Outline:
    root: str
    parts: list[Part]

    @property
    def counted(self) -> list[str]:
        """Pages that count towards progress, in the book's order."""
        pages = [self.root]
        for part in self.parts:
            if not part.optional:
                pages += [page for chapter in part.chapters for page in chapter.pages]
        return [page for page in pages if page not in (PROGRESS_DOC, CERTIFICATE_DOC)]

    @property
    def pages(self) -> set[str]:
        """Every page of the table of contents."""
        return {self.root} | {page for part in self.parts for chapter in part.chapters for page in chapter.pages}

    @property
    def chapters(self) -> list[list[str]]:
        """Each counted chapter's counted pages (a chapter is complete when all are read)."""
        counted = set(self.counted)
        found = [[page for page in chapter.pages if page in counted]
                 for part in self.parts if not part.optional for chapter in part.chapters]
        return [pages for pages in found if pages]


class progress_slot(nodes.General, nodes.Element):
    """Where a directive's HTML goes once every page's toctree is known."""


def _flatten(env: BuildEnvironment, doc: str, seen: set[str]) -> list[str]:
    pages = [doc]
    seen.add(doc)
    for child in env.toctree_includes.get(doc, []):
        if child not in seen:
            pages += _flatten(env, child, seen)
    return pages


def course_outline(env: BuildEnvironment, optional_parts: tuple[str, ...] | list[str] = OPTIONAL_PARTS) -> Outline:
    """The book's parts, chapters and pages in the table of contents' order."""
    root = env.config.root_doc
    parts: list[Part] = []
    seen: set[str] = {root}
    for toctree in env.get_doctree(root).findall(addnodes.toctree):
        caption = str(toctree.get("caption") or "")
        part = Part(caption, caption in optional_parts)
        for _title, ref in toctree["entries"]:
            if ref in env.all_docs and ref not in seen:
                part.chapters.append(Chapter(ref, _flatten(env, ref, seen)))
        parts.append(part)
    return Outline(root, parts)


def _title(env: BuildEnvironment, doc: str) -> str:
    title = env.titles.get(doc)
    return title.astext() if title is not None else doc


# --- knowledge checks per page -------------------------------------------------------------------

def count_checks(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    found = sum(node.astext().count('class="kc-question"') for node in doctree.findall(nodes.raw))
    store: dict[str, int] = env.__dict__.setdefault("ict4d_progress_checks", {})
    if found:
        store[env.docname] = found
    else:
        store.pop(env.docname, None)


def purge_checks(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.__dict__.setdefault("ict4d_progress_checks", {}).pop(docname, None)


def merge_checks(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    store = env.__dict__.setdefault("ict4d_progress_checks", {})
    store.update({doc: count for doc, count in other.__dict__.get("ict4d_progress_checks", {}).items()
                  if doc in docnames})


# --- the two directives ----------------------------------------------------------------------------

class CourseProgress(Directive):
    """The directive ``course-progress``, with one argument.

    ``list`` (the default): the course's pages with their state; ``summary``: the totals and the
    "continue" link; ``clear``: the clear button.
    """

    has_content = False
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0] if self.arguments else "list"
        if kind not in KINDS:
            raise self.error(f"course-progress takes one of {', '.join(KINDS)}, not {kind!r}")
        return [progress_slot(kind=kind)]


class CourseCertificate(Directive):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [progress_slot(kind="certificate")]


def progress_html(app: Sphinx, docname: str, outline: Outline) -> str:
    env = app.env
    checks: dict[str, int] = env.__dict__.get("ict4d_progress_checks", {})
    counted = set(outline.counted)

    def link(doc: str) -> str:
        uri = app.builder.get_relative_uri(docname, doc)
        state = '<span class="ict4d-state"></span>' if doc in counted else ""
        return (f'<li data-doc="{escape(doc)}" data-checks="{checks.get(doc, 0)}">'
                f'<a href="{escape(uri)}">{escape(_title(env, doc))}</a>{state}')

    out = ['<div class="ict4d-progress-page">',
           f'<h3 class="ict4d-part">Start</h3><ol class="ict4d-progress-list">{link(outline.root)}</li></ol>']
    for part in outline.parts:
        note = " (optional, not counted)" if part.optional else ""
        out.append(f'<h3 class="ict4d-part">{escape(part.caption)}{note}</h3><ol class="ict4d-progress-list">')
        for chapter in part.chapters:
            out.append(link(chapter.doc))
            if len(chapter.pages) > 1:
                out.append("<ol>" + "".join(link(page) + "</li>" for page in chapter.pages[1:]) + "</ol>")
            out.append("</li>")
        out.append("</ol>")
    out.append("</div>")
    return "".join(out)


SUMMARY_HTML = ('<p class="ict4d-progress-summary" role="status">Your browser shows your progress here when '
                'JavaScript is on.</p><p class="ict4d-continue-line" hidden>'
                '<a class="ict4d-continue" href="#">Continue where you left off</a></p>')
CLEAR_HTML = ('<p class="ict4d-clear-line" hidden><button type="button" class="ict4d-clear">Clear my progress</button> '
              '<span class="ict4d-clear-result" role="status"></span></p>')


def certificate_html(app: Sphinx, outline: Outline) -> str:
    data = {"course": app.config.html_title or app.config.project, "chapters": outline.chapters}
    # "</" cannot end the script element early: json.dumps escapes nothing of the kind by itself.
    payload = json.dumps(data, ensure_ascii=True).replace("</", "<\\/")
    return (
        '<div class="ict4d-certificate-app">'
        f'<script type="application/json" class="ict4d-course-data">{payload}</script>'
        '<form class="ict4d-name-form" hidden>'
        '<label for="ict4d-name">Your name, as it should appear on the certificate</label>'
        '<input id="ict4d-name" name="name" type="text" autocomplete="name" maxlength="80" required>'
        '<button type="submit">Show my certificate</button></form>'
        '<div class="ict4d-certificate" id="ict4d-certificate" hidden>'
        '<p class="ict4d-cert-kicker">Certificate of completion</p>'
        '<p>This records that</p><p class="ict4d-cert-name"></p>'
        '<p>passed the end-of-course assessment of the self-study course</p>'
        '<p class="ict4d-cert-course"></p>'
        '<dl class="ict4d-cert-facts"><dt>Date</dt><dd class="ict4d-cert-date"></dd>'
        '<dt>Assessment score</dt><dd class="ict4d-cert-score"></dd>'
        '<dt>Chapters completed</dt><dd class="ict4d-cert-chapters"></dd></dl>'
        '<p class="ict4d-cert-note">This certificate records a self-assessed result, kept only in the '
        'learner\'s own browser. It is not an accredited qualification and no examiner has checked it.</p>'
        '</div>'
        '<p class="ict4d-print-line" hidden><button type="button" class="ict4d-print">Print or save as PDF</button></p>'
        '</div>')


def resolve_progress_slots(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(progress_slot))
    if not found:
        return
    outline = course_outline(app.env, app.config.progress_optional_parts)
    for node in found:
        if app.builder.format != "html":
            node.replace_self([])
            continue
        kind = node["kind"]
        if kind == "list":
            text = progress_html(app, docname, outline)
        elif kind in ("summary", "clear"):
            text = SUMMARY_HTML if kind == "summary" else CLEAR_HTML
        else:
            text = certificate_html(app, outline)
        node.replace_self(nodes.raw("", text, format="html"))


# --- every page: the meta tag and the line under the title -----------------------------------------

def always_read(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Read the progress and certificate pages again on every build.

    They list other pages: an incremental build must not keep a page list, or a count of checks,
    from before a change elsewhere.
    """
    return [doc for doc in (PROGRESS_DOC, CERTIFICATE_DOC) if doc in env.found_docs]


def check_parts(app: Sphinx, env: BuildEnvironment) -> None:
    """A part named in progress_optional_parts that the book does not have is a typo: say so."""
    if app.builder.format != "html" or env.config.root_doc not in env.all_docs:
        return
    captions = {part.caption for part in course_outline(env).parts}
    for caption in app.config.progress_optional_parts:
        if caption not in captions:
            logger.warning("progress_optional_parts names %r, which is no part of the table of contents", caption)


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html":
        return
    env = app.env
    outline: Outline | None = getattr(app, "ict4d_progress_outline", None)
    if outline is None:
        outline = course_outline(env, app.config.progress_optional_parts)
        app.ict4d_progress_outline = outline  # type: ignore[attr-defined]
    counted = outline.counted
    attributes = {
        "content": pagename,
        "data-title": _title(env, pagename),
        "data-uri": app.builder.get_target_uri(pagename),
        "data-total": str(len(counted)),
        "data-progress": app.builder.get_relative_uri(pagename, PROGRESS_DOC),
    }
    if pagename in counted:
        attributes["data-counted"] = "1"
    if pagename == outline.root:
        attributes["data-start"] = "1"
    if pagename in outline.pages and pagename not in (PROGRESS_DOC, CERTIFICATE_DOC):
        attributes["data-course"] = "1"
        body = context.get("body")
        if isinstance(body, str) and "</h1>" in body:
            context["body"] = body.replace("</h1>", "</h1>" + LINE, 1)
    tag = "<meta name=\"ict4d-progress\" " + " ".join(f'{key}="{escape(value)}"' for key, value in attributes.items()) + ">"
    context["metatags"] = context.get("metatags", "") + "\n    " + tag + "\n    <script>" + HEAD_JS + "</script>"


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("progress_optional_parts", list(OPTIONAL_PARTS), "env")
    app.add_node(progress_slot)
    app.add_directive("course-progress", CourseProgress)
    app.add_directive("course-certificate", CourseCertificate)
    app.connect("doctree-read", count_checks)
    app.connect("env-purge-doc", purge_checks)
    app.connect("env-merge-info", merge_checks)
    app.connect("env-get-outdated", always_read)
    app.connect("env-check-consistency", check_parts)
    app.connect("doctree-resolved", resolve_progress_slots)
    app.connect("html-page-context", page_context)
    app.add_js_file("progress.js", loading_method="defer")
    app.add_css_file("progress.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
