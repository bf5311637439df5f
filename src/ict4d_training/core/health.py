"""Multi-rater partnership health check, for a partnership that is already running.

Each partner's representatives rate the questionnaire's items 0-3, with a reason, each in a
file of their own that names their organisation (`partner`) and, unless they leave it out,
themselves. Each organisation weighs once however many of its staff rate: an item's score is the
median of the organisations' medians. An item is flagged (the conversation to have first) when
at least `flag_share` of the votes lie on the smaller side of a gap of `flag_spread` levels or
more, so one outlier among twenty raters does not flag it but a split room does (see
`_health_stats`). An item a rater left out is "not rated", never 0. With `anonymous=True` the
result carries no rater names or file names. Pure logic returning frozen objects;
`render.health` formats them.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ict4d_training.core.cohort import BadFile
from ict4d_training.core.documents import LineMap, line_of, parse_tree, require_mapping
from ict4d_training.core.errors import HealthCheckError, Problem, reported_as
from ict4d_training.core.health_stats import (
    OrganisationView,
    at_least,
    by_organisation,
    disagreement,
    organisation_key,
    weighted_score,
)
from ict4d_training.core.rater_document import rater_document as rater_document
from ict4d_training.core.rubric import ELEMENT_KEYS
from ict4d_training.core.schema import Schema, register_schema, validate

RATER_SCHEMA = "health-rater.schema.json"
# Version 1 questionnaires have no `flag_share`; they are read with this one, and say so in `notes`.
DEFAULT_FLAG_SHARE = 0.2


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
    flag_share: float = DEFAULT_FLAG_SHARE
    schema_version: int = 2
    notes: tuple[str, ...] = ()  # what a reader of an older file should know, e.g. how it was migrated

    def items_for(self, element: str) -> tuple[HealthItem, ...]:
        return tuple(item for item in self.items if item.element == element)


@dataclass(frozen=True)
class Rating:
    score: int
    reason: str


@dataclass(frozen=True)
class RaterSheet:
    """One rater's file. `partner` is the rater's organisation; `rater` is "" when the file names nobody."""

    file: str
    rater: str
    partner: str
    ratings: dict[str, Rating]

    @property
    def label(self) -> str:
        return f"{self.rater} ({self.partner})" if self.rater else self.partner


@dataclass(frozen=True)
class ItemResult:
    """One item across raters; `median`, `spread` and `disagreement` are None when nobody rated it.

    `median` is the median of the organisations' medians (each organisation weighs once);
    `spread` is the highest rating minus the lowest; `disagreement` is the share of the votes
    on the smaller side of a gap of `flag_spread` levels or more (see `_health_stats`).
    """

    item: HealthItem
    ratings: tuple[tuple[str, Rating], ...]
    not_rated_by: tuple[str, ...]
    median: float | None
    spread: int | None
    flagged: bool
    organisations: tuple[OrganisationView, ...] = ()
    disagreement: float | None = None

    def counts(self) -> dict[int, int]:
        """How many raters gave each level, 0 to 3."""
        return {level: sum(rating.score == level for _, rating in self.ratings) for level in range(4)}


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
    """The whole check. Anonymous: `raters` carry no names or files, `profiles` are per organisation only."""

    folder: str
    questionnaire: Questionnaire
    raters: tuple[RaterSheet, ...]
    bad_files: tuple[BadFile, ...]
    items: tuple[ItemResult, ...]
    flagged: tuple[ItemResult, ...]
    actions: tuple[Action, ...]
    profiles: tuple[RaterProfile, ...]
    organisation_profiles: tuple[RaterProfile, ...] = ()
    anonymous: bool = False

    @property
    def organisations(self) -> tuple[OrganisationView, ...]:
        """Every organisation with the number of its raters (`median` is unused here: 0)."""
        return tuple(OrganisationView(view.name, view.raters, 0.0)
                     for view in by_organisation([(sheet.partner, 0) for sheet in self.raters]))

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




def parse_questionnaire(text: str, source: str = "<questionnaire>") -> Questionnaire:
    with reported_as(HealthCheckError):
        data, lines = parse_tree(text, source)
        require_mapping(data, lines, source)
    problems = validate(data, "health.schema.json", lines, source) or _questionnaire_problems(data, source, lines)
    if problems:
        raise HealthCheckError(sorted(problems, key=lambda problem: problem.line or 0))
    titles = {element["key"]: element["title"] for element in data["elements"]}
    notes: tuple[str, ...] = ()
    if data["schema_version"] == 1:
        notes = (f"{source} is a version 1 questionnaire. Its flag_spread ({data['flag_spread']}) is still the gap "
                 "between two ratings that counts as disagreement, but an item is now flagged only when at least "
                 f"{DEFAULT_FLAG_SHARE:.0%} of the ratings (each organisation weighing once) are on the far side of "
                 "such a gap, not as soon as one rater is. To choose another share, set schema_version: 2 and "
                 "add flag_share (for example 0.2).",)
    return Questionnaire(
        name=data["name"], version=data.get("version", ""),
        level_names={int(level): name for level, name in data["level_names"].items()},
        flag_spread=data["flag_spread"], action_median=float(data["action_median"]),
        elements=tuple((key, titles[key]) for key in ELEMENT_KEYS),
        items=tuple(HealthItem(item["id"], item["element"], item["text"],
                               {int(level): words for level, words in item["levels"].items()},
                               item.get("learn_more", "")) for item in data["items"]),
        flag_share=float(data.get("flag_share", DEFAULT_FLAG_SHARE)), schema_version=data["schema_version"],
        notes=notes,
    )


def _questionnaire_problems(data: dict[str, Any], source: str, lines: LineMap) -> list[Problem]:
    problems: list[Problem] = []
    if data["schema_version"] == 1 and "flag_share" in data:
        problems.append(Problem(source, line_of(lines, ("flag_share",)), "flag_share",
                                "needs schema_version: 2 (version 1 questionnaires have no flag_share)"))
    if data["schema_version"] == 2 and "flag_share" not in data:
        problems.append(Problem(source, line_of(lines, ("schema_version",)), "flag_share",
                                "missing required field 'flag_share' (the share of ratings that flags an item, "
                                "for example 0.2)"))
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
        "required": ["schema_version", "partner", "ratings"],
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
    """A rater's sheet from YAML or JSON text; raises `HealthCheckError` listing every problem."""
    with reported_as(HealthCheckError):
        data, lines = parse_tree(text, source)
        require_mapping(data, lines, source, "rater: ..., partner: ..., ratings: ...")
    register_schema(RATER_SCHEMA, rater_schema(questionnaire))
    problems = validate(data, RATER_SCHEMA, lines, source)
    if not problems and not data["ratings"]:
        problems = [Problem(source, line_of(lines, ("ratings",)), "ratings",
                            "rates no item; rate every item you can judge and leave out only the others")]
    if problems:
        raise HealthCheckError(sorted(problems, key=lambda problem: problem.line or 0))
    ratings = {key: Rating(value["score"], value["reason"]) for key, value in data["ratings"].items()}
    return RaterSheet(file or source, data.get("rater", ""), data["partner"], ratings)




