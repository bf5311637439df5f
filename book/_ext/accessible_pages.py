"""Fix what axe-core finds on the built pages that the themes and extensions get wrong.

The browser tests (tests/test_site_browser.py) inject axe-core into every page and fail on any
serious or critical violation. These are the fixes, each where the fault is made:

* the sidebar's section toggles are ``<summary>`` elements with only an icon in them, so a
  screen reader announces a nameless control; each gets the section's title as its name;
* Sphinx writes the citation list as ``role="list"`` around ``role="doc-biblioentry"``
  entries, a role ARIA has deprecated, which leaves the list without list items;
  the entries become ``role="listitem"``;
* ``accessible-pages.css``: link colour with enough contrast on admonition backgrounds
  (sphinx-book-theme's #176de8 is 3.9:1 on a note's title bar; WCAG AA asks 4.5:1), and the
  widget manager's grey accordion headers;
* ``accessible-widgets.js`` (widget pages only): a widget box that scrolls becomes focusable,
  so keyboard users can scroll it too.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

_SECTION_TOGGLE = re.compile(r"(<a [^>]*>(?P<title>(?:(?!</a>).)*)</a>\s*<details(?: [^>]*)?>\s*)<summary>", re.S)
_TAG = re.compile(r"<[^>]+>")


def label_section_toggles(toctree: str) -> str:
    def label(match: re.Match[str]) -> str:
        title = html.unescape(_TAG.sub("", match.group("title"))).strip()
        name = html.escape(f"Pages in {title}", quote=True)
        return f'{match.group(1)}<summary aria-label="{name}">'

    return _SECTION_TOGGLE.sub(label, toctree)


def fix_citation_roles(body: str) -> str:
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


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
        context["body"] = fix_citation_roles(context["body"])
    scripts = context.get("script_files") or []
    if any(str(getattr(script, "filename", "") or "").endswith("embed-amd.js") for script in scripts):
        app.add_js_file("accessible-widgets.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_css_file("accessible-pages.css")
    # After the themes (500) and widget_pages (600), which add what is fixed here.
    app.connect("html-page-context", fix_page, priority=700)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
