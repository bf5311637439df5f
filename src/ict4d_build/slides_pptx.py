"""Draw a planned deck (:mod:`ict4d_build.slide_plan`) as a PowerPoint file with python-pptx.

Made to be read when printed: widescreen slides, dark text on white, no text below 18 pt, a
long list or table continued on a second slide rather than shrunk. Each session is a PowerPoint
section. The same plan always gives the same bytes: fixed document dates, fixed section ids
and every zip entry dated alike.
"""

from __future__ import annotations

import io
import math
import uuid
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from .slide_plan import Deck, Slide

FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
WIDTH, HEIGHT = 13.333, 7.5
MARGIN = 0.6
BODY_SIZES = (28, 24, 22, 20)
TABLE_SIZE = 20
MIN_SIZE = 18
INK = RGBColor(0x1A, 0x1A, 0x1A)  # type: ignore[no-untyped-call]
ACCENT = RGBColor(0x0B, 0x3D, 0x6B)  # type: ignore[no-untyped-call]
SHADE = RGBColor(0xF0, 0xF0, 0xF0)  # type: ignore[no-untyped-call]
WHITE = RGBColor(0xFF, 0xFF, 0xFF)  # type: ignore[no-untyped-call]
FONT = "Calibri"
SECTION_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def lines_needed(text: str, size: float, width_in: float) -> int:
    """A cautious estimate of the lines `text` takes at `size` points in a box `width_in` wide."""
    per_line = max(1, int(width_in * 72 / (0.55 * size)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def text_height(items: Sequence[str], size: float, width_in: float) -> float:
    """Inches a list of paragraphs takes, with the spacing the renderer puts between them."""
    lines = sum(lines_needed(item, size, width_in) for item in items)
    return (lines * size * 1.2 + max(0, len(items) - 1) * size * 0.5) / 72


def fit(items: Sequence[str], width_in: float, height_in: float) -> int | None:
    """The largest body size at which `items` fit the box, or None."""
    return next((size for size in BODY_SIZES if text_height(items, size, width_in) <= height_in), None)


def _chunks(items: Sequence[str], width_in: float, height_in: float) -> list[tuple[str, ...]]:
    """Split items into runs that each fit the box at the smallest body size."""
    chunks: list[tuple[str, ...]] = []
    current: list[str] = []
    for item in items:
        if current and fit([f"00. {text}" for text in [*current, item]], width_in, height_in) is None:
            chunks.append(tuple(current))
            current = []
        current.append(item)
    if current:
        chunks.append(tuple(current))
    return chunks


def _style(run: Any, size: float, bold: bool = False, color: RGBColor = INK) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = color


def _textbox(slide: Any, left: float, top: float, width: float, height: float, paragraphs: Sequence[str], size: float,
             bold: bool = False, color: RGBColor = INK, align: Any = None) -> Any:
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if index:
            paragraph.space_before = Pt(size * 0.5)
        if align is not None:
            paragraph.alignment = align
        _style(paragraph.add_run(), size, bold, color)
        paragraph.runs[0].text = text
    return box


def _title_size(spec: Slide, continued: str) -> tuple[int, int]:
    """The title's size in points (smaller for long titles, never below 28) and its lines."""
    size = 40 if spec.section_start else 34
    text = spec.title + continued
    while size > 28 and lines_needed(text, size, WIDTH - 2 * MARGIN) > 2:
        size -= 2
    return size, lines_needed(text, size, WIDTH - 2 * MARGIN)


def _body_top(spec: Slide, continued: str) -> float:
    """Where the body starts, below the title and subtitle (inches from the top)."""
    size, lines = _title_size(spec, continued)
    top = (0.9 if spec.section_start else 0.35) + lines * size * 1.2 / 72 + 0.15
    return top + (0.6 if spec.subtitle else 0) + 0.2


def _title(slide: Any, spec: Slide, continued: str) -> float:
    """Draw the title and subtitle; returns where the body starts."""
    size, lines = _title_size(spec, continued)
    top = 0.9 if spec.section_start else 0.35
    height = lines * size * 1.2 / 72 + 0.15
    _textbox(slide, MARGIN, top, WIDTH - 2 * MARGIN, height, [spec.title + continued], size, bold=True, color=ACCENT)
    if spec.subtitle:
        _textbox(slide, MARGIN, top + height, WIDTH - 2 * MARGIN, 0.55, [spec.subtitle], 24, color=INK)
    return _body_top(spec, continued)


def _list(slide: Any, items: Sequence[str], marks: Sequence[str], top: float) -> None:
    width, height = WIDTH - 2 * MARGIN, HEIGHT - top - 0.4
    texts = [mark + item for mark, item in zip(marks, items, strict=True)]
    _textbox(slide, MARGIN, top, width, height, texts, fit(texts, width, height) or BODY_SIZES[-1])


def _widths(rows: Sequence[Sequence[str]]) -> list[float]:
    """Column widths: a narrow first column for minutes, levels or times, else 40%."""
    width = WIDTH - 2 * MARGIN
    first = 2.0 if max(len(row[0]) for row in rows) <= 12 else width * 0.4
    return [first, width - first]


def _table(slide: Any, rows: Sequence[Sequence[str]], top: float) -> None:
    width, widths = WIDTH - 2 * MARGIN, _widths(rows)
    height = sum(_row_height(row, widths) for row in rows)
    shape = slide.shapes.add_table(len(rows), 2, Inches(MARGIN), Inches(top), Inches(width), Inches(height))
    table = shape.table
    for column, column_width in enumerate(widths):
        table.columns[column].width = Inches(column_width)
    for r, row in enumerate(rows):
        table.rows[r].height = Inches(_row_height(row, widths))
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = ACCENT if r == 0 else (SHADE if r % 2 == 0 else WHITE)
            paragraph = cell.text_frame.paragraphs[0]
            _style(paragraph.add_run(), TABLE_SIZE, bold=r == 0, color=WHITE if r == 0 else INK)
            paragraph.runs[0].text = text


def _row_height(row: Sequence[str], widths: Sequence[float]) -> float:
    lines = max(lines_needed(text, TABLE_SIZE, width - 0.2) for text, width in zip(row, widths, strict=True))
    return lines * TABLE_SIZE * 1.2 / 72 + 0.15


def _table_chunks(rows: Sequence[Sequence[str]], height_in: float) -> list[list[Sequence[str]]]:
    widths = _widths(rows)
    header, chunks, current = rows[0], [], [rows[0]]
    for row in rows[1:]:
        if len(current) > 1 and sum(_row_height(r, widths) for r in [*current, row]) > height_in:
            chunks.append(current)
            current = [header]
        current.append(row)
    chunks.append(current)
    return chunks


def _bars(slide: Any, bars: Sequence[tuple[str, float]], top: float) -> None:
    label_width, value_width = 3.0, 1.0
    room = WIDTH - 2 * MARGIN - label_width - value_width - 0.2
    row = min(0.65, (HEIGHT - top - 0.4) / len(bars))
    largest = max(value for _, value in bars)
    for index, (label, value) in enumerate(bars):
        y = top + index * row
        _textbox(slide, MARGIN, y, label_width, row, [label], 22, align=PP_ALIGN.RIGHT)
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(MARGIN + label_width + 0.1), Inches(y + 0.1),
                                     Inches(room * value / largest), Inches(row - 0.2))
        bar.fill.solid()
        bar.fill.fore_color.rgb = ACCENT
        bar.line.fill.background()
        _textbox(slide, MARGIN + label_width + 0.2 + room * value / largest, y, value_width, row, [f"{value:g}"], 22, bold=True)


Page = tuple[tuple[str, ...], list[Sequence[str]], int]


def _pages(spec: Slide) -> list[Page]:
    """The printed slides for one planned slide: long lists and tables continue on another slide.

    Each is (list items, table rows, number of items on the slides before it).
    """
    height = HEIGHT - _body_top(spec, " (1 of 2)") - 0.4
    if spec.table:
        return [((), chunk, 0) for chunk in _table_chunks(spec.table, height)]
    if spec.bullets:
        pages: list[Page] = []
        offset = 0
        for chunk in _chunks(spec.bullets, WIDTH - 2 * MARGIN, height):
            pages.append((chunk, [], offset))
            offset += len(chunk)
        return pages
    return [((), [], 0)]


def _draw(prs: Any, spec: Slide, page: Page, part: int, parts: int) -> Any:
    items, rows, offset = page
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    if spec.section_start:
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, Inches(0.5))
        band.fill.solid()
        band.fill.fore_color.rgb = ACCENT
        band.line.fill.background()
    continued = f" ({part} of {parts})" if parts > 1 else ""
    top = _title(slide, spec, continued)
    if rows:
        _table(slide, rows, top)
    elif spec.bars:
        _bars(slide, spec.bars, top)
    elif items:
        first = spec.first_number + offset
        marks = [f"{n}. " if spec.numbered else "• " for n in range(first, first + len(items))]
        _list(slide, items, marks, top)
    slide.notes_slide.notes_text_frame.text = spec.notes
    return slide


