"""The score report (contract section 2, report version 2): what the scorer found and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One criterion's verdict. `to_dict` gives the contract's keys; the rest serve displays."""

    criterion: str
    met: bool
    points: float
    max_points: float
    message: str
    learn_more: str
    title: str = ""
    element: str = ""
    level: int = 0
    evidence: str = ""
    known: bool = True  # False: an analysis marks what this criterion reads as not recorded
    step: str | None = None  # the route to its level, naming the next step that applies

    @property
    def recoverable(self) -> float:
        return self.max_points - self.points if self.known else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "met": self.met, "points": round(self.points, 1),
                "max_points": round(self.max_points, 1), "level": self.level if self.known else None,
                "known": self.known, "message": self.message, "learn_more": self.learn_more}


@dataclass(frozen=True)
class AreaScore:
    """An element's or a lesson's score, with the findings behind it."""

    key: str
    title: str
    score: float
    findings: tuple[Finding, ...]
    label: str = ""  # an element's short name (the rubric's `label`)

    @property
    def known(self) -> bool:
        """False when every finding in the area is unknown (a case whose record is silent on it)."""
        return any(finding.known for finding in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 1) if self.known else None,
                "findings": [finding.to_dict() for finding in self.findings]}


@dataclass(frozen=True)
class RaisedBlocker:
    code: str
    message: str
    learn_more: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "learn_more": self.learn_more}


@dataclass(frozen=True)
class Recommendation:
    priority: int
    element: str
    action: str
    points: float = 0.0
    criterion: str = ""
    learn_more: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"priority": self.priority, "element": self.element, "action": self.action}


@dataclass(frozen=True)
class ScoreReport:
    """A design's score. `to_dict()` is exactly the JSON of the contract."""

    title: str
    overall: float
    band: str
    elements: tuple[AreaScore, ...]
    lessons: tuple[AreaScore, ...]
    blockers: tuple[RaisedBlocker, ...]
    recommendations: tuple[Recommendation, ...]
    partnership_kind: str = "multi_stakeholder"
    band_meaning: str = ""
    rubric_name: str = ""
    schema_version: int = field(default=2)
    coverage: float = 100.0  # points (of 100) the design's record lets the scorer judge

    def element(self, key: str) -> AreaScore:
        return next(area for area in self.elements if area.key == key)

    def lesson(self, key: str) -> AreaScore:
        return next(area for area in self.lessons if area.key == key)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(finding for area in self.elements for finding in area.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "title": self.title,
            "overall": round(self.overall, 1),
            "band": self.band,
            "coverage": round(self.coverage, 1),
            "elements": {area.key: area.to_dict() for area in self.elements},
            "lessons": {area.key: area.to_dict() for area in self.lessons},
            "blockers": [blocker.to_dict() for blocker in self.blockers],
            "recommendations": [recommendation.to_dict() for recommendation in self.recommendations],
        }
