"""Score a design against a rubric: judge each criterion, then aggregate. Pure functions."""

from __future__ import annotations

from ict4d_training.core.measures import BLOCKER_RULES, MEASURES, SECTOR_GROUPS, is_ppp
from ict4d_training.core.model import Design
from ict4d_training.core.report import AreaScore, Finding, RaisedBlocker, Recommendation, ScoreReport
from ict4d_training.core.rubric import BAND_ORDER, Rubric, default_rubric


def score(design: Design, rubric: Rubric | None = None) -> ScoreReport:
    """The score report of a design; the same design and rubric always give the same report."""
    rubric = rubric or default_rubric()
    return aggregate(design, judge(design, rubric), rubric)


def judge(design: Design, rubric: Rubric) -> tuple[Finding, ...]:
    """One finding per criterion, in rubric order, worth its share of the 100 points."""
    findings = []
    for element in rubric.elements:
        for criterion in rubric.criteria_for(element.key):
            measurement = MEASURES[criterion.measure](design)
            max_points = rubric.max_points(criterion.id)
            points = max_points * measurement.level / 3
            met = measurement.level == 3
            message = measurement.evidence if met else f"{measurement.evidence} {criterion.feedback}"
            findings.append(Finding(
                criterion=criterion.id, met=met, points=points, max_points=max_points, message=message,
                learn_more=criterion.learn_more, title=criterion.title, element=element.key,
                level=measurement.level, evidence=measurement.evidence,
            ))
    return tuple(findings)


def aggregate(design: Design, findings: tuple[Finding, ...], rubric: Rubric) -> ScoreReport:
    """Element and lesson scores, overall score, band, blockers and recommendations."""
    by_id = {finding.criterion: finding for finding in findings}
    elements = tuple(
        _area(element.key, element.title, [f for f in findings if f.element == element.key], element.label)
        for element in rubric.elements
    )
    lessons = tuple(
        _area(lesson.key, lesson.title,
              [by_id[criterion.id] for criterion in rubric.criteria if lesson.key in criterion.lessons])
        for lesson in rubric.lessons
    )
    overall = _percent(findings)
    blockers = tuple(
        RaisedBlocker(blocker.code, blocker.message, blocker.learn_more)
        for blocker in rubric.blockers if BLOCKER_RULES[blocker.rule](design)
    )
    # Banded on the score as shown (one decimal), so "80.0" is never called developing.
    band = rubric.band_for(round(overall, 1))
    if blockers and BAND_ORDER.index(band.key) > BAND_ORDER.index(rubric.blocked_band_cap):
        band = next(item for item in rubric.bands if item.key == rubric.blocked_band_cap)
    return ScoreReport(
        title=design.title, overall=overall, band=band.key, band_meaning=band.meaning, elements=elements,
        lessons=lessons, blockers=blockers, recommendations=_recommendations(findings, rubric),
        partnership_kind=partnership_kind(design), rubric_name=rubric.name,
    )


def partnership_kind(design: Design) -> str:
    """single_organisation, single_sector, ppp or multi_stakeholder."""
    if len(design.partners) < 2:
        return "single_organisation"
    if is_ppp(design):
        return "ppp"
    if len({SECTOR_GROUPS[partner.sector] for partner in design.partners}) < 2:
        return "single_sector"
    return "multi_stakeholder"


def _area(key: str, title: str, findings: list[Finding], label: str = "") -> AreaScore:
    return AreaScore(key=key, title=title, score=_percent(findings), findings=tuple(findings), label=label or title)


def _percent(findings: tuple[Finding, ...] | list[Finding]) -> float:
    possible = sum(finding.max_points for finding in findings)
    return 100 * sum(finding.points for finding in findings) / possible if possible else 0.0


def _recommendations(findings: tuple[Finding, ...], rubric: Rubric) -> tuple[Recommendation, ...]:
    feedback = {criterion.id: criterion.feedback for criterion in rubric.criteria}
    # Most points recoverable first; ties keep rubric order, which follows the note's importance.
    unmet = sorted((f for f in findings if not f.met), key=lambda f: -round(f.recoverable, 6))
    return tuple(
        Recommendation(priority=index, element=finding.element, action=feedback[finding.criterion],
                       points=finding.recoverable, criterion=finding.criterion, learn_more=finding.learn_more)
        for index, finding in enumerate(unmet, start=1)
    )
