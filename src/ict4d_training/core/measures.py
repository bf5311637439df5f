"""How each rubric criterion reads a design: pure functions from a design to a level.

A rubric (data) names one of these measures per criterion; the measure returns the level
reached (0 not in place ... 3 fully in place) and the evidence it saw, in words a trainee
can check against their own file. Every measure is monotone: adding a good practice to a
design never lowers its level.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ict4d_training.core.model import Design

EARLY_STAGES = ("concept", "design")
PUBLIC_SECTORS = frozenset({"government", "regulator"})
PRIVATE_SECTORS = frozenset({"private", "business_association"})
CIVIC_SECTORS = frozenset({"civil_society", "community"})
# Sectors grouped as the source note's public / private / civil-society distinction.
SECTOR_GROUPS = {
    "government": "public sector", "regulator": "public sector",
    "private": "private sector", "business_association": "private sector",
    "civil_society": "civil society and communities", "community": "civil society and communities",
    "academia": "academia", "donor": "donors and multilaterals", "multilateral": "donors and multilaterals",
}
REVIEW_MONTHS_FOR_REGULAR = 12
MANAGEMENT_NAMES = {"office": "management office", "broker": "partnership broker",
                    "office_and_broker": "management office and partnership broker"}


@dataclass(frozen=True)
class Measurement:
    """What a measure found: the level reached and the evidence for it."""

    level: int
    evidence: str
    # Where a level can be reached in more than one way: which of the criterion's next steps applies,
    # so a recommendation never asks for something the design already records.
    step: str | None = None


Measure = Callable[[Design], Measurement]
MEASURES: dict[str, Measure] = {}


def measure(function: Measure) -> Measure:
    MEASURES[function.__name__] = function
    return function


def _text(value: str | None) -> bool:
    return bool(value and value.strip())


def _share_level(count: int, total: int) -> int:
    if total == 0 or count == 0:
        return 0
    if count == total:
        return 3
    return 2 if 2 * count >= total else 1


def _names(design: Design, ids: list[str]) -> str:
    names = {partner.id: partner.name for partner in design.partners}
    return ", ".join(names[item] for item in ids)


def is_ppp(design: Design) -> bool:
    """Partners only from the public and private sectors, with at least one of each."""
    sectors = {partner.sector for partner in design.partners}
    return (sectors <= PUBLIC_SECTORS | PRIVATE_SECTORS and bool(sectors & PUBLIC_SECTORS)
            and bool(sectors & PRIVATE_SECTORS))


def _regular_reviews(design: Design) -> bool:
    months = design.monitoring.review_every_months
    return months is not None and months <= REVIEW_MONTHS_FOR_REGULAR


@measure
def policy_environment(design: Design) -> Measurement:
    policy, has_notes = design.environment.policy, _text(design.environment.notes)
    if policy == "supportive":
        return Measurement(3, "The policy environment is assessed as supportive.")
    if policy == "neutral":
        return (Measurement(2, "Policy is neutral, and the notes say how the partnership will work within it.")
                if has_notes else Measurement(1, "Policy is neutral, with no notes on how to secure support."))
    if policy == "obstructive":
        return Measurement(0, "The policy environment is obstructive.")
    return Measurement(0, "The policy environment has not been assessed (environment.policy is missing).")


@measure
def infrastructure(design: Design) -> Measurement:
    state, has_notes = design.environment.infrastructure, _text(design.environment.notes)
    if state == "adequate":
        return Measurement(3, "Connectivity, power and devices are assessed as adequate.")
    if state == "partial":
        return (Measurement(2, "Infrastructure is partial, and the notes say how the gaps will be bridged.")
                if has_notes else Measurement(1, "Infrastructure is partial, with no notes on the gaps."))
    if state == "absent":
        return Measurement(0, "Infrastructure (connectivity, power, devices) is absent.")
    return Measurement(0, "Infrastructure has not been assessed (environment.infrastructure is missing).")


@measure
def context_study(design: Design) -> Measurement:
    studied, described = design.context.local_context_study is True, _text(design.context.target_communities)
    if studied and described:
        return Measurement(3, "A local context study was done and the target communities are described.")
    if studied:
        return Measurement(2, "A local context study was done, but the target communities are not described.")
    if described:
        return Measurement(1, "The target communities are named, but no local context study was done.")
    return Measurement(0, "No local context study, and the target communities are not described.")


@measure
def sector_diversity(design: Design) -> Measurement:
    groups = sorted({SECTOR_GROUPS[partner.sector] for partner in design.partners})
    civic = "civil society and communities" in groups
    others = len(groups) - (1 if civic else 0)
    present = "; ".join(groups)
    if is_ppp(design):
        return Measurement(1, "Partners come only from the public and private sectors: this is a public-private "
                              "partnership (PPP), not a multi-stakeholder partnership.")
    if civic and others >= 2:
        return Measurement(3, f"Partners span {len(groups)} groups, civil society or communities among them ({present}).")
    if civic and others == 1:
        return Measurement(2, f"Civil society or communities take part alongside one other group ({present}).")
    if len(groups) >= 2:
        return Measurement(1, f"Partners span {len(groups)} groups but include no civil society or community "
                              f"organisation ({present}).")
    return Measurement(0, f"All partners come from one group ({present}).")


@measure
def community_involvement(design: Design) -> Measurement:
    level = design.context.community_involvement
    levels = {"community_led": 3, "co_designed": 3, "consulted": 2, "informed": 1}
    if level in levels:
        return Measurement(levels[level], f"The community is {level.replace('_', ' ')}.")
    if level == "none":
        return Measurement(0, "The community is not involved.")
    return Measurement(0, "Community involvement is not planned (context.community_involvement is missing).")


@measure
def early_engagement(design: Design) -> Measurement:
    late = [partner.id for partner in design.partners if partner.joins_at not in EARLY_STAGES]
    total = len(design.partners)
    early = total - len(late)
    level = _share_level(early, total)
    if not late:
        return Measurement(level, f"All {total} partners join at the concept or design stage.")
    return Measurement(level, f"{early} of {total} partners join at the concept or design stage; later or not "
                              f"stated: {_names(design, late)}.")


@measure
def high_level_champion(design: Design) -> Measurement:
    level = design.champion.level
    who = f" ({design.champion.name})" if _text(design.champion.name) else ""
    if level in ("head_of_state", "minister"):
        return Measurement(3, f"The champion{who} is at {level.replace('_', ' ')} level.")
    if level == "senior_official":
        return Measurement(2, f"The champion{who} is a senior official.")
    if level == "organisational":
        return Measurement(1, f"The champion{who} works at organisational level only.")
    return Measurement(0, "There is no named high-level champion.")


@measure
def leaders_engaged(design: Design) -> Measurement:
    missing = [partner.id for partner in design.partners if partner.leader_engaged is not True]
    total = len(design.partners)
    level = _share_level(total - len(missing), total)
    if not missing:
        return Measurement(level, f"The leadership of all {total} partners is committed.")
    return Measurement(level, f"Leadership commitment is not confirmed for: {_names(design, missing)}.")


def _measurable(design: Design) -> list[bool]:
    return [_text(outcome.indicator) and _text(outcome.target) for outcome in design.outcomes]


@measure
def development_outcomes(design: Design) -> Measurement:
    measurable = _measurable(design)
    if not measurable:
        return Measurement(0, "No intended development outcome is stated.")
    count, total = sum(measurable), len(measurable)
    if count == total:
        return Measurement(3, f"All {total} outcomes have an indicator and a target.")
    if count:
        return Measurement(2, f"{count} of {total} outcomes have both an indicator and a target.")
    return Measurement(1, f"{total} outcome(s) stated, but none has both an indicator and a target.")


@measure
def outcomes_agreed(design: Design) -> Measurement:
    everyone = set(design.partner_ids)

    def agreed_by_all(agreed_by: str | tuple[str, ...] | None) -> bool:
        return agreed_by == "all" or (isinstance(agreed_by, tuple) and everyone <= set(agreed_by))

    if not design.outcomes:
        return Measurement(0, "There are no outcomes to agree.")
    by_all = sum(agreed_by_all(outcome.agreed_by) for outcome in design.outcomes)
    by_some = sum(bool(outcome.agreed_by) for outcome in design.outcomes)
    total = len(design.outcomes)
    if by_all == total:
        return Measurement(3, f"All {total} outcomes are agreed by every partner.")
    if by_all:
        return Measurement(2, f"{by_all} of {total} outcomes are agreed by every partner.")
    if by_some:
        return Measurement(1, "Some outcomes are agreed by some partners, none by all.")
    return Measurement(0, "No outcome records who agreed it (outcomes[].agreed_by).")


@measure
def partnering_agreement(design: Design) -> Measurement:
    if design.trust.partnering_agreement is True:
        return Measurement(3, "A written partnering agreement sets out how the partners work together.")
    return Measurement(0, "There is no written partnering agreement.")


@measure
def contract_considered(design: Design) -> Measurement:
    considered, reason = design.alternatives.contract_considered is True, _text(design.alternatives.why_partnership)
    if considered and reason:
        return Measurement(3, "A contract model was assessed, and the design says why a partnership is better.")
    if considered:
        return Measurement(2, "A contract model was assessed, but the design does not say why a partnership won.")
    if reason:
        return Measurement(1, "The design says why it is a partnership, but no contract model was assessed.")
    return Measurement(0, "No contract alternative was assessed.")


@measure
def baseline_study(design: Design) -> Measurement:
    study = design.monitoring.baseline_study is True
    baselines = [_text(outcome.baseline) for outcome in design.outcomes]
    every = bool(baselines) and all(baselines)
    if study and every:
        return Measurement(3, "A baseline study is planned and every outcome has a baseline.")
    if study:
        return Measurement(2, "A baseline study is planned, but not every outcome has a baseline yet.")
    if every:
        return Measurement(2, "Every outcome has a baseline, but no baseline study is planned.")
    if any(baselines):
        return Measurement(1, f"{sum(baselines)} of {len(baselines)} outcomes have a baseline; no baseline study.")
    return Measurement(0, "No baseline study and no baselines.")


@measure
def monitoring_from_start(design: Design) -> Measurement:
    starts, regular = design.monitoring.starts_at, _regular_reviews(design)
    cadence = (f"reviews every {design.monitoring.review_every_months} months"
               if design.monitoring.review_every_months else "no regular review")
    if starts in EARLY_STAGES:
        return Measurement(3 if regular else 2, f"Monitoring starts at the {starts} stage, {cadence}.")
    if starts == "implementation":
        return Measurement(2 if regular else 1, f"Monitoring starts only at implementation, {cadence}.")
    if starts == "never":
        return Measurement(0, "Monitoring is not planned at all (starts_at: never).")
    return Measurement(1 if regular else 0, f"When monitoring starts is not stated, {cadence}.")


@measure
def partnership_review(design: Design) -> Measurement:
    health, regular = design.monitoring.reviews_partnership_health is True, _regular_reviews(design)
    if health and regular:
        return Measurement(3, "The partnership itself is reviewed at least once a year.")
    if health:
        return Measurement(2, "The partnership itself is reviewed, but not at least once a year.")
    if regular:
        return Measurement(1, "The project is reviewed regularly, but not the partnership itself.")
    return Measurement(0, "Neither the partnership nor the project is reviewed regularly.")


@measure
def resource_commitments(design: Design) -> Measurement:
    silent = [partner.id for partner in design.partners if not (partner.contributes and partner.expects)]
    total = len(design.partners)
    level = _share_level(total - len(silent), total)
    if not silent:
        return Measurement(level, f"All {total} partners state what they offer and what they expect.")
    return Measurement(level, f"Not explicit about both what they offer and what they expect: {_names(design, silent)}.")


@measure
def resourcing_framework(design: Design) -> Measurement:
    if design.resourcing.framework_agreed is True:
        return Measurement(3, "A written resourcing framework is agreed.")
    return Measurement(0, "There is no agreed resourcing framework.")


@measure
def new_partner_mechanism(design: Design) -> Measurement:
    if design.resourcing.new_partner_mechanism is True:
        return Measurement(3, "There is a way to bring in new partners as needs appear.")
    return Measurement(0, "There is no way to bring in new partners as needs appear.")


@measure
def running_costs(design: Design) -> Measurement:
    planned, funding = design.sustainability.planned_from_start is True, _text(design.sustainability.funding_after_launch)
    if planned and funding:
        return Measurement(3, "Sustainability is planned from the start, including running costs after launch.")
    if funding:
        return Measurement(2, "Running costs after launch are addressed, but sustainability was not planned from the start.")
    if planned:
        return Measurement(1, "Sustainability is said to be planned from the start, but running costs after launch "
                              "are not addressed.")
    return Measurement(0, "Nobody has said how running costs will be met when start-up money ends.")


def _count_level(count: int) -> int:
    return 3 if count >= 2 else (2 if count == 1 else 0)


@measure
def transparency(design: Design) -> Measurement:
    count = len(design.ethics.transparency)
    if count:
        return Measurement(_count_level(count), f"{count} concrete transparency practice(s): "
                                                f"{'; '.join(design.ethics.transparency)}.")
    return Measurement(0, "No concrete transparency practice is named.")


@measure
def conflict_of_interest(design: Design) -> Measurement:
    if design.ethics.conflict_of_interest_policy is True:
        return Measurement(3, "There is a conflict-of-interest policy.")
    return Measurement(0, "There is no conflict-of-interest policy.")


@measure
def grievance_mechanism(design: Design) -> Measurement:
    if design.ethics.grievance_mechanism is True:
        return Measurement(3, "Communities and partners have a way to raise complaints.")
    return Measurement(0, "There is no grievance mechanism.")


@measure
def trust_practices(design: Design) -> Measurement:
    count = len(design.trust.practices)
    if count:
        return Measurement(_count_level(count), f"{count} trust-building practice(s): {'; '.join(design.trust.practices)}.")
    return Measurement(0, "No concrete trust-building practice is named.")


@measure
def management_structure(design: Design) -> Measurement:
    structure, funded = design.management.structure, design.management.funded is True
    if structure in MANAGEMENT_NAMES:
        name = MANAGEMENT_NAMES[structure]
        return (Measurement(3, f"A funded {name} manages the partnership day to day.") if funded
                else Measurement(2, f"A {name} is planned, but its funding is not confirmed."))
    if structure == "committee":
        return Measurement(1, "Only a committee oversees the partnership; nobody manages it day to day.")
    return Measurement(0, "Nobody is responsible for managing the partnership day to day.")


@measure
def shared_decisions(design: Design) -> Measurement:
    rule = design.trust.decision_making
    levels = {"consensus": 3, "majority": 2, "lead_partner": 1}
    if rule in levels:
        return Measurement(levels[rule], f"Decisions are made by {rule.replace('_', ' ')}.")
    return Measurement(0, "How the partners make decisions is not stated.")


@measure
def scale_and_exit(design: Design) -> Measurement:
    scale, exit_ = _text(design.sustainability.scale_plan), _text(design.sustainability.exit_strategy)
    if scale and exit_:
        return Measurement(3, "There is both a plan to scale and an exit strategy.")
    if scale or exit_:
        missing = "an exit strategy" if scale else "a plan to scale"
        return Measurement(2, f"The design lacks {missing}.")
    if design.sustainability.planned_from_start is True:
        return Measurement(1, "Sustainability is said to be planned, but there is no scale plan or exit strategy.")
    return Measurement(0, "There is no plan to scale and no exit strategy.")


BlockerRule = Callable[[Design], bool]
BLOCKER_RULES: dict[str, BlockerRule] = {
    "policy_obstructive": lambda design: design.environment.policy == "obstructive",
    "infrastructure_absent": lambda design: design.environment.infrastructure == "absent",
    "single_partner": lambda design: len(design.partners) < 2,
    "no_outcome": lambda design: not design.outcomes,
}


# Rubric v2's measures and blocker rules register themselves in the dicts above.
from ict4d_training.core import measures_v2  # noqa: E402,F401
