"""Find the course book that a command-line report's "Learn more" links should lead to.

In order: the address given with `--base-url`; the published address in the book's
`_config.yml` (`html.baseurl`, the Jupyter Book key for where the book is hosted); the book
built on this computer (`_build/html`, as a file:// address) when the package runs from the
course repository; else nothing, and the report names each page as text instead.
"""

from __future__ import annotations

from pathlib import Path

from ict4d_training.core.documents import parse_tree
from ict4d_training.core.errors import InputError
from ict4d_training.files.reading import read_source_text

BASE_URL_HELP = ("Where the course book is published, for the reports' learn-more links. Default: html.baseurl in "
                 "the course's _config.yml, else the book built on this computer (_build/html).")


def repository_root() -> Path | None:
    """The course repository the package runs from (an editable install), or None."""
    root = Path(__file__).resolve().parent.parent.parent
    return root if (root / "_config.yml").is_file() and (root / "_toc.yml").is_file() else None


def book_base_url(explicit: str = "", root: Path | None = None) -> str:
    """The start of every learn-more link, ending in '/'; '' when no book can be found."""
    if explicit:
        return explicit if explicit.endswith("/") else explicit + "/"
    if root is None:
        return ""
    published = configured_base_url(root / "_config.yml")
    if published:
        return published if published.endswith("/") else published + "/"
    built = root / "_build" / "html"
    if (built / "index.html").is_file():
        return built.resolve().as_uri() + "/"
    return ""


def configured_base_url(config: Path) -> str:
    """`html.baseurl` from a Jupyter Book `_config.yml`; '' when unset or unreadable."""
    try:
        data, _lines = parse_tree(*read_source_text(config))
    except InputError:
        # A broken _config.yml stops the book build with its own error; a report can still be made.
        return ""
    html = data.get("html") if isinstance(data, dict) else None
    value = html.get("baseurl") if isinstance(html, dict) else None
    return value.strip() if isinstance(value, str) else ""
