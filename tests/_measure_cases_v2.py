"""The v2 measures' test cases: for each criterion of rubric v2 (the packaged rubric.yaml), designs in format 2
that reach each of its levels, and the evidence the measure must give (used by test_measures_v2.py).

Criteria whose measure rubric v1 shares take v1's cases (_measure_cases.py): the same changes mean the same
in format 2. Cases marked "prose" add free text that must not lift a level.
"""

from __future__ import annotations

from typing import Any

from _designs import partner
from _measure_cases import CASES as V1_CASES
from _measure_cases import GOV, NGO, TELCO, Case, case, outcome, partners

UNI = partner("uni", "academia")
# Measures rubric v1 and v2 share: their cases carry over unchanged.
SHARED = ("sector-diversity", "community-involvement", "partnering-agreement", "partnership-review", "resourcing-framework",
          "new-partner-mechanism", "conflict-of-interest", "grievance-mechanism", "management-structure")


def mitigation(gap: str, complete: bool = True, **fields: Any) -> dict[str, Any]:
    """A mitigation; complete means an owner, a stage and committed resources."""
    plan: dict[str, Any] = {"gap": gap, "action": f"Close the {gap} gap"}
    if complete:
        plan.update(owner="gov", by="design", resources_committed=True)
    return {**plan, **fields}


def mitigations(*items: dict[str, Any]) -> tuple[str, Any]:
    return ("environment.mitigations", list(items))


ENGAGED_GOV = {**GOV, "leader_engaged": True}
GIVES_AND_EXPECTS = {"contributes": ["staff_time"], "expects": ["mission"]}

