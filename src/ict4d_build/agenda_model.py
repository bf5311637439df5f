"""Workshop agendas: ``data/agendas.yaml`` and its session library as frozen objects, checked on load.

The trainers' guide prints its agenda tables from these objects and the slide decks take their
sessions and timings from them, so the two always agree. Times are computed from the day's start
and each session's minutes; nothing here types a clock time.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

AGENDAS = Path(__file__).parent / "data" / "agendas.yaml"
SESSIONS = Path(__file__).parent / "data" / "agenda-sessions"
KINDS = ("welcome", "input", "exercise", "case", "break", "close", "evaluation", "buffer")


class AgendaError(ValueError):
    """The agenda data breaks a rule; the message names the agenda, day or session."""


@dataclass(frozen=True)
class Step:
    minutes: int
    what: str


@dataclass(frozen=True)
class Session:
    id: str
    kind: str
    title: str
    minutes: int
    steps: tuple[Step, ...]
    pages: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    questions: tuple[int, ...] = ()
    points: tuple[str, ...] = ()
    facilitator: str = ""
    case: str = ""

    @property
    def materials(self) -> tuple[str, ...]:
        """Every page the session uses: its pages, then its cases (and a shared case)."""
        extra = (self.case,) if self.case and self.case not in self.cases else ()
        return self.pages + self.cases + extra


@dataclass(frozen=True)
class Slot:
    """A session placed in a day: its start and end in minutes after midnight."""

    session: Session
    start: int
    end: int

    @property
    def times(self) -> str:
        return f"{clock(self.start)}–{clock(self.end)}"


@dataclass(frozen=True)
class Day:
    title: str
    slots: tuple[Slot, ...]

    @property
    def minutes(self) -> int:
        return self.slots[-1].end - self.slots[0].start

    def minutes_of(self, *kinds: str) -> int:
        return sum(slot.session.minutes for slot in self.slots if slot.session.kind in kinds)


@dataclass(frozen=True)
class Agenda:
    id: str
    title: str
    summary: str
    days: tuple[Day, ...]

    @property
    def sessions(self) -> tuple[Session, ...]:
        return tuple(slot.session for day in self.days for slot in day.slots)


@dataclass(frozen=True)
class AgendaBook:
    """Everything in agendas.yaml: the agendas, the group roles and the evaluation questions."""

    agendas: tuple[Agenda, ...]
    roles: tuple[tuple[str, str], ...]
    evaluation_questions: tuple[str, ...]

    def agenda(self, agenda_id: str) -> Agenda:
        for agenda in self.agendas:
            if agenda.id == agenda_id:
                return agenda
        raise AgendaError(f"no agenda {agenda_id!r} (known: {', '.join(a.id for a in self.agendas)})")


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duration(minutes: int) -> str:
    """'3 h 35 min', '45 min', '7 h'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _text(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise AgendaError(f"{where}: expected some text")
    return " ".join(raw.split())


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise AgendaError(f"{where}: expected a list")
    return tuple(_text(item, f"{where}[{index}]") for index, item in enumerate(raw))


def _minutes(raw: Any, where: str) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or raw <= 0:
        raise AgendaError(f"{where}: minutes must be a whole number above 0, not {raw!r}")
    return raw


def _step(raw: Any, where: str) -> Step:
    if not isinstance(raw, dict) or set(raw) != {"minutes", "what"}:
        fields = ", ".join(sorted(raw)) if isinstance(raw, dict) else type(raw).__name__
        raise AgendaError(f"{where}: expected exactly minutes and what, not {fields} (quote a text that holds commas)")
    return Step(_minutes(raw["minutes"], where), _text(raw["what"], where))


def _session(key: str, raw: Any) -> Session:
    where = f"session {key!r}"
    if not isinstance(raw, dict):
        raise AgendaError(f"{where}: expected a mapping")
    unknown = set(raw) - {"kind", "title", "minutes", "steps", "pages", "cases", "questions", "points", "facilitator", "case"}
    if unknown:
        raise AgendaError(f"{where}: unknown fields {', '.join(sorted(unknown))}")
    if raw.get("kind") not in KINDS:
        raise AgendaError(f"{where}: kind must be one of {', '.join(KINDS)}, not {raw.get('kind')!r}")
    steps = tuple(_step(step, f"{where} step {n}") for n, step in enumerate(raw.get("steps") or [], start=1))
    minutes = _minutes(raw.get("minutes"), where)
    if not steps or sum(step.minutes for step in steps) != minutes:
        raise AgendaError(f"{where}: its steps add up to {sum(s.minutes for s in steps)} minutes, not {minutes}")
    questions = tuple(raw.get("questions") or ())
    if any(not isinstance(q, int) or q < 1 for q in questions):
        raise AgendaError(f"{where}: questions must be discussion question numbers (1, 2, ...)")
    return Session(id=key, kind=raw["kind"], title=_text(raw.get("title"), where), minutes=minutes, steps=steps,
                   pages=_strings(raw.get("pages"), f"{where} pages"), cases=_strings(raw.get("cases"), f"{where} cases"),
                   questions=questions, points=_strings(raw.get("points"), f"{where} points"),
                   facilitator=_text(raw["facilitator"], where) if raw.get("facilitator") else "",
                   case=_text(raw["case"], where) if raw.get("case") else "")


def _start(raw: Any) -> int:
    try:
        hours, minutes = (int(part) for part in str(raw).split(":"))
    except ValueError:
        raise AgendaError(f"start must be a time such as '09:00', not {raw!r}") from None
    return hours * 60 + minutes


def parse_agendas(data: Any, root: Path | None = None) -> AgendaBook:
    """Build and check the agendas; with `root` (the book's folder), every page must exist there."""
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise AgendaError("agendas: expected a mapping with schema_version: 1")
    sessions = {key: _session(str(key), raw) for key, raw in (data.get("sessions") or {}).items()}
    start = _start(data.get("start", "09:00"))
    agendas = []
    for raw in data.get("agendas") or []:
        days = []
        for number, raw_day in enumerate(raw.get("days") or [], start=1):
            slots, clock_at = [], start
            for key in raw_day.get("sessions") or []:
                if key not in sessions:
                    raise AgendaError(f"agenda {raw.get('id')!r}, day {number}: no session {key!r}")
                slots.append(Slot(sessions[key], clock_at, clock_at + sessions[key].minutes))
                clock_at += sessions[key].minutes
            if not slots:
                raise AgendaError(f"agenda {raw.get('id')!r}, day {number}: no sessions")
            days.append(Day(_text(raw_day.get("title"), f"agenda {raw.get('id')!r} day {number}"), tuple(slots)))
        agendas.append(Agenda(_text(raw.get("id"), "agenda id"), _text(raw.get("title"), "agenda title"),
                              _text(raw.get("summary"), "agenda summary"), tuple(days)))
    if root is not None:
        for session in sessions.values():
            missing = [page for page in session.materials if not (root / f"{page}.md").is_file()]
            if missing:
                raise AgendaError(f"session {session.id!r}: no page {', '.join(missing)} in {root}")
    roles = tuple((_text(r.get("name"), "role"), _text(r.get("job"), "role")) for r in data.get("roles") or [])
    return AgendaBook(tuple(agendas), roles, _strings(data.get("evaluation_questions"), "evaluation_questions"))


@cache
def _read(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def source_files(path: Path = AGENDAS, sessions: Path = SESSIONS) -> list[Path]:
    """The agenda file and every session file, in the order they are read."""
    return [path, *sorted(sessions.glob("*.yaml"))]


def read_agenda_data(path: Path = AGENDAS, sessions: Path = SESSIONS) -> dict[str, Any]:
    """The agendas with the session library merged in (a fresh copy: callers may change it)."""
    data = copy.deepcopy(_read(path))
    if not isinstance(data, dict):
        raise AgendaError(f"{path.name}: expected a mapping")
    library = dict(data.get("sessions") or {})
    for source in source_files(path, sessions)[1:]:
        raw = _read(source)
        if not isinstance(raw, dict) or raw.get("schema_version") != 1 or not isinstance(raw.get("sessions"), dict):
            raise AgendaError(f"{source.name}: expected schema_version: 1 and a mapping of sessions")
        for key, session in raw["sessions"].items():
            if key in library:
                raise AgendaError(f"{source.name}: session {key!r} is defined twice")
            library[key] = copy.deepcopy(session)
    data["sessions"] = library
    return data


def load_agendas(path: Path = AGENDAS, root: Path | None = None, sessions: Path = SESSIONS) -> AgendaBook:
    """The agendas in `path` with the sessions in `sessions` (the course's own by default), checked."""
    return parse_agendas(read_agenda_data(path, sessions), root)
