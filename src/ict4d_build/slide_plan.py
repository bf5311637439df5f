"""What each workshop deck says: one section per session, its slides and the facilitator's script.

Pure data, no PowerPoint: :mod:`ict4d_build.slides_pptx` draws these. Every slide's text comes
from the agenda data or the course's own data and pages (the rubric's lessons and elements, the
decision aid's questions, the health check's levels, the pages' key points and questions), so the
decks change when the course does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ict4d_training.core.advice import decision_questions
from ict4d_training.core.health import default_questionnaire
from ict4d_training.core.rubric import default_rubric

from .agenda_model import Agenda, AgendaBook, Slot, clock, duration
from .slide_content import ROOT, discussion_questions, key_points, organisations, outline, questions_to_ask

OPENING_ASKS = {"buffer": "Can every group open the page? Raise a hand if not.",
                "welcome": "What do you hope to take back to your work from today?",
                "input": "Who has seen this in their own work?",
                "exercise": "Who is the facilitator, the note-taker and the devil's advocate in each group?",
                "case": "Does every group have its case on paper?",
                "close": "What is one change you will make at work?",
                "evaluation": "Does everyone have a form and a pen?"}
KIND_LABELS = {"welcome": "Welcome", "input": "Input", "exercise": "Exercise", "case": "Case study", "break": "Break",
               "close": "Close", "evaluation": "Evaluation", "buffer": "Getting ready"}


@dataclass(frozen=True)
class Slide:
    title: str
    notes: str
    subtitle: str = ""
    bullets: tuple[str, ...] = ()
    numbered: bool = False
    first_number: int = 1
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    bars: tuple[tuple[str, float], ...] = ()  # label, value: a bar diagram
    section_start: bool = False


@dataclass(frozen=True)
class Section:
    name: str
    slot: Slot
    slides: tuple[Slide, ...]


@dataclass(frozen=True)
class Deck:
    agenda: Agenda
    title_slide: Slide
    sections: tuple[Section, ...]

    @property
    def slides(self) -> tuple[Slide, ...]:
        return (self.title_slide, *tuple(slide for section in self.sections for slide in section.slides))


def timing_notes(slot: Slot) -> str:
    """The session's timings, as the speaker notes give them (the tests read the same lines)."""
    session = slot.session
    lines = [f"Timing: {slot.times} ({session.minutes} minutes)."]
    at = slot.start
    for step in session.steps:
        lines.append(f"- {step.minutes} min ({clock(at)}): {step.what}.")
        at += step.minutes
    return "\n".join(lines)


def _within(slot: Slot) -> str:
    return f"Time: within '{slot.session.title}', {slot.times} ({slot.session.minutes} minutes)."


def _notes(slot: Slot, say: str, ask: str = "") -> str:
    lines = [f"Say: {say}"]
    if ask:
        lines.append(f"Ask: {ask}")
    lines.append(_within(slot))
    return "\n".join(lines)


