"""What the workshop's Word documents share: the course's page set-up, fixed metadata, a footer.

The test papers, the answer key, the evaluation forms and the certificates are made with the same
helpers as the Word templates (``docx_writer``): A4, Arial, British English, real headings, and the
same bytes for the same input.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .docx_writer import FIXED_DATE, _reproducible, _set_up

COURSE = "Multi-stakeholder partnerships for ICT4D"


def new_document(title: str, summary: str, footer: str, course: str = COURSE) -> DocumentObject:
    """An empty document with the course's styles, fixed metadata and a small centred footer."""
    document = Document()
    _set_up(document)
    properties = document.core_properties
    properties.title = title
    properties.subject = course
    properties.author = properties.last_modified_by = f"{course} (workshop kit)"
    properties.keywords = "partnership; ICT4D; workshop"
    properties.comments = summary
    properties.created = properties.modified = properties.last_printed = FIXED_DATE
    properties.revision = 1
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = footer
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.font.size = Pt(8)
    return document


def docx_bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue())


def write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` unless it already holds exactly that (so rebuilds leave files alone)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
    return path
