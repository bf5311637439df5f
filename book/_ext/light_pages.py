"""Keep the course's pages light for slow connections (issue "Light pages").

A default Jupyter Book 1 text page costs about 1.3 MB gzipped on a first visit. Most of it is
never used by our pages, so this extension takes it off:

* the theme's icon script (``fontawesome.js``, about 540 KB gzipped) goes: the theme's style
  sheet already draws the same icons from the Font Awesome web font, and ``light-icons.css``
  points that font at a subset holding only the icons the theme uses (a few KB instead of
  156 KB; the full font stays as a fallback and is only fetched if a page shows another icon).
  The script is removed by ``book/_templates/static/webpack-macros.html``;
* the theme's style sheet loses the rules of the ~1,900 icons no page or script names (20 KB
  gzipped), and basic.css is linked directly instead of through theme.css's @import;
* the search index and search scripts load only on the search page (search-as-you-type is
  off, so the search box on other pages just opens the search page), by
  ``book/_templates/layout.html``;
* Thebe (live code through Binder) is not offered, so its scripts go from every page; its
  duplicated configuration script also raised a console error on every page;
* every other extension's script or style sheet is kept only on pages that use it: the copy
  button and code colours where there is code, toggle buttons where something can be folded
  (``:class: dropdown`` solutions, toggled admonitions), sphinx-design, notebook-cell styles,
  exercise styles, and the knowledge checks.

It also gives every page a tiny inline icon, and the site a /favicon.ico, so no first visit
asks for a file that is not there (a 404 is a console error in the browser tests).

Navigation, search, the knowledge checks, dropdowns, the download menu and dark mode all stay.
``python -m ict4d_build.page_weight`` measures the result (``make bench``).
"""

from __future__ import annotations

import base64
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

TEMPLATES = Path(__file__).resolve().parent.parent / "_templates"
ICONS_CSS = "light-icons.css"


def _icon_png(size: int = 16, colour: tuple[int, int, int] = (0x1A, 0x5F, 0xC8)) -> bytes:
    """A plain square in the course's link colour, as a PNG of about 80 bytes."""
    row = b"\x00" + bytes(colour) * size

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size, 9))
            + chunk(b"IEND", b""))


ICON_PNG = _icon_png()
# The same icon inline in every page (no request), and as /favicon.ico for pages that name none
# (Jupyter Book's index.html redirect): browsers ask for that file, and a 404 is a console error.
ICON_LINK = f'<link rel="icon" href="data:image/png;base64,{base64.b64encode(ICON_PNG).decode()}" />'
ICON_ICO = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(ICON_PNG), 22) + ICON_PNG


def _has_class(*names: str) -> Callable[[str], bool]:
    pattern = re.compile(r'class="[^"]*(?<![\w-])(?:' + "|".join(map(re.escape, names)) + r')(?![\w-])')
    return lambda body: pattern.search(body) is not None


def _contains(*needles: str) -> Callable[[str], bool]:
    return lambda body: any(needle in body for needle in needles)


_code = _has_class("highlight")
_foldable = _has_class("toggle", "dropdown")
_design = _contains('class="sd-', " sd-")
_tabs = _has_class("sd-tab-set")
_cells = _has_class("cell", "cell_output", "output")
_exercises = _has_class("exercise", "solution")
# Pages with knowledge checks hold a `kc-set` (the markup contract: book/_ext/knowledge_checks.py).
_knowledge = _has_class("kc-set")

# File names (as added by each extension) and the page content that needs them.
NEEDED_BY: dict[str, Callable[[str], bool]] = {
    "clipboard.min.js": _code,
    "copybutton.js": _code,
    "copybutton.css": _code,
    "pygments.css": _code,
    "togglebutton.js": _foldable,
    "togglebutton.css": _foldable,
    "design-tabs.js": _tabs,
    "sphinx-design.min.css": _design,
    "exercise.css": _exercises,
    "knowledge-checks.js": _knowledge,
    "knowledge-checks.css": _knowledge,
}
_PREFIX_NEEDED_BY: dict[str, Callable[[str], bool]] = {"mystnb.": _cells}
# Inline scripts that only configure a dropped file.
_INLINE_NEEDED_BY: dict[str, Callable[[str], bool]] = {
    "toggleHint": _foldable,
    "toggleOpenOnPrint": _foldable,
    "togglebuttonSelector": _foldable,
}
THEBE = ("sphinx-thebe.js", "sphinx-thebe.css", "THEBE_JS_URL")
# Scripts that only act once the page is parsed (they wait for DOMContentLoaded, which deferred
# scripts still precede): loaded with `defer`, they stop holding up the first paint on a slow link.
DEFERRABLE = ("clipboard.min.js", "copybutton.js", "togglebutton.js")


