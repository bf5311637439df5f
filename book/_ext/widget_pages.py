"""Render notebook widgets on static pages from vendored files, only on pages that have them.

myst-nb embeds each executed notebook's widget state in its page; a widget manager then
draws the widgets in the browser. By default it loads that manager from public CDNs, which
fails with no network, so `_config.yml` turns that off (`nb_ipywidgets_js: {}`) and this
extension adds the copies in `_static/vendor/` instead. The manager is about 1 MB gzipped,
so text pages never load it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from myst_nb.sphinx_ext import NbMetadataCollector
from sphinx.application import Sphinx

VENDOR_SCRIPTS = ("vendor/require.js", "vendor/embed-amd.js")


def page_has_widgets(app: Sphinx, pagename: str) -> bool:
    files = NbMetadataCollector.get_js_files(app.env, pagename)  # type: ignore[arg-type]
    return "ipywidgets_state" in files


# The bundle's style sheet asks for its icon fonts relative to the page, not to itself.
FONT_FOLDERS = ("@jupyter-widgets/html-manager/dist", "@jupyter-widgets")
_WIDGET_FOLDERS = "ict4d_widget_folders"


def add_widget_manager(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: Any) -> None:
    if app.builder.format != "html" or not page_has_widgets(app, pagename):
        return
    for script in VENDOR_SCRIPTS:
        app.add_js_file(script, priority=900)
    folders: set[str] = getattr(app, _WIDGET_FOLDERS, set())
    folders.add(str(Path(pagename).parent))
    setattr(app, _WIDGET_FOLDERS, folders)


def copy_fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    fonts = sorted((Path(app.srcdir) / "book" / "_static" / "vendor").glob("*.woff2"))
    for folder in getattr(app, _WIDGET_FOLDERS, set()):
        for relative in FONT_FOLDERS:
            target = Path(app.outdir) / folder / relative
            target.mkdir(parents=True, exist_ok=True)
            for font in fonts:
                shutil.copy2(font, target / font.name)


def setup(app: Sphinx) -> dict[str, object]:
    # After myst-nb's own per-page hook (priority 500), so the state script comes first.
    app.connect("html-page-context", add_widget_manager, priority=600)
    app.connect("build-finished", copy_fonts)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
