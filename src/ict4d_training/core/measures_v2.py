"""The measures of rubric v2: levels read only from facts a design commits to.

No measure here reads free text (notes, roles, summaries, reasons): a level rises only with an
enum, a yes/no, a number, a partner named as owner, provider, payer or successor, or an item
picked from the format's lists. Every measure is monotone, and none is a share of the partners,
so naming one more real partner never lowers a level.
"""

from __future__ import annotations

from ict4d_training.core.measures import (
    BLOCKER_RULES,
    EARLY_STAGES,
    PUBLIC_SECTORS,
    REVIEW_MONTHS_FOR_REGULAR,
    SECTOR_GROUPS,
    Measurement,
    measure,
)
from ict4d_training.core.model import Design, Partner

# The champion level each scope needs, and the order of levels, from the leadership page: the
# champion's standing should match the partnership's reach, not be as high as possible.
CHAMPION_RANK = {"organisational": 1, "senior_official": 2, "minister": 3, "head_of_state": 4}
SCOPE_NEEDS = {"community": 1, "district": 2, "national": 3, "multi_country": 3}
SCOPE_NAMES = {"community": "a community", "district": "a district", "national": "a national",
               "multi_country": "a multi-country"}
CONTRIBUTIONS = frozenset({"funding", "staff_time", "equipment", "connectivity", "content", "premises", "expertise",
                           "distribution", "data", "training", "policy_support", "community_access"})
BENEFITS = frozenset({"revenue", "market_access", "reputation", "mission", "policy_goals", "better_services", "data",
                      "learning", "skills"})
TRANSPARENCY = frozenset({"published_accounts", "open_minutes", "public_progress_reports", "shared_monitoring_data",
                          "open_procurement", "declared_interests"})
TRUST = frozenset({"regular_joint_meetings", "shared_reporting", "joint_site_visits", "rotating_chair",
                   "dispute_resolution", "open_book_finances"})


def _up_to_three(count: int) -> int:
    # Counts, not shares: one more partner can only keep or raise the level.
    return min(count, 3)


def _words(values: list[str] | tuple[str, ...]) -> str:
    return ", ".join(value.replace("_", " ") for value in values)


@measure
def policy_support(design: Design) -> Measurement:
    policy = design.environment.policy
    plans = design.environment.mitigations_for("policy")
    complete = any(item.complete for item in plans)
    if policy == "supportive":
        return Measurement(3, "The policy environment is assessed as supportive.")
    if policy == "neutral":
        if complete:
            return Measurement(2, "Policy is neutral, and a partner is committed, with resources and a date, to "
                                  "winning government support.")
        if plans:
            return Measurement(1, "Policy is neutral; the plan to win support lacks an owner, a date or resources.",
                               "plan_incomplete")
        return Measurement(1, "Policy is neutral, and no partner has committed (with resources and a date) to "
                              "winning support.", "no_plan")
    if policy == "obstructive":
        if policy_change_agreed(design):
            return Measurement(1, "Policy is obstructive, but changing it is an agreed objective and the "
                                  "responsible authority is engaged.", "change_agreed")
        return Measurement(0, "The policy environment is obstructive, and changing it is not an agreed objective "
                              "with the responsible authority engaged.", "obstructive")
    return Measurement(0, "The policy environment has not been assessed (environment.policy is missing).",
                       "not_assessed")


def policy_change_agreed(design: Design) -> bool:
    """Changing policy is an agreed objective, and a public authority's leadership is engaged."""
    agreed = any(item.agreed_objective is True for item in design.environment.mitigations_for("policy"))
    authority = any(partner.sector in PUBLIC_SECTORS and partner.leader_engaged is True
                    for partner in design.partners)
    return agreed and authority


def infrastructure_planned(design: Design) -> bool:
    return any(item.complete for item in design.environment.mitigations_for("infrastructure"))


