"""Multi-rater partnership health check, for a partnership that is already running.

Each partner's representative rates the questionnaire's items 0-3, with a reason, in a file
of their own. The check gives every item's median and spread, flags the items where raters
differ by two levels or more (the conversation to have first), and lists the actions. An item
a rater left out is "not rated", never 0. Pure logic returning frozen objects; `render.health`
formats them.
"""

from __future__ import annotations

import io
import os
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ._documents import LineMap, line_of, parse_tree, read_source_text
from ._schema import Schema, register_schema, validate
from .cohort import BadFile, FileList, collect_files, read_inside
from .errors import DesignError, Problem
from .rubric import ELEMENT_KEYS

RATER_SCHEMA = "health-rater.schema.json"


@dataclass(frozen=True)
class HealthItem:
    id: str
    element: str
    text: str
    levels: dict[int, str]
    learn_more: str = ""


@dataclass(frozen=True)
class Questionnaire:
    name: str
    version: str
    level_names: dict[int, str]
    flag_spread: int
    action_median: float
    elements: tuple[tuple[str, str], ...]
    items: tuple[HealthItem, ...]

    def items_for(self, element: str) -> tuple[HealthItem, ...]:
        return tuple(item for item in self.items if item.element == element)


@dataclass(frozen=True)
class Rating:
    score: int
    reason: str


@dataclass(frozen=True)
class RaterSheet:
    file: str
    rater: str
    partner: str
    ratings: dict[str, Rating]

    @property
    def label(self) -> str:
        return f"{self.rater} ({self.partner})"


@dataclass(frozen=True)
class ItemResult:
    """One item across raters. `median` and `spread` are None when nobody rated it."""

    item: HealthItem
    ratings: tuple[tuple[str, Rating], ...]
    not_rated_by: tuple[str, ...]
    median: float | None
    spread: int | None
    flagged: bool


@dataclass(frozen=True)
class Action:
    result: ItemResult
    why: tuple[str, ...]
    next_step: str


@dataclass(frozen=True)
class RaterProfile:
    """A rater's average rating per element (None where they rated none of its items)."""

    label: str
    file: str
    averages: tuple[tuple[str, float | None], ...]


@dataclass(frozen=True)
class HealthResult:
    folder: str
    questionnaire: Questionnaire
    raters: tuple[RaterSheet, ...]
    bad_files: tuple[BadFile, ...]
    items: tuple[ItemResult, ...]
    flagged: tuple[ItemResult, ...]
    actions: tuple[Action, ...]
    profiles: tuple[RaterProfile, ...]

    @property
    def all_read(self) -> bool:
        return not self.bad_files

    @property
    def not_rated(self) -> tuple[ItemResult, ...]:
        return tuple(result for result in self.items if result.median is None)


# --- the questionnaire -------------------------------------------------------------------


@cache
def default_questionnaire() -> Questionnaire:
    """The packaged questionnaire, read once."""
    text = resources.files("ict4d_training").joinpath("data").joinpath("health.yaml").read_text(encoding="utf-8")
    return parse_questionnaire(text, "health.yaml")


def load_questionnaire(path: str | os.PathLike[str] | None = None) -> Questionnaire:
    """A trainer's questionnaire file, or the packaged one when no path is given."""
    if path is None:
        return default_questionnaire()
    text, source = read_source_text(path)
    return parse_questionnaire(text, source)


def parse_questionnaire(text: str, source: str = "<questionnaire>") -> Questionnaire:
    data, lines = parse_tree(text, source)
    if not isinstance(data, dict):
        raise DesignError([Problem(source, 1, "", "the top level must be a mapping of fields")])
    problems = validate(data, "health.schema.json", lines, source) or _questionnaire_problems(data, source, lines)
    if problems:
        raise DesignError(sorted(problems, key=lambda problem: problem.line or 0))
    titles = {element["key"]: element["title"] for element in data["elements"]}
    return Questionnaire(
        name=data["name"], version=data.get("version", ""),
        level_names={int(level): name for level, name in data["level_names"].items()},
        flag_spread=data["flag_spread"], action_median=float(data["action_median"]),
        elements=tuple((key, titles[key]) for key in ELEMENT_KEYS),
        items=tuple(HealthItem(item["id"], item["element"], item["text"],
                               {int(level): words for level, words in item["levels"].items()},
                               item.get("learn_more", "")) for item in data["items"]),
    )


