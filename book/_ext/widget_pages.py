"""Show notebook widgets on static pages as plain HTML drawn at build time, with no script.

myst-nb embeds each executed notebook's widget state in its page and leaves one
`<script type="application/vnd.jupyter.widget-view+json">` per displayed widget, for a
widget manager to draw in the browser. That manager (4.3 MB, plus require.js) blocked the
first paint of every exercise page for half a minute on a phone, to draw widgets that cannot
react anyway: no kernel runs behind a book page. So this extension draws them once, here:

* each view script becomes the HTML of its widget (`static_widgets.py`), read-only;
* the page's widget state (up to 1 MB of JSON) is left out of the page;
* `static-widgets.css` (a few KB) is linked on those pages only.

A widget model with no static drawing is a build warning naming the page (an error in the
strict build). To use the widgets, a reader follows the page's "Run this exercise in your
browser" link (JupyterLite) or downloads the notebook, which keeps its widget state.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from myst_nb.sphinx_ext import NbMetadataCollector
from sphinx.application import Sphinx
from sphinx.util import logging
from static_widgets import ROOT_CLASS, STATE_MIME, VIEW_MIME, StaticWidgets, WidgetRenderError, view_model_id

logger = logging.getLogger(__name__)
STYLE_SHEET = "static-widgets.css"
_STATE_KEY = "ipywidgets_state"


def widget_state(app: Sphinx, docname: str) -> dict[str, Any] | None:
    """The widget state myst-nb saved for a page, or None for a page without widgets."""
    files = NbMetadataCollector.get_js_files(app.env, docname)  # type: ignore[arg-type]
    entry = files.get(_STATE_KEY)
    if entry is None:
        return None
    _uri, attributes = entry
    state = json.loads(attributes["body"])
    return state if isinstance(state, dict) else None


def draw_widgets(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    views = [node for node in doctree.findall(nodes.raw)
             if "html" in node.get("format", "").split() and VIEW_MIME in node.astext()]
    if not views:
        return
    state = widget_state(app, docname)
    if state is None:
        logger.warning("the page shows widgets but its notebook saved no widget state", location=views[0])
        return
    drawer = StaticWidgets(state, id_prefix="ict4d-w")
    for node in views:
        model_id = view_model_id(node.astext())
        if model_id is None:
            logger.warning("a widget view names no model", location=node)
            continue
        try:
            html = drawer.render(model_id)
        except WidgetRenderError as error:
            logger.warning(str(error), location=node)
            continue
        node.replace_self(nodes.raw("", html, format="html"))


def page_setup(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Drop the widget state script myst-nb added to the page; link the style sheet where widgets are."""
    if app.builder.format != "html":
        return
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        # In place: the builder restores its own list before the next page.
        scripts[:] = [script for script in scripts
                      if getattr(script, "attributes", {}).get("type") != STATE_MIME]
    if ROOT_CLASS in (context.get("body") or ""):
        app.add_css_file(STYLE_SHEET)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-resolved", draw_widgets)
    # After myst-nb's own per-page hook (priority 500), which adds the state script.
    app.connect("html-page-context", page_setup, priority=600)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
