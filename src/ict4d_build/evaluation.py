"""Write the workshop evaluation form (.docx), one per agenda, from ``data/evaluation.yaml``.

    python -m ict4d_build.evaluation --output DIR [--agenda one-day ...]

The form is anonymous. Its questions are data (``data/evaluation.yaml``, checked against a small
schema below); the rows of "Each session" come from the agenda, so each agenda's form names the
sessions that agenda holds. The book writes the three forms while it builds
(book/_ext/workshop_documents.py).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import fastjsonschema
from ruamel.yaml import YAML

from .agenda_model import Agenda, load_agendas
from .docx_writer import GUIDANCE, add_fields, add_table
from .template_model import Field, Table
from .workshop_docx import COURSE, docx_bytes, new_document, write_bytes

DATA = resources.files("ict4d_build").joinpath("data", "evaluation.yaml")
RATED_KINDS = ("welcome", "input", "exercise", "case")
SCALE = ("1", "2", "3", "4", "5")
SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["schema_version", "title", "intro", "sections"],
    "properties": {
        "schema_version": {"const": 1}, "title": {"type": "string", "minLength": 1},
        "intro": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "sections": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["heading", "kind"],
            "properties": {"heading": {"type": "string", "minLength": 1},
                           "kind": {"enum": ["sessions", "rate", "choose", "questions"]},
                           "guidance": {"type": "string"},
                           "lines": {"type": "array", "items": {"type": "string", "minLength": 1}}}}}}}


class EvaluationError(ValueError):
    """The evaluation data cannot be used."""


@dataclass(frozen=True)
class EvaluationSection:
    heading: str
    kind: str
    guidance: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class EvaluationForm:
    title: str
    intro: tuple[str, ...]
    sections: tuple[EvaluationSection, ...]


def parse_evaluation(text: str, source: str = "evaluation.yaml") -> EvaluationForm:
    try:
        data: Any = YAML(typ="safe", pure=True).load(text)
        fastjsonschema.compile(SCHEMA)(data)
    except fastjsonschema.JsonSchemaValueException as error:
        raise EvaluationError(f"{source}: {error.message}") from None
    except Exception as error:  # ruamel's parser errors have no common public base class
        raise EvaluationError(f"{source}: not readable YAML ({error})") from None
    sections = tuple(EvaluationSection(s["heading"], s["kind"], s.get("guidance", ""), tuple(s.get("lines", [])))
                     for s in data["sections"])
    for section in sections:
        if section.kind != "sessions" and not section.lines:
            raise EvaluationError(f"{source}: section {section.heading!r} has no lines")
    return EvaluationForm(data["title"], tuple(data["intro"]), sections)


def load_evaluation() -> EvaluationForm:
    return parse_evaluation(DATA.read_text(encoding="utf-8"))


def session_rows(agenda: Agenda) -> tuple[str, ...]:
    """The sessions a participant can rate, in agenda order, each named once (with its day if several)."""
    rows: list[str] = []
    for day in agenda.days:
        for slot in day.slots:
            if slot.session.kind not in RATED_KINDS:
                continue
            day_name = day.title.split(":", 1)[0]
            name = f"{day_name}: {slot.session.title}" if len(agenda.days) > 1 else slot.session.title
            if name not in rows:
                rows.append(name)
    return tuple(rows)


def evaluation_document(form: EvaluationForm, agenda: Agenda, course: str = COURSE) -> bytes:
    title = f"{form.title}: {agenda.title.lower()}"
    document = new_document(title, "An anonymous evaluation form for the workshop's participants.",
                            f"{title}. From the open course \u201c{course}\u201d. Anonymous: no name needed.", course)
    document.add_heading(title, level=0)
    document.add_paragraph(course, style="Subtitle")
    for text in form.intro:
        document.add_paragraph(" ".join(text.split()), style=GUIDANCE)
    for section in form.sections:
        document.add_heading(section.heading, level=1)
        if section.guidance:
            document.add_paragraph(section.guidance, style=GUIDANCE)
        if section.kind in ("sessions", "rate"):
            lines = session_rows(agenda) if section.kind == "sessions" else section.lines
            first = "Session" if section.kind == "sessions" else "Statement"
            add_table(document, Table((first, *SCALE, "A word on why (optional)"), tuple((line,) for line in lines),
                                      widths=(5.0, 0.8, 0.8, 0.8, 0.8, 0.8, 4.0)))
        elif section.kind == "choose":
            for line in section.lines:
                lead, _, choices = line.partition(":")
                boxes = "    ".join(f"\u2610 {choice.strip()}" for choice in choices.split("|"))
                document.add_paragraph(f"{lead.strip()}:    {boxes}" if choices else line)
        else:
            add_fields(document, tuple(Field(line, lines=4) for line in section.lines))
    return docx_bytes(document)


def form_name(agenda_id: str) -> str:
    return f"workshop-evaluation-{agenda_id}.docx"


def write_all(output: Path, course: str = COURSE, only: list[str] | None = None) -> list[Path]:
    form = load_evaluation()
    agendas = load_agendas().agendas
    unknown = sorted(set(only or ()) - {agenda.id for agenda in agendas})
    if unknown:
        raise EvaluationError(f"no agenda {', '.join(unknown)} (known: {', '.join(a.id for a in agendas)})")
    return [write_bytes(output / form_name(agenda.id), evaluation_document(form, agenda, course))
            for agenda in agendas if not only or agenda.id in only]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, required=True, help="folder to write the .docx files into")
    parser.add_argument("--course", default=COURSE, help="the course title printed on each form")
    parser.add_argument("--agenda", nargs="+", metavar="ID", help="write only these agendas' forms")
    args = parser.parse_args(argv)
    try:
        paths = write_all(args.output, args.course, args.agenda)
    except EvaluationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"{path} ({path.stat().st_size / 1000:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
