"""The scoring rubric: data shipped with the package, or a trainer's own file."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ict4d_training.core.documents import LineMap, line_of, parse_tree, require_mapping
from ict4d_training.core.errors import Problem, RubricError, reported_as
from ict4d_training.core.measures import MEASURES
from ict4d_training.core.schema import validate

ELEMENT_KEYS = ("environment", "stakeholders", "leadership", "objectives", "monitoring", "resourcing", "ethics",
                "management")
LESSON_KEYS = ("diversity", "local_context", "outcomes", "sustainability", "trust", "enabling_environment")
BAND_ORDER = ("not_ready", "emerging", "developing", "strong")
BLOCKED_BAND = "do_not_start"  # the packaged rubric's band for a blocked design, below all score bands
THIN_RECORD_BAND = "too_little_recorded"  # the packaged rubric's band for an analysis whose record is too thin


@dataclass(frozen=True)
class Element:
    key: str
    title: str
    weight: float
    label: str  # one or two words, where a whole title does not fit (a chart's axis)


@dataclass(frozen=True)
class Lesson:
    key: str
    title: str
    learn_more: str


@dataclass(frozen=True)
class Band:
    key: str
    min: float
    meaning: str


@dataclass(frozen=True)
class Blocker:
    code: str
    rule: str
    message: str
    learn_more: str


@dataclass(frozen=True)
class Criterion:
    id: str
    element: str
    lessons: tuple[str, ...]
    title: str
    measure: str
    weight: float
    levels: dict[int, str]
    feedback: str
    learn_more: str
    reads: tuple[str, ...] = ()
    traces_to: tuple[str, ...] = ()
    next_steps: dict[int | str, str] | None = None

    def next_step(self, level: int, step: str | None = None) -> str:
        """What would lift a design from where it is: the named step, the level's, else the feedback."""
        steps = self.next_steps or {}
        return steps.get(step, steps.get(level, self.feedback)) if step else steps.get(level, self.feedback)


@dataclass(frozen=True)
class Rubric:
    """A whole rubric. Elements and lessons keep the contract's order."""

    name: str
    version: str
    level_names: dict[int, str]
    weights_rationale: str
    elements: tuple[Element, ...]
    lessons: tuple[Lesson, ...]
    bands: tuple[Band, ...]
    blocked_band_cap: str | None
    blockers: tuple[Blocker, ...]
    criteria: tuple[Criterion, ...]
    blocked_band: Band | None = None
    schema_version: int = 1
    thin_record_band: Band | None = None  # its `min` is the coverage (points known) needed for a score band

    def element(self, key: str) -> Element:
        return next(element for element in self.elements if element.key == key)

    def criteria_for(self, element_key: str) -> tuple[Criterion, ...]:
        return tuple(criterion for criterion in self.criteria if criterion.element == element_key)

    def element_points(self, key: str) -> float:
        """How many of the 100 points an element is worth: its share of the elements' weights."""
        return 100 * self.element(key).weight / sum(element.weight for element in self.elements)

    def max_points(self, criterion_id: str) -> float:
        """How many of the 100 points a criterion is worth: its share of its element's points."""
        criterion = next(criterion for criterion in self.criteria if criterion.id == criterion_id)
        siblings = self.criteria_for(criterion.element)
        return self.element_points(criterion.element) * criterion.weight / sum(item.weight for item in siblings)

    def band_for(self, overall: float) -> Band:
        return next(band for band in sorted(self.bands, key=lambda band: -band.min) if overall >= band.min)




def element_labels(rubric: Rubric | None = None) -> dict[str, str]:
    """Each element's short name by key (the packaged rubric's, unless another is given)."""
    return {element.key: element.label for element in (rubric or default_rubric()).elements}


@cache
def default_rubric() -> Rubric:
    """The packaged rubric, read once."""
    text = resources.files("ict4d_training").joinpath("data").joinpath("rubric.yaml").read_text(encoding="utf-8")
    return parse_rubric(text, "rubric.yaml")


def parse_rubric(text: str, source: str = "<rubric>") -> Rubric:
    with reported_as(RubricError):
        data, lines = parse_tree(text, source)
        require_mapping(data, lines, source)
    problems = validate(data, "rubric.schema.json", lines, source)
    if not problems:
        problems = _consistency_problems(data, source, lines)
    if problems:
        raise RubricError(sorted(problems, key=lambda problem: problem.line or 0))
    return _build(data)


