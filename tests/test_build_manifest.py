"""The knowledge checks' manifest (ict4d_build.knowledge_manifest) and how the SCORM build reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ict4d_build.knowledge_manifest import MANIFEST, ManifestError, parse_manifest, read_manifest
from ict4d_build.scorm_course import Chapter, course_map, read_assessment, read_questions, worst_suspend_data


def _data() -> dict[str, Any]:
    return {
        "version": 1,
        "questions": [
            {"id": "kc-b-2", "page": "book/b.html", "order": 1, "options": 3},
            {"id": "kc-b-1", "page": "book/b.html", "order": 0, "options": 5},
            {"id": "kc-a-1", "page": "book/a.html", "order": 0, "options": 2},
        ],
        "assessment": {"page": "book/assessment.html", "pass_mark": 70, "questions": [
            {"id": "kc-assessment-y", "order": 1, "options": 4},
            {"id": "kc-assessment-x", "order": 0, "options": 3},
        ]},
    }


# The course's order: chapter b's page before chapter a's, whatever the manifest's order.
CHAPTERS = [Chapter("Welcome", ["index.html"]), Chapter("B", ["book/b.html"]),
            Chapter("A", ["book/a.html", "book/assessment.html"])]


def test_the_manifest_is_read_from_the_built_site(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text(json.dumps(_data()), encoding="utf-8")
    manifest = read_manifest(tmp_path)
    assert [check.id for check in manifest.on_page("book/b.html")] == ["kc-b-1", "kc-b-2"]
    assert manifest.assessment is not None
    assert manifest.assessment.pass_mark == 70
    assert [check.id for check in manifest.assessment.questions] == ["kc-assessment-x", "kc-assessment-y"]
    assert manifest.assessment.most_options == 4


def test_questions_come_in_the_course_order_with_the_most_options() -> None:
    manifest = parse_manifest(_data())
    assert read_questions(Path("."), CHAPTERS, manifest) == (["kc-b-1", "kc-b-2", "kc-a-1"], 5)
    assessment = read_assessment(Path("."), CHAPTERS, manifest)
    assert (assessment.page, assessment.pass_mark, assessment.questions, assessment.most_options) == \
        ("book/assessment.html", 70, ["kc-assessment-x", "kc-assessment-y"], 4)
    data = course_map(CHAPTERS, ["kc-b-1", "kc-b-2", "kc-a-1"], assessment)
    assert data["mastery"] == 70 and data["assessment"] == ["kc-assessment-x", "kc-assessment-y"]
    assert data["pages"] == {"index.html": 0, "book/b.html": 1, "book/a.html": 2, "book/assessment.html": 2}
    # Every option of every question chosen: the saved state grows with the most options.
    assert worst_suspend_data(data, 5, 4) > worst_suspend_data(data, 2, 4)


def test_a_question_on_a_page_outside_the_course_stops_the_build() -> None:
    data = _data()
    data["questions"].append({"id": "kc-z-1", "page": "book/orphan.html", "order": 0, "options": 2})
    with pytest.raises(SystemExit, match=r"outside the table of contents: book/orphan\.html"):
        read_questions(Path("."), CHAPTERS, parse_manifest(data))


def test_a_course_without_an_assessment_stops_the_build() -> None:
    data = _data()
    data["assessment"] = None
    with pytest.raises(SystemExit, match="needs one assessment page"):
        read_assessment(Path("."), CHAPTERS, parse_manifest(data))


@pytest.mark.parametrize(("change", "message"), [
    (lambda data: data.update(version=2), "manifest version 2; this tool reads version 1"),
    (lambda data: data.update(questions={}), "no list of questions"),
    (lambda data: data["questions"][0].pop("options"), "lacks or misstates 'options'"),
    (lambda data: data["questions"][0].update(options=0), "at least one option"),
    (lambda data: data["questions"][1].update(id="kc-b-2"), r"question ids repeat: \['kc-b-2'\]"),
    (lambda data: data["assessment"].pop("pass_mark"), "the assessment entry lacks or misstates 'pass_mark'"),
])
def test_a_malformed_manifest_is_named(change: Any, message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(ManifestError, match=message):
        parse_manifest(data)


def test_a_site_without_a_manifest_says_to_build_again(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match=r"has no knowledge-checks\.json: build the book again"):
        read_manifest(tmp_path)
