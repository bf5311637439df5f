"""The facilitator pack as data: parts made of blocks, before any Word document is written.

The content modules (``facilitator_scripts``, ``facilitator_handouts``) build these objects from
the course; ``facilitator_docx`` writes them. Tests can check the plan without opening Word.
"""

from __future__ import annotations

from dataclasses import dataclass

from .page_blocks import Block, Heading, Items, Para
from .template_model import Section


@dataclass(frozen=True)
class Sheet:
    """A section of a Word template, written as that template writes it (a form to fill in)."""

    section: Section


@dataclass(frozen=True)
class Break:
    """A page break: each handout starts on a page of its own."""


PackBlock = Block | Sheet | Break


@dataclass(frozen=True)
class Part:
    title: str
    blocks: tuple[PackBlock, ...]
    trainer_only: bool = False


@dataclass(frozen=True)
class Pack:
    title: str
    course: str
    how_to_use: tuple[str, ...]
    parts: tuple[Part, ...]

    @property
    def filename(self) -> str:
        return "facilitator-pack.docx"


def heading(text: str, level: int = 2) -> Heading:
    return Heading(text, level)


def bold_lead(lead: str, text: str) -> Para:
    """A paragraph that starts with a bold lead, such as '**Print:** ...'."""
    return Para(f"**{lead}** {text}")


def items(texts: tuple[str, ...] | list[str], numbered: bool = False) -> Items:
    return Items(tuple(texts), numbered)


def shifted(blocks: tuple[Block, ...], under: int) -> tuple[Block, ...]:
    """Page blocks placed under a heading of level `under`: their own headings go one level below it."""
    return tuple(Heading(block.text, min(4, under + 1)) if isinstance(block, Heading) else block
                 for block in blocks)