def summarise_health(folder: str, sheets: Sequence[RaterSheet], bad_files: Sequence[BadFile],
                     questionnaire: Questionnaire, *, anonymous: bool = False) -> HealthResult:
    """Scores, disagreements, flags, actions and profiles. Pure.

    Anonymous: names and file names are dropped before anything is summed up, raters are listed
    by organisation (so the order of the files gives nobody away), and there are no per-rater
    profiles; a bad file is still listed, by its file name, for the trainer to fix.
    """
    raters = tuple(sorted(sheets, key=lambda sheet: sheet.file))
    if anonymous:
        raters = tuple(sorted((RaterSheet("", "", sheet.partner, sheet.ratings) for sheet in raters),
                              key=lambda sheet: (sheet.partner, sorted((k, r.score, r.reason)
                                                                       for k, r in sheet.ratings.items()))))
    items = tuple(item_result(item, raters, questionnaire) for item in questionnaire.items)
    flagged = tuple(sorted((result for result in items if result.flagged),
                           key=lambda result: (-(result.disagreement or 0), -(result.spread or 0))))
    return HealthResult(
        folder=folder, questionnaire=questionnaire, raters=raters,
        bad_files=tuple(sorted(bad_files, key=lambda bad: bad.file)), items=items, flagged=flagged,
        actions=action_list(items, questionnaire),
        profiles=() if anonymous else tuple(profile(sheet, questionnaire) for sheet in raters),
        organisation_profiles=organisation_profiles(raters, questionnaire), anonymous=anonymous,
    )


def item_result(item: HealthItem, sheets: Sequence[RaterSheet], questionnaire: Questionnaire) -> ItemResult:
    given = tuple((sheet.label, sheet.ratings[item.id]) for sheet in sheets if item.id in sheet.ratings)
    by_org = [(sheet.partner, sheet.ratings[item.id].score) for sheet in sheets if item.id in sheet.ratings]
    scores = [score for _, score in by_org]
    organisations = by_organisation(by_org)
    share = disagreement(by_org, questionnaire.flag_spread, sorted(questionnaire.level_names))
    return ItemResult(
        item=item, ratings=given, not_rated_by=tuple(sheet.label for sheet in sheets if item.id not in sheet.ratings),
        median=weighted_score(organisations), spread=max(scores) - min(scores) if scores else None,
        flagged=at_least(share, questionnaire.flag_share), organisations=organisations, disagreement=share,
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
            why.append(f"{result.disagreement or 0:.0%} of the ratings are {questionnaire.flag_spread} or more "
                       "levels from the rest")
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


def organisation_profiles(sheets: Sequence[RaterSheet], questionnaire: Questionnaire) -> tuple[RaterProfile, ...]:
    """Each organisation's average per element: the mean over its items of its raters' median. `file` is ""."""
    names = [view.name for view in by_organisation([(sheet.partner, 0) for sheet in sheets])]
    found: list[RaterProfile] = []
    for name in names:
        own = [sheet for sheet in sheets if organisation_key(sheet.partner) == organisation_key(name)]
        averages: list[tuple[str, float | None]] = []
        for key, _ in questionnaire.elements:
            medians = [statistics.median(sheet.ratings[item.id].score for sheet in own if item.id in sheet.ratings)
                       for item in questionnaire.items_for(key) if any(item.id in sheet.ratings for sheet in own)]
            averages.append((key, statistics.fmean(medians) if medians else None))
        found.append(RaterProfile(name, "", tuple(averages)))
    return tuple(found)