def _questionnaire_problems(data: dict[str, Any], source: str, lines: LineMap) -> list[Problem]:
    problems: list[Problem] = []
    keys = [element["key"] for element in data["elements"]]
    if sorted(keys) != sorted(ELEMENT_KEYS):
        problems.append(Problem(source, line_of(lines, ("elements",)), "elements",
                                f"must list each of {', '.join(ELEMENT_KEYS)} exactly once"))
    seen: set[str] = set()
    for index, item in enumerate(data["items"]):
        if item["id"] in seen:
            problems.append(Problem(source, line_of(lines, ("items", index, "id")), f"items[{index}].id",
                                    f"item id '{item['id']}' is used twice"))
        seen.add(item["id"])
    for key in ELEMENT_KEYS:
        count = sum(item["element"] == key for item in data["items"])
        if not 2 <= count <= 4:
            problems.append(Problem(source, line_of(lines, ("items",)), "items",
                                    f"element '{key}' has {count} items; give it 2 to 4"))
    return problems


def rater_schema(questionnaire: Questionnaire) -> Schema:
    """The JSON Schema of a rater's file, built from the questionnaire's item ids."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Ratings for the {questionnaire.name}",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "rater", "partner", "ratings"],
        "properties": {
            "schema_version": {"type": "integer", "const": 1},
            "rater": {"$ref": "#/$defs/text"},
            "partner": {"$ref": "#/$defs/text"},
            "date": {"type": "string"},
            "notes": {"type": "string"},
            "ratings": {"type": "object", "additionalProperties": False,
                        "properties": {item.id: {"$ref": "#/$defs/rating"} for item in questionnaire.items}},
        },
        "$defs": {
            "text": {"type": "string", "minLength": 1, "pattern": "\\S"},
            "rating": {"type": "object", "additionalProperties": False, "required": ["score", "reason"],
                       "properties": {"score": {"type": "integer", "minimum": 0, "maximum": 3},
                                      "reason": {"$ref": "#/$defs/text"}}},
        },
    }


# --- rater files and the check -----------------------------------------------------------


def parse_rater(text: str, source: str, questionnaire: Questionnaire, file: str | None = None) -> RaterSheet:
    """A rater's sheet from YAML or JSON text; raises `DesignError` listing every problem."""
    data, lines = parse_tree(text, source)
    if not isinstance(data, dict):
        raise DesignError([Problem(source, line_of(lines, ()), "",
                                   "the top level must be a mapping of fields (rater: ..., partner: ..., ratings: ...)")])
    register_schema(RATER_SCHEMA, rater_schema(questionnaire))
    problems = validate(data, RATER_SCHEMA, lines, source)
    if not problems and not data["ratings"]:
        problems = [Problem(source, line_of(lines, ("ratings",)), "ratings",
                            "rates no item; rate every item you can judge and leave out only the others")]
    if problems:
        raise DesignError(sorted(problems, key=lambda problem: problem.line or 0))
    ratings = {key: Rating(value["score"], value["reason"]) for key, value in data["ratings"].items()}
    return RaterSheet(file or source, data["rater"], data["partner"], ratings)


def rater_document(rater: str, partner: str, ratings: Mapping[str, Rating], *, date: str = "") -> str:
    """A rater file's YAML text, as `parse_rater` reads it. Items left out stay "not rated". Pure.

    Names and reasons are written exactly as given (quoted where YAML needs it), so they read
    back unchanged; checking them is `parse_rater`'s job.
    """
    data: dict[str, Any] = {"schema_version": 1, "rater": _exact(rater), "partner": _exact(partner)}
    if date:
        data["date"] = date
    data["ratings"] = {item_id: {"score": rating.score, "reason": _exact(rating.reason)}
                       for item_id, rating in ratings.items()}
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_unicode = True
    yaml.width = 100
    stream = io.StringIO()
    yaml.dump(data, stream)
    return f"# One rater's ratings for the partnership health check. An item left out is \"not rated\".\n{stream.getvalue()}"


