"""The SCORM 1.2 package (`python -m ict4d_build.scorm`): its manifest, and what an LMS records.

The book is built once for this module (as tests/test_book.py does; set ICT4D_SCORM_SITE to a
built `_build/html` to reuse one), then packaged. The manifest tests read the zip. The browser
tests serve tests/scorm_harness/index.html, a stand-in LMS page whose `window.API` is a real
SCORM 1.2 run-time, the npm package scorm-again (installed with npm into ~/.cache/ict4d-training/,
outside the repository), frame the unzipped package under it as an LMS does, and drive Debian's
Chromium like a learner.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote
from xml.etree import ElementTree as ET

import pytest

from _scorm import ADLCP, IMSCP, ROOT
from ict4d_build import scorm as build_scorm
from ict4d_training.core.questions import load_question_set

pytestmark = pytest.mark.book


# --- the manifest --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def manifest(archive: zipfile.ZipFile) -> ET.Element:
    return ET.fromstring(archive.read("imsmanifest.xml"))  # well-formed, or this raises


def test_manifest_is_at_the_root_and_declares_scorm_1_2(archive: zipfile.ZipFile, manifest: ET.Element) -> None:
    assert archive.namelist()[0] == "imsmanifest.xml"
    text = archive.read("imsmanifest.xml").decode("utf-8")
    assert 'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"' in text
    assert 'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"' in text
    assert manifest.tag == f"{IMSCP}manifest" and manifest.get("identifier")
    assert manifest.findtext(f"{IMSCP}metadata/{IMSCP}schema") == "ADL SCORM"
    assert manifest.findtext(f"{IMSCP}metadata/{IMSCP}schemaversion") == "1.2"


def test_one_organization_with_one_item_for_the_whole_course(manifest: ET.Element, package: dict[str, Any],
                                                             archive: zipfile.ZipFile) -> None:
    """One item, so one record in the LMS holds the place and every answer (see the harness tests below)."""
    organizations = manifest.find(f"{IMSCP}organizations")
    assert organizations is not None
    [organization] = organizations.findall(f"{IMSCP}organization")
    assert organizations.get("default") == organization.get("identifier")
    [item] = organization.iter(f"{IMSCP}item")
    assert item.findtext(f"{IMSCP}title") == organization.findtext(f"{IMSCP}title") == build_scorm_title()
    assert item.findtext(f"{ADLCP}masteryscore") == str(load_question_set("assessment").pass_mark)  # the pass mark
    assert item.get("parameters") is None  # the launch page itself opens the learner's last page
    [resource] = [r for r in manifest.iter(f"{IMSCP}resource") if r.get("identifier") == item.get("identifierref")]
    assert resource.get(f"{ADLCP}scormtype") == "sco" and resource.get("type") == "webcontent"
    assert resource.get("href") == "scorm-launch.html" in archive.namelist()
    chapters = package["chapters"]
    assert len(chapters) >= 10 and chapters[0].pages[0] == "book/welcome.html"


def build_scorm_title() -> str:
    config = build_scorm.YAML(typ="safe", pure=True).load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return str(config["title"])


def test_every_file_is_listed_and_every_listed_file_is_in_the_zip(manifest: ET.Element,
                                                                  archive: zipfile.ZipFile) -> None:
    listed = [unquote(f.get("href", "")) for f in manifest.iter(f"{IMSCP}file")]
    names = set(archive.namelist())
    assert len(listed) == len(set(listed))
    assert sorted(set(listed) - names) == []
    assert sorted(names - set(listed) - {"imsmanifest.xml"}) == []
    for resource in manifest.iter(f"{IMSCP}resource"):
        assert unquote(resource.get("href", "")) in names


def test_the_package_holds_the_whole_course_and_every_page_loads_the_scorm_script(
        site: Path, archive: zipfile.ZipFile, package: dict[str, Any]) -> None:
    names = set(archive.namelist())
    left_out = tuple(f"{folder}/" for folder in package["left_out"])  # a JupyterLite build, if any
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts]
    pages = [page for page in pages if not page.startswith(left_out)]
    assert pages and set(pages) <= names
    assert "_static/scorm.js" in names and "scorm-launch.html" in names
    for page in pages:
        text = archive.read(page).decode("utf-8")
        if "</head>" not in text:
            continue  # the root index.html only forwards to the first page
        assert f'src="{"../" * page.count("/")}_static/scorm.js"' in text, page
    assert package["questions"] and package["suspend_data_max"] < 4096
    assert package["bytes"] < 30_000_000


def test_every_link_in_the_package_leads_to_a_file_in_it(archive: zipfile.ZipFile) -> None:
    """Self-contained: a page links to nothing left out (the JupyterLite site, say), or missing."""
    names = set(archive.namelist())
    broken = []
    for name in sorted(names):
        if not name.endswith(".html") or name.startswith("_static/"):
            continue
        for value in re.findall(r'\b(?:href|src)="([^"<\s]+)"', archive.read(name).decode("utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", value):
                continue  # another site (a link, never loaded: the browser tests see every request) or an anchor
            path = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(re.split(r"[?#]", value)[0])))
            if path not in names and f"{path}/index.html" not in names:
                broken.append(f"{name}: {value}")
    assert broken == []


def test_a_jupyterlite_build_inside_the_site_is_left_out(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "html"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("lite"))
    (copy / "lite" / "lab").mkdir(parents=True)
    for marker in ("lite/jupyter-lite.json", "lite/lab/jupyter-lite.json"):
        (copy / marker).write_text("{}", encoding="utf-8")
    (copy / "lite" / "lab" / "index.html").write_text("<html></html>", encoding="utf-8")
    summary = build_scorm.build(copy, tmp_path / "course.zip")
    assert summary["left_out"] == ["lite"]
    with zipfile.ZipFile(summary["zip"]) as opened:
        assert not [name for name in opened.namelist() if name.startswith("lite/")]
        assert "lite/lab/index.html" not in opened.read("imsmanifest.xml").decode("utf-8")
        for name in opened.namelist():
            if name.startswith("exercises/") and name.endswith(".html"):
                text = opened.read(name).decode("utf-8")
                assert not re.search(r'href="[^"]*\blite/', text) and "lite-launch" not in text, name


def exercise_pages(site: Path) -> list[str]:
    """The pages that offer their exercise in JupyterLite on the published site."""
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "exercises").glob("*.html")
                   if "lite-launch-link" in p.read_text(encoding="utf-8"))
    assert len(pages) >= 6
    return pages


def note(text: str) -> str:
    match = re.search(r'<div class="scorm-exercise-note[^"]*">(.*?)</div>', text, re.S)
    assert match, "no note on what the learner can do here"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_exercise_pages_say_what_the_learner_can_do_in_the_package(site: Path, archive: zipfile.ZipFile) -> None:
    for page in exercise_pages(site):
        published = (site / page).read_text(encoding="utf-8")
        text = archive.read(page).decode("utf-8")
        words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        assert "Run this exercise in your browser" not in words, page  # no pointer to the removed link
        said = note(text)
        assert "read the whole exercise" in said and "download this page as a notebook" in said, page
        assert "your trainer has the address" in said, page  # no course address given: no link to guess
        assert ("model answer" in said) == ('class="solution' in published), page
        if "Making the widgets live" in published:
            assert "Making the widgets live" not in text, page  # the box that sent learners to the link
        # Everything else on the page is still there: the exercise itself, its solutions.
        assert text.count('class="solution') == published.count('class="solution'), page
        assert text.count("<h2>") == published.count("<h2>"), page


def test_pages_that_name_the_removed_link_say_what_the_package_has_instead(archive: zipfile.ZipFile) -> None:
    named = []
    for name in archive.namelist():
        if not name.endswith(".html") or name.startswith("_static/"):
            continue
        words = " ".join(re.sub(r"<[^>]+>", " ", archive.read(name).decode("utf-8")).split())
        if "Run this exercise in your browser" in words:
            named.append(name)
            assert "In this course package the exercise pages do not have that link" in words, name
    assert "exercises/index.html" in named  # the exercises' overview tells learners to use the link


def test_with_the_course_address_the_note_links_to_the_in_browser_exercise(site: Path, tmp_path: Path) -> None:
    summary = build_scorm.build(site, tmp_path / "course.zip", course_url="https://courses.example.org/ict4d")
    with zipfile.ZipFile(summary["zip"]) as opened:
        for page in exercise_pages(site):
            text = opened.read(page).decode("utf-8")
            notebook = quote(posixpath.basename(page).removesuffix(".html") + ".ipynb")
            link = f"https://courses.example.org/ict4d/lite/notebooks/index.html?path={notebook}"
            assert f'href="{link}" target="_blank" rel="noopener"' in text, page
            assert "course's website" in note(text), page


def test_a_course_address_that_is_not_a_web_address_is_refused(site: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        build_scorm.main([str(site), "--output", str(tmp_path / "course.zip"), "--course-url", "courses/ict4d"])
    assert str(raised.value) == ("--course-url 'courses/ict4d': give the published course's address, "
                                 "starting http:// or https://")
    assert not (tmp_path / "course.zip").exists()


