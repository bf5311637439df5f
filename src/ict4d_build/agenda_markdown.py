"""The agendas as MyST Markdown, for the trainers' guide (book/_ext/agendas.py parses it)."""

from __future__ import annotations

from .agenda_model import Agenda, Day, clock, duration
from .agenda_rules import RULES


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _materials(pages: tuple[str, ...]) -> str:
    return ", ".join(f"{{doc}}`/{page}`" for page in pages) or "—"


def day_table(day: Day) -> str:
    rows = ["| Time | Session | Materials |", "|---|---|---|"]
    for slot in day.slots:
        session = slot.session
        title = f"**{_cell(session.title)}**" if session.kind != "break" else _cell(session.title)
        rows.append(f"| {slot.times} | {title} ({session.minutes} min) | {_materials(session.materials)} |")
    return "\n".join(rows)


def day_totals(day: Day) -> str:
    """One sentence of totals, all computed from the sessions' minutes."""
    return (f"*{clock(day.slots[0].start)}–{clock(day.slots[-1].end)}: {duration(day.minutes)} in all, of which "
            f"{duration(day.minutes_of('break'))} of breaks, {duration(day.minutes_of('buffer'))} to set up laptops, "
            f"{duration(day.minutes_of('exercise', 'case'))} of exercises and cases, "
            f"{duration(day.minutes_of('input'))} of input, and "
            f"{duration(day.minutes_of('welcome', 'close', 'evaluation'))} to open, close and evaluate.*")


def agenda_markdown(agenda: Agenda) -> str:
    parts = [agenda.summary, ""]
    for day in agenda.days:
        if len(agenda.days) > 1:
            parts += [f"**{day.title}**", ""]
        parts += [day_table(day), "", day_totals(day), ""]
    return "\n".join(parts)


def rules_markdown() -> str:
    return "\n".join(f"- {rule}" for rule in RULES)
