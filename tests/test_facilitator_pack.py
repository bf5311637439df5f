"""The facilitator pack (src/ict4d_build/facilitator_*.py): the .docx opened with python-docx and
checked against the data it is made from, its order (model answers only in the trainer part),
its reproducible bytes, the checks that tie its own text to the course, and the built guide's link."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from ict4d_build.agenda_model import load_agendas
from ict4d_build.facilitator_data import PACK, PackError, exercise_pages, flawed_design, flawed_problems, load_pack, parse_pack
from ict4d_build.facilitator_handouts import model_answer
from ict4d_build.facilitator_pack import FILENAME, main, write_pack
from ict4d_build.page_blocks import Para
from ict4d_build.slide_content import page_title
from ict4d_training.core.advice import decision_questions

ROOT = Path(__file__).resolve().parent.parent
TRAINER_PART = "Part 6. For the trainer only: model answers and trainer notes"


@pytest.fixture(scope="module")
def pack_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pack(tmp_path_factory.mktemp("pack"))


@pytest.fixture(scope="module")
def document(pack_file: Path) -> Document:
    return docx.Document(str(pack_file))


@pytest.fixture(scope="module")
def body(document: Document) -> list[tuple[str, str]]:
    """Every paragraph and table cell in document order, as (style, text); table rows as ("table", ...)."""
    out: list[tuple[str, str]] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = Paragraph(child, document)
            out.append((paragraph.style.name if paragraph.style is not None else "", paragraph.text))
        elif child.tag.endswith("}tbl"):
            out += [("table", " | ".join(cell.text for cell in row.cells)) for row in Table(child, document).rows]
    return out


def _index(body: list[tuple[str, str]], style: str, text: str) -> int:
    return next(n for n, (found_style, found) in enumerate(body) if found_style == style and found == text)


def _texts(body: list[tuple[str, str]]) -> list[str]:
    return [text for _, text in body]


def test_a_script_section_for_every_session_of_every_agenda(body: list[tuple[str, str]]) -> None:
    book = load_agendas(root=ROOT)
    headings = [text for style, text in body if style == "Heading 2"]
    sessions = {session.id: session for agenda in book.agendas for session in agenda.sessions}
    assert len(sessions) > 20
    for session in sessions.values():
        title = f"{session.title} ({session.minutes} min)"
        assert headings.count(title) == 1, title
        start = _index(body, "Heading 2", title)
        rows = [text for style, text in body[start:start + 40] if style == "table"]
        # the session's time plan: one row per step, with its minutes, adding up to the session's
        steps = rows[1:1 + len(session.steps)]
        assert [int(row.split(" | ")[0]) for row in steps] == [step.minutes for step in session.steps]
        assert sum(step.minutes for step in session.steps) == session.minutes


def test_timings_for_every_agenda_day(body: list[tuple[str, str]]) -> None:
    rows = [text for style, text in body if style == "table"]
    for agenda in load_agendas(root=ROOT).agendas:
        assert ("Heading 2", agenda.title) in body
        for day in agenda.days:
            for slot in day.slots:
                assert f"{slot.times} | {slot.session.title} | {slot.session.minutes}" in rows


def test_the_exercise_scripts_carry_the_guides_notes_but_not_its_model_answer(body: list[tuple[str, str]]) -> None:
    start = _index(body, "Heading 2", "Exercise 1: partnership or contract? (60 min)")
    script = " ".join(text for _, text in body[start:start + 30])
    assert "Watch for groups that answer \"partnership\" by habit" in script
    assert "returns either for this scenario" not in script
    assert "Part 4 says what the group does on paper instead" in script


def test_the_checklist_covers_the_room_the_equipment_and_poor_wifi(body: list[tuple[str, str]]) -> None:
    texts = _texts(body)
    start = texts.index("Part 3. Room and equipment checklist")
    end = texts.index("Part 4. The paper track")
    part = body[start:end]
    for group in load_pack().checklist:
        assert ("Heading 2", group.heading) in part
        for item in group.items:
            assert f"\u2610  {item}" in texts[start:end]
    assert any("20 to 30 people" in text for _, text in part)
    assert any("Wi-Fi" in text for style, text in part if style == "Heading 2")


def test_a_paper_track_for_every_exercise(body: list[tuple[str, str]]) -> None:
    texts = _texts(body)
    start, end = texts.index("Part 4. The paper track"), texts.index("Part 5. Handouts")
    pack = load_pack()
    for page in exercise_pages(ROOT):
        position = texts.index(page_title(page, ROOT), start, end)
        assert body[position][0] == "Heading 2"
        track = pack.track(page)
        assert texts[position + 1].startswith("Print: ")
        assert texts[position + 2:position + 2 + len(track.steps)] == [f"{n}. {step}" for n, step in enumerate(track.steps, 1)]
    assert len(exercise_pages(ROOT)) == 8


def test_the_handouts(body: list[tuple[str, str]]) -> None:
    texts = _texts(body)
    start, end = texts.index("Part 5. Handouts"), texts.index(TRAINER_PART)
    handouts = texts[start:end]
    # each numbered exercise's scenario, task and questions, on a page of its own
    for page in exercise_pages(ROOT)[:6]:
        assert page_title(page, ROOT) in handouts
    assert handouts.count("Your task") == 6 and handouts.count("Questions to discuss") == 6
    assert any(text.startswith("Imagine the ministry of health of a coastal country") for text in handouts)
    # the decision aid: every question, with its points
    rows = [text for style, text in body[start:end] if style == "table"]
    for number, question in enumerate(decision_questions().questions, start=1):
        assert any(row.startswith(f"{number}. {question.text} | ") for row in rows), question.id
    assert "1. Can the result you need be specified in advance, in enough detail to be bought from a supplier? | " \
           "contract +2 | partnership +1 | " in "\n".join(rows)
    # exercise 4's design in plain words: no field names or YAML
    flawed = texts.index("Handout 3. The plan: digital service kiosks in district towns")
    plain = " ".join(texts[flawed:texts.index("Handout 4. Partnership design worksheet")])
    assert "Nationwide Telecom Ltd" in plain and "To be decided after the pilot" in plain
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|: \w+$|joins_at|schema_version", plain)
    # the paper design sheet: every section of the design worksheet template
    from ict4d_build.template_model import template_by_id
    sheet = texts.index("Handout 4. Partnership design worksheet")
    for section in template_by_id("design-worksheet").sections:
        assert section.heading in texts[sheet:end]


def test_model_answers_only_in_the_trainer_part_at_the_end(body: list[tuple[str, str]]) -> None:
    texts = _texts(body)
    trainer = _index(body, "Heading 1", TRAINER_PART)
    assert all(style != "Heading 1" for style, _ in body[trainer + 1:]), "the trainer part is the last part"
    for page in exercise_pages(ROOT)[:6]:
        assert texts.index(f"Model answer: {page_title(page, ROOT)}") > trainer
        paragraphs = [block.text.replace("**", "") for block in model_answer(page, ROOT) if isinstance(block, Para)]
        assert paragraphs, page
        for paragraph in paragraphs:
            where = [n for n, text in enumerate(texts) if text == paragraph]
            assert where and min(where) > trainer, (page, paragraph[:60])
    # the cases' trainer notes too, for every case an agenda uses
    expected = [n for n, text in enumerate(texts) if text.startswith("Expected band: ")]
    assert len(expected) >= 4 and min(expected) > trainer
    for case in ("case_studies/farm-prices-by-text/index", "case_studies/maternal-health-messaging/index"):
        assert texts.index(f"Trainer notes: {page_title(case, ROOT)}") > trainer


def test_same_course_same_bytes(tmp_path: Path, pack_file: Path) -> None:
    assert main(["--output", str(tmp_path)]) == 0
    assert (tmp_path / FILENAME).read_bytes() == pack_file.read_bytes()


def test_a_missing_paper_track_or_a_plain_design_out_of_step_stops_the_build(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(PACK.read_text(encoding="utf-8"))
    del data["paper_track"]["exercises/health-check"]
    broken = tmp_path / "pack.yaml"
    YAML().dump(data, broken)
    with pytest.raises(PackError, match="no paper track for exercises/health-check"):
        load_pack(broken, ROOT)
    pack = parse_pack(YAML(typ="safe", pure=True).load(PACK.read_text(encoding="utf-8")))
    assert flawed_problems(pack, flawed_design(ROOT)) == []
    renamed = parse_pack({**YAML(typ="safe", pure=True).load(PACK.read_text(encoding="utf-8")),
                          "flawed_design": {"title": "x", "paragraphs": ["A plan with no partners named."]}})
    assert any("Nationwide Telecom Ltd" in problem for problem in flawed_problems(renamed, flawed_design(ROOT)))


def test_the_command_reports_a_broken_book_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--output", str(tmp_path / "out"), "--book-root", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("error: ")


def test_the_guide_links_to_the_pack(built_site: Path) -> None:
    guide = built_site / "book" / "trainers-guide.html"
    soup = BeautifulSoup(guide.read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one("a.facilitator-pack-download")
    assert link is not None
    assert link.get_text().startswith("Download the facilitator pack (.docx, ")
    assert link["href"] == f"../workshop/{FILENAME}"
    target = (guide.parent / str(link["href"])).resolve()
    assert target.is_file() and target.stat().st_size > 20_000
    assert docx.Document(str(target)).core_properties.title == "Facilitator pack and handouts"