def _thebe_wanted(app: Sphinx) -> bool:
    options = app.config.html_theme_options or {}
    launch = options.get("launch_buttons") or {}
    return bool(launch.get("thebe"))


def _name(asset: Any) -> str:
    filename = getattr(asset, "filename", None) or ""
    return str(filename).rsplit("/", 1)[-1]


def _keep(asset: Any, body: str, thebe: bool) -> bool:
    name = _name(asset)
    inline = "" if name else str(getattr(asset, "attributes", {}).get("body", ""))
    if not thebe and (name in THEBE or any(marker in inline for marker in THEBE)):
        return False
    if name in NEEDED_BY:
        return NEEDED_BY[name](body)
    for prefix, needed in _PREFIX_NEEDED_BY.items():
        if name.startswith(prefix):
            return needed(body)
    for marker, needed in _INLINE_NEEDED_BY.items():
        if marker in inline:
            return needed(body)
    return True


def _deferred(asset: Any) -> Any:
    """The same script asset with `defer` (Sphinx's assets are immutable, so a new one)."""
    if "defer" in asset.attributes:
        return asset
    return type(asset)(asset.filename, priority=asset.priority, **{**asset.attributes, "defer": "defer"})


def lighten_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html":
        return
    body = context.get("body", "") or ""
    thebe = _thebe_wanted(app)
    seen: set[str] = set()
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not isinstance(assets, list):
            continue
        kept = []
        for asset in assets:
            inline = str(getattr(asset, "attributes", {}).get("body", "")) if not _name(asset) else ""
            # The same configuration script is added twice by some extensions: once is enough.
            identity = _name(asset) or inline
            if identity in seen or not _keep(asset, body, thebe):
                continue
            seen.add(identity)
            kept.append(_deferred(asset) if _name(asset) in DEFERRABLE else asset)
        # In place: the builder restores its own list before the next page.
        assets[:] = kept
    if not app.config.html_favicon:
        context["metatags"] = context.get("metatags", "") + "\n    " + ICON_LINK


def write_favicon(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html" and not app.config.html_favicon:
        target = Path(app.outdir) / "favicon.ico"
        if not target.exists():
            target.write_bytes(ICON_ICO)


# Font Awesome's style sheet, inside the theme's: one rule per icon (about 1,900 of them, 20 KB
# gzipped) though the pages show a few dozen. Only whole rules that start after another rule's
# `}` and hold nothing but `.fa-NAME:before` selectors are candidates.
_ICON_RULE = re.compile(r'(?<=\})\.fa-[a-z0-9-]+:(?:before|after)(?:,\.fa-[a-z0-9-]+:(?:before|after))*\{content:"[^"{}]*"\}')
_ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
THEME_CSS = ("styles", "pydata-sphinx-theme.css")


def slim_theme_css(app: Sphinx, exception: Exception | None) -> None:
    """Drop the icon rules of icons that no page, and no script, of this site names."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    css_path = outdir.joinpath("_static", *THEME_CSS)
    if not css_path.exists():
        return
    used: set[str] = set()
    for path in outdir.rglob("*"):
        # The vendored widget manager brings its own icon font and rules (Font Awesome 4).
        if path.suffix not in (".html", ".js") or path.name == "fontawesome.js" or "vendor" in path.parts:
            continue
        if path.is_file():
            used |= set(_ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))

    def keep(match: re.Match[str]) -> str:
        names = {name.lstrip(".") for name in re.findall(r"\.fa-[a-z0-9-]+", match.group(0))}
        return match.group(0) if names & used else ""

    css = css_path.read_text(encoding="utf-8")
    css_path.write_text(_ICON_RULE.sub(keep, css), encoding="utf-8")


def add_templates(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", add_templates)
    app.add_css_file(ICONS_CSS)
    # After every extension that adds files per page (myst-nb 500, widget_pages 600).
    app.connect("html-page-context", lighten_page, priority=800)
    app.connect("build-finished", write_favicon)
    app.connect("build-finished", slim_theme_css)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
