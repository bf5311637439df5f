"""Binder and JupyterHub launch buttons only for the course's own repository.

Jupyter Book 1 fills ``repository.url`` with its own default,
``https://github.com/executablebooks/jupyter-book``, when ``_config.yml`` sets none. With a
BinderHub configured, sphinx-book-theme then puts a "Launch on Binder" button on every executable
page that starts *Jupyter Book's* repository on mybinder.org. This extension drops the launch
menu from every page while the repository is that default (or missing), so the buttons appear
only once ``repository.url`` names the course's repository, as the README says.

The launch configuration itself is left alone: sphinx-book-theme copies each page's notebook
for the download menu only when some launch provider is configured, and that download is wanted
either way.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
LAUNCH_GROUP = "launch-buttons"


def _jupyter_book_default() -> str | None:
    """The repository URL Jupyter Book puts in when the book's config names none."""
    try:
        from jupyter_book.config import PATH_YAML_DEFAULT
    except ImportError:  # built by plain Sphinx: nothing fills the URL in
        return None
    from ruamel.yaml import YAML

    defaults = YAML(typ="safe").load(PATH_YAML_DEFAULT.read_text(encoding="utf-8"))
    return str((defaults.get("repository") or {}).get("url") or "") or None


def repository_is_set(repository_url: str | None, placeholder: str | None) -> bool:
    """Whether `repository_url` names a real repository rather than nothing or Jupyter Book's own."""
    url = (repository_url or "").strip().rstrip("/").removesuffix(".git")
    return bool(url) and url != (placeholder or "").rstrip("/")


def _check_config(app: Sphinx) -> None:
    options = app.config.html_theme_options or {}
    placeholder = _jupyter_book_default()
    app.ict4d_launch_buttons = repository_is_set(options.get("repository_url"), placeholder)  # type: ignore[attr-defined]
    launch = options.get("launch_buttons") or {}
    if not app.ict4d_launch_buttons and launch.get("jupyterhub_url"):  # type: ignore[attr-defined]
        LOGGER.warning("launch_buttons.jupyterhub_url is set but repository.url is not: the launch buttons stay "
                       "hidden until repository.url names the course's repository (_config.yml)")


def drop_launch_buttons(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if getattr(app, "ict4d_launch_buttons", True):
        return
    buttons = context.get("header_buttons")
    if isinstance(buttons, list):
        buttons[:] = [button for button in buttons if button.get("label") != LAUNCH_GROUP]


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _check_config)
    # After sphinx-book-theme adds the launch menu (501), before the page is rendered.
    app.connect("html-page-context", drop_launch_buttons, priority=550)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
