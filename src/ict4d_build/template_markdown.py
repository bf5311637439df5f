"""The templates as MyST Markdown, for the book pages that show them (book/_ext/word_templates.py).

The page and the downloaded document are made from the same objects, so they cannot disagree:
``section_list`` is the short list of what a template covers (with the page's links and
citations), ``contents`` is everything the document holds, field by field.
"""

from __future__ import annotations

from .template_model import Section, Template


def _inline(text: str) -> str:
    """Text safe inside one Markdown line (templates are plain text; only line breaks matter)."""
    return " ".join(text.split())


def section_line(section: Section) -> str:
    """One section as "**Heading.** Summary {cite}`key` (see {doc}`page`)."."""
    summary = _inline(section.summary)
    if section.cite:
        summary = summary.rstrip(".") + f" {{cite}}`{section.cite}`."
    if section.see:
        see = section.see if section.see.startswith("/") else f"/{section.see}"
        summary = summary.rstrip(".") + f" (see {{doc}}`{see}`)."
    return f"**{_inline(section.heading)}.** {summary}".rstrip()


def section_list(template: Template) -> str:
    """A bullet list of the template's sections that have a summary (the ones a page lists)."""
    return "\n".join(f"- {section_line(section)}" for section in template.sections if section.summary) + "\n"


def _fields(section: Section) -> list[str]:
    lines = []
    for field in section.fields:
        help_text = f": *{_inline(field.help)}*" if field.help else ""
        lines.append(f"- {_inline(field.label)}{help_text}")
    return lines


def _table(section: Section) -> list[str]:
    table = section.table
    if table is None:
        return []
    lines = ["Columns: " + "; ".join(_inline(column) for column in table.columns) + "."]
    firsts = [row[0].split("\n")[0] for row in table.rows if row and row[0]]
    if firsts:
        lines.append("")
        lines.extend(f"- {_inline(text)}" for text in firsts)
    if table.blank_rows:
        lines += ["", f"Plus {table.blank_rows} blank rows to fill in."]
    return lines


def section_contents(section: Section) -> str:
    """One section of the document: heading, guidance, sample wording, fields or table."""
    lines = [f"**{_inline(section.heading)}**", ""]
    guidance = " ".join(_inline(part) for part in (section.summary, section.guidance) if part)
    if guidance:
        lines += [f"*{guidance}*", ""]
    for text in section.text:
        lines += [f"> {_inline(text)}", ""]
    if section.fields:
        lines += ["To fill in:", "", *_fields(section), ""]
    table = _table(section)
    if table:
        lines += [*table, ""]
    return "\n".join(lines)


def contents(template: Template) -> str:
    """Everything the document holds, in order."""
    parts = ["**How to use this template**", "", *(f"*{_inline(text)}*\n" for text in template.how_to_use)]
    parts.extend(section_contents(section) for section in template.sections)
    return "\n".join(parts)