def _add_sections(prs: Any, sections: list[tuple[str, list[int]]], seed: str) -> None:
    root = prs.part._element
    ext_list = root.find(f"{{{NS_P}}}extLst")
    if ext_list is None:
        ext_list = etree.SubElement(root, f"{{{NS_P}}}extLst")
    ext = etree.SubElement(ext_list, f"{{{NS_P}}}ext", uri=SECTION_EXT)
    section_list = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
    for number, (name, slide_ids) in enumerate(sections):
        guid = uuid.uuid5(uuid.NAMESPACE_URL, f"ict4d-training/{seed}/{number}")
        section = etree.SubElement(section_list, f"{{{P14}}}section", name=name, id=f"{{{str(guid).upper()}}}")
        ids = etree.SubElement(section, f"{{{P14}}}sldIdLst")
        for slide_id in slide_ids:
            etree.SubElement(ids, f"{{{P14}}}sldId", id=str(slide_id))


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated alike (python-pptx stamps entries with the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()


def render_pptx(deck: Deck, course: str) -> bytes:
    """The deck as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(Inches(WIDTH)), Emu(Inches(HEIGHT))
    sections: list[tuple[str, list[int]]] = [("Introduction", [])]
    for page in _pages(deck.title_slide):
        sections[0][1].append(_draw(prs, deck.title_slide, page, 1, 1).slide_id)
    for section in deck.sections:
        ids: list[int] = []
        for spec in section.slides:
            pages = _pages(spec)
            for part, page in enumerate(pages, start=1):
                ids.append(_draw(prs, spec, page, part, len(pages)).slide_id)
        sections.append((section.name, ids))
    _add_sections(prs, sections, deck.agenda.id)
    properties = prs.core_properties
    properties.title = f"{course}: {deck.agenda.title}"
    properties.author = properties.last_modified_by = f"{course} (course slides)"
    properties.subject = "Workshop slides with the facilitator's script in the speaker notes"
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = FIXED_DATE
    buffer = io.BytesIO()
    prs.save(buffer)
    return _fixed_zip(buffer.getvalue())