@measure
def infrastructure_at_sites(design: Design) -> Measurement:
    state, checked = design.environment.infrastructure, design.environment.sites_checked is True
    planned = infrastructure_planned(design)
    where = "checked at the sites" if checked else "not checked at the sites where the service will run"
    if state == "adequate":
        return Measurement(3 if checked else 2, f"Connectivity, power and devices are adequate ({where}).",
                           None if checked else "not_checked")
    if state == "partial":
        if planned:
            return Measurement(2, f"Infrastructure is partial ({where}); a partner is committed, with resources "
                                  "and a date, to closing the gaps.", "partial_planned")
        return Measurement(1, f"Infrastructure is partial ({where}), and no partner has committed to closing the gaps.",
                           "partial_unplanned")
    if state == "absent":
        if planned:
            return Measurement(1, "Infrastructure is absent, but providing it is planned: a partner is committed, "
                                  "with resources and a date.", "absent_planned")
        return Measurement(0, "Infrastructure (connectivity, power, devices) is absent, and nobody is committed to "
                              "providing it.", "absent_unplanned")
    return Measurement(0, "Infrastructure has not been assessed (environment.infrastructure is missing).",
                       "not_assessed")


@measure
def context_studied(design: Design) -> Measurement:
    studied = design.context.local_context_study is True
    with_community = design.context.community_involvement in ("consulted", "co_designed", "community_led")
    if studied and with_community:
        return Measurement(3, "A local context study was done, and the community was at least consulted.")
    if studied:
        return Measurement(2, "A local context study was done, but the community was not consulted.")
    return Measurement(0, "No local needs and context study was done before design.")


@measure
def capacity_building(design: Design) -> Measurement:
    plans = design.capacity_building
    known = {partner.id for partner in design.partners}
    ready = [item for item in plans if item.provider in known and item.when == "before_launch"]
    if any(item.funded is True for item in ready):
        groups = _words([item.group for item in ready if item.funded is True])
        return Measurement(3, f"People who will run or use the service ({groups}) are prepared before launch, by a "
                              "named partner, with the cost budgeted.")
    if ready:
        return Measurement(2, "Preparation before launch has a named provider, but its cost is not budgeted.")
    if any(item.provider in known for item in plans):
        return Measurement(1, "Preparation has a named provider, but it does not happen before launch.",
                           "not_before_launch")
    if plans:
        return Measurement(1, "Preparation is planned, but no partner is named to provide it.", "no_provider")
    return Measurement(0, "Nobody is planned to prepare the people who will run or use the service.")


@measure
def early_engagement_groups(design: Design) -> Measurement:
    groups = sorted({SECTOR_GROUPS[partner.sector] for partner in design.partners
                     if partner.joins_at in EARLY_STAGES})
    if not groups:
        return Measurement(0, "No partner is recorded as joining at the concept or design stage.")
    return Measurement(_up_to_three(len(groups)), f"Partners from {len(groups)} group(s) join at the concept or "
                                                  f"design stage ({'; '.join(groups)}).")


@measure
def champion_matched(design: Design) -> Measurement:
    level, scope = design.champion.level, design.context.scope
    if level not in CHAMPION_RANK:
        return Measurement(0, "There is no named champion.")
    name = level.replace("_", " ")
    if scope not in SCOPE_NEEDS:
        return Measurement(1, f"The champion is at {name} level, but the partnership's scope (context.scope) is not "
                              "stated, so the match cannot be checked.", "no_scope")
    gap = SCOPE_NEEDS[scope] - CHAMPION_RANK[level]
    if gap <= 0:
        return Measurement(3, f"A champion at {name} level matches {SCOPE_NAMES[scope]} partnership.")
    return Measurement(2 if gap == 1 else 1, f"A champion at {name} level is below what {SCOPE_NAMES[scope]} "
                                             "partnership needs.")


@measure
def champion_commitment(design: Design) -> Measurement:
    champion = design.champion
    if champion.level not in CHAMPION_RANK:
        return Measurement(0, "There is no champion to commit.")
    facts = {
        "gives time every month": (champion.commitment.days_per_month or 0) > 0,
        "has a role written into the partnering agreement": champion.commitment.in_agreement is True,
        "has a named successor": bool(champion.successor and champion.successor.strip()),
    }
    held = [fact for fact, true in facts.items() if true]
    missing = [fact for fact, true in facts.items() if not true]
    if not held:
        return Measurement(0, "The champion has committed no time, no written role and no successor.")
    text = f"The champion {', '.join(held)}."
    if not missing:
        return Measurement(3, text)
    # The first commitment still missing names the next step.
    first = {"gives time every month": "time", "has a role written into the partnering agreement": "written_role",
             "has a named successor": "successor"}[missing[0]]
    return Measurement(len(held), f"{text} Not yet: {', '.join(missing)}.", first)


