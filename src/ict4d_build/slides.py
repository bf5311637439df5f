"""Write the workshop slide decks (.pptx), one per agenda, from the agendas and the course's data.

    python -m ict4d_build.slides --output DIR [--course "Course title"] [--only half-day ...]

The book runs this during its build (book/_ext/agendas.py) and the trainers' guide links to each
deck; nothing it writes is committed. Each session of an agenda is a section of its deck, and the
speaker notes hold the facilitator's script with the session's timings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .agenda_model import AgendaBook, AgendaError, load_agendas
from .agenda_rules import all_problems
from .slide_content import ROOT
from .slide_plan import plan_deck
from .slides_pptx import render_pptx

DEFAULT_COURSE = "Multi-stakeholder partnerships for ICT4D"


def deck_filename(agenda_id: str) -> str:
    return f"workshop-{agenda_id}.pptx"


def write_decks(output: Path, course: str = DEFAULT_COURSE, only: list[str] | None = None, root: Path = ROOT,
                book: AgendaBook | None = None) -> list[Path]:
    """Write one deck per agenda (or per agenda named in `only`); unchanged files are not rewritten."""
    book = book or load_agendas(root=root)
    problems = all_problems(book)
    if problems:
        raise AgendaError("the agendas break their rules: " + "; ".join(problems))
    unknown = sorted(set(only or ()) - {agenda.id for agenda in book.agendas})
    if unknown:
        raise AgendaError(f"no agenda {', '.join(unknown)} (known: {', '.join(a.id for a in book.agendas)})")
    output.mkdir(parents=True, exist_ok=True)
    paths = []
    for agenda in book.agendas:
        if only and agenda.id not in only:
            continue
        path = output / deck_filename(agenda.id)
        data = render_pptx(plan_deck(agenda, book, course, root), course)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, required=True, help="folder to write the .pptx files into")
    parser.add_argument("--course", default=DEFAULT_COURSE, help="the course title on each deck's first slide")
    parser.add_argument("--only", nargs="+", metavar="AGENDA", help="write only these agendas' decks")
    parser.add_argument("--book-root", type=Path, default=ROOT, help="the course repository (its pages feed the slides)")
    args = parser.parse_args(argv)
    try:
        paths = write_decks(args.output, args.course, args.only, args.book_root)
    except (AgendaError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"{path} ({path.stat().st_size / 1000:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