OWN_CASES: dict[str, list[Case]] = {
    "policy-environment": [
        case("missing", 0, "has not been assessed (environment.policy is missing)"),
        case("obstructive", 0, "obstructive, and changing it is not an agreed objective",
             ("environment.policy", "obstructive")),
        case("obstructive, agreed, authority not engaged", 0, "not an agreed objective with the responsible "
             "authority engaged", ("environment.policy", "obstructive"),
             mitigations(mitigation("policy", agreed_objective=True))),
        case("obstructive, engaged authority, not agreed", 0, "obstructive", ("environment.policy", "obstructive"),
             partners(ENGAGED_GOV, NGO), mitigations(mitigation("policy"))),
        case("obstructive, agreed with engaged authority", 1, "changing it is an agreed objective and the "
             "responsible authority is engaged", ("environment.policy", "obstructive"), partners(ENGAGED_GOV, NGO),
             mitigations(mitigation("policy", complete=False, agreed_objective=True))),
        case("neutral, no plan", 1, "no partner has committed", ("environment.policy", "neutral")),
        case("neutral, prose notes", 1, "no partner has committed", ("environment.policy", "neutral"),
             ("environment.notes", "We will brief the ministry every quarter and win its support.")),
        case("neutral, incomplete plan", 1, "lacks an owner, a date or resources", ("environment.policy", "neutral"),
             mitigations(mitigation("policy", complete=False))),
        case("neutral, plan for the other gap", 1, "no partner has committed", ("environment.policy", "neutral"),
             mitigations(mitigation("infrastructure"))),
        case("neutral, complete plan", 2, "a partner is committed, with resources and a date",
             ("environment.policy", "neutral"), mitigations(mitigation("policy"))),
        case("supportive", 3, "supportive", ("environment.policy", "supportive")),
    ],
    "infrastructure": [
        case("missing", 0, "has not been assessed (environment.infrastructure is missing)"),
        case("absent", 0, "is absent, and nobody is committed", ("environment.infrastructure", "absent")),
        case("absent, incomplete plan", 0, "nobody is committed", ("environment.infrastructure", "absent"),
             mitigations(mitigation("infrastructure", complete=False))),
        case("absent, resources not committed", 0, "nobody is committed", ("environment.infrastructure", "absent"),
             mitigations(mitigation("infrastructure", resources_committed=False))),
        case("absent, complete plan", 1, "providing it is planned", ("environment.infrastructure", "absent"),
             mitigations(mitigation("infrastructure"))),
        case("partial", 1, "no partner has committed to closing the gaps", ("environment.infrastructure", "partial")),
        case("partial, prose notes", 1, "no partner has committed", ("environment.infrastructure", "partial"),
             ("environment.notes", "Solar panels at every site.")),
        case("partial, complete plan", 2, "committed, with resources and a date, to closing the gaps",
             ("environment.infrastructure", "partial"), mitigations(mitigation("infrastructure"))),
        case("adequate, not checked", 2, "adequate (not checked at the sites", ("environment.infrastructure", "adequate")),
        case("adequate, checked", 3, "adequate (checked at the sites)", ("environment.infrastructure", "adequate"),
             ("environment.sites_checked", True)),
    ],
    "context-study": [
        case("nothing", 0, "No local needs and context study"),
        case("prose only", 0, "No local needs", ("context.target_communities", "Fishing villages on the lake"),
             ("context.community_involvement", "consulted")),
        case("study only", 2, "the community was not consulted", ("context.local_context_study", True)),
        case("study, community informed", 2, "not consulted", ("context.local_context_study", True),
             ("context.community_involvement", "informed")),
        case("study, community consulted", 3, "the community was at least consulted",
             ("context.local_context_study", True), ("context.community_involvement", "consulted")),
    ],
    "capacity-building": [
        case("nothing", 0, "Nobody is planned to prepare"),
        case("group only", 1, "no partner is named to provide it", ("capacity_building", [{"group": "teachers"}])),
        case("at launch", 1, "named provider, but it does not happen before launch", ("capacity_building",
                                                    [{"group": "teachers", "provider": "ngo", "when": "at_launch",
                                                      "funded": True}])),
        case("before launch, unfunded", 2, "its cost is not budgeted",
             ("capacity_building", [{"group": "teachers", "provider": "ngo", "when": "before_launch"}])),
        case("before launch, funded", 3, "(health workers) are prepared before launch",
             ("capacity_building", [{"group": "health workers", "provider": "gov", "when": "before_launch",
                                     "funded": True}])),
    ],
    "early-engagement": [
        case("nobody says", 0, "No partner is recorded as joining"),
        case("late only", 0, "No partner", partners({**GOV, "joins_at": "implementation"}, NGO)),
        case("two of one kind", 1, "1 group(s)", partners({**GOV, "joins_at": "concept"},
                                                          partner("reg", "regulator", joins_at="design"), NGO)),
        case("two kinds", 2, "2 group(s)", partners({**GOV, "joins_at": "concept"}, {**NGO, "joins_at": "design"})),
        case("three kinds", 3, "3 group(s)", partners({**GOV, "joins_at": "concept"}, {**NGO, "joins_at": "design"},
                                                      {**TELCO, "joins_at": "design"}, UNI)),
    ],
    "champion-level": [
        case("missing", 0, "There is no named champion."),
        case("level none", 0, "no named champion", ("champion", {"name": "Nobody", "level": "none"})),
        case("name only", 0, "no named champion", ("champion", {"name": "The Minister"})),
        case("scope unknown", 1, "is not stated", ("champion.level", "minister")),
        case("two below", 1, "organisational level is below what a national", ("champion.level", "organisational"),
             ("context.scope", "national")),
        case("one below", 2, "senior official level is below what a national", ("champion.level", "senior_official"),
             ("context.scope", "national")),
        case("organisational, community", 3, "organisational level matches a community",
             ("champion.level", "organisational"), ("context.scope", "community")),
        case("senior official, district", 3, "matches a district", ("champion.level", "senior_official"),
             ("context.scope", "district")),
        case("head of state, multi-country", 3, "matches a multi-country", ("champion.level", "head_of_state"),
             ("context.scope", "multi_country")),
    ],
    "champion-commitment": [
        case("no champion", 0, "no champion to commit", ("champion", {"commitment": {"days_per_month": 2}})),
        case("nothing committed", 0, "committed no time", ("champion.level", "minister"),
             ("champion.commitment", {"role": "Opens doors at the ministry", "days_per_month": 0})),
        case("blank successor", 0, "committed no time", ("champion", {"level": "minister", "successor": "  "})),
        case("time", 1, "gives time every month. Not yet", ("champion", {"level": "minister",
                                                                          "commitment": {"days_per_month": 2}})),
        case("time and agreement", 2, "Not yet: has a named successor",
             ("champion", {"level": "minister", "commitment": {"days_per_month": 1, "in_agreement": True}})),
        case("all three", 3, "has a role written into the partnering agreement, has a named successor",
             ("champion", {"level": "organisational", "successor": "Deputy director",
                           "commitment": {"days_per_month": 0.5, "in_agreement": True}})),
    ],
    "leaders-engaged": [
        case("nobody", 0, "No partner's own leadership"),
        case("false", 0, "No partner's", partners({**GOV, "leader_engaged": False}, NGO)),
        case("one", 1, "1 partner(s) is committed: Ministry of ICT", partners(ENGAGED_GOV, NGO)),
        case("two", 2, "2 partner(s)", partners(ENGAGED_GOV, {**NGO, "leader_engaged": True})),
        case("three", 3, "3 partner(s)", partners(ENGAGED_GOV, {**NGO, "leader_engaged": True},
                                                  {**TELCO, "leader_engaged": True})),
    ],
    "development-outcomes": [
        case("none", 0, "No intended development outcome is stated."),
        case("outputs only", 0, "Only outputs are stated", ("outcomes", [outcome(
            "200 kiosks installed", kind="output", indicator="kiosks", target="200")])),
        case("bare outcome", 1, "none has an indicator or a target", ("outcomes", [outcome(kind="outcome")])),
        case("measured output, bare outcome", 1, "none has an indicator", ("outcomes", [
            outcome("Kiosks", kind="output", indicator="kiosks", target="200"), outcome()])),
        case("indicator only", 2, "none has both", ("outcomes", [outcome(indicator="share of farmers")])),
        case("both", 3, "has an indicator and a target",
             ("outcomes", [outcome(indicator="share of farmers", target="40% by 2029")])),
    ],
    "outcomes-agreed": [
        case("no outcomes", 0, "There is no development outcome to agree."),
        case("output agreed by all", 0, "no development outcome to agree",
             ("outcomes", [outcome("Kiosks installed", kind="output", agreed_by="all")])),
        case("nobody recorded", 0, "No development outcome records who agreed it", ("outcomes", [outcome()])),
        case("empty list", 0, "records who agreed it", ("outcomes", [outcome(agreed_by=[])])),
        case("one partner", 1, "agreed by one partner only", ("outcomes", [outcome(agreed_by=["gov"])])),
        case("output by all, outcome by one", 1, "one partner only", ("outcomes", [
            outcome("Kiosks installed", kind="output", agreed_by="all"), outcome(agreed_by=["ngo"])])),
        case("two named", 2, "agreed by 2 named partners, not by the whole partnership",
             ("outcomes", [outcome(agreed_by=["gov"]), outcome("Second", agreed_by=["gov", "ngo"])])),
        # Naming every partner is still a list: a partner who joins later would lower it, so only "all" is 3.
        case("every partner named", 2, "agreed by 3 named partners", partners(GOV, NGO, TELCO),
             ("outcomes", [outcome(agreed_by=["gov", "ngo", "telco"])])),
        case("one of two by all", 3, "agreed by the whole partnership (agreed_by: all)",
             ("outcomes", [outcome(), outcome("Second", agreed_by="all")])),
    ],
    "baseline-study": [
        case("nothing", 0, "No baseline study, and no development outcome has a baseline.", ("outcomes", [outcome()])),
        case("output baseline only", 0, "no development outcome has a baseline",
             ("outcomes", [outcome("Kiosks installed", kind="output", baseline="0 kiosks")])),
        case("some baselines", 1, "has a baseline, but no baseline study is planned",
             ("outcomes", [outcome(baseline="8%"), outcome("Second")])),
        case("study without outcomes", 2, "no development outcome records its baseline yet",
             ("monitoring.baseline_study", True)),
        case("study, output baseline", 2, "records its baseline yet", ("monitoring.baseline_study", True),
             ("outcomes", [outcome("Kiosks installed", kind="output", baseline="0 kiosks"), outcome()])),
        case("study and a baseline", 3, "A baseline study is planned, and a development outcome has its baseline.",
             ("monitoring.baseline_study", True), ("outcomes", [outcome(baseline="8%"), outcome("Second")])),
    ],
    "beneficiaries": [
        case("nothing", 0, "Neither affordability nor reach"),
        case("fee, groups named", 0, "Neither", ("beneficiaries", {"groups": ["women farmers"], "cost_to_user": "fee"})),
        case("reach only", 1, "nobody checked they can afford it", ("beneficiaries.reach_measured", True)),
        case("free", 2, "who is reached is not measured", ("beneficiaries.cost_to_user", "free")),
        case("fee, checked", 2, "affordable", ("beneficiaries", {"cost_to_user": "fee", "affordability_checked": True})),
        case("subsidised, measured", 3, "reaching them is measured",
             ("beneficiaries", {"cost_to_user": "subsidised", "reach_measured": True})),
    ],
    "contract-considered": [
        case("nothing", 0, "No contract alternative was assessed."),
        case("prose reason only", 0, "No contract", ("alternatives.why_partnership", "Only the federation has trust.")),
        case("considered", 3, "A contract model was assessed", ("alternatives.contract_considered", True)),
    ],
    "pilot-before-scale": [
        case("nothing", 0, "no pilot"),
        case("review without pilot", 0, "no pilot", ("sustainability.pilot", {"review_before_scale": True})),
        case("pilot", 2, "does not wait for a review", ("sustainability.pilot.planned", True)),
        case("pilot and review", 3, "scaling waits for a review",
             ("sustainability.pilot", {"planned": True, "review_before_scale": True})),
    ],
    "resource-commitments": [
        case("nobody", 0, "No partner states"),
        case("free wording", 0, "No partner states", partners({**GOV, "contributes": ["goodwill"],
                                                                "expects": ["happiness"]}, NGO)),
        case("gives only", 0, "No partner", partners({**GOV, "contributes": ["funding"]}, NGO)),
        case("one", 1, "1 partner(s) state what they give and what they expect: Ministry of ICT",
             partners({**GOV, **GIVES_AND_EXPECTS}, NGO)),
        case("two", 2, "2 partner(s)", partners({**GOV, **GIVES_AND_EXPECTS}, {**NGO, **GIVES_AND_EXPECTS})),
        case("three", 3, "3 partner(s)", partners({**GOV, **GIVES_AND_EXPECTS}, {**NGO, **GIVES_AND_EXPECTS},
                                                  {**TELCO, "contributes": ["connectivity"],
                                                   "expects": ["revenue", "a free-worded hope"]})),
    ],
    "running-costs": [
        case("nothing", 0, "Nobody has said who pays"),
        case("prose only", 0, "Nobody has said", ("sustainability.funding_after_launch", "User fees and a grant.")),
        case("payer only", 1, "have a payer, but no yearly amount", ("sustainability.running_costs.payer", "gov")),
        case("amount only", 1, "have a yearly amount, but no payer", ("sustainability.running_costs.amount_per_year", 12000)),
        case("users, unchecked", 1, "nobody checked that they can afford",
             ("sustainability.running_costs", {"payer": "users", "amount_per_year": 5000, "committed": True})),
        case("costed with payer", 2, "has not yet committed",
             ("sustainability.running_costs", {"payer": "gov", "amount_per_year": 12000, "currency": "USD"})),
        case("committed", 3, "their payer has committed",
             ("sustainability.running_costs", {"payer": "ngo", "amount_per_year": 12000, "committed": True})),
        case("users, checked, committed", 3, "payer has committed", ("beneficiaries.affordability_checked", True),
             ("sustainability.running_costs", {"payer": "users", "amount_per_year": 5000, "committed": True})),
    ],
    "transparency": [
        case("none", 0, "No transparency practice from the format's list"),
        case("free wording", 0, "No transparency", ("ethics.transparency", ["we will be open", "honest reporting"])),
        case("one", 2, "1 transparency practice(s): published accounts.",
             ("ethics.transparency", ["published_accounts", "we will be open"])),
        case("two", 3, "2 transparency practice(s): open minutes, published accounts.",
             ("ethics.transparency", ["published_accounts", "open_minutes"])),
    ],
    "trust-practices": [
        case("none", 0, "No trust-building practice"),
        case("free wording", 0, "No trust-building", ("trust.practices", ["monthly lunches"])),
        case("one", 2, "1 trust-building practice(s): rotating chair.", ("trust.practices", ["rotating_chair"])),
        case("two", 3, "2 trust-building practice(s)", ("trust.practices", ["rotating_chair", "shared_reporting"])),
    ],
    "shared-decisions": [
        case("missing", 0, "How the partners make decisions is not stated."),
        case("agreement without rule", 0, "not stated", ("trust.partnering_agreement", True)),
        case("lead partner, unwritten", 2, "Decisions are made by lead partner, but no written agreement",
             ("trust.decision_making", "lead_partner")),
        case("majority, written", 3, "Decisions are made by majority, as the partnering agreement says.",
             ("trust", {"decision_making": "majority", "partnering_agreement": True})),
    ],
    "scale-and-exit": [
        case("nothing", 0, "Nobody is named to run the service"),
        case("prose only", 0, "Nobody is named", ("sustainability", {"scale_plan": "All districts.",
                                                                     "exit_strategy": "The federation takes over."})),
        case("stage only", 0, "Nobody is named", ("sustainability.handover.by", "scale")),
        case("named partner", 2, "with no stage set", ("sustainability.handover.to", "ngo")),
        case("named partner by a stage", 3, "passes to a named partner by the scale stage",
             ("sustainability.handover", {"to": "ngo", "by": "scale"})),
    ],
}

# Rubric v2's monitoring timeline words the empty case in full; its other cases are v1's.
OWN_CASES["monitoring-from-start"] = [
    case("nothing", 0, "When monitoring starts is not stated, and there is no regular review."),
    *(item for item in V1_CASES["monitoring-from-start"] if item.label != "nothing"),
]
CASES: dict[str, list[Case]] = {**{key: V1_CASES[key] for key in SHARED}, **OWN_CASES}
