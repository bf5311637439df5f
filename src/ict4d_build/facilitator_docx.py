"""Write the facilitator pack (``facilitator_model.Pack``) as a Word document.

It uses the Word templates' writer (``docx_writer``) for the page set-up, styles, tables, the
design sheet's forms and the fixed dates and zip times, so the pack looks like the templates and
the same course always gives the same bytes.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .docx_writer import FIXED_DATE, GUIDANCE, _reproducible, _set_up, add_section, add_table
from .facilitator_model import Break, Pack, PackBlock, Sheet
from .page_blocks import Grid, Heading, Items, Para
from .template_model import Section


def _runs(document: DocumentObject, text: str, style: str | None = None) -> None:
    """A paragraph whose **...** parts are bold."""
    paragraph = document.add_paragraph(style=style)
    for number, part in enumerate(text.split("**")):
        if part:
            paragraph.add_run(part).bold = number % 2 == 1


def _sheet(document: DocumentObject, section: Section) -> None:
    """A template's section as the template writes it, under a heading of the pack's third level."""
    add_section(document, section, level=3)


def _block(document: DocumentObject, block: PackBlock) -> None:
    if isinstance(block, Heading):
        document.add_heading(block.text, level=block.level)
    elif isinstance(block, Para):
        _runs(document, block.text, block.style or None)
    elif isinstance(block, Items):
        style = "List Number" if block.numbered else "List Bullet"
        for number, item in enumerate(block.items, start=1):
            # Word continues one numbered list across the document, so the numbers are written out.
            _runs(document, f"{number}. {item}" if block.numbered else item, None if block.numbered else style)
    elif isinstance(block, Grid):
        add_table(document, block.table)
    elif isinstance(block, Sheet):
        _sheet(document, block.section)
    elif isinstance(block, Break):
        document.add_page_break()  # type: ignore[no-untyped-call]


def _properties(document: DocumentObject, pack: Pack) -> None:
    properties = document.core_properties
    properties.title = pack.title
    properties.subject = pack.course
    properties.author = properties.last_modified_by = f"{pack.course} (facilitator pack)"
    properties.keywords = "partnership; ICT4D; workshop; facilitator"
    properties.comments = "Session scripts, timings, checklist, paper track, handouts and model answers."
    properties.created = properties.modified = properties.last_printed = FIXED_DATE
    properties.revision = 1


def _footer(document: DocumentObject, pack: Pack) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = (f"{pack.title}. From the open course \u201c{pack.course}\u201d, based on the CTO good-practice "
                      "note. Made from the course's own pages and data.")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.font.size = Pt(8)


def render_pack(pack: Pack) -> bytes:
    """The pack as the bytes of a .docx file."""
    document = Document()
    _set_up(document)
    _properties(document, pack)
    _footer(document, pack)
    document.add_heading(pack.title, level=0)
    document.add_paragraph(pack.course, style="Subtitle")
    document.add_heading("How to use this pack", level=1)
    for text in pack.how_to_use:
        document.add_paragraph(text, style=GUIDANCE)
    for part in pack.parts:
        document.add_page_break()  # type: ignore[no-untyped-call]
        document.add_heading(part.title, level=1)
        for block in part.blocks:
            _block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue())
