"""The rules every workshop agenda keeps, checked from the data (and printed in the trainers' guide).

They come from running the course with government officials working in a second language: time
to get laptops going, cases read in the room, exercise 3 with a full hour of group work, a close
and an evaluation every day, and one shared partnership for a health check.
"""

from __future__ import annotations

from .agenda_model import Agenda, AgendaBook, Day, Session

RUNNING_PAGES = ("agreements", "brokering", "risk", "regulators", "disputes", "review", "moving-on")
EXERCISE_3 = "exercises/03-design-a-partnership"
MAX_WITHOUT_BREAK = 120
CASE_PAIR_MINUTES = 40
SINGLE_CASE_MINUTES = 25

RULES = (
    "Each day starts with time to get laptops running, and ends with a close and then an evaluation.",
    f"No more than {MAX_WITHOUT_BREAK // 60} hours pass without a break.",
    "Exercise 3 has at least an hour of group work in the builder.",
    f"Cases are read in the room: a case session starts with reading, and a case pair then keeps at least "
    f"{CASE_PAIR_MINUTES} minutes for its stories, questions and points ({SINGLE_CASE_MINUTES} for one case).",
    "A health check rates one shared partnership, which the room has read that day.",
    "The last day of a two-day workshop uses every page of 'Running a partnership'.",
)


def _reading(session: Session) -> int:
    first = session.steps[0]
    return first.minutes if "read" in first.what.lower() and "in the room" in first.what.lower() else 0


def _day_problems(where: str, day: Day) -> list[str]:
    problems = []
    kinds = [slot.session.kind for slot in day.slots]
    if kinds[0] != "buffer":
        problems.append(f"{where} does not start with time to get laptops running (a buffer)")
    if kinds[-2:] != ["close", "evaluation"]:
        problems.append(f"{where} does not end with a close and then an evaluation")
    run = 0
    for slot in day.slots:
        run = 0 if slot.session.kind == "break" else run + slot.session.minutes
        if run > MAX_WITHOUT_BREAK:
            problems.append(f"{where}: {run} minutes without a break by the end of {slot.session.title!r}")
            break
    for slot in day.slots:
        session = slot.session
        if EXERCISE_3 in session.pages and max(step.minutes for step in session.steps) < 60:
            problems.append(f"{where}: exercise 3 has less than an hour of group work")
        if session.kind == "case":
            reading = _reading(session)
            needed = CASE_PAIR_MINUTES if len(session.cases) > 1 else SINGLE_CASE_MINUTES
            if not reading:
                problems.append(f"{where}: {session.title!r} does not start with reading in the room")
            elif session.minutes - reading < needed:
                problems.append(f"{where}: {session.title!r} keeps {session.minutes - reading} minutes after reading, "
                                f"less than {needed}")
        if session.case:
            read_today = {case for s in day.slots for case in s.session.cases}
            if session.case not in read_today:
                problems.append(f"{where}: {session.title!r} rates {session.case}, which no case session that day reads")
    return problems


def agenda_problems(agenda: Agenda) -> list[str]:
    """Every rule `agenda` breaks, one sentence each (an empty list when it keeps them all)."""
    problems = []
    for _number, day in enumerate(agenda.days, start=1):
        where = f"{agenda.title}, {day.title}" if len(agenda.days) > 1 else agenda.title
        problems += _day_problems(where, day)
    if len(agenda.days) > 1:
        used = {page for slot in agenda.days[-1].slots for page in slot.session.pages}
        missing = [page for page in RUNNING_PAGES if f"book/running/{page}" not in used]
        if missing:
            problems.append(f"{agenda.title}, {agenda.days[-1].title} does not use the running pages {', '.join(missing)}")
    return problems


def all_problems(book: AgendaBook) -> list[str]:
    return [problem for agenda in book.agendas for problem in agenda_problems(agenda)]
