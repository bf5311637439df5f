"""Score a design against a rubric: judge each criterion, then aggregate. Pure functions."""

from __future__ import annotations

from ict4d_training.core.measures import BLOCKER_RULES, MEASURES, SECTOR_GROUPS, is_ppp
from ict4d_training.core.model import Design
from ict4d_training.core.record_bounds import best_case
from ict4d_training.core.report import AreaScore, Finding, RaisedBlocker, Recommendation, ScoreReport
from ict4d_training.core.rubric import BAND_ORDER, Rubric, default_rubric


def score(design: Design, rubric: Rubric | None = None) -> ScoreReport:
    """The score report of a design; the same design and rubric always give the same report."""
    rubric = rubric or default_rubric()
    best = best_case(design)
    return aggregate(design, judge(design, rubric, best), rubric, best)


def judge(design: Design, rubric: Rubric, best: Design | None = None) -> tuple[Finding, ...]:
    """One finding per criterion, in rubric order, worth its share of the 100 points.

    `best` is `best_case(design)`, when the caller has it already.
    """
    findings = []
    best = best if best is not None else best_case(design)
    for element in rubric.elements:
        for criterion in rubric.criteria_for(element.key):
            measurement = MEASURES[criterion.measure](design)
            max_points = rubric.max_points(criterion.id)
            # Settled by the record when the silent fields, at their best, would not change the level.
            known = best is design or MEASURES[criterion.measure](best).level == measurement.level
            met = known and measurement.level == 3
            points = max_points * measurement.level / 3 if known else 0.0
            if not known:
                silent = unrecorded(criterion.reads, design.not_recorded) or ["fields this criterion reads"]
                message = (f"Unknown: the record is silent on {', '.join(silent)}, so this is not scored. "
                           f"From what is recorded: {measurement.evidence}")
            else:
                step = criterion.next_step(measurement.level, measurement.step)
                message = measurement.evidence if met else f"{measurement.evidence} {step}"
            findings.append(Finding(
                criterion=criterion.id, met=met, points=points, max_points=max_points, message=message,
                learn_more=criterion.learn_more, title=criterion.title, element=element.key,
                level=measurement.level, evidence=measurement.evidence, known=known, step=measurement.step,
            ))
    return tuple(findings)


def unrecorded(reads: tuple[str, ...], not_recorded: tuple[str, ...]) -> list[str]:
    """The fields a criterion reads that the record is silent on (a section covers its fields)."""
    return [path for path in not_recorded
            if any(read == path or read.startswith(path + ".") or path.startswith(read + ".") for read in reads)]


def aggregate(design: Design, findings: tuple[Finding, ...], rubric: Rubric,
              best: Design | None = None) -> ScoreReport:
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
    # For an analysis, a blocker is raised only if the record settles it: it holds at the best too.
    best = best if best is not None else best_case(design)
    blockers = tuple(
        RaisedBlocker(blocker.code, blocker.message, blocker.learn_more)
        for blocker in rubric.blockers if BLOCKER_RULES[blocker.rule](design) and BLOCKER_RULES[blocker.rule](best)
    )
    # Banded on the score as shown (one decimal), so "80.0" is never called developing.
    band = rubric.band_for(round(overall, 1))
    coverage = sum(finding.max_points for finding in findings if finding.known)
    thin = rubric.thin_record_band
    if blockers and rubric.blocked_band is not None:
        band = rubric.blocked_band
    elif thin is not None and round(coverage, 1) < thin.min:
        band = thin
    elif blockers and rubric.blocked_band_cap and BAND_ORDER.index(band.key) > BAND_ORDER.index(rubric.blocked_band_cap):
        band = next(item for item in rubric.bands if item.key == rubric.blocked_band_cap)
    return ScoreReport(
        title=design.title, overall=overall, band=band.key, band_meaning=band.meaning, elements=elements,
        lessons=lessons, blockers=blockers, recommendations=_recommendations(findings, rubric),
        partnership_kind=partnership_kind(design), rubric_name=rubric.name,
        coverage=coverage,
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
    # Scored on what is known: an analysis's unrecorded criteria count neither for nor against it.
    possible = sum(finding.max_points for finding in findings if finding.known)
    return 100 * sum(finding.points for finding in findings) / possible if possible else 0.0


def _recommendations(findings: tuple[Finding, ...], rubric: Rubric) -> tuple[Recommendation, ...]:
    criteria = {criterion.id: criterion for criterion in rubric.criteria}
    # Most points recoverable first; ties keep rubric order, which follows the note's importance.
    # The action is the step up from the level reached, so it never asks for what is recorded.
    unmet = sorted((f for f in findings if not f.met and f.known), key=lambda f: -round(f.recoverable, 6))
    return tuple(
        Recommendation(priority=index, element=finding.element,
                       action=criteria[finding.criterion].next_step(finding.level, finding.step),
                       points=finding.recoverable, criterion=finding.criterion, learn_more=finding.learn_more)
        for index, finding in enumerate(unmet, start=1)
    )
