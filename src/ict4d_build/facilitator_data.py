"""The facilitator pack's own text, ``data/facilitator/pack.yaml``, as frozen objects, checked on load.

Two checks tie the text to the course: every exercise page (and every exercise page an agenda
uses) has a paper track, and the plain-language version of exercise 4's design names every
partner, the outcome and the plan for running costs that the design on the page holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ict4d_training import parse_design
from ict4d_training.core.model import Design

from .page_blocks import page_text
from .slide_content import ROOT
from .template_model import TemplateError, template_by_id

PACK = Path(__file__).parent / "data" / "facilitator" / "pack.yaml"
FLAWED_PAGE = "exercises/04-critique-a-flawed-design"
_TEMPLATE = re.compile(r"\{template:([a-z-]+)\}")


class PackError(ValueError):
    """The pack's data is incomplete or out of step with the course; the message says where."""


@dataclass(frozen=True)
class Checklist:
    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PaperTrack:
    page: str
    prints: tuple[str, ...]
    steps: tuple[str, ...]


@dataclass(frozen=True)
class PackText:
    title: str
    how_to_use: tuple[str, ...]
    checklist: tuple[Checklist, ...]
    paper_track: tuple[PaperTrack, ...]
    flawed_title: str
    flawed_paragraphs: tuple[str, ...]

    def track(self, page: str) -> PaperTrack:
        for track in self.paper_track:
            if track.page == page:
                return track
        raise PackError(f"pack.yaml: no paper track for {page}")


def _template_title(match: re.Match[str]) -> str:
    try:
        return f'the Word template "{template_by_id(match.group(1)).title}"'
    except TemplateError as error:
        raise PackError(f"pack.yaml: {error}") from None


def _texts(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(item, str) and item.strip() for item in raw):
        raise PackError(f"pack.yaml {where}: expected a list of texts")
    return tuple(_TEMPLATE.sub(_template_title, " ".join(item.split())) for item in raw)


def parse_pack(data: Any) -> PackText:
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise PackError("pack.yaml: expected a mapping with schema_version: 1")
    checklist = tuple(Checklist(str(group["heading"]), _texts(group.get("items"), f"checklist {group['heading']!r}"))
                      for group in data.get("checklist") or [])
    tracks = tuple(PaperTrack(page, _texts(raw.get("print"), f"paper_track {page}"),
                              _texts(raw.get("steps"), f"paper_track {page}"))
                   for page, raw in (data.get("paper_track") or {}).items())
    flawed = data.get("flawed_design") or {}
    if not checklist or not tracks or not flawed.get("title"):
        raise PackError("pack.yaml: needs a checklist, a paper_track and a flawed_design")
    return PackText(str(data["title"]), _texts(data.get("how_to_use"), "how_to_use"), checklist, tracks,
                    str(flawed["title"]), _texts(flawed.get("paragraphs"), "flawed_design"))


def flawed_design(root: Path = ROOT) -> Design:
    """Exercise 4's design, read from the YAML string ``FLAWED`` in the exercise page itself."""
    match = re.search(r'FLAWED = """\\\n(.*?)"""', page_text(FLAWED_PAGE, root), re.DOTALL)
    if match is None:
        raise PackError(f"{FLAWED_PAGE}.md: no FLAWED = \"\"\"...\"\"\" design")
    return parse_design(match.group(1), source=FLAWED_PAGE)


def _plain_words(text: str) -> str:
    return " ".join(re.sub(r"[*\"]", "", text).split()).lower()


def flawed_problems(pack: PackText, design: Design) -> list[str]:
    """What the design holds that the plain-language version does not say."""
    narrative = _plain_words(" ".join(pack.flawed_paragraphs))
    facts = [partner.name for partner in design.partners] + [outcome.statement for outcome in design.outcomes]
    facts += [design.sustainability.funding_after_launch or "", design.champion.name or ""]
    return [f"the plain-language design does not mention {fact!r}" for fact in facts
            if fact and _plain_words(fact).removeprefix("the ") not in narrative]


def exercise_pages(root: Path = ROOT) -> tuple[str, ...]:
    """The numbered exercises, then the other exercise pages an agenda can use."""
    numbered = sorted(f"exercises/{path.stem}" for path in (root / "exercises").glob("[0-9]*.md"))
    return (*numbered, "exercises/trainer-cohort", "exercises/health-check")


@cache
def _read(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def load_pack(path: Path = PACK, root: Path = ROOT) -> PackText:
    """The pack's text, checked against the course in `root`."""
    pack = parse_pack(_read(path))
    problems = [f"no paper track for {page}" for page in exercise_pages(root)
                if page not in {track.page for track in pack.paper_track}]
    problems += flawed_problems(pack, flawed_design(root))
    if problems:
        raise PackError("pack.yaml: " + "; ".join(problems))
    return pack
