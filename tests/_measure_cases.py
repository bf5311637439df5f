"""The measures' test cases: for each rubric criterion, designs that reach each of its levels, and the
evidence the measure must give (used by test_measures.py)."""

from __future__ import annotations

from typing import Any, NamedTuple

from _designs import BASE, partner

GOV, NGO = BASE["partners"]
TELCO = partner("telco", "private")
UNI = partner("uni", "academia")


class Case(NamedTuple):
    label: str
    changes: tuple[tuple[str, Any], ...]
    level: int
    evidence: str


def case(label: str, level: int, evidence: str, *changes: tuple[str, Any]) -> Case:
    return Case(label, changes, level, evidence)


def outcome(statement: str = "Farmers use price information weekly", **fields: Any) -> dict[str, Any]:
    return {"statement": statement, **fields}


def partners(*items: dict[str, Any]) -> tuple[str, Any]:
    return ("partners", list(items))


def each_partner(**fields: Any) -> tuple[str, Any]:
    return partners(*({**item, **fields} for item in (GOV, NGO)))


MEASURABLE = {"indicator": "share of households", "target": "40% by 2029"}

CASES: dict[str, list[Case]] = {
    "policy-environment": [
        case("missing", 0, "has not been assessed (environment.policy is missing)"),
        case("obstructive", 0, "obstructive", ("environment.policy", "obstructive")),
        case("neutral without notes", 1, "neutral, with no notes", ("environment.policy", "neutral")),
        case("neutral with blank notes", 1, "with no notes", ("environment.policy", "neutral"),
             ("environment.notes", "   ")),
        case("neutral with notes", 2, "notes say how", ("environment.policy", "neutral"),
             ("environment.notes", "We will brief the ministry every quarter.")),
        case("supportive", 3, "supportive", ("environment.policy", "supportive")),
    ],
    "infrastructure": [
        case("missing", 0, "has not been assessed (environment.infrastructure is missing)"),
        case("absent", 0, "is absent", ("environment.infrastructure", "absent")),
        case("partial without notes", 1, "no notes on the gaps", ("environment.infrastructure", "partial")),
        case("partial with notes", 2, "how the gaps will be bridged", ("environment.infrastructure", "partial"),
             ("environment.notes", "Solar panels at every site.")),
        case("adequate", 3, "adequate", ("environment.infrastructure", "adequate")),
    ],
    "context-study": [
        case("nothing", 0, "No local context study, and the target communities are not described"),
        case("study false, communities named", 1, "named, but no local context study",
             ("context.local_context_study", False), ("context.target_communities", "Fishing villages")),
        case("study only", 2, "target communities are not described", ("context.local_context_study", True)),
        case("study and blank communities", 2, "not described", ("context.local_context_study", True),
             ("context.target_communities", " ")),
        case("both", 3, "study was done and the target communities are described",
             ("context.local_context_study", True), ("context.target_communities", "Fishing villages")),
    ],
    "sector-diversity": [
        case("one sector", 0, "All partners come from one group (public sector)",
             partners(GOV, partner("reg", "regulator"))),
        case("civil society and community only", 0, "one group (civil society and communities)",
             partners(NGO, partner("village", "community"))),
        case("donor and multilateral", 0, "one group (donors and multilaterals)",
             partners(partner("don", "donor"), partner("wb", "multilateral"))),
        case("ppp", 1, "public-private partnership (PPP)", partners(GOV, TELCO)),
        case("no civil society", 1, "include no civil society or community organisation (academia; public sector)",
             partners(GOV, UNI)),
        case("civil society plus one", 2, "alongside one other group (civil society and communities; public "
             "sector)"),
        case("civil society plus two", 3, "span 3 groups, civil society or communities among them",
             partners(GOV, NGO, TELCO)),
        case("community plus three", 3, "span 4 groups", partners(partner("village", "community"), GOV, TELCO, UNI)),
    ],
    "community-involvement": [
        case("missing", 0, "not planned (context.community_involvement is missing)"),
        case("none", 0, "The community is not involved.", ("context.community_involvement", "none")),
        case("informed", 1, "The community is informed.", ("context.community_involvement", "informed")),
        case("consulted", 2, "The community is consulted.", ("context.community_involvement", "consulted")),
        case("co-designed", 3, "The community is co designed.", ("context.community_involvement", "co_designed")),
        case("community-led", 3, "The community is community led.",
             ("context.community_involvement", "community_led")),
    ],
    "early-engagement": [
        case("nobody says", 0, "0 of 2 partners join at the concept or design stage; later or not stated: "
             "Ministry of ICT, Village Network"),
        case("all at implementation", 0, "0 of 2", each_partner(joins_at="implementation")),
        case("one of three early", 1, "1 of 3 partners join", partners({**GOV, "joins_at": "concept"},
                                                                   {**NGO, "joins_at": "scale"}, TELCO)),
        case("one of two early", 2, "1 of 2 partners join at the concept or design stage; later or not stated: "
             "Village Network", partners({**GOV, "joins_at": "design"}, NGO)),
        case("all early", 3, "All 2 partners join at the concept or design stage.",
             partners({**GOV, "joins_at": "concept"}, {**NGO, "joins_at": "design"})),
    ],
    "high-level-champion": [
        case("missing", 0, "There is no named high-level champion."),
        case("level none", 0, "no named high-level champion", ("champion", {"name": "Nobody", "level": "none"})),
        case("name only", 0, "no named high-level champion", ("champion", {"name": "A. Person"})),
        case("organisational", 1, "The champion (Ms Banda) works at organisational level only.",
             ("champion", {"name": "Ms Banda", "level": "organisational"})),
        case("senior official", 2, "is a senior official", ("champion.level", "senior_official")),
        case("minister", 3, "The champion (The Minister) is at minister level.",
             ("champion", {"name": "The Minister", "level": "minister"})),
        case("head of state", 3, "The champion is at head of state level.", ("champion.level", "head_of_state")),
    ],
    "leaders-engaged": [
        case("nobody", 0, "not confirmed for: Ministry of ICT, Village Network"),
        case("explicitly false", 0, "not confirmed for: Ministry of ICT, Village Network",
             each_partner(leader_engaged=False)),
        case("one of three", 1, "not confirmed for: Village Network, Org telco",
             partners({**GOV, "leader_engaged": True}, NGO, TELCO)),
        case("one of two", 2, "not confirmed for: Ministry of ICT", partners(GOV, {**NGO, "leader_engaged": True})),
        case("all", 3, "The leadership of all 2 partners is committed.", each_partner(leader_engaged=True)),
    ],
    "development-outcomes": [
        case("no outcomes", 0, "No intended development outcome is stated."),
        case("bare outcome", 1, "1 outcome(s) stated, but none has both an indicator and a target",
             ("outcomes", [outcome()])),
        case("indicator without target", 1, "none has both", ("outcomes", [outcome(indicator="share")])),
        case("one of two measurable", 2, "1 of 2 outcomes have both an indicator and a target",
             ("outcomes", [outcome(**MEASURABLE), outcome("Girls stay in school", target="90%")])),
        case("all measurable", 3, "All 2 outcomes have an indicator and a target.",
             ("outcomes", [outcome(**MEASURABLE), outcome("Girls stay in school", **MEASURABLE)])),
    ],
    "outcomes-agreed": [
        case("no outcomes", 0, "There are no outcomes to agree."),
        case("nobody recorded", 0, "No outcome records who agreed it", ("outcomes", [outcome()])),
        case("empty list", 0, "No outcome records who agreed it", ("outcomes", [outcome(agreed_by=[])])),
        case("some by some", 1, "Some outcomes are agreed by some partners, none by all.",
             ("outcomes", [outcome(agreed_by=["gov"]), outcome("Second")])),
        case("one of two by all", 2, "1 of 2 outcomes are agreed by every partner.",
             ("outcomes", [outcome(agreed_by="all"), outcome("Second", agreed_by=["ngo"])])),
        case("all by all", 3, "All 2 outcomes are agreed by every partner.",
             ("outcomes", [outcome(agreed_by="all"), outcome("Second", agreed_by=["ngo", "gov"])])),
    ],
    "partnering-agreement": [
        case("missing", 0, "There is no written partnering agreement."),
        case("false", 0, "no written partnering agreement", ("trust.partnering_agreement", False)),
        case("true", 3, "A written partnering agreement", ("trust.partnering_agreement", True)),
    ],
    "contract-considered": [
        case("nothing", 0, "No contract alternative was assessed."),
        case("reason only", 1, "says why it is a partnership, but no contract model was assessed",
             ("alternatives.why_partnership", "Only the federation has farmers' trust.")),
        case("considered only", 2, "does not say why a partnership won", ("alternatives.contract_considered", True)),
        case("both", 3, "says why a partnership is better", ("alternatives.contract_considered", True),
             ("alternatives.why_partnership", "Only the federation has farmers' trust.")),
    ],
    "baseline-study": [
        case("nothing", 0, "No baseline study and no baselines.", ("outcomes", [outcome()])),
        case("some baselines", 1, "1 of 2 outcomes have a baseline; no baseline study",
             ("outcomes", [outcome(baseline="8%"), outcome("Second")])),
        case("study without outcomes", 2, "not every outcome has a baseline yet", ("monitoring.baseline_study", True)),
        case("every baseline, no study", 2, "Every outcome has a baseline, but no baseline study is planned.",
             ("outcomes", [outcome(baseline="8%")])),
        case("both", 3, "A baseline study is planned and every outcome has a baseline.",
             ("monitoring.baseline_study", True), ("outcomes", [outcome(baseline="8%"), outcome("B", baseline="0")])),
    ],
    "monitoring-from-start": [
        case("nothing", 0, "When monitoring starts is not stated, no regular review."),
        case("never, even with reviews", 0, "not planned at all (starts_at: never)",
             ("monitoring", {"starts_at": "never", "review_every_months": 6})),
        case("start unknown, yearly reviews", 1, "not stated, reviews every 12 months",
             ("monitoring.review_every_months", 12)),
        case("implementation without reviews", 1, "starts only at implementation, no regular review",
             ("monitoring.starts_at", "implementation")),
        case("implementation, 13-monthly", 1, "reviews every 13 months",
             ("monitoring", {"starts_at": "implementation", "review_every_months": 13})),
        case("implementation with reviews", 2, "starts only at implementation, reviews every 12 months",
             ("monitoring", {"starts_at": "implementation", "review_every_months": 12})),
        case("design without reviews", 2, "starts at the design stage, no regular review",
             ("monitoring.starts_at", "design")),
        case("concept, two-yearly", 2, "concept stage, reviews every 24 months",
             ("monitoring", {"starts_at": "concept", "review_every_months": 24})),
        case("design with reviews", 3, "starts at the design stage, reviews every 6 months",
             ("monitoring", {"starts_at": "design", "review_every_months": 6})),
    ],
    "partnership-review": [
        case("nothing", 0, "Neither the partnership nor the project is reviewed regularly."),
        case("reviews too rare", 0, "Neither", ("monitoring.review_every_months", 18)),
        case("project only", 1, "reviewed regularly, but not the partnership itself",
             ("monitoring.review_every_months", 12)),
        case("health, not yearly", 2, "reviewed, but not at least once a year",
             ("monitoring", {"reviews_partnership_health": True, "review_every_months": 24})),
        case("health without cadence", 2, "not at least once a year",
             ("monitoring.reviews_partnership_health", True)),
        case("health yearly", 3, "reviewed at least once a year",
             ("monitoring", {"reviews_partnership_health": True, "review_every_months": 1})),
    ],
    "resource-commitments": [
        case("nobody", 0, "Not explicit about both what they offer and what they expect: Ministry of ICT, "
             "Village Network"),
        case("offers only", 0, "Ministry of ICT, Village Network", each_partner(contributes=["staff"])),
        case("one of three", 1, "Village Network, Org telco",
             partners({**GOV, "contributes": ["staff"], "expects": ["reach"]}, NGO, TELCO)),
        case("one of two", 2, "expect: Village Network",
             partners({**GOV, "contributes": ["staff"], "expects": ["reach"]}, {**NGO, "expects": ["grants"]})),
        case("all", 3, "All 2 partners state what they offer and what they expect.",
             each_partner(contributes=["staff"], expects=["reach"])),
    ],
    "resourcing-framework": [
        case("missing", 0, "There is no agreed resourcing framework."),
        case("false", 0, "no agreed resourcing framework", ("resourcing.framework_agreed", False)),
        case("agreed", 3, "A written resourcing framework is agreed.", ("resourcing.framework_agreed", True)),
    ],
    "new-partner-mechanism": [
        case("missing", 0, "There is no way to bring in new partners"),
        case("false", 0, "no way", ("resourcing.new_partner_mechanism", False)),
        case("true", 3, "There is a way to bring in new partners", ("resourcing.new_partner_mechanism", True)),
    ],
    "running-costs": [
        case("nothing", 0, "Nobody has said how running costs will be met"),
        case("planned only", 1, "running costs after launch are not addressed",
             ("sustainability.planned_from_start", True)),
        case("funding only", 2, "not planned from the start",
             ("sustainability.funding_after_launch", "User fees and a council grant.")),
        case("both", 3, "planned from the start, including running costs after launch",
             ("sustainability", {"planned_from_start": True, "funding_after_launch": "User fees."})),
    ],
    "transparency": [
        case("none", 0, "No concrete transparency practice is named."),
        case("empty list", 0, "No concrete transparency practice", ("ethics.transparency", [])),
        case("one", 2, "1 concrete transparency practice(s): published accounts.",
             ("ethics.transparency", ["published accounts"])),
        case("two", 3, "2 concrete transparency practice(s): published accounts; open minutes.",
             ("ethics.transparency", ["published accounts", "open minutes"])),
    ],
    "conflict-of-interest": [
        case("missing", 0, "There is no conflict-of-interest policy."),
        case("false", 0, "no conflict-of-interest policy", ("ethics.conflict_of_interest_policy", False)),
        case("true", 3, "There is a conflict-of-interest policy.", ("ethics.conflict_of_interest_policy", True)),
    ],
    "grievance-mechanism": [
        case("missing", 0, "There is no grievance mechanism."),
        case("false", 0, "no grievance mechanism", ("ethics.grievance_mechanism", False)),
        case("true", 3, "a way to raise complaints", ("ethics.grievance_mechanism", True)),
    ],
    "trust-practices": [
        case("none", 0, "No concrete trust-building practice is named."),
        case("one", 2, "1 trust-building practice(s): monthly joint meetings.",
             ("trust.practices", ["monthly joint meetings"])),
        case("three", 3, "3 trust-building practice(s): a; b; c.", ("trust.practices", ["a", "b", "c"])),
    ],
    "management-structure": [
        case("missing", 0, "Nobody is responsible for managing the partnership day to day."),
        case("none, funded", 0, "Nobody is responsible", ("management", {"structure": "none", "funded": True})),
        case("committee", 1, "Only a committee oversees", ("management", {"structure": "committee", "funded": True})),
        case("office unfunded", 2, "A management office is planned, but its funding is not confirmed.",
             ("management.structure", "office")),
        case("broker funding false", 2, "A partnership broker is planned, but its funding is not confirmed.",
             ("management", {"structure": "broker", "funded": False})),
        case("funded office", 3, "A funded management office manages", ("management", {"structure": "office", "funded": True})),
        case("funded office and broker", 3, "A funded management office and partnership broker manages the "
             "partnership day to day.",
             ("management", {"structure": "office_and_broker", "funded": True})),
    ],
    "shared-decisions": [
        case("missing", 0, "How the partners make decisions is not stated."),
        case("lead partner", 1, "Decisions are made by lead partner.", ("trust.decision_making", "lead_partner")),
        case("majority", 2, "Decisions are made by majority.", ("trust.decision_making", "majority")),
        case("consensus", 3, "Decisions are made by consensus.", ("trust.decision_making", "consensus")),
    ],
    "scale-and-exit": [
        case("nothing", 0, "There is no plan to scale and no exit strategy."),
        case("planned only", 1, "no scale plan or exit strategy", ("sustainability.planned_from_start", True)),
        case("scale only", 2, "The design lacks an exit strategy.", ("sustainability.scale_plan", "All districts.")),
        case("exit only", 2, "The design lacks a plan to scale.",
             ("sustainability.exit_strategy", "The federation takes over.")),
        case("blank scale, exit", 2, "lacks a plan to scale", ("sustainability.scale_plan", ""),
             ("sustainability.exit_strategy", "Hand over.")),
        case("both", 3, "There is both a plan to scale and an exit strategy.",
             ("sustainability", {"scale_plan": "All districts.", "exit_strategy": "Hand over."})),
    ],
}
