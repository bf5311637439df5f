"""Parts 1 and 2 of the facilitator pack: the agendas' timings, and a script for every session.

Sessions come from ``data/agendas.yaml`` (titles, minutes, steps, what the slide says, the
facilitator's notes), in the order they first appear in the agendas; the script adds the key
points of the pages a session uses, the cases' discussion questions, and the trainers' guide's
notes on each exercise. The guide's sentences about the model answer are kept back for the
trainer section at the end (``guide_notes`` splits them off).
"""

from __future__ import annotations

import re
from pathlib import Path

from .agenda_markdown import day_totals
from .agenda_model import AgendaBook, Session, Slot
from .facilitator_data import exercise_pages
from .facilitator_model import Part, bold_lead, heading, items
from .page_blocks import Block, Grid, Para, base_of, blocks, inline, page_text, section
from .slide_content import ROOT, discussion_questions, key_points, page_title
from .slide_plan import KIND_LABELS
from .template_model import Table

GUIDE = "book/trainers-guide"
ANSWER_LEAD = "**The model answer**"
# Exercise pages without a number, and the guide's section that scripts each.
GUIDE_SECTIONS = {"exercises/trainer-cohort": "A 20-minute debrief",
                  "exercises/health-check": "Facilitating the conversation"}


def guide_notes(root: Path = ROOT) -> dict[str, tuple[str, str]]:
    """For each exercise page: the guide's facilitation note, and its sentences on the model answer."""
    notes: dict[str, tuple[str, str]] = {}
    pages = exercise_pages(root)
    for line in page_text(GUIDE, root).splitlines():
        match = re.match(r"^### Exercise (\d+):", line)
        if not match:
            continue
        page = next((p for p in pages if p.startswith(f"exercises/{int(match.group(1)):02d}-")), None)
        if page is None:
            continue
        text = " ".join(section(GUIDE, line[4:].strip(), root, level=3).split())
        script, _, answer = text.partition(ANSWER_LEAD)
        notes[page] = (script.strip(), f"{ANSWER_LEAD}{answer}".strip() if answer else "")
    for page, title in GUIDE_SECTIONS.items():
        notes[page] = (section(GUIDE, title, root, level=3), "")
    return notes


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def timings(book: AgendaBook) -> Part:
    """Each agenda's day or days as a table of times, sessions and minutes, with the day's totals."""
    out: list[Block] = [Para("The times assume a 09:00 start; move them as you need. Breaks and the time to set up "
                              "laptops are part of the plan, not spare time.")]
    for agenda in book.agendas:
        out += [heading(agenda.title), Para(agenda.summary)]
        for day in agenda.days:
            if len(agenda.days) > 1:
                out.append(heading(day.title, 3))
            rows = tuple((slot.times, slot.session.title, str(slot.session.minutes)) for slot in day.slots)
            out += [Grid(Table(("Time", "Session", "Minutes"), rows, widths=(3.0, 12.0, 2.0))),
                    Para(inline(day_totals(day)), style="Guidance")]
    return Part("Part 1. Timings", tuple(out))


def _slots(book: AgendaBook) -> dict[str, list[tuple[str, Slot]]]:
    """Each session id, in order of first appearance, with every (agenda title, slot) that uses it."""
    used: dict[str, list[tuple[str, Slot]]] = {}
    for agenda in book.agendas:
        for number, day in enumerate(agenda.days, start=1):
            where = agenda.title if len(agenda.days) == 1 else f"{agenda.title}, day {number}"
            for slot in day.slots:
                used.setdefault(slot.session.id, []).append((where, slot))
    return used


def _materials(session: Session, root: Path) -> list[Block]:
    out: list[Block] = []
    for page in session.pages:
        points = key_points(page, root)
        if points and session.kind in ("input", "welcome", "close"):
            out += [heading(f"Points to make: {page_title(page, root)}", 3), items(points)]
    for case in session.cases:
        questions = discussion_questions(case, session.questions, root) if session.questions else ()
        if questions:
            out += [heading(f"Questions for the groups: {page_title(case, root)}", 3), items(questions, numbered=True)]
    return out


def session_script(session: Session, uses: list[tuple[str, Slot]], notes: dict[str, tuple[str, str]],
                   root: Path = ROOT) -> tuple[Block, ...]:
    """One session's script: where it sits, its time plan, what to say and ask, and the guide's notes."""
    kind = KIND_LABELS.get(session.kind, session.kind)
    out: list[Block] = [heading(f"{session.title} ({session.minutes} min)"),
                        bold_lead(f"{kind}.", "Used in: " + "; ".join(f"{where}, {slot.times}" for where, slot in uses) + ".")]
    if session.materials:
        out.append(bold_lead("Course pages:", _sentence("; ".join(page_title(page, root) for page in session.materials))))
    steps = tuple((str(step.minutes), step.what[:1].upper() + step.what[1:]) for step in session.steps)
    out.append(Grid(Table(("Minutes", "What happens"), steps, widths=(2.0, 15.0))))
    if session.points:
        out += [heading("On the screen", 3), items(session.points)]
    out += _materials(session, root)
    for page in session.pages:
        script = notes.get(page, ("", ""))[0]
        if script:
            out += [heading("From the trainers' guide", 3),
                    *blocks(script, base_of(GUIDE), root)]
        if page in exercise_pages(root):
            out.append(bold_lead("No laptop?", "Part 4 says what the group does on paper instead."))
    if session.facilitator:
        out.append(bold_lead("Your notes.", session.facilitator))
    return tuple(out)


def scripts(book: AgendaBook, root: Path = ROOT) -> Part:
    """One script for every session of every agenda, each session once, in order of first use."""
    notes = guide_notes(root)
    out: list[Block] = [Para("Each session appears once, with every agenda that uses it. The table gives its "
                             "time plan; the slides' speaker notes give the same timings.")]
    for uses in _slots(book).values():
        out += session_script(uses[0][1].session, uses, notes, root)
    return Part("Part 2. Session scripts", tuple(out))
