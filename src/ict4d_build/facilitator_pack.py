"""Write the facilitator pack (.docx): session scripts, timings, checklist, paper track, handouts.

    python -m ict4d_build.facilitator_pack --output DIR [--course "Course title"] [--book-root DIR]

The book runs this during its build (book/_ext/facilitator_pack.py) and the trainers' guide links
to the file; nothing it writes is committed. The pack is made from the agendas
(``data/agendas.yaml``), the exercise and case pages, the trainers' guide, the decision aid's
questions, the design worksheet template and its own text (``data/facilitator/pack.yaml``). Model
answers appear only in its last part, for the trainer. The same course gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .agenda_model import AgendaBook, AgendaError, load_agendas
from .facilitator_data import PACK, PackError, load_pack
from .facilitator_docx import render_pack
from .facilitator_handouts import checklist, handouts, paper_track, trainer_section
from .facilitator_model import Pack
from .facilitator_scripts import scripts, timings
from .slide_content import ROOT
from .template_model import TemplateError

DEFAULT_COURSE = "Multi-stakeholder partnerships for ICT4D"
FILENAME = "facilitator-pack.docx"


def plan_pack(course: str = DEFAULT_COURSE, root: Path = ROOT, book: AgendaBook | None = None) -> Pack:
    """The whole pack as data, from the course in `root`."""
    book = book or load_agendas(root=root)
    text = load_pack(PACK, root)
    parts = (timings(book), scripts(book, root), checklist(text), paper_track(text, root), handouts(text, root),
             trainer_section(book, root))
    return Pack(text.title, course, text.how_to_use, parts)


def write_pack(output: Path, course: str = DEFAULT_COURSE, root: Path = ROOT) -> Path:
    """Write the pack into `output` (an unchanged file is not rewritten); returns its path."""
    output.mkdir(parents=True, exist_ok=True)
    path = output / FILENAME
    data = render_pack(plan_pack(course, root))
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, required=True, help="folder to write facilitator-pack.docx into")
    parser.add_argument("--course", default=DEFAULT_COURSE, help="the course title printed on the pack")
    parser.add_argument("--book-root", type=Path, default=ROOT, help="the course repository (its pages feed the pack)")
    args = parser.parse_args(argv)
    try:
        path = write_pack(args.output, args.course, args.book_root.resolve())
    except (AgendaError, PackError, TemplateError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{path} ({path.stat().st_size / 1000:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