def _page_slides(slot: Slot, docname: str, book: AgendaBook, root: Path) -> list[Slide]:
    page = outline(docname, root)
    slides: list[Slide] = []
    rubric = default_rubric()
    if docname == "book/lessons/index":
        slides.append(Slide("The six lessons from research", bullets=tuple(lesson.title for lesson in rubric.lessons),
                            numbered=True, notes=_notes(slot, "Six conclusions drawn from studies of real partnerships. "
                                                        "Read each one slowly and give one example from the region.",
                                                        "Which lesson does your own country most often forget?")))
        for number, lesson in enumerate(rubric.lessons, start=1):
            docname = lesson.learn_more.split(".html")[0]
            asks = questions_to_ask(docname, root)
            slides.append(Slide(f"Lesson {number}: {outline(docname, root).title}", subtitle="Key points",
                                bullets=key_points(docname, root),
                                notes=_notes(slot, f"Lesson {number} of {len(rubric.lessons)}, about two minutes. Read each "
                                             "point slowly; give one example from the region.",
                                             asks[0] if asks else "Where have you seen this?")))
    elif docname == "book/elements/index":
        bars = tuple((element.label, rubric.element_points(element.key)) for element in rubric.elements)
        slides.append(Slide("The eight key elements, in the note's order", bullets=tuple(e.title for e in rubric.elements),
                            numbered=True, notes=_notes(slot, "The CTO note lists eight key elements, roughly in order "
                                                        "of importance. Each has its own page in the course.",
                                                        "Which element is hardest to get right in your ministry?")))
        slides.append(Slide("How the scorer weighs them (points of 100)", bars=bars,
                            notes=_notes(slot, "These are the scorer's weights, the same numbers as the rubric tables in "
                                         "the course. They follow the note's order; every element still counts.",
                                         "Why might a design that does only the first three elements well still score low?")))
    elif docname == "book/running/index":
        slides.append(Slide("Running a partnership: the pages", bullets=page.items("The pages in this part"), numbered=True,
                            notes=_notes(slot, "Today follows these pages in order, with one shared partnership.")))
    elif docname == "exercises/index":
        slides.append(Slide("Three roles in every group", bullets=tuple(f"{name}: {job}" for name, job in book.roles),
                            notes=_notes(slot, "Every exercise uses these three roles. I give them out this time; "
                                         "then you rotate them, so everyone plays each role once.",
                                         "Who in your group will take notes for the first exercise?")))
    elif docname == "exercises/health-check":
        questionnaire = default_questionnaire()
        levels = sorted(questionnaire.level_names.items())
        rows = (("Level", "What it means"), *((str(level), name) for level, name in levels))
        slides.append(Slide("Rating each statement, 0 to 3", table=rows,
                            notes=_notes(slot, f"The health check has {len(questionnaire.items)} statements under the eight "
                                         "key elements. Rate what happens today, not what was planned, and give an example "
                                         "for every rating. An item you cannot judge stays 'not rated', never 0.",
                                         "What example would you give for a rating of 1?")))
        slides.append(Slide("What the statements cover", bullets=tuple(title for _, title in questionnaire.elements),
                            notes=_notes(slot, "The statements are grouped like the eight key elements. Everyone rates "
                                         "the same partnership, each group for its own partner.")))
    if docname == "book/partnership-or-contract":
        aid = decision_questions().questions
        half = (len(aid) + 1) // 2
        for part, chunk in enumerate((aid[:half], aid[half:]), start=1):
            slides.append(Slide(f"The decision aid's questions ({part} of 2)", bullets=tuple(q.text for q in chunk),
                                numbered=True, first_number=1 + (part - 1) * half,
                                notes=_notes(slot, "Each answer adds weight to a contract or to a partnership; 'unsure' "
                                             "adds a check to make before deciding. Exercise 1 uses these questions.",
                                             "Which of these questions would your ministry find hardest to answer?")))
    points = key_points(docname, root)
    if points:
        questions = questions_to_ask(docname, root)
        slides.append(Slide(page.title, subtitle="Key points", bullets=points,
                            notes=_notes(slot, f"Key points of the page '{page.title}'. Read each one, then say it again "
                                         "in other words; pause for interpretation.",
                                         questions[0] if questions else "What would this look like in your own work?")))
        if questions:
            slides.append(Slide(page.title, subtitle="Questions to ask your partners", bullets=questions,
                                notes=_notes(slot, "These questions are for participants to take back to their own "
                                             "partnerships.",
                                             "Which question would be most uncomfortable in your partnership, and why?")))
    return slides


def _case_slides(slot: Slot, root: Path) -> list[Slide]:
    session = slot.session
    slides = []
    for case in session.cases:
        page = outline(case, root)
        read = session.steps[0]
        discuss = next(step for step in session.steps if "discuss" in step.what)
        slides.append(Slide(page.title, subtitle="Read from 'The setting' to 'The outcome'",
                            bullets=organisations(case, root),
                            notes=_notes(slot, f"Reading in the room: {read.minutes} minutes. The organisations in this "
                                         "case are listed here; say who each one is. Keep the scorecard back until the "
                                         "groups have formed their own view.",
                                         "Which organisation would you have wanted at the table, and why?")))
        questions = discussion_questions(case, session.questions, root)
        slides.append(Slide(page.title, subtitle="Discuss in your group", bullets=questions, numbered=True,
                            notes=_notes(slot, f"{discuss.minutes} minutes on these questions; then each group reports "
                                         "one answer. Draw out the points in the case's trainer notes at the end.",
                                         "What would you do differently if this were your partnership?")))
    return slides


