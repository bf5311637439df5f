"""Package the built course as one SCORM 1.2 zip for a learning management system (Moodle and others).

    .venv/bin/python scripts/build_scorm.py [_build/html] [--output _build/scorm/ict4d-training-scorm12.zip]
        [--mastery 80] [--course-url https://example.org/ict4d-training/]

(`make scorm` builds the book first, then runs this.) The zip holds the whole static course, with
nothing fetched from another host, plus:

* ``imsmanifest.xml`` at the root: SCORM 1.2 (IMS CP 1.1.2 + ADL CP 1.2 namespaces, ``ADL SCORM``
  ``1.2`` metadata), one organization holding one item, the whole course, with the mastery score,
  and one SCO resource listing every file in the zip. One item, because an LMS keeps one record
  per item: Moodle re-enters the first item not yet completed and opens each item with its own
  record, so a course split into items loses the place and answers of a learner who reads first
  and answers later. The book's own menu moves between chapters. The four XSD files of the ADL
  1.2 conformance suite are not included (no LMS needs them, and the manifest names no schema
  location);
* ``scorm-launch.html``, the SCO the LMS starts: it holds one LMS session while the learner
  reads, with the course's page list and question list inlined, and ``_static/scorm.js`` (from
  ``book/_static``) does the talking;
* every course page gets ``<script defer src=".../_static/scorm.js">``, so pages report visits
  and answers to the launch page, and put saved answers back. Opened with no LMS, the launch
  page forwards to the course and the pages behave as the published book.

A JupyterLite build inside the site (any folder holding ``jupyter-lite.json``; ``make book`` puts
one in ``lite/``) is left out: it is about 40 MB and needs a real web server. Links into it go
from the packaged pages, as they do when no JupyterLite was built; an exercise page's "Run this
exercise in your browser" tip, and the boxes pointing to it, become a note on what the learner can
do in the package and where the in-browser version is (a link to it with ``--course-url``). What
the LMS records is described in the README section "Upload to Moodle (SCORM)".
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import html
import json
import posixpath
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin
from xml.etree import ElementTree as ET

from ruamel.yaml import YAML

from ict4d_training._files import replacing

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "_build" / "scorm" / "ict4d-training-scorm12.zip"
MASTERY_SCORE = 80
SUSPEND_LIMIT = 4096
LAUNCH_PAGE = "scorm-launch.html"
SCRIPT = "_static/scorm.js"
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # the same course gives the same zip
KC_FORM = re.compile(r'<form class="kc-question" id="([^"]+)"')


@dataclass
class Chapter:
    title: str
    pages: list[str]  # paths inside the site, the chapter's own page first


def _site_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).with_suffix("").as_posix() for path in site.rglob("*.html"))


def _entry_pages(entry: dict[str, object], docnames: list[str]) -> list[str]:
    """The pages of one _toc.yml entry and its sections, in the book's order."""
    found: list[str] = []
    if "file" in entry:
        found.append(str(entry["file"]).removesuffix(".md").removesuffix(".ipynb"))
    if "glob" in entry:
        found.extend(name for name in docnames if fnmatch.fnmatchcase(name, str(entry["glob"])))
    for section in entry.get("sections") or []:  # type: ignore[attr-defined]
        found.extend(_entry_pages(section, docnames))
    return found


