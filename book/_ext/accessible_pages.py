"""Fix what axe-core finds on the built pages that the themes and extensions get wrong.

The browser tests (tests/test_site_browser.py) inject axe-core into every page and fail on any
serious or critical violation. These are the fixes, each where the fault is made:

* the sidebar's section toggles are ``<summary>`` elements with only an icon in them, so a
  screen reader announces a nameless control; each gets the section's title as its name;
* Sphinx writes the citation list as ``role="list"`` around ``role="doc-biblioentry"``
  entries, a role ARIA has deprecated, which leaves the list without list items;
  the entries become ``role="listitem"``;
* tables of three or more columns (the rubric's have six) cannot be read on a phone: in a scroll
  box they show a column and a half, words cut at its edge. Each data cell gets its column's
  heading as ``data-label``, and ``accessible-pages.css`` stacks such a table on narrow screens,
  one block per row, each cell under its heading (WCAG 1.4.10, reflow);
* on a phone the navigation and page-contents panels are modal dialogs that stayed open over the
  page after a link in them was followed; they now close (``CLOSE_PANELS_ON_LINK``, inline);
* ``accessible-pages.css``: link colour with enough contrast on admonition backgrounds
  (sphinx-book-theme's #176de8 is 3.9:1 on a note's title bar; WCAG AA asks 4.5:1), and the
  frozen widgets' accordion headers.

(A widget box that scrolls is made focusable where the widgets are drawn, in ``widget_pages``.)
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

from ict4d_training.render.markup import html

_SECTION_TOGGLE = re.compile(r"(<a [^>]*>(?P<title>(?:(?!</a>).)*)</a>\s*<details(?: [^>]*)?>\s*)<summary>", re.S)
_TAG = re.compile(r"<[^>]+>")


def label_section_toggles(toctree: str) -> str:
    def label(match: re.Match[str]) -> str:
        title = unescape(_TAG.sub("", match.group("title"))).strip()
        return html('{}<summary aria-label="Pages in {}">', Markup(match.group(1)), title)

    return _SECTION_TOGGLE.sub(label, toctree)


def fix_citation_roles(body: str) -> str:
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


_TABLE = re.compile(r'(<div class="pst-scrollable-table-container"><table class=")([^"]*)(">)(.*?)(</table>)', re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_HEADING = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"<td(?=[\s>])")
STACK_CLASS = "ict4d-stack"
STACK_FROM_COLUMNS = 3


def label_table_cells(body: str) -> str:
    """Give the cells of each wide table their column's heading, for the stacked phone layout.

    Only plain tables: one heading row and no merged cells, so heading and cell line up by
    position. Others keep scrolling in their box.
    """

    def label(match: re.Match[str]) -> str:
        start, classes, open_end, content, end = match.groups()
        head = _HEAD.search(content)
        if head is None or "colspan" in content or "rowspan" in content or "<table" in content:
            return match.group(0)
        headings = [" ".join(unescape(_TAG.sub("", cell)).split()) for cell in _HEADING.findall(head.group(1))]
        if len(headings) < STACK_FROM_COLUMNS or len(_ROW.findall(head.group(1))) != 1:
            return match.group(0)

        def label_row(row: re.Match[str]) -> str:
            cells = iter(headings)
            return _CELL.sub(lambda _: html('<td data-label="{}"', next(cells, "")), row.group(0))

        body_rows = content[head.end():]
        if any(len(_CELL.findall(row)) != len(headings) for row in _ROW.findall(body_rows)):
            return match.group(0)
        labelled = content[:head.end()] + _ROW.sub(label_row, body_rows)
        return f"{start}{classes} {STACK_CLASS}{open_end}{labelled}{end}"

    return _TABLE.sub(label, body)


# Delegated from the document, so it needs no element to exist yet and costs no request.
CLOSE_PANELS_ON_LINK = """document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest("dialog[open] a[href]");
  if (link) { link.closest("dialog").close(); }
});"""


def _wrap_toctree(function: Any) -> Any:
    def labelled(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        fixed = label_section_toggles(str(result))
        return Markup(fixed) if isinstance(result, Markup) else fixed

    labelled.ict4d_labelled = True  # type: ignore[attr-defined]
    return labelled


def fix_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html":
        return
    toctree = context.get("generate_toctree_html")
    if callable(toctree) and not getattr(toctree, "ict4d_labelled", False):
        context["generate_toctree_html"] = _wrap_toctree(toctree)
    if isinstance(context.get("body"), str):
        context["body"] = label_table_cells(fix_citation_roles(context["body"]))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_css_file("accessible-pages.css")
    app.add_js_file(None, body=CLOSE_PANELS_ON_LINK)
    # After the themes (500) and widget_pages (600), which add what is fixed here.
    app.connect("html-page-context", fix_page, priority=700)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
