"""The SCORM package's course: its chapters (from _toc.yml), questions and assessment (from the manifest).

The knowledge checks come from the manifest the book's extension writes
(`ict4d_build.knowledge_manifest`), put in the course's order: chapter by chapter, page by page,
and on each page in the order it shows them.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from ict4d_build.knowledge_manifest import KnowledgeManifest, ManifestError, read_manifest


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


def _manifest(site: Path, manifest: KnowledgeManifest | None) -> KnowledgeManifest:
    if manifest is not None:
        return manifest
    try:
        return read_manifest(site)
    except ManifestError as error:
        raise SystemExit(str(error)) from None


def read_questions(site: Path, chapters: list[Chapter], manifest: KnowledgeManifest | None = None) -> tuple[list[str], int]:
    """Every knowledge-check question (form id) in the course's order, and the most options one has."""
    manifest = _manifest(site, manifest)
    pages = [page for chapter in chapters for page in chapter.pages]
    outside = sorted({check.page for check in manifest.checks} - set(pages))
    if outside:
        raise SystemExit(f"knowledge checks on pages outside the table of contents: {', '.join(outside)}")
    checks = [check for page in pages for check in manifest.on_page(page)]
    return [check.id for check in checks], max((check.options for check in checks), default=0)


@dataclass
class Assessment:
    page: str
    pass_mark: int
    questions: list[str]  # the question ids (element ids on the page), in order
    most_options: int


def read_assessment(site: Path, chapters: list[Chapter], manifest: KnowledgeManifest | None = None) -> Assessment:
    """The course assessment: its page, pass mark (the mastery score) and questions."""
    found = _manifest(site, manifest).assessment
    pages = {page for chapter in chapters for page in chapter.pages}
    if found is None or found.page not in pages:
        raise SystemExit(f"{site}: the course needs one assessment page (book/assessment.md) in its table of "
                         "contents; its score is the score the package reports")
    assessment = Assessment(found.page, found.pass_mark, [question.id for question in found.questions],
                            found.most_options)
    if not 0 < assessment.pass_mark <= 100 or not assessment.questions:
        raise SystemExit(f"{assessment.page}: pass mark {assessment.pass_mark} and {len(assessment.questions)} "
                         "questions: need a pass mark from 1 to 100 and at least one question")
    return assessment


def course_map(chapters: list[Chapter], questions: list[str], assessment: Assessment) -> dict[str, object]:
    pages = {page: index for index, chapter in enumerate(chapters) for page in chapter.pages}
    fingerprint = hashlib.sha1(json.dumps([[c.pages for c in chapters], questions,
                                           assessment.questions]).encode()).hexdigest()[:8]
    return {"id": fingerprint, "mastery": assessment.pass_mark, "start": chapters[0].pages[0], "pages": pages,
            "questions": questions, "assessment": assessment.questions}


def worst_suspend_data(data: dict[str, object], most_options: int, assessment_options: int = 1) -> int:
    """Length of cmi.suspend_data with every option of every question chosen and the longest page name.

    The assessment's answers count too: one option a question (its questions are single-answer), the highest.
    """
    pages: dict[str, int] = data["pages"]  # type: ignore[assignment]
    questions: list[str] = data["questions"]  # type: ignore[assignment]
    tested: list[str] = data.get("assessment") or []  # type: ignore[assignment]
    state = {"k": data["id"], "a": {str(q): [1, *range(most_options)] for q in range(len(questions))},
             "p": max(pages, key=len),
             "t": {"s": 100, "c": [[max(assessment_options - 1, 0)] for _ in tested]}}
    return len(json.dumps(state, separators=(",", ":")))