def _title(site: Path, page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", (site / page).read_text(encoding="utf-8"), re.S)
    title = html.unescape(match.group(1)).strip() if match else page
    return title.rsplit(" \u2014 ", 1)[0].strip()


def read_chapters(site: Path, toc: Path) -> list[Chapter]:
    """One chapter per top-level entry of the table of contents (the root page is the first)."""
    data = YAML(typ="safe", pure=True).load(toc.read_text(encoding="utf-8"))
    docnames = _site_pages(site)
    entries: list[dict[str, object]] = [{"file": data["root"]}]
    for part in data.get("parts") or [{"chapters": data.get("chapters") or []}]:
        entries.extend(part.get("chapters") or [])
    chapters = []
    for entry in entries:
        pages = [f"{name}.html" for name in _entry_pages(entry, docnames)]
        if not pages:
            continue  # an external link, not a page of the course
        missing = [page for page in pages if not (site / page).is_file()]
        if missing:
            raise SystemExit(f"{site} lacks {', '.join(missing)}: build the book first (make book)")
        chapters.append(Chapter(_title(site, pages[0]), pages))
    return chapters


def read_questions(site: Path, chapters: list[Chapter]) -> tuple[list[str], int]:
    """Every knowledge-check question (form id) in the course's order, and the most options one has."""
    questions: list[str] = []
    most = 0
    for chapter in chapters:
        for page in chapter.pages:
            text = (site / page).read_text(encoding="utf-8")
            for qid in KC_FORM.findall(text):
                questions.append(qid)
                most = max(most, text.count(f'name="{qid}"'))
    return questions, most


def course_map(chapters: list[Chapter], questions: list[str], mastery: int) -> dict[str, object]:
    pages = {page: index for index, chapter in enumerate(chapters) for page in chapter.pages}
    fingerprint = hashlib.sha1(json.dumps([[c.pages for c in chapters], questions]).encode()).hexdigest()[:8]
    return {"id": fingerprint, "mastery": mastery, "start": chapters[0].pages[0], "pages": pages,
            "questions": questions}


def worst_suspend_data(data: dict[str, object], most_options: int) -> int:
    """Length of cmi.suspend_data with every option of every question chosen and the longest page name."""
    pages: dict[str, int] = data["pages"]  # type: ignore[assignment]
    questions: list[str] = data["questions"]  # type: ignore[assignment]
    state = {"k": data["id"], "a": {str(q): [1, *range(most_options)] for q in range(len(questions))},
             "p": max(pages, key=len)}
    return len(json.dumps(state, separators=(",", ":")))


def launch_page(title: str, data: dict[str, object]) -> str:
    inline = json.dumps(data, separators=(",", ":"), ensure_ascii=True).replace("</", "<\\/")
    start = html.escape(str(data["start"]))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="icon" href="data:,">
<style>html, body {{ margin: 0; height: 100%; overflow: hidden; }}
iframe {{ display: block; border: 0; width: 100%; height: 100%; }}</style>
</head>
<body>
<noscript><p>This course needs JavaScript. <a href="{start}">Open the course</a>.</p></noscript>
<script>window.ICT4D_SCORM_MAP = {inline};</script>
<script src="{SCRIPT}"></script>
</body>
</html>
"""


def with_script(text: str, page: str) -> str:
    """A course page that loads scorm.js (after the page's own deferred scripts)."""
    prefix = "../" * page.count("/")
    tag = f'<script defer="defer" src="{prefix}{SCRIPT}"></script>\n'
    return text.replace("</head>", tag + "</head>", 1) if "</head>" in text else text


LITE_TIP = re.compile(r'<div class="[^"]*\blite-launch\b[^"]*">.*?</div>\s*', re.S)
ANCHOR = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S)
ADMONITION = re.compile(r'<div class="[^"]*\badmonition\b[^"]*">(?:(?!<div\b).)*?</div>\s*', re.S)
NOTE_CLASS = "scorm-exercise-note"


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def exercise_note(text: str, page: str, href: str, course_url: str | None) -> str:
    """What a learner can do with an exercise inside the package, and where its in-browser version lives."""
    solutions = ", and under each <em>Solution</em> the model answer with its reasoning" if 'class="solution' in text else ""
    download = ("download this page as a notebook (the download button at the top of the page, then "
                "<strong>.ipynb</strong>) and open it in JupyterLab or on a JupyterHub that your trainer runs")
    if course_url:
        outside = html.escape(urljoin(urljoin(course_url.rstrip("/") + "/", page), href))
        where = (f'<a class="reference external" href="{outside}" target="_blank" rel="noopener">run it in your '
                 "browser on the course's website</a> (a new tab; Python runs in your browser, with nothing to "
                 f"install), or {download}.")
    else:
        where = (f"on the course's website (your trainer has the address), where each exercise page can run in "
                 f"your browser, or {download}.")
    return (f'<div class="{NOTE_CLASS} admonition tip">\n<p class="admonition-title">This exercise in the course '
            f"package</p>\n<p>Here you can read the whole exercise and what to do{solutions}. "
            "The widgets show the exercise as it was when the book was built: clicking them changes nothing, and "
            "nothing typed in them is kept.</p>\n<p>To use the widgets and get their feedback, open the exercise "
            f"outside this learning platform: {where}</p>\n</div>\n")


PARAGRAPH = re.compile(r"<p>(?:(?!</?p>).)*?</p>", re.S)
ELSEWHERE = ("<p><em>In this course package the exercise pages do not have that link: each one says instead what "
             "you can do with the exercise here, and where to run it in your browser.</em></p>")


def _points_out(href: str, page: str, missing: tuple[str, ...]) -> bool:
    if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", href):
        return False  # another site, an absolute path or an anchor on the page
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href.split("#")[0].split("?")[0])))
    return (path + "/").startswith(missing)


