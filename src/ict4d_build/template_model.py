"""The Word templates as data: frozen objects read from ``data/word-templates/*.yaml``.

Each file is checked against ``data/word-template.schema.json`` when it is read, so a broken
template stops the build with the file and the problem named. Two templates take their sections
from the course's own data rather than from their file (``generated_from``): the health-check
form from ``ict4d_training/data/health.yaml`` and the design worksheet from the design format
(see ``template_derived``). Everything a document or a book page shows comes from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import fastjsonschema
from ruamel.yaml import YAML

DATA = resources.files("ict4d_build").joinpath("data")
TEMPLATES = DATA.joinpath("word-templates")


class TemplateError(ValueError):
    """A template file that cannot be used, with the file named in the message."""


@dataclass(frozen=True)
class Field:
    """A label with blank space to write in; `help` says what to write, `lines` how much room."""

    label: str
    help: str = ""
    lines: int = 1


@dataclass(frozen=True)
class Table:
    """Columns, rows whose first cells are filled in, and blank rows to write in.

    A cell may hold several lines: the first is the cell's text, the rest are notes under it.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    blank_rows: int = 0
    widths: tuple[float, ...] = ()

    def padded_rows(self) -> tuple[tuple[str, ...], ...]:
        """Every row as long as the header, blank rows included."""
        width = len(self.columns)
        filled = tuple((*row, *([""] * (width - len(row)))) for row in self.rows)
        return filled + tuple(("",) * width for _ in range(self.blank_rows))


@dataclass(frozen=True)
class Section:
    heading: str
    summary: str = ""
    cite: str = ""
    see: str = ""
    guidance: str = ""
    text: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    table: Table | None = None


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    page: str
    summary: str
    how_to_use: tuple[str, ...]
    sections: tuple[Section, ...]
    sources: tuple[str, ...] = ()
    generated_from: str = ""
    generated_at: int | None = None

    @property
    def filename(self) -> str:
        return f"{self.id}.docx"


@cache
def _validator() -> Any:
    schema = json.loads(DATA.joinpath("word-template.schema.json").read_text(encoding="utf-8"))
    return fastjsonschema.compile(schema)


def _field(data: str | dict[str, Any]) -> Field:
    if isinstance(data, str):
        return Field(data)
    return Field(data["label"], data.get("help", ""), data.get("lines", 1))


def _table(data: dict[str, Any] | None) -> Table | None:
    if data is None:
        return None
    return Table(tuple(data["columns"]), tuple(tuple(row) for row in data.get("rows", [])),
                 data.get("blank_rows", 0), tuple(data.get("widths", [])))


def _section(data: dict[str, Any]) -> Section:
    return Section(data["heading"], data.get("summary", ""), data.get("cite", ""), data.get("see", ""),
                   data.get("guidance", ""), tuple(data.get("text", [])),
                   tuple(_field(item) for item in data.get("fields", [])), _table(data.get("table")))


def _problems(template: Template) -> list[str]:
    problems = []
    for section in template.sections:
        table = section.table
        if table is None:
            continue
        if any(len(row) > len(table.columns) for row in table.rows):
            problems.append(f"{section.heading}: a row has more cells than the table has columns")
        if table.widths and len(table.widths) != len(table.columns):
            problems.append(f"{section.heading}: give one width per column")
    return problems


def parse_template(text: str, source: str) -> Template:
    """A template from YAML text; raises TemplateError naming `source` and the problem."""
    try:
        data = YAML(typ="safe", pure=True).load(text)
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException as error:
        raise TemplateError(f"{source}: {error.message}") from None
    except Exception as error:  # ruamel's parser errors have no common public base class
        raise TemplateError(f"{source}: not readable YAML ({error})") from None
    template = Template(data["id"], data["title"], data["page"], data["summary"], tuple(data["how_to_use"]),
                        tuple(_section(item) for item in data["sections"]), tuple(data.get("sources", [])),
                        data.get("generated_from", ""), data.get("generated_at"))
    problems = _problems(template)
    if problems:
        raise TemplateError(f"{source}: " + "; ".join(problems))
    return template


def template_files() -> list[Traversable]:
    """The template data files, sorted by name (which sets the order of the list in the book)."""
    return sorted((item for item in TEMPLATES.iterdir() if item.name.endswith(".yaml")), key=lambda item: item.name)


@cache
def load_templates() -> tuple[Template, ...]:
    """Every template, with the generated sections filled in from the course's data."""
    from .template_derived import complete

    templates = []
    for item in template_files():
        template = complete(parse_template(item.read_text(encoding="utf-8"), f"word-templates/{item.name}"))
        if template.filename != item.name.removesuffix(".yaml").split("-", 1)[-1] + ".docx":
            raise TemplateError(f"word-templates/{item.name}: its id must be the file name without the number prefix")
        templates.append(template)
    return tuple(templates)


def template_by_id(template_id: str) -> Template:
    for template in load_templates():
        if template.id == template_id:
            return template
    known = ", ".join(template.id for template in load_templates())
    raise TemplateError(f"no Word template {template_id!r} (known: {known})")
