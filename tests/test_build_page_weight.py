"""The page-weight report's arithmetic (ict4d_build.page_weight), on made-up page loads: no browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from ict4d_build.browser import PageLoad, Resource, wire_size
from ict4d_build.page_weight import report

PAGE = ('<html><head><script src="{script}"></script>{async_script}</head><body>{body}'
        '<script src="_static/documentation_options.js"></script></body></html>')


def _site(tmp_path: Path) -> Path:
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "big.js").write_bytes(b"x" * 60_000)
    (tmp_path / "_static" / "small.js").write_bytes(b"x" * 2_000)
    pages = {"a.html": ("_static/small.js", "", "text"), "b.html": ("_static/small.js", "", "text"),
             "c.html": ("_static/big.js", "", "text"),
             "w.html": ("_static/small.js", '<script async src="_static/big.js"></script>',
                        '<div class="ict4d-static-widget">form</div>')}
    for name, (script, async_script, body) in pages.items():
        (tmp_path / name).write_text(PAGE.format(script=script, async_script=async_script, body=body), encoding="utf-8")
    return tmp_path


def _load(name: str, *wire: int) -> PageLoad:
    return PageLoad(name, [Resource(f"http://127.0.0.1/{name}/{index}", "document", size, size)
                           for index, size in enumerate(wire)])


def test_medians_heaviest_pages_and_blocking_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path)
    loads = {"a.html": _load("a", 100_000, 50_000), "b.html": _load("b", 200_000),
             "c.html": _load("c", 400_000, 20_000), "w.html": _load("w", 310_000)}
    figures = report(site, loads, resources=2)
    assert figures["text_median_bytes"] == 200_000  # of 150, 200 and 420 KB: widget pages apart
    assert (figures["text_heaviest_page"], figures["text_heaviest_bytes"]) == ("c.html", 420_000)
    assert (figures["widget_median_bytes"], figures["widget_heaviest_page"]) == (310_000, "w.html")
    # The async script does not block; the head's plain script on c.html does.
    assert figures["blocking_script_largest_bytes"] == 60_000
    pages = figures["pages"]
    assert isinstance(pages, dict)
    assert pages["w.html"]["widgets"] is True and pages["a.html"]["requests"] == 2
    printed = capsys.readouterr().out
    assert "text pages: 3   median 200.0 KB (budget 300)" in printed
    assert "heaviest 420.0 KB c.html (budget 500)" in printed


def test_text_is_counted_gzipped_and_fonts_as_they_are() -> None:
    text = b"the same words again " * 500
    assert wire_size(text, "text/html; charset=utf-8") < len(text) // 10
    assert wire_size(text, "font/woff2") == len(text)
    noise = bytes(range(256))
    assert wire_size(noise, "application/javascript") == len(noise)  # never more than the raw size
