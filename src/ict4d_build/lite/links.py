"""Offer each exercise page's notebook in JupyterLite, by a plain link.

`python -m ict4d_build.lite` (run by `make book` after the Jupyter Book build) puts a JupyterLite
site in `_build/html/lite/`, where Python runs in the reader's browser (Pyodide) with nothing
to install and no server. Each exercise page (`exercises/0*`) and the health-check form get a
tip at their top that links to their notebook there; the JupyterLite build reads the same list
(`is_lite_page`). The page itself loads nothing from JupyterLite: the 40 MB app and Python are fetched
only by a reader who follows the link.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import PurePosixPath
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx

# The pages whose notebooks the JupyterLite site holds (fnmatch patterns of docnames).
LITE_PAGES = ("exercises/0*", "exercises/health-check")
LITE_FOLDER = "lite"
LINK_TEXT = "Run this exercise in your browser"
EXPLANATION = (
    ": the exercise opens as a notebook in JupyterLite, where Python runs inside your browser, with nothing to "
    "install and no account. Choose Run \N{RIGHTWARDS ARROW} Run All Cells to make the widgets live. The first "
    "start downloads about 16 MB (Python and the course's code), so start it when your connection is free; your "
    "browser keeps them, so later starts download almost nothing. Your drafts are kept in this browser's storage, "
    "so they are still there when you come back; the download link saves a copy as a file. Nothing you type "
    "leaves your computer."
)


def is_lite_page(docname: str) -> bool:
    return any(fnmatch(docname, pattern) for pattern in LITE_PAGES)


def lite_url(docname: str) -> str:
    """The notebook's address in the JupyterLite site, relative to the page's own folder."""
    page = PurePosixPath(docname)
    up = "../" * (len(page.parts) - 1)
    return f"{up}{LITE_FOLDER}/notebooks/index.html?path={quote(page.name + '.ipynb')}"


def add_lite_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or not is_lite_page(docname):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    paragraph = nodes.paragraph()
    paragraph += nodes.reference("", LINK_TEXT, refuri=lite_url(docname), classes=["lite-launch-link"])
    paragraph += nodes.Text(EXPLANATION)
    tip = nodes.tip("", paragraph, classes=["lite-launch"])
    titles = [index for index, child in enumerate(section.children) if isinstance(child, nodes.title)]
    section.insert(titles[0] + 1 if titles else 0, tip)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-resolved", add_lite_link)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