@measure
def leaders_engaged_count(design: Design) -> Measurement:
    engaged = [partner.name for partner in design.partners if partner.leader_engaged is True]
    if not engaged:
        return Measurement(0, "No partner's own leadership is recorded as committed.")
    return Measurement(_up_to_three(len(engaged)), f"The leadership of {len(engaged)} partner(s) is committed: "
                                                   f"{', '.join(engaged)}.")


@measure
def measurable_outcomes(design: Design) -> Measurement:
    outcomes = [item for item in design.outcomes if item.is_outcome]
    outputs = len(design.outcomes) - len(outcomes)
    if not outcomes:
        return Measurement(0, "Only outputs are stated, no development outcome." if outputs
                           else "No intended development outcome is stated.")
    full = any(item.indicator and item.target for item in outcomes)
    if full:
        return Measurement(3, "At least one development outcome has an indicator and a target.")
    if any(item.indicator for item in outcomes):
        return Measurement(2, "A development outcome has an indicator, but none has both an indicator and a target.",
                           "needs_target")
    if any(item.target for item in outcomes):
        return Measurement(2, "A development outcome has a target, but none has both an indicator and a target.",
                           "needs_indicator")
    return Measurement(1, "Development outcomes are stated, but none has an indicator or a target.")


@measure
def outcomes_agreed_by_all(design: Design) -> Measurement:
    # "all" is the partnership's own record of agreement: a partner who joins later does not undo it,
    # where a list of names would (a criterion must never reward naming fewer partners).
    outcomes = [item for item in design.outcomes if item.is_outcome]
    if not outcomes:
        return Measurement(0, "There is no development outcome to agree.")
    if any(item.agreed_by == "all" for item in outcomes):
        return Measurement(3, "A development outcome is agreed by the whole partnership (agreed_by: all).")
    most = max(len(set(item.agreed_by or ()) & set(design.partner_ids)) for item in outcomes)
    if most >= 2:
        return Measurement(2, f"A development outcome is agreed by {most} named partners, not by the whole partnership.")
    if most == 1:
        return Measurement(1, "A development outcome is agreed by one partner only.")
    return Measurement(0, "No development outcome records who agreed it (outcomes[].agreed_by).")


@measure
def outcome_baselines(design: Design) -> Measurement:
    study = design.monitoring.baseline_study is True
    outcomes = [item for item in design.outcomes if item.is_outcome]
    with_baseline = [bool(item.baseline) for item in outcomes]
    if study and with_baseline and any(with_baseline):
        return Measurement(3, "A baseline study is planned, and a development outcome has its baseline.")
    if study:
        return Measurement(2, "A baseline study is planned, but no development outcome records its baseline yet.")
    if any(with_baseline):
        return Measurement(1, "A development outcome has a baseline, but no baseline study is planned.")
    return Measurement(0, "No baseline study, and no development outcome has a baseline.")


@measure
def beneficiaries_reached(design: Design) -> Measurement:
    people = design.beneficiaries
    affordable = people.cost_to_user in ("free", "subsidised") or people.affordability_checked is True
    measured = people.reach_measured is True
    if affordable and measured:
        return Measurement(3, "The service is affordable to its intended users, and reaching them is measured.")
    if affordable:
        return Measurement(2, "The service is affordable to its intended users, but who is reached is not measured.")
    if measured:
        return Measurement(1, "Reaching the intended users is measured, but nobody checked they can afford it.")
    return Measurement(0, "Neither affordability nor reach among the intended users is planned.")


@measure
def contract_assessed(design: Design) -> Measurement:
    if design.alternatives.contract_considered is True:
        return Measurement(3, "A contract model was assessed before choosing a partnership.")
    return Measurement(0, "No contract alternative was assessed.")


@measure
def monitoring_timeline(design: Design) -> Measurement:
    starts, months = design.monitoring.starts_at, design.monitoring.review_every_months
    regular = months is not None and months <= REVIEW_MONTHS_FOR_REGULAR
    cadence = f"reviews every {months} months" if months else "no regular review"
    if starts in EARLY_STAGES:
        return (Measurement(3, f"Monitoring starts at the {starts} stage, {cadence}.") if regular
                else Measurement(2, f"Monitoring starts at the {starts} stage, {cadence}.", "review_yearly"))
    if starts == "implementation":
        return Measurement(2 if regular else 1, f"Monitoring starts only at implementation, {cadence}.",
                           "start_earlier" if regular else "start_earlier_and_review")
    if starts == "never":
        return Measurement(0, "Monitoring is not planned at all (starts_at: never).", "plan")
    if regular:
        return Measurement(1, f"When monitoring starts is not stated, {cadence}.", "state_start")
    return Measurement(0, "When monitoring starts is not stated, and there is no regular review.", "plan")