def _exact(text: str) -> str:
    # ruamel writes these line separators raw in plain or single-quoted text, where a reader folds
    # them into spaces; in double quotes they are escaped (\N, \L, \P) and read back as they were.
    return DoubleQuotedScalarString(text) if any(mark in text for mark in "\x85\u2028\u2029") else text


def check_health(directory: str | os.PathLike[str], *, questionnaire: Questionnaire | None = None,
                 files: FileList | None = None, on_file: Callable[[], None] | None = None) -> HealthResult:
    """Read every rater file in a folder and sum up the ratings; bad files are listed, not fatal."""
    listing = files if files is not None else collect_files(directory)
    questionnaire = questionnaire or default_questionnaire()
    sheets: list[RaterSheet] = []
    bad: list[BadFile] = list(listing.refused)
    for path in listing.files:
        name = path.relative_to(listing.folder).as_posix()
        try:
            sheets.append(parse_rater(read_inside(path, listing.root), str(path), questionnaire, name))
        except DesignError as error:
            bad.append(BadFile(name, error.problems))
        if on_file is not None:
            on_file()
    return summarise_health(str(listing.folder), sheets, bad, questionnaire)


def summarise_health(folder: str, sheets: Sequence[RaterSheet], bad_files: Sequence[BadFile],
                     questionnaire: Questionnaire) -> HealthResult:
    """Medians, spreads, flags, actions and per-rater profiles. Pure."""
    raters = tuple(sorted(sheets, key=lambda sheet: sheet.file))
    items = tuple(item_result(item, raters, questionnaire.flag_spread) for item in questionnaire.items)
    flagged = tuple(sorted((result for result in items if result.flagged), key=lambda result: -(result.spread or 0)))
    return HealthResult(
        folder=folder, questionnaire=questionnaire, raters=raters,
        bad_files=tuple(sorted(bad_files, key=lambda bad: bad.file)), items=items, flagged=flagged,
        actions=action_list(items, questionnaire), profiles=tuple(profile(sheet, questionnaire) for sheet in raters),
    )


def item_result(item: HealthItem, sheets: Sequence[RaterSheet], flag_spread: int) -> ItemResult:
    given = tuple((sheet.label, sheet.ratings[item.id]) for sheet in sheets if item.id in sheet.ratings)
    scores = [rating.score for _, rating in given]
    spread = max(scores) - min(scores) if scores else None
    return ItemResult(
        item=item, ratings=given, not_rated_by=tuple(sheet.label for sheet in sheets if item.id not in sheet.ratings),
        median=float(statistics.median(scores)) if scores else None, spread=spread,
        flagged=spread is not None and spread >= flag_spread,
    )


def action_list(items: Sequence[ItemResult], questionnaire: Questionnaire) -> tuple[Action, ...]:
    """Low and disputed items first, then low ones, then disputed ones; lowest median, widest spread first."""
    ranked: list[tuple[tuple[float, ...], Action]] = []
    for index, result in enumerate(items):
        low = result.median is not None and result.median <= questionnaire.action_median
        if not (low or result.flagged):
            continue
        why: list[str] = []
        steps: list[str] = []
        if result.flagged:
            why.append(f"raters differ by {result.spread} levels")
            steps.append("Each rater explains their rating; agree what is actually happening.")
        if low and result.median is not None:
            level = int(result.median)
            why.append(f"median rating {result.median:g} ({questionnaire.level_names[level].lower()})")
            steps.append(f"Agree who does what to reach the next level: {result.item.levels[min(level + 1, 3)]}")
        group = 0 if low and result.flagged else (1 if low else 2)
        key = (group, result.median if result.median is not None else 3.0, -(result.spread or 0), index)
        ranked.append((key, Action(result, tuple(why), " ".join(steps))))
    return tuple(action for _, action in sorted(ranked, key=lambda pair: pair[0]))


def profile(sheet: RaterSheet, questionnaire: Questionnaire) -> RaterProfile:
    averages: list[tuple[str, float | None]] = []
    for key, _ in questionnaire.elements:
        scores = [sheet.ratings[item.id].score for item in questionnaire.items_for(key) if item.id in sheet.ratings]
        averages.append((key, statistics.fmean(scores) if scores else None))
    return RaterProfile(sheet.label, sheet.file, tuple(averages))
