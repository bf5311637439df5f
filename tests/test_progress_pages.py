"""book/_ext/progress_pages.py: the course's page list for the learner's progress, from the book itself.

The pure part (which pages count, what a chapter is) is tested on a made-up outline; the rest on the
built site (marker `book`): the progress page lists the pages in the navigation's own order, every
course page says how many pages count and carries the line under its title, and each page's count
of knowledge checks is the number of checks on it.

Set ICT4D_SITE=<built html folder> to test a book that is already built.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from _browser import ROOT
from ict4d_build.browser import html_pages


def _extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location("progress_pages", ROOT / "book" / "_ext" / "progress_pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


ext = _extension()


def _outline() -> object:
    return ext.Outline("welcome", [
        ext.Part("Foundations", False, [ext.Chapter("a", ["a"]), ext.Chapter("b", ["b", "b/1", "b/2"])]),
        ext.Part("Check your learning", False, [ext.Chapter("quiz", ["quiz"]),
                                                ext.Chapter(ext.PROGRESS_DOC, [ext.PROGRESS_DOC]),
                                                ext.Chapter(ext.CERTIFICATE_DOC, [ext.CERTIFICATE_DOC])]),
        ext.Part("Reference", True, [ext.Chapter("glossary", ["glossary"])]),
    ])


def test_counted_pages_are_the_welcome_page_and_the_required_parts_in_order() -> None:
    outline = _outline()
    assert outline.counted == ["welcome", "a", "b", "b/1", "b/2", "quiz"]
    assert "glossary" in outline.pages and ext.PROGRESS_DOC in outline.pages


def test_a_chapter_is_a_top_level_entry_with_its_pages_less_the_progress_pages() -> None:
    assert _outline().chapters == [["a"], ["b", "b/1", "b/2"], ["quiz"]]


def test_the_head_script_comes_before_any_use_of_storage_and_hides_nothing() -> None:
    assert "ict4d-js" in ext.HEAD_JS and "ict4dStorageInMemory" in ext.HEAD_JS
    assert "</script" not in ext.HEAD_JS


# --- the built site ---------------------------------------------------------------------------------

def _soup(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def _docs_in_navigation(site: Path) -> list[str]:
    """The pages of the sidebar's navigation, in its order, as document names."""
    soup = _soup(site, "book/welcome.html")
    base = "https://x/book/welcome.html"
    docs = ["book/welcome"]
    for link in soup.select("nav.bd-docs-nav a.reference.internal"):
        url = urljoin(base, str(link["href"])).split("#")[0]
        doc = url.removeprefix("https://x/").removesuffix(".html")
        if doc not in docs:
            docs.append(doc)
    return docs


def test_the_progress_page_lists_every_page_in_the_navigations_order(built_site: Path) -> None:
    listed = [str(item["data-doc"]) for item in _soup(built_site, "book/progress.html").select("li[data-doc]")]
    assert listed == _docs_in_navigation(built_site)
    assert len(listed) >= 40
    # Each link leads to the page it names.
    soup = _soup(built_site, "book/progress.html")
    for item in soup.select("li[data-doc]"):
        url = urljoin("https://x/book/progress.html", str(item.find("a")["href"]))
        assert url == f"https://x/{item['data-doc']}.html"


def test_every_course_page_knows_the_course_and_has_the_progress_line(built_site: Path) -> None:
    listed = {str(item["data-doc"]) for item in _soup(built_site, "book/progress.html").select("li[data-doc]")}
    counted = {str(item["data-doc"]) for item in _soup(built_site, "book/progress.html").select("li[data-doc]")
               if item.find("span", class_="ict4d-state", recursive=False)}
    assert "book/progress" not in counted and "book/certificate" not in counted and "book/glossary" not in counted
    seen = set()
    for relative in html_pages(built_site):
        if relative == "index.html":
            continue
        soup = _soup(built_site, relative)
        meta = soup.find("meta", attrs={"name": "ict4d-progress"})
        assert meta is not None, relative
        doc = str(meta["content"])
        assert int(meta["data-total"]) == len(counted), relative
        assert (meta.get("data-counted") == "1") == (doc in counted), relative
        lines = soup.select(".ict4d-progress-line")
        if doc in listed and doc not in ("book/progress", "book/certificate"):
            assert len(lines) == 1 and lines[0].find_previous_sibling().name == "h1", relative
            seen.add(doc)
        else:
            assert not lines, relative
        # The head's inline script comes before the theme's, which reads storage.
        head = str(soup.head)
        assert head.index("ict4dStorageInMemory") < head.index('localStorage.getItem("mode")'), relative
    assert seen == listed - {"book/progress", "book/certificate"}


def test_each_pages_count_of_checks_is_the_checks_on_it(built_site: Path) -> None:
    counts = {str(item["data-doc"]): int(item["data-checks"])
              for item in _soup(built_site, "book/progress.html").select("li[data-doc]")}
    for doc, count in counts.items():
        assert len(_soup(built_site, f"{doc}.html").select("form.kc-question")) == count, doc
    assert sum(counts.values()) >= 20


def test_the_certificate_counts_the_chapters_of_the_required_parts(built_site: Path) -> None:
    soup = _soup(built_site, "book/certificate.html")
    data = json.loads(soup.select_one("script.ict4d-course-data").string)
    assert data["course"] == "Multi-stakeholder partnerships for ICT4D"
    pages = [page for chapter in data["chapters"] for page in chapter]
    assert "book/lessons/trust" in pages and "book/glossary" not in pages and "book/progress" not in pages
    assert ["book/partnerships"] in data["chapters"]
    assert soup.select_one("#ict4d-certificate[hidden]") is not None
    assert soup.select_one(".ict4d-name-form[hidden]") is not None