@measure
def pilot_before_scale(design: Design) -> Measurement:
    pilot = design.sustainability.pilot
    if pilot.planned is True and pilot.review_before_scale is True:
        return Measurement(3, "A pilot comes first, and scaling waits for a review of what it taught.")
    if pilot.planned is True:
        return Measurement(2, "A pilot comes first, but scaling does not wait for a review of it.")
    return Measurement(0, "There is no pilot or learning phase before scaling.")


def _committed(partner: Partner) -> bool:
    return bool(CONTRIBUTIONS.intersection(partner.contributes)) and bool(BENEFITS.intersection(partner.expects))


@measure
def committed_resources(design: Design) -> Measurement:
    committed = [partner.name for partner in design.partners if _committed(partner)]
    if not committed:
        return Measurement(0, "No partner states, from the format's lists, both what it gives and what it expects.")
    return Measurement(_up_to_three(len(committed)), f"{len(committed)} partner(s) state what they give and what "
                                                     f"they expect: {', '.join(committed)}.")


@measure
def running_cost_payer(design: Design) -> Measurement:
    costs = design.sustainability.running_costs
    payer, amount = costs.payer, costs.amount_per_year
    if payer == "users" and design.beneficiaries.affordability_checked is not True:
        return Measurement(1, "Users are to pay the running costs, but nobody checked that they can afford to.",
                           "users_unchecked")
    if payer and amount and costs.committed is True:
        return Measurement(3, "The running costs after the start-up grant are costed, and their payer has committed.")
    if payer and amount:
        return Measurement(2, "The running costs are costed and have a payer, who has not yet committed.")
    if payer:
        return Measurement(1, "The running costs have a payer, but no yearly amount.", "needs_amount")
    if amount:
        return Measurement(1, "The running costs have a yearly amount, but no payer.", "needs_payer")
    return Measurement(0, "Nobody has said who pays the running costs when the start-up money ends, or how much.")


def _practices(values: tuple[str, ...], known: frozenset[str], kind: str) -> Measurement:
    listed = sorted(known.intersection(values))
    if not listed:
        return Measurement(0, f"No {kind} practice from the format's list is named.")
    return Measurement(3 if len(listed) >= 2 else 2, f"{len(listed)} {kind} practice(s): {_words(listed)}.")


@measure
def transparency_practices(design: Design) -> Measurement:
    return _practices(design.ethics.transparency, TRANSPARENCY, "transparency")


@measure
def trust_building_practices(design: Design) -> Measurement:
    return _practices(design.trust.practices, TRUST, "trust-building")


@measure
def decision_rule_agreed(design: Design) -> Measurement:
    # The note asks that partners agree how they decide; it does not rank consensus over a vote.
    rule = design.trust.decision_making
    if rule and design.trust.partnering_agreement is True:
        return Measurement(3, f"Decisions are made by {rule.replace('_', ' ')}, as the partnering agreement says.")
    if rule:
        return Measurement(2, f"Decisions are made by {rule.replace('_', ' ')}, but no written agreement records it.")
    return Measurement(0, "How the partners make decisions is not stated.")


@measure
def handover_planned(design: Design) -> Measurement:
    handover = design.sustainability.handover
    if handover.to and handover.by:
        return Measurement(3, f"The service passes to a named partner by the {handover.by} stage.")
    if handover.to:
        return Measurement(2, "A named partner will take the service over, with no stage set for it.")
    return Measurement(0, "Nobody is named to run the service when the founding partners step back.")


BLOCKER_RULES.update({
    "policy_obstructive_unaddressed": lambda design: (design.environment.policy == "obstructive"
                                                      and not policy_change_agreed(design)),
    "infrastructure_absent_unplanned": lambda design: (design.environment.infrastructure == "absent"
                                                       and not infrastructure_planned(design)),
    "no_development_outcome": lambda design: not any(item.is_outcome for item in design.outcomes),
})

