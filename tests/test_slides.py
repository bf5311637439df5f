"""The workshop slide decks (python -m ict4d_build.slides): each deck opened with python-pptx and
checked against the agendas and the course data it is made from; sizes, notes, bounds and bytes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.presentation import Presentation as Deck
from pptx.util import Pt

from ict4d_build.agenda_model import Agenda, AgendaBook, clock, load_agendas
from ict4d_build.slide_content import key_points, organisations
from ict4d_build.slides import deck_filename, main, write_decks
from ict4d_build.slides_pptx import FIXED_DATE, HEIGHT, P14, WIDTH
from ict4d_training.core.advice import decision_questions
from ict4d_training.core.health import default_questionnaire
from ict4d_training.core.rubric import default_rubric

ROOT = Path(__file__).resolve().parent.parent
EMU = 914400


@pytest.fixture(scope="module")
def book() -> AgendaBook:
    return load_agendas(root=ROOT)


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("slides")
    return {path.stem.removeprefix("workshop-"): path for path in write_decks(folder)}


def _open(path: Path) -> Deck:
    return Presentation(str(path))


def _sections(path: Path) -> list[tuple[str, list[int]]]:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("ppt/presentation.xml"))
    return [(section.get("name"), [int(s.get("id")) for s in section.iter(f"{{{P14}}}sldId")])
            for section in root.iter(f"{{{P14}}}section")]


def _texts(slide: object) -> list[str]:
    out = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        if shape.has_text_frame and shape.text_frame.text:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def _runs(slide: object) -> list[object]:
    runs = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
        runs += [run for frame in frames for paragraph in frame.paragraphs for run in paragraph.runs if run.text.strip()]
    return runs


def _deck_text(path: Path) -> str:
    return "\n".join(text for slide in _open(path).slides for text in _texts(slide))


def test_one_deck_per_agenda(decks: dict[str, Path], book: AgendaBook) -> None:
    assert sorted(decks) == sorted(agenda.id for agenda in book.agendas)
    for agenda_id, path in decks.items():
        assert path.name == deck_filename(agenda_id)


@pytest.mark.parametrize("agenda_id", ["half-day", "one-day", "two-day"])
def test_one_section_and_title_slide_per_session_in_agenda_order(decks: dict[str, Path], book: AgendaBook,
                                                                  agenda_id: str) -> None:
    agenda: Agenda = book.agenda(agenda_id)
    deck = _open(decks[agenda_id])
    by_id = {slide.slide_id: slide for slide in deck.slides}
    sections = _sections(decks[agenda_id])
    assert sections[0][0] == "Introduction"
    slots = [(number, slot) for number, day in enumerate(agenda.days, start=1) for slot in day.slots]
    assert len(sections) - 1 == len(slots)
    for (name, ids), (number, slot) in zip(sections[1:], slots, strict=True):
        assert slot.times in name and slot.session.title in name
        if len(agenda.days) > 1:
            assert name.startswith(f"Day {number} ")
        first = by_id[ids[0]]
        assert _texts(first)[0] == slot.session.title
    # every slide belongs to exactly one section, in deck order
    assert [i for _, ids in sections for i in ids] == [slide.slide_id for slide in deck.slides]


@pytest.mark.parametrize("agenda_id", ["half-day", "one-day", "two-day"])
def test_every_slide_has_notes_and_section_notes_hold_the_timings(decks: dict[str, Path], book: AgendaBook,
                                                                  agenda_id: str) -> None:
    agenda = book.agenda(agenda_id)
    deck = _open(decks[agenda_id])
    by_id = {slide.slide_id: slide for slide in deck.slides}
    for slide in deck.slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    slots = [slot for day in agenda.days for slot in day.slots]
    for (_, ids), slot in zip(_sections(decks[agenda_id])[1:], slots, strict=True):
        notes = by_id[ids[0]].notes_slide.notes_text_frame.text
        assert f"Timing: {slot.times} ({slot.session.minutes} minutes)." in notes
        steps = re.findall(r"^- (\d+) min \((\d\d:\d\d)\): ", notes, flags=re.M)
        assert [int(m) for m, _ in steps] == [step.minutes for step in slot.session.steps]
        at = slot.start
        for minutes, start in steps:
            assert start == clock(at)
            at += int(minutes)
        assert at == slot.end
        for other in ids[1:]:
            assert f"{slot.times} ({slot.session.minutes} minutes)" in by_id[other].notes_slide.notes_text_frame.text


@pytest.mark.parametrize("agenda_id", ["half-day", "one-day", "two-day"])
def test_no_text_below_18_points_and_nothing_off_the_slide(decks: dict[str, Path], agenda_id: str) -> None:
    deck = _open(decks[agenda_id])
    assert (deck.slide_width, deck.slide_height) == (round(WIDTH * EMU), round(HEIGHT * EMU))
    for number, slide in enumerate(deck.slides, start=1):
        runs = _runs(slide)
        assert runs or number == 0
        for run in runs:
            assert run.font.size is not None and run.font.size >= Pt(18), (number, run.text)  # type: ignore[attr-defined]
        for shape in slide.shapes:
            height = sum(row.height for row in shape.table.rows) if shape.has_table else shape.height
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= deck.slide_width and shape.top + height <= deck.slide_height, number


def test_slides_carry_the_course_data(decks: dict[str, Path]) -> None:
    rubric = default_rubric()
    two_day = _deck_text(decks["two-day"])
    for lesson in rubric.lessons:
        assert lesson.title in two_day
    for element in rubric.elements:
        assert element.title in two_day
    for lesson in rubric.lessons:  # each lesson's page gives its key points in the lessons session
        assert all(point in two_day for point in key_points(lesson.learn_more.split(".html")[0]))
    for question in decision_questions().questions:
        assert question.text in two_day
    for name in default_questionnaire().level_names.values():
        assert name in two_day
    for page in ("agreements", "brokering", "risk", "regulators", "disputes", "review", "moving-on"):
        points = key_points(f"book/running/{page}")
        assert points and all(point in two_day for point in points), page
    for case in ("farm-prices-by-text", "island-early-warning", "maternal-health-messaging"):
        names = organisations(f"case_studies/{case}/index")
        assert len(names) >= 3 and all(name in two_day for name in names), case
    half = _deck_text(decks["half-day"])
    assert "Book Running" not in half and "{doc}" not in two_day and "{ref}" not in two_day


def test_weights_diagram_draws_the_rubric_points(decks: dict[str, Path]) -> None:
    rubric = default_rubric()
    deck = _open(decks["one-day"])
    slide = next(s for s in deck.slides if _texts(s)[0] == "How the scorer weighs them (points of 100)")
    texts = _texts(slide)
    for element in rubric.elements:
        label = texts.index(element.label)
        assert texts[label + 1] == f"{rubric.element_points(element.key):g}"
    bars = [shape for shape in slide.shapes if not shape.has_text_frame or not shape.text_frame.text]
    widths = [bar.width for bar in bars]
    assert widths == sorted(widths, reverse=True) and len(widths) == len(rubric.elements)


def test_numbering_continues_across_split_slides(decks: dict[str, Path]) -> None:
    deck = _open(decks["half-day"])
    parts = [s for s in deck.slides if _texts(s)[0].startswith("The decision aid's questions")]
    assert len(parts) == 2
    numbers = [int(line.split(".")[0]) for slide in parts for line in _texts(slide)[1].splitlines()]
    assert numbers == list(range(1, len(decision_questions().questions) + 1))


def test_same_data_gives_the_same_bytes(decks: dict[str, Path], tmp_path: Path) -> None:
    again = {path.stem.removeprefix("workshop-"): path for path in write_decks(tmp_path)}
    for agenda_id, path in decks.items():
        assert again[agenda_id].read_bytes() == path.read_bytes()
    properties = _open(decks["half-day"]).core_properties
    assert properties.created == properties.modified == FIXED_DATE.replace(tzinfo=None)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--output", str(tmp_path), "--only", "half-day"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["workshop-half-day.pptx"]
    assert "workshop-half-day.pptx" in capsys.readouterr().out
    assert main(["--output", str(tmp_path), "--only", "three-day"]) == 1
    assert "no agenda three-day" in capsys.readouterr().err
