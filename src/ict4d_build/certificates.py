"""Attendance certificates for a workshop, one page per participant, in one Word file.

    python -m ict4d_build.certificates PARTICIPANTS.csv --output DIR --title "..." --dates "..."
        --place "..." --hours 6 [--organiser "..."] [--signatory "..."]

The participants file is CSV with the header ``name,organisation,country`` (UTF-8; organisation and
country may be blank). Each certificate says the person attended: it records attendance, not an
assessment of what they learnt. Names are written into Word runs as text, so a name such as
``<b>Ama & Co</b>`` prints exactly as typed. A bad file is reported one problem a line
(``FILE:LINE: field: message``) with exit code 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from ict4d_training.core.gain import delimiter

from .docx_writer import FONT
from .workshop_docx import COURSE, docx_bytes, new_document, write_bytes

COLUMNS = ("name", "organisation", "country")
OUTPUT_NAME = "attendance-certificates.docx"
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Participant:
    name: str
    organisation: str = ""
    country: str = ""


@dataclass(frozen=True)
class Workshop:
    title: str
    dates: str
    place: str
    hours: float
    organiser: str = ""
    signatory: str = ""


class ParticipantsError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def parse_participants(text: str, source: str) -> list[Participant]:
    """The participants in CSV text; every problem at once, as `FILE:LINE: field: message`."""
    text = text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ParticipantsError([f"{source}:1: the file is empty; the first line must be {','.join(COLUMNS)}"])
    header = [cell.strip().lower() for cell in rows[0]]
    problems = [f"{source}:1: {column or '(blank)'}: unknown column; expected {', '.join(COLUMNS)}"
                for column in header if column not in COLUMNS]
    if "name" not in header:
        problems.append(f"{source}:1: name: no name column")
    if problems:
        raise ParticipantsError(problems)
    participants = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(f"{source}:{line}: {len(row)} values for {len(header)} columns (put a name with a "
                            "comma in double quotes)")
            continue
        values = dict(zip(header, (" ".join(cell.split()) for cell in row), strict=False))
        if not values.get("name"):
            problems.append(f"{source}:{line}: name: no name")
            continue
        participants.append(Participant(values["name"], values.get("organisation", ""), values.get("country", "")))
    if not participants and not problems:
        problems.append(f"{source}: no participants: the file has a header but no rows")
    if problems:
        raise ParticipantsError(problems)
    return participants


def _hours(hours: float) -> str:
    return f"{hours:g} hour{'' if hours == 1 else 's'}"


def _centred(document: object, text: str, size: int, bold: bool = False, space_after: int = 12) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT


def certificates_document(participants: list[Participant], workshop: Workshop, course: str = COURSE) -> bytes:
    """One landscape A4 page per participant, in the list's order."""
    document = new_document(f"Certificates of attendance: {workshop.title}",
                            "Certificates of attendance, one page per participant.",
                            "This certificate records attendance. It is not an assessment or a qualification.",
                            course)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for number, person in enumerate(participants):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _centred(document, "Certificate of attendance", 30, bold=True, space_after=24)
        _centred(document, "This is to certify that", 14)
        _centred(document, person.name, 26, bold=True)
        where = ", ".join(part for part in (person.organisation, person.country) if part)
        if where:
            _centred(document, where, 14)
        _centred(document, "attended the workshop", 14, space_after=6)
        _centred(document, workshop.title, 18, bold=True, space_after=6)
        _centred(document, f"held in {workshop.place} on {workshop.dates}: {_hours(workshop.hours)} of sessions,", 14,
                 space_after=6)
        _centred(document, f"based on the open course \u201c{course}\u201d.", 14, space_after=30)
        if workshop.organiser:
            _centred(document, f"Organised by {workshop.organiser}", 12)
        _centred(document, "Signed: ______________________________    Date: ______________", 12, space_after=4)
        if workshop.signatory:
            _centred(document, workshop.signatory, 12)
    return docx_bytes(document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("participants", type=Path, help="CSV file: name,organisation,country")
    parser.add_argument("--output", type=Path, required=True, help="folder to write attendance-certificates.docx into")
    parser.add_argument("--title", required=True, help="the workshop's title, as printed")
    parser.add_argument("--dates", required=True, help='the dates, as printed, e.g. "3-4 March 2026"')
    parser.add_argument("--place", required=True, help='the place, as printed, e.g. "Accra, Ghana"')
    parser.add_argument("--hours", type=float, required=True, help="hours of sessions attended, e.g. 6 or 10.5")
    parser.add_argument("--organiser", default="", help="who organised the workshop (optional)")
    parser.add_argument("--signatory", default="", help="name and role printed under the signature line (optional)")
    parser.add_argument("--course", default=COURSE, help="the course title printed on each certificate")
    args = parser.parse_args(argv)
    if args.hours <= 0:
        print("--hours: must be more than 0", file=sys.stderr)
        return EXIT_BAD_INPUT
    source = str(args.participants)
    try:
        text = args.participants.read_bytes().decode("utf-8-sig")
        participants = parse_participants(text, source)
    except OSError as error:
        print(f"{source}: cannot be read ({error.strerror or error})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnicodeDecodeError:
        print(f"{source}: is not UTF-8 text; save the file as CSV UTF-8", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ParticipantsError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    workshop = Workshop(args.title, args.dates, args.place, args.hours, args.organiser, args.signatory)
    path = write_bytes(args.output / OUTPUT_NAME, certificates_document(participants, workshop, args.course))
    print(f"{path}: {len(participants)} certificate{'s' if len(participants) != 1 else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