def _consistency_problems(data: dict[str, Any], source: str, lines: LineMap) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: tuple[str | int, ...], field: str, message: str) -> None:
        problems.append(Problem(source, line_of(lines, path), field, message))

    for name, keys in (("elements", ELEMENT_KEYS), ("lessons", LESSON_KEYS)):
        given = [item["key"] for item in data[name]]
        missing = [key for key in keys if key not in given]
        if missing or len(set(given)) != len(given):
            add((name,), name, f"must list each of {', '.join(keys)} exactly once")
    seen: set[str] = set()
    for index, criterion in enumerate(data["criteria"]):
        if criterion["id"] in seen:
            add(("criteria", index, "id"), f"criteria[{index}].id", f"criterion id '{criterion['id']}' is used twice")
        seen.add(criterion["id"])
        if criterion["measure"] not in MEASURES:
            close = difflib.get_close_matches(criterion["measure"], list(MEASURES), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known measures: {', '.join(sorted(MEASURES))}"
            add(("criteria", index, "measure"), f"criteria[{index}].measure",
                f"unknown measure '{criterion['measure']}'; {hint}")
    for key in ELEMENT_KEYS:
        if not any(criterion["element"] == key for criterion in data["criteria"]):
            add(("criteria",), "criteria", f"element '{key}' has no criterion, so it cannot be scored")
    for key in LESSON_KEYS:
        if not any(key in criterion["lessons"] for criterion in data["criteria"]):
            add(("criteria",), "criteria", f"lesson '{key}' is informed by no criterion, so it cannot be scored")
    band_keys = [band["key"] for band in data["bands"]]
    if not any(band["min"] == 0 for band in data["bands"]):
        add(("bands",), "bands", "one band must start at 0, so every score has a band")
    if len(set(band_keys)) != len(band_keys):
        add(("bands",), "bands", "each band may be listed only once")
    if data["schema_version"] == 1:
        if "blocked_band_cap" not in data:
            add(("schema_version",), "blocked_band_cap", "is required in a version 1 rubric")
        elif data["blocked_band_cap"] not in band_keys:
            add(("blocked_band_cap",), "blocked_band_cap",
                f"'{data['blocked_band_cap']}' is not one of the listed bands ({', '.join(band_keys)})")
        for field in ("blocked_band", "thin_record_band"):
            if field in data:
                add((field,), field, "is new in rubric format 2: set schema_version: 2 to use it")
    else:
        if "blocked_band" not in data:
            add(("schema_version",), "blocked_band", "is required in a version 2 rubric")
        elif data["blocked_band"]["key"] in band_keys:
            add(("blocked_band", "key"), "blocked_band.key", "must differ from the score bands: it is given whatever the score")
        thin = data.get("thin_record_band")
        if thin and thin["key"] in [*band_keys, data.get("blocked_band", {}).get("key")]:
            add(("thin_record_band", "key"), "thin_record_band.key", "must differ from the other bands")
        if "blocked_band_cap" in data:
            add(("blocked_band_cap",), "blocked_band_cap", "is for version 1 rubrics: a version 2 rubric uses blocked_band")
    return problems


def _build(data: dict[str, Any]) -> Rubric:
    elements = {item["key"]: Element(item["key"], item["title"], float(item["weight"]), item["label"])
                for item in data["elements"]}
    lessons = {item["key"]: Lesson(item["key"], item["title"], item["learn_more"]) for item in data["lessons"]}
    return Rubric(
        name=data["name"],
        version=data.get("version", ""),
        level_names={int(level): text for level, text in data.get("level_names", {}).items()}
        or {0: "Not in place", 1: "Early steps", 2: "Partly in place", 3: "Fully in place"},
        weights_rationale=data.get("weights_rationale", ""),
        elements=tuple(elements[key] for key in ELEMENT_KEYS),
        lessons=tuple(lessons[key] for key in LESSON_KEYS),
        bands=tuple(Band(item["key"], float(item["min"]), item["meaning"]) for item in data["bands"]),
        blocked_band_cap=data.get("blocked_band_cap"),
        blocked_band=(Band(data["blocked_band"]["key"], 0.0, data["blocked_band"]["meaning"])
                      if "blocked_band" in data else None),
        schema_version=data["schema_version"],
        thin_record_band=(Band(data["thin_record_band"]["key"], float(data["thin_record_band"]["min_coverage"]),
                               data["thin_record_band"]["meaning"]) if "thin_record_band" in data else None),
        blockers=tuple(Blocker(**item) for item in data["blockers"]),
        criteria=tuple(
            Criterion(
                id=item["id"], element=item["element"], lessons=tuple(item["lessons"]), title=item["title"],
                measure=item["measure"], weight=float(item["weight"]),
                levels={int(level): text for level, text in item["levels"].items()},
                feedback=item["feedback"], learn_more=item["learn_more"], reads=tuple(item.get("reads", ())),
                traces_to=tuple(item.get("traces_to", ())),
                next_steps={(int(key) if key.isdigit() else key): text for key, text in item["next_steps"].items()}
                if "next_steps" in item else None,
            )
            for item in data["criteria"]
        ),
    )
