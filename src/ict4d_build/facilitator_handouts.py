"""Parts 3 to 6 of the facilitator pack: checklist, paper track, handouts and the trainer section.

The handouts print the exercise pages' own scenario, task and questions, the decision aid's
questions with their points (from ``ict4d_training/data/advice.yaml``), exercise 4's design in
plain language (``data/facilitator/pack.yaml``, checked against the design on the page) and the
design worksheet's sections. Model answers, from the pages' model answers, the guide's notes on
them and the cases' trainer notes, go only into the last part, for the trainer.
"""

from __future__ import annotations

from pathlib import Path

from ict4d_training.core.advice import DecisionQuestion, Weight, decision_questions

from .agenda_model import AgendaBook
from .facilitator_data import PackText, exercise_pages
from .facilitator_model import Break, PackBlock, Part, Sheet, bold_lead, heading, items, shifted
from .facilitator_scripts import guide_notes
from .page_blocks import Block, Grid, Para, base_of, between, blocks, section
from .slide_content import ROOT, page_title
from .template_model import Table, template_by_id

HANDOUT_PAGES = 6  # the numbered exercises have scenarios; the cohort and health-check pages do not


def numbered_exercises(root: Path = ROOT) -> tuple[str, ...]:
    return exercise_pages(root)[:HANDOUT_PAGES]


def checklist(pack: PackText) -> Part:
    out: list[PackBlock] = [Para("For a room of 20 to 30 people where the Wi-Fi is slow or missing. Tick each "
                                 "line a few days before the workshop, and again on the morning.")]
    for group in pack.checklist:
        out += [heading(group.heading), *(Para(f"\u2610  {item}") for item in group.items)]
    return Part("Part 3. Room and equipment checklist", tuple(out))


def paper_track(pack: PackText, root: Path = ROOT) -> Part:
    out: list[PackBlock] = [Para(
        "Some laptops cannot run the exercises: government laptops that block new software, or a venue with no "
        "internet and no Python for the offline package. A group without a working laptop does each exercise on "
        "paper, as below, and takes part in the same debrief. Nobody needs to wait for a laptop to be fixed.")]
    for page in exercise_pages(root):
        track = pack.track(page)
        out += [heading(page_title(page, root)), bold_lead("Print:", "; ".join(track.prints) + "."),
                items(track.steps, numbered=True)]
    return Part("Part 4. The paper track", tuple(out))


def scenario_handout(page: str, root: Path = ROOT) -> tuple[Block, ...]:
    """An exercise's scenario, its task and its reflection questions, as printed for participants."""
    base = base_of(page)
    task = between(section(page, "Your task", root), "{exercise-start}", "{exercise-end}")
    return (heading(page_title(page, root), 3),
            *shifted(blocks(section(page, "The scenario", root), base, root), 3),
            heading("Your task", 4), *shifted(blocks(task, base, root), 4),
            heading("Questions to discuss", 4), *shifted(blocks(section(page, "Reflection questions", root), base, root), 4))


def _weight(weight: Weight | None) -> str:
    return f"{weight.favours} +{weight.points:g}" if weight else "no points"


def _aid_row(number: int, question: DecisionQuestion) -> tuple[str, ...]:
    return (f"{number}. {question.text}", _weight(question.if_yes), _weight(question.if_no), question.if_unsure)


def decision_aid_handout() -> tuple[Block, ...]:
    questions = decision_questions()
    rows = tuple(_aid_row(number, question) for number, question in enumerate(questions.questions, start=1))
    return (heading("Handout 2. Partnership or contract? The decision aid's questions"),
            Para("Answer each question for the initiative: circle yes, no or unsure. Choose unsure when you do not "
                 "know. Each answer adds points to one side: the contract or the partnership."),
            Grid(Table(("Question", "Yes", "No", "Unsure: check this first"), rows, widths=(7.0, 2.5, 2.5, 5.0))),
            Para(f"**Add up the points.** If one side has at least {questions.margin:g} points more than the other, "
                 "the aid recommends that side. Otherwise it says \"either\": the answers point both ways."),
            Grid(Table(("", "Points for a contract", "Points for a partnership"), (("Total",),), widths=(5.0, 6.0, 6.0))),
            Para("**What we agree.** What the aid recommends, and whether we agree; which parts could be bought "
                 "through a contract; what to find out next, and whom to ask."))


def flawed_design_handout(pack: PackText) -> tuple[Block, ...]:
    return (heading(f"Handout 3. {pack.flawed_title}"),
            Para("Exercise 4. The ministry and the company call this plan a partnership. Your group looks for what "
                 "is missing.", style="Guidance"),
            *(Para(text) for text in pack.flawed_paragraphs))


def design_sheet_handout() -> tuple[PackBlock, ...]:
    template = template_by_id("design-worksheet")
    return (heading(f"Handout 4. {template.title}"),
            Para(template.summary, style="Guidance"),
            *(Para(text, style="Guidance") for text in template.how_to_use),
            Para(f"The same sheet is a Word template of its own: templates/{template.filename} on the course site.",
                 style="Guidance"),
            *(Sheet(item) for item in template.sections))


def handouts(pack: PackText, root: Path = ROOT) -> Part:
    out: list[PackBlock] = [Para("Each handout starts on a new page. Print the pages you need for the agenda "
                                 "you run; Part 3 says how many copies.")]
    out.append(heading("Handout 1. The exercises' scenarios and tasks"))
    for number, page in enumerate(numbered_exercises(root)):
        out += [*([Break()] if number else []), *scenario_handout(page, root)]
    out += [Break(), *decision_aid_handout(), Break(), *flawed_design_handout(pack), Break(), *design_sheet_handout()]
    return Part("Part 5. Handouts", tuple(out))


def model_answer(page: str, root: Path = ROOT) -> tuple[Block, ...]:
    body = between(section(page, "Model answer", root), "{solution-start}", "{solution-end}")
    return blocks(body, base_of(page), root)


def _cases(book: AgendaBook) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for agenda in book.agendas:
        for session in agenda.sessions:
            for case in (*session.cases, session.case):
                if case:
                    seen.setdefault(case, None)
    return tuple(seen)


def trainer_section(book: AgendaBook, root: Path = ROOT) -> Part:
    notes = guide_notes(root)
    out: list[PackBlock] = [Para(
        "For the trainer only. Do not print this part for participants. Show a model answer only after the groups "
        "have reported back: there is more than one good answer, and what matters is the reasoning.")]
    for page in numbered_exercises(root):
        out.append(heading(f"Model answer: {page_title(page, root)}"))
        if notes.get(page, ("", ""))[1]:
            out += blocks(notes[page][1], "book", root)
        out += shifted(model_answer(page, root), 2)
    for case in _cases(book):
        out += [heading(f"Trainer notes: {page_title(case, root)}"),
                *shifted(blocks(section(case, "Trainer notes", root), base_of(case), root), 2)]
    return Part("Part 6. For the trainer only: model answers and trainer notes", tuple(out), trainer_only=True)
