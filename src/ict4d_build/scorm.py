"""Package the built course as one SCORM 1.2 zip for a learning management system (Moodle and others).

    python -m ict4d_build.scorm [_build/html] [--output _build/scorm/ict4d-training-scorm12.zip]
        [--course-url https://example.org/ict4d-training/]

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

The score the LMS gets is the course assessment's (``book/assessment.md``): its first submission
sets the score and passed/failed. The questions, the assessment and its pass mark (the mastery
score) come from the knowledge checks' manifest, ``knowledge-checks.json``, which the book's
extension writes from the question data (``ict4d_build.knowledge_manifest``; the markup contract
is in ``book/_ext/knowledge_checks.py``), so the page, the manifest and the launch page always
state one number. The course's order comes from ``_toc.yml`` (``ict4d_build.scorm_course``); the
pages are rewritten for the package by ``ict4d_build.scorm_pages``; the zip is reproducible
(``ict4d_build.zips``) and replaces the previous one only once it is whole.

A JupyterLite build inside the site (any folder holding ``jupyter-lite.json``; ``make book`` puts
one in ``lite/``) is left out: it is about 40 MB and needs a real web server. Links into it go
from the packaged pages, as they do when no JupyterLite was built; an exercise page's "Run this
exercise in your browser" tip, and the boxes pointing to it, become a note on what the learner can
do in the package and where the in-browser version is (a link to it with ``--course-url``). What
the LMS records is described in the README section "Upload to Moodle (SCORM)".
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

from ruamel.yaml import YAML

from ict4d_build.knowledge_manifest import ManifestError, read_manifest
from ict4d_build.scorm_course import (
    Assessment,
    Chapter,
    course_map,
    read_assessment,
    read_chapters,
    read_questions,
    worst_suspend_data,
)
from ict4d_build.scorm_pages import LAUNCH_PAGE, SCRIPT, launch_page, tip_links, with_script, without_links_to
from ict4d_build.source_tree import BUILD, ROOT
from ict4d_build.zips import write_zip

__all__ = ["Assessment", "Chapter", "build", "main", "manifest", "read_assessment", "read_chapters", "read_questions"]

DEFAULT_OUTPUT = BUILD / "scorm" / "ict4d-training-scorm12.zip"
SUSPEND_LIMIT = 4096
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"


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


def build(site: Path, output: Path, toc: Path = ROOT / "_toc.yml", course_url: str | None = None) -> dict[str, object]:
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
    try:
        checks = read_manifest(site)
    except ManifestError as error:
        raise SystemExit(str(error)) from None
    questions, most_options = read_questions(site, chapters, checks)
    assessment = read_assessment(site, chapters, checks)
    mastery = assessment.pass_mark
    data = course_map(chapters, questions, assessment)
    worst = worst_suspend_data(data, most_options, assessment.most_options)
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
    with write_zip(output, store=()) as archive:
        add = archive.add
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
            "left_out": left_out, "mastery": mastery, "assessment": assessment.questions,
            "assessment_page": assessment.page}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ict4d_build.scorm", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=BUILD / "html", help="the built book")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the zip to write")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml", help="the book's table of contents")
    parser.add_argument("--course-url", help="the published course's address, where exercise pages send learners "
                        "to run an exercise in their browser (e.g. https://example.org/ict4d-training/)")
    args = parser.parse_args(argv)
    summary = build(args.site, args.output, args.toc, args.course_url)
    print(f"SCORM 1.2 package: {summary['zip']} ({int(summary['bytes']) / 1e6:.1f} MB, {summary['files']} files, "  # type: ignore[call-overload]
          f"{summary['chapters']} chapters, {summary['questions']} page checks, an assessment of "
          f"{len(summary['assessment'])} questions with pass mark {summary['mastery']}%; "  # type: ignore[arg-type]
          f"saved state at most {summary['suspend_data_max']} of {SUSPEND_LIMIT} characters)")
    for folder in summary["left_out"]:  # type: ignore[attr-defined]
        print(f"left out (JupyterLite): {folder}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