def tip_links(text: str, page: str, missing: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """The page's JupyterLite tips that lead into a left-out folder: each tip's (href, link text) pairs."""
    return {match.group(0): [(href, _plain(label)) for href, label in ANCHOR.findall(match.group(0))
                             if _points_out(href, page, missing)]
            for match in LITE_TIP.finditer(text)}


def without_links_to(text: str, page: str, missing: tuple[str, ...], course_url: str | None = None,
                     link_names: tuple[str, ...] = ()) -> str:
    """A page whose links into folders the package leaves out are gone.

    An exercise page's JupyterLite tip ("Run this exercise in your browser") becomes a note saying what
    the learner can do here and where the in-browser version is; boxes that send the learner to that
    tip's link go with it. On other pages, a paragraph naming such a link (`link_names`: the tips'
    link texts, site-wide) is followed by a line saying the package's exercise pages have a note instead.
    """
    if not missing:
        return text

    def points_out(href: str) -> bool:
        return _points_out(href, page, missing)

    tips = tip_links(text, page, missing)
    names = [label for links in tips.values() for _, label in links if label]
    if not tips:
        told = [False]

        def tell(match: re.Match[str]) -> str:
            if told[0] or not any(name in _plain(match.group(0)) for name in link_names):
                return match.group(0)
            told[0] = True  # once a page is enough
            return match.group(0) + "\n" + ELSEWHERE

        text = PARAGRAPH.sub(tell, text)

    def mentions_a_tip(match: re.Match[str]) -> str:
        box = match.group(0)
        if "lite-launch" in box or not any(name in _plain(box) for name in names):
            return box
        return ""

    if names:
        text = ADMONITION.sub(mentions_a_tip, text)

    def tip(match: re.Match[str]) -> str:
        links = tips.get(match.group(0))
        return exercise_note(text, page, links[0][0], course_url) if links else match.group(0)

    text = LITE_TIP.sub(tip, text)
    return ANCHOR.sub(lambda m: m.group(2) if points_out(m.group(1)) else m.group(0), text)


def _href(path: str) -> str:
    return quote(path, safe="/@!$&'()*+,;=:")


def manifest(title: str, files: list[str], mastery: int) -> bytes:
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)

    def sub(parent: ET.Element, tag: str, text: str | None = None, ns: str = IMSCP, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
        element.text = text
        return element

    root = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": "ict4d-training-scorm12", "version": "1.0"})
    metadata = sub(root, "metadata")
    sub(metadata, "schema", "ADL SCORM")
    sub(metadata, "schemaversion", "1.2")
    organizations = sub(root, "organizations", default="ORG-ICT4D")
    organization = sub(organizations, "organization", identifier="ORG-ICT4D", structure="hierarchical")
    sub(organization, "title", title)
    # One item for the whole course: Moodle keeps a record per item and re-enters the first one not yet
    # completed, so answers and place must live in one record; the book's own menu moves between chapters.
    item = sub(organization, "item", identifier="ITEM-COURSE", identifierref="RES-COURSE", isvisible="true")
    sub(item, "title", title)
    sub(item, "masteryscore", str(mastery), ns=ADLCP)
    resources = sub(root, "resources")
    resource = sub(resources, "resource", identifier="RES-COURSE", type="webcontent", href=LAUNCH_PAGE)
    resource.set(f"{{{ADLCP}}}scormtype", "sco")
    for name in files:
        sub(resource, "file", href=_href(name))
    ET.indent(root, space="  ")
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _left_out(site: Path) -> list[Path]:
    """Folders not packaged: JupyterLite builds (the outermost folder holding a jupyter-lite.json)."""
    folders = sorted({marker.parent for marker in site.rglob("jupyter-lite.json")}, key=lambda p: len(p.parts))
    outermost: list[Path] = []
    for folder in folders:
        if not any(folder.is_relative_to(kept) for kept in outermost):
            outermost.append(folder)
    return outermost


def _packaged(site: Path) -> list[str]:
    skip = _left_out(site)
    names = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue  # .buildinfo and the like
        if any(path.is_relative_to(folder) for folder in skip):
            continue
        names.append(relative.as_posix())
    return names


def build(site: Path, output: Path, toc: Path = ROOT / "_toc.yml", mastery: int = MASTERY_SCORE,
          course_url: str | None = None) -> dict[str, object]:
    """Write the SCORM 1.2 zip; returns a summary (size, files, chapters, questions, suspend_data bound).

    `course_url` is the published course's address: exercise pages then link to their in-browser version there.
    """
    if course_url is not None and not re.match(r"^https?://[^/\s]+", course_url):
        raise SystemExit(f"--course-url {course_url!r}: give the published course's address, starting http:// or https://")
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site} is not a built course (no index.html): run make book first")
    config = YAML(typ="safe", pure=True).load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}
    title = str(config.get("title") or "Course")
    chapters = read_chapters(site, toc)
    questions, most_options = read_questions(site, chapters)
    data = course_map(chapters, questions, mastery)
    worst = worst_suspend_data(data, most_options)
    if worst >= SUSPEND_LIMIT:
        raise SystemExit(f"saved answers could need {worst} characters, over SCORM 1.2's {SUSPEND_LIMIT}")
    script = site / SCRIPT if (site / SCRIPT).is_file() else ROOT / "book" / SCRIPT
    names = sorted({*_packaged(site), LAUNCH_PAGE, SCRIPT})
    left_out = [folder.relative_to(site).as_posix() for folder in _left_out(site)]
    missing = tuple(f"{folder}/" for folder in left_out)
    if not any(name.startswith("lite/") for name in names):
        missing += ("lite/",)  # the exercise pages' JupyterLite links, when no JupyterLite was built
    link_names = tuple(sorted({label for name in names if name.endswith(".html") and not name.startswith("_static/")
                               and (site / name).is_file()
                               for links in tip_links((site / name).read_text(encoding="utf-8"), name, missing).values()
                               for _, label in links if label}))
    output.parent.mkdir(parents=True, exist_ok=True)
    with replacing(output) as partial, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        def add(name: str, content: bytes) -> None:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)

        add("imsmanifest.xml", manifest(title, names, mastery))
        for name in names:
            if name == LAUNCH_PAGE:
                add(name, launch_page(title, data).encode("utf-8"))
            elif name == SCRIPT:
                add(name, script.read_bytes())
            elif name.endswith(".html") and not name.startswith("_static/"):
                text = without_links_to((site / name).read_text(encoding="utf-8"), name, missing, course_url,
                                        link_names)
                add(name, with_script(text, name).encode("utf-8"))
            else:
                add(name, (site / name).read_bytes())
    return {"zip": output, "bytes": output.stat().st_size, "files": len(names) + 1, "chapters": len(chapters),
            "questions": len(questions), "suspend_data_max": worst,
            "left_out": left_out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "_build" / "html", help="the built book")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the zip to write")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml", help="the book's table of contents")
    parser.add_argument("--mastery", type=int, default=MASTERY_SCORE, help="pass mark, 0-100 (default 80)")
    parser.add_argument("--course-url", help="the published course's address, where exercise pages send learners "
                        "to run an exercise in their browser (e.g. https://example.org/ict4d-training/)")
    args = parser.parse_args(argv)
    summary = build(args.site, args.output, args.toc, args.mastery, args.course_url)
    print(f"SCORM 1.2 package: {summary['zip']} ({int(summary['bytes']) / 1e6:.1f} MB, {summary['files']} files, "  # type: ignore[call-overload]
          f"{summary['chapters']} chapters, {summary['questions']} questions; "
          f"saved state at most {summary['suspend_data_max']} of {SUSPEND_LIMIT} characters)")
    for folder in summary["left_out"]:  # type: ignore[attr-defined]
        print(f"left out (JupyterLite): {folder}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