def _session_slides(slot: Slot, book: AgendaBook, day_slots: tuple[Slot, ...], root: Path) -> list[Slide]:
    session = slot.session
    plan = (("Minutes", "What happens"), *((str(step.minutes), step.what[:1].upper() + step.what[1:]) for step in session.steps))
    first = session.steps[0].what
    script = [f"Say: Next: {session.title}. We have {session.minutes} minutes, until {clock(slot.end)}. "
              f"First, {first}." if session.kind != "break" else f"Say: Break until {clock(slot.end)}. Please be back on time."]
    if session.kind in OPENING_ASKS:
        script.append(f"Ask: {OPENING_ASKS[session.kind]}")
    script.append(timing_notes(slot))
    if session.facilitator:
        script.append(f"Facilitator's notes: {session.facilitator}")
    kind = KIND_LABELS[session.kind]
    title = Slide(session.title, subtitle=f"{kind} · {slot.times} · {duration(session.minutes)}",
                  table=plan if len(session.steps) > 1 else (), section_start=True, notes="\n".join(script))
    slides = [title]
    if session.kind == "break":
        slides = [Slide(session.title, subtitle=f"Back at {clock(slot.end)}", section_start=True, notes="\n".join(script))]
        return slides
    if session.points:
        slides.append(Slide(session.title, subtitle="What we do", bullets=session.points,
                            notes=_notes(slot, "Read each line aloud; check that every group knows what to do before it starts.",
                                         "Is anything unclear before we start?")))
    if session.kind == "welcome":
        rows = (("Time", "Session"), *((s.times, s.session.title) for s in day_slots if s.start >= slot.start))
        slides.append(Slide("Today's plan", table=rows,
                            notes=_notes(slot, "This is the plan for the day, with the breaks. We keep to the times; "
                                         "if a session runs short, we use the time for questions.")))
    if session.kind == "close":
        titles = tuple(outline(page, root).title for page in session.pages)
        slides.append(Slide("Where to study next", bullets=titles,
                            notes=_notes(slot, "These pages are in the course, online and in the offline package. "
                                         "Say how participants can reach the course after today.",
                                         "Which page will you read first?")))
    else:
        for page in session.pages:
            slides += _page_slides(slot, page, book, root)
    if session.kind == "case":
        slides += _case_slides(slot, root)
    if session.kind == "evaluation":
        slides.append(Slide("Your evaluation", bullets=book.evaluation_questions, numbered=True,
                            notes=_notes(slot, "Please answer alone, in any language. The forms are anonymous: do not "
                                         "write your name. Thank you.")))
    return slides


def plan_deck(agenda: Agenda, book: AgendaBook, course: str, root: Path = ROOT) -> Deck:
    """The deck for one agenda: a title slide, then one section per session in agenda order."""
    days = tuple(f"{day.title}: {clock(day.slots[0].start)}–{clock(day.slots[-1].end)}" for day in agenda.days)
    title = Slide(agenda.title, subtitle=course, bullets=(agenda.summary, *days),
                  notes=f"Deck for the {agenda.title.lower()}: {len(agenda.sessions)} sessions. Each session starts with "
                        "a section slide; its speaker notes give the timings and the facilitator's script.")
    sections = []
    for number, day in enumerate(agenda.days, start=1):
        for slot in day.slots:
            prefix = f"Day {number} " if len(agenda.days) > 1 else ""
            name = f"{prefix}{slot.times} {slot.session.title}"
            sections.append(Section(name, slot, tuple(_session_slides(slot, book, day.slots, root))))
    return Deck(agenda, title, tuple(sections))
