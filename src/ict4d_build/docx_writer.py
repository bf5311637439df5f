"""Write one template as a Word document: A4 portrait, real headings, fillable tables.

The same template always gives the same bytes: the document's dates are fixed and the zip
entries carry one fixed time, so rebuilding the book does not change its downloads.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell

from .template_model import Field, Section, Table, Template

FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH_CM = 17.0  # 210 mm less two 20 mm margins
FONT = "Arial"
LANGUAGE = "en-GB"  # British English: spelling checks and screen readers
GUIDANCE = "Guidance"
GREY = RGBColor(0x40, 0x40, 0x40)
ROW_HEIGHT = Cm(0.9)


def _set_up(document: DocumentObject) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    normal.element.get_or_add_rPr().append(language)
    for level, size in ((0, 20), (1, 15), (2, 12)):
        style = document.styles["Title" if level == 0 else f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
    guidance = document.styles.add_style(GUIDANCE, WD_STYLE_TYPE.PARAGRAPH)
    guidance.base_style = normal
    guidance.font.italic = True
    guidance.font.size = Pt(10)
    guidance.font.color.rgb = GREY


def _properties(document: DocumentObject, template: Template, course: str) -> None:
    properties = document.core_properties
    properties.title = template.title
    properties.subject = course
    properties.author = properties.last_modified_by = f"{course} (course template)"
    properties.keywords = "partnership; ICT4D; template"
    properties.comments = template.summary
    properties.created = properties.modified = properties.last_printed = FIXED_DATE
    properties.revision = 1


def _footer(document: DocumentObject, template: Template, course: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = (f"{template.title}. From the open course \u201c{course}\u201d, based on the CTO good-practice "
                      "note. Adapt it freely; it is not legal advice.")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.font.size = Pt(8)


def _widths(table: Table) -> list[float]:
    weights = list(table.widths) or [1.0] * len(table.columns)
    total = sum(weights)
    return [TEXT_WIDTH_CM * weight / total for weight in weights]


def _grid(document: DocumentObject, columns: int, widths: list[float]) -> DocxTable:
    grid: DocxTable = document.add_table(rows=0, cols=columns)
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    return grid


def _fill(cell_paragraphs: list[str], cell: _Cell, width: float, bold: bool = False) -> None:
    cell.width = Cm(width)
    first, *notes = cell_paragraphs or [""]
    cell.paragraphs[0].text = ""
    run = cell.paragraphs[0].add_run(first)
    run.bold = bold
    for note in notes:
        cell.add_paragraph(note, style=GUIDANCE)


def add_table(document: DocumentObject, table: Table) -> None:
    """The table with a repeated header row; blank rows are tall enough to write in by hand."""
    widths = _widths(table)
    grid = _grid(document, len(table.columns), widths)
    header = grid.add_row()  # type: ignore[no-untyped-call]
    for cell, text, width in zip(header.cells, table.columns, widths, strict=True):
        _fill([text], cell, width, bold=True)
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for values in table.padded_rows():
        row = grid.add_row()  # type: ignore[no-untyped-call]
        row.height = ROW_HEIGHT
        for cell, text, width in zip(row.cells, values, widths, strict=True):
            _fill(text.split("\n") if text else [], cell, width)


def add_fields(document: DocumentObject, fields: tuple[Field, ...]) -> None:
    """A two-column form: the label (and what to write) on the left, space to write on the right."""
    widths = [6.0, TEXT_WIDTH_CM - 6.0]
    grid = _grid(document, 2, widths)
    for field in fields:
        row = grid.add_row()  # type: ignore[no-untyped-call]
        row.height = Cm(0.9 * field.lines)
        _fill([field.label, *([field.help] if field.help else [])], row.cells[0], widths[0], bold=True)
        _fill([], row.cells[1], widths[1])


def add_section(document: DocumentObject, section: Section, level: int = 1) -> None:
    document.add_heading(section.heading, level=level)
    guidance = " ".join(part for part in (section.summary, section.guidance) if part)
    if guidance:
        document.add_paragraph(guidance, style=GUIDANCE)
    for text in section.text:
        document.add_paragraph(text)
    if section.fields:
        add_fields(document, section.fields)
    if section.table is not None:
        add_table(document, section.table)


def _reproducible(data: bytes) -> bytes:
    """The same zip with every entry dated alike (python-docx stamps entries with the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()


def render_docx(template: Template, course: str) -> bytes:
    """The template as the bytes of a .docx file."""
    document = Document()
    _set_up(document)
    _properties(document, template, course)
    _footer(document, template, course)
    document.add_heading(template.title, level=0)
    document.add_paragraph(course, style="Subtitle")
    document.add_heading("How to use this template", level=1)
    for text in template.how_to_use:
        document.add_paragraph(text, style=GUIDANCE)
    for section in template.sections:
        add_section(document, section)
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue())
