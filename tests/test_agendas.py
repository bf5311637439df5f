"""The workshop agendas (src/ict4d_build/data/agendas.yaml): totals, the rules every agenda keeps,
the loader's checks, and the generated tables in the built trainers' guide."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pptx import Presentation
from ruamel.yaml import YAML

from ict4d_build.agenda_markdown import agenda_markdown, day_totals
from ict4d_build.agenda_model import (
    KINDS,
    AgendaBook,
    AgendaError,
    duration,
    load_agendas,
    parse_agendas,
    read_agenda_data,
    source_files,
)
from ict4d_build.agenda_rules import RUNNING_PAGES, agenda_problems, all_problems
from ict4d_build.slide_content import organisations

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def book() -> AgendaBook:
    return load_agendas(root=ROOT)


def _raw() -> Any:
    return read_agenda_data()


def test_three_agendas_keep_every_rule(book: AgendaBook) -> None:
    assert [agenda.id for agenda in book.agendas] == ["half-day", "one-day", "two-day"]
    assert [len(agenda.days) for agenda in book.agendas] == [1, 1, 2]
    assert all_problems(book) == []


def test_every_day_starts_with_a_buffer_and_ends_with_close_then_evaluation(book: AgendaBook) -> None:
    for agenda in book.agendas:
        for day in agenda.days:
            kinds = [slot.session.kind for slot in day.slots]
            assert kinds[0] == "buffer", (agenda.id, day.title)
            assert kinds[-2:] == ["close", "evaluation"], (agenda.id, day.title)


def test_times_follow_from_minutes_without_gaps(book: AgendaBook) -> None:
    for agenda in book.agendas:
        for day in agenda.days:
            assert day.slots[0].start == 9 * 60
            for before, after in zip(day.slots, day.slots[1:], strict=False):
                assert before.end == after.start
            assert day.minutes == sum(slot.session.minutes for slot in day.slots)
            for slot in day.slots:
                assert sum(step.minutes for step in slot.session.steps) == slot.session.minutes


def test_totals_are_computed_and_days_are_not_over_long(book: AgendaBook) -> None:
    half = book.agenda("half-day").days[0]
    assert half.minutes == 215 and half.slots[-1].times == "12:25–12:35"
    for agenda in book.agendas:
        for day in agenda.days:
            assert day.minutes <= 7.5 * 60, (agenda.id, day.title)
            assert day.minutes_of("buffer") >= 15
            assert day.minutes_of(*KINDS) == day.minutes
            totals = day_totals(day)
            assert duration(day.minutes) in totals and duration(day.minutes_of("break")) in totals


def test_exercise_3_has_a_full_hour_of_group_work(book: AgendaBook) -> None:
    found = 0
    for agenda in book.agendas:
        for session in agenda.sessions:
            if "exercises/03-design-a-partnership" in session.pages:
                found += 1
                assert session.minutes >= 60
                assert max(step.minutes for step in session.steps) >= 60
    assert found == 2  # one-day and two-day


def test_last_day_of_two_days_uses_every_running_page_and_one_shared_partnership(book: AgendaBook) -> None:
    day_two = book.agenda("two-day").days[1]
    pages = {page for slot in day_two.slots for page in slot.session.pages}
    assert {f"book/running/{page}" for page in RUNNING_PAGES} <= pages
    checks = [slot.session for slot in day_two.slots if slot.session.case]
    assert len(checks) == 1
    read = {case for slot in day_two.slots for case in slot.session.cases}
    assert checks[0].case in read
    # the script gives each group one of the shared case's partners: as many as the case names
    assert "one of the case's six partners" in checks[0].steps[0].what
    assert len(organisations(checks[0].case)) == 6


def test_case_sessions_read_in_the_room_and_keep_the_40_minute_rule(book: AgendaBook) -> None:
    cases = {session.id: session for agenda in book.agendas for session in agenda.sessions if session.kind == "case"}
    assert cases
    for session in cases.values():
        first = session.steps[0]
        assert "reading in the room" in first.what or "reads the case in the room" in first.what
        if len(session.cases) > 1:
            assert session.minutes - first.minutes >= 40


def test_rules_catch_a_day_without_evaluation_or_buffer(book: AgendaBook) -> None:
    raw = _raw()
    day = raw["agendas"][0]["days"][0]
    day["sessions"] = [s for s in day["sessions"] if s not in ("arrival", "evaluation")]
    problems = agenda_problems(parse_agendas(raw).agenda("half-day"))
    assert any("laptops running" in p for p in problems)
    assert any("close and then an evaluation" in p for p in problems)


def test_rules_catch_a_short_exercise_3_and_a_crammed_case_pair() -> None:
    raw = _raw()
    raw["sessions"]["ex3"]["steps"] = [{"minutes": 20, "what": "reading"}, {"minutes": 45, "what": "group work"},
                                       {"minutes": 15, "what": "hand in"}]
    raw["sessions"]["case-pair-sectors"]["minutes"] = 45
    raw["sessions"]["case-pair-sectors"]["steps"][2]["minutes"] = 10
    problems = all_problems(parse_agendas(raw))
    assert any("less than an hour of group work" in p for p in problems)
    assert any("less than 40" in p for p in problems)


def test_rules_catch_a_second_day_missing_a_running_page_and_a_long_stretch() -> None:
    raw = _raw()
    day_two = raw["agendas"][2]["days"][1]["sessions"]
    day_two.remove("moving-on")
    day_two.remove("break")  # the first break of the day
    problems = agenda_problems(parse_agendas(raw).agenda("two-day"))
    assert any("moving-on" in p for p in problems)
    assert any("without a break" in p for p in problems)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["sessions"]["ex1"].update(minutes=61), "add up to 60 minutes, not 61"),
        (lambda raw: raw["sessions"]["ex1"].update(kind="lecture"), "kind must be one of"),
        (lambda raw: raw["sessions"]["ex1"]["steps"][0].update(extra="x"), "quote a text that holds commas"),
        (lambda raw: raw["agendas"][0]["days"][0]["sessions"].append("nap"), "no session 'nap'"),
        (lambda raw: raw.update(start="nine"), "start must be a time"),
    ],
)
def test_loader_explains_bad_data(change: Any, message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(AgendaError, match=re.escape(message)):
        parse_agendas(raw)


def test_a_session_defined_twice_is_refused(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    twice = "schema_version: 1\nsessions:\n  break: {kind: break, title: Tea, minutes: 5, steps: [{minutes: 5, what: tea}]}\n"
    (sessions / "a.yaml").write_text(twice, encoding="utf-8")
    (sessions / "b.yaml").write_text(twice, encoding="utf-8")
    with pytest.raises(AgendaError, match="session 'break' is defined twice"):
        read_agenda_data(sessions=sessions)


def test_every_file_stays_short() -> None:
    for path in source_files():
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path


def test_loader_checks_pages_exist(tmp_path: Path) -> None:
    with pytest.raises(AgendaError, match="no page"):
        parse_agendas(_raw(), root=tmp_path)


def test_markdown_links_every_material(book: AgendaBook) -> None:
    text = agenda_markdown(book.agenda("two-day"))
    for session in book.agenda("two-day").sessions:
        for page in session.materials:
            assert f"{{doc}}`/{page}`" in text
    assert text.count("| Time | Session | Materials |") == 2


def test_trainers_guide_shows_generated_tables_and_links_to_decks(built_site: Path, book: AgendaBook) -> None:
    course = YAML(typ="safe", pure=True).load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    page = built_site / "book" / "trainers-guide.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for agenda in book.agendas:
        holder = soup.find(id=f"workshop-agenda-{agenda.id}")
        assert holder is not None, agenda.id
        tables = holder.find_all("table")
        assert len(tables) == len(agenda.days)
        for table, day in zip(tables, agenda.days, strict=True):
            rows = table.find_all("tr")[1:]
            assert [row.find("td").get_text(strip=True) for row in rows] == [slot.times for slot in day.slots]
            assert f"{duration(day.minutes)} in all" in holder.get_text()
        link = holder.find("a", class_="workshop-slides-download")
        assert link is not None and re.fullmatch(r"Download the slides \(\.pptx, \d+ KB\)", link.get_text(strip=True))
        target = (page.parent / link["href"]).resolve()
        assert target.is_file() and target.name == f"workshop-{agenda.id}.pptx"
        deck = Presentation(str(target))  # the course's title from _config.yml, not Sphinx's placeholder
        assert deck.core_properties.title == f"{course}: {agenda.title}"
    rules = soup.find(class_="workshop-agenda-rules")
    assert rules is not None and "exercise 3" in rules.get_text().lower()
