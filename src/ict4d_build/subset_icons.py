"""Make the small icon font that book pages use instead of the theme's full Font Awesome font.

Run by hand after upgrading pydata-sphinx-theme or sphinx-book-theme (the build itself does
not need fontTools):

    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools brotli -e .
    /tmp/ft/bin/python -m ict4d_build.subset_icons .venv/lib/python3.11/site-packages

It keeps every solid icon the two themes can show: the `--pst-icon-*` glyphs their style sheets
use (admonitions, external links, downloads) and every `fa-*` icon class named in their
templates and Python code (navigation, search, theme switch, download and launch menus).
It writes book/_static/light-icons/fa-solid-900-subset.woff2 and book/_static/light-icons.css,
whose @font-face (same family and weight as the theme's, with a unicode-range) makes browsers
fetch the subset for those glyphs; any other icon still comes from the theme's full font.
Font Awesome Free fonts are under the SIL Open Font License 1.1, which allows subsetting.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from ict4d_build.source_tree import ROOT
from ict4d_training.files.writing import replacing, write_atomically

OUT_FONT = ROOT / "book" / "_static" / "light-icons" / "fa-solid-900-subset.woff2"
OUT_CSS = ROOT / "book" / "_static" / "light-icons.css"
# Icons our own pages may name beyond the themes' (none yet; add fa-* names here).
EXTRA_ICONS: list[str] = []


def _code(match: tuple[str, str]) -> int:
    escaped, literal = match
    return int(escaped, 16) if escaped else ord(literal)


def main(site_packages: Path) -> None:
    pydata = site_packages / "pydata_sphinx_theme"
    book = site_packages / "sphinx_book_theme"
    css_files = [pydata / "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css",
                 book / "theme/sphinx_book_theme/static/styles/sphinx-book-theme.css"]
    css = "\n".join(path.read_text(encoding="utf-8") for path in css_files)
    # The glyph is written either as an escape ("\f05a") or as the character itself.
    glyph = r'"(?:\\([0-9a-f]{4})|([\ue000-\uf8ff]))"'
    codepoints = {_code(match) for match in re.findall(r"--pst-icon-[\w-]+:\s*" + glyph, css)}
    # Rules of the themes' own (not Font Awesome's `.fa-*` classes) that draw a glyph directly.
    for selector, declarations in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        if not selector.strip().startswith((".fa-", ",.fa-")):
            codepoints |= {_code(match) for match in re.findall(r"content:\s*" + glyph, declarations)}
    names = set(EXTRA_ICONS)
    for folder in (pydata, book):
        for path in folder.rglob("*"):
            if path.suffix in (".html", ".py"):
                names |= set(re.findall(r"\bfa-[a-z0-9-]+", path.read_text(encoding="utf-8")))
    for name in sorted(names):
        # `.fa-bars:before,.fa-navicon:before{content:"\f0c9"}` (Font Awesome 6 in the theme CSS)
        match = re.search(r"\." + re.escape(name) + r':before[^{]*\{content:"\\([0-9a-f]{4})"', css)
        if match:
            codepoints.add(int(match.group(1), 16))
    font_path = pydata / "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts/fa-solid-900.woff2"
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(font_path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    kept = sorted(set(font.getBestCmap()))
    OUT_FONT.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    with replacing(OUT_FONT) as temporary:
        font.save(temporary)
    ranges = ",".join(f"U+{code:04X}" for code in kept)
    write_atomically(
        OUT_CSS,
        "/* Made by python -m ict4d_build.subset_icons: the solid Font Awesome icons the theme uses, in a few KB.\n"
        "   Same family and weight as the theme's full font; for these code points browsers fetch\n"
        "   this subset, for any other icon the theme's full font. Font Awesome Free, SIL OFL 1.1. */\n"
        "@font-face {\n"
        '  font-family: "Font Awesome 6 Free";\n'
        "  font-style: normal;\n"
        "  font-weight: 900;\n"
        "  font-display: block;\n"
        '  src: url("light-icons/fa-solid-900-subset.woff2") format("woff2");\n'
        f"  unicode-range: {ranges};\n"
        "}\n",
    )
    print(f"{len(kept)} icons, {OUT_FONT.stat().st_size} bytes: {OUT_FONT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else next((ROOT / ".venv" / "lib").glob("python3*/site-packages")))
