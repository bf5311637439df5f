"""Write the course's Word templates (.docx) from their data.

    python -m ict4d_build.word_templates --output DIR [--course "Course title"] [--only agreement ...]

The book runs this during its build (book/_ext/word_templates.py) and links each page to its
documents; nothing it writes is committed. The templates' text is data, in
``ict4d_build/data/word-templates/``; the health-check form and the design worksheet take their
sections from the course's own data, so they follow it when it changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .docx_writer import render_docx
from .template_model import Template, TemplateError, load_templates

DEFAULT_COURSE = "Multi-stakeholder partnerships for ICT4D"


def write_template(template: Template, output: Path, course: str = DEFAULT_COURSE) -> Path:
    """Write one .docx into `output` (unchanged files are not rewritten); returns its path."""
    output.mkdir(parents=True, exist_ok=True)
    path = output / template.filename
    data = render_docx(template, course)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    return path


def write_all(output: Path, course: str = DEFAULT_COURSE, only: list[str] | None = None) -> list[Path]:
    """Write every template (or the ones named in `only`) into `output`."""
    templates = load_templates()
    unknown = sorted(set(only or ()) - {template.id for template in templates})
    if unknown:
        raise TemplateError(f"no Word template {', '.join(unknown)} (known: {', '.join(t.id for t in templates)})")
    return [write_template(template, output, course) for template in templates if not only or template.id in only]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, required=True, help="folder to write the .docx files into")
    parser.add_argument("--course", default=DEFAULT_COURSE, help="the course title printed on each document")
    parser.add_argument("--only", nargs="+", metavar="ID", help="write only these templates")
    args = parser.parse_args(argv)
    try:
        paths = write_all(args.output, args.course, args.only)
    except TemplateError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"{path} ({path.stat().st_size / 1000:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
