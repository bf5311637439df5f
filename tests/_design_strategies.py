"""Hypothesis strategies for valid designs, and the good-practice mutations (used by test_properties.py)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

from ict4d_training import Design, ScoreReport, design_from_data
from ict4d_training.core.measures_v2 import BENEFITS, CONTRIBUTIONS, TRANSPARENCY, TRUST
from ict4d_training.core.model import SECTORS, STAGES

# --- a strategy for valid designs ------------------------------------------------------

TEXT = st.text(max_size=24)
NONBLANK = st.text(min_size=1, max_size=24).filter(lambda text: re.search(r"\S", text) is not None)
ITEMS = st.lists(st.text(min_size=1, max_size=16), max_size=3)
# Picks from the format's lists, mixed with other wording (kept, never scored).
def picks(listed: frozenset[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(sorted(listed)) | st.text(min_size=1, max_size=16), max_size=3)


PARTNER_ID = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=10)


def optional_fields(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping holding a random subset of the fields."""
    return st.fixed_dictionaries({}, optional=fields)


def partner_dicts(pid: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": st.just(pid), "name": NONBLANK, "sector": st.sampled_from(SECTORS)},
        optional={"role": TEXT, "leader_engaged": st.booleans(), "joins_at": st.sampled_from(STAGES),
                  "contributes": picks(CONTRIBUTIONS), "expects": picks(BENEFITS)},
    )


def outcome_dicts(ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    agreed_by = st.just("all") | st.lists(st.sampled_from(ids), unique=True)
    return st.fixed_dictionaries({"statement": NONBLANK}, optional={
        "indicator": TEXT, "baseline": TEXT, "target": TEXT, "agreed_by": agreed_by,
        "kind": st.sampled_from(["outcome", "output"])})


def mitigation_dicts(ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"gap": st.sampled_from(["policy", "infrastructure"]), "action": NONBLANK}, optional={
        "owner": st.sampled_from(ids), "by": st.sampled_from(STAGES), "resources_committed": st.booleans(),
        "agreed_objective": st.booleans()})


def v2_sections(ids: list[str]) -> dict[str, st.SearchStrategy[Any]]:
    """The sections whose fields name partners, with design format 2's new fields."""
    return {
        "environment": optional_fields(
            policy=st.sampled_from(["supportive", "neutral", "obstructive"]),
            infrastructure=st.sampled_from(["adequate", "partial", "absent"]), notes=TEXT,
            sites_checked=st.booleans(), mitigations=st.lists(mitigation_dicts(ids), max_size=3)),
        "capacity_building": st.lists(st.fixed_dictionaries({"group": NONBLANK}, optional={
            "provider": st.sampled_from(ids), "when": st.sampled_from(["before_launch", "at_launch", "after_launch"]),
            "funded": st.booleans()}), max_size=2),
        "sustainability": optional_fields(
            planned_from_start=st.booleans(), funding_after_launch=TEXT, scale_plan=TEXT, exit_strategy=TEXT,
            running_costs=optional_fields(payer=st.sampled_from([*ids, "users"]), amount_per_year=st.integers(1, 10**6),
                                          currency=st.just("USD"), committed=st.booleans()),
            pilot=optional_fields(planned=st.booleans(), review_before_scale=st.booleans()),
            handover=optional_fields(to=st.sampled_from(ids), by=st.sampled_from(STAGES))),
    }


SECTIONS: dict[str, st.SearchStrategy[Any]] = {
    "summary": TEXT,
    "context": optional_fields(
        country=TEXT, sector_focus=TEXT, target_communities=TEXT, local_context_study=st.booleans(),
        scope=st.sampled_from(["community", "district", "national", "multi_country"]),
        community_involvement=st.sampled_from(["none", "informed", "consulted", "co_designed", "community_led"])),
    "champion": optional_fields(name=TEXT, level=st.sampled_from(
        ["head_of_state", "minister", "senior_official", "organisational", "none"]), successor=TEXT,
        commitment=optional_fields(role=TEXT, days_per_month=st.integers(0, 20), in_agreement=st.booleans())),
    "beneficiaries": optional_fields(groups=ITEMS, cost_to_user=st.sampled_from(["free", "subsidised", "fee"]),
                                     affordability_checked=st.booleans(), reach_measured=st.booleans()),
    "monitoring": optional_fields(baseline_study=st.booleans(),
                                  starts_at=st.sampled_from(["concept", "design", "implementation", "never"]),
                                  review_every_months=st.integers(1, 60), reviews_partnership_health=st.booleans()),
    "resourcing": optional_fields(framework_agreed=st.booleans(), new_partner_mechanism=st.booleans()),
    "ethics": optional_fields(transparency=picks(TRANSPARENCY), conflict_of_interest_policy=st.booleans(),
                              grievance_mechanism=st.booleans()),
    "management": optional_fields(structure=st.sampled_from(["none", "committee", "office", "broker",
                                                             "office_and_broker"]), funded=st.booleans()),
    "trust": optional_fields(partnering_agreement=st.booleans(),
                             decision_making=st.sampled_from(["consensus", "majority", "lead_partner"]),
                             practices=picks(TRUST)),
    "alternatives": optional_fields(contract_considered=st.booleans(), why_partnership=TEXT),
}


@st.composite
def design_data(draw: st.DrawFn) -> dict[str, Any]:
    """Plain data of a valid design: random subsets of fields, 1-6 partners with unique ids."""
    ids = draw(st.lists(PARTNER_ID, min_size=1, max_size=6, unique=True))
    data: dict[str, Any] = {"schema_version": 2, "title": draw(NONBLANK),
                            "partners": [draw(partner_dicts(pid)) for pid in ids]}
    data.update(draw(optional_fields(**SECTIONS, **v2_sections(ids), outcomes=st.lists(outcome_dicts(ids), max_size=4))))
    return data


# Block-style YAML, as a trainee writes it; libyaml's emitter when installed (four times faster).
DUMPER = YAML(typ="safe")
DUMPER.default_flow_style = False


def build(data: dict[str, Any]) -> Design:
    return design_from_data(copy.deepcopy(data), source="<generated>")


# --- good-practice mutations -----------------------------------------------------------

Pick = Callable[[int], int]
Mutation = Callable[[dict[str, Any], Pick], "dict[str, Any] | None"]


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    section: dict[str, Any] = data.setdefault(name, {})
    return section


def _blank(value: Any) -> bool:
    return not (isinstance(value, str) and value.strip())


def set_flag(section: str, field: str) -> Mutation:
    def mutate(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
        if data.get(section, {}).get(field) is True:
            return None
        _section(data, section)[field] = True
        return data

    mutate.__name__ = f"set {section}.{field}"
    return mutate


def upgrade(section: str, field: str, better: dict[str | None, str]) -> Mutation:
    def mutate(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
        current = data.get(section, {}).get(field)
        if current not in better:
            return None
        _section(data, section)[field] = better[current]
        return data

    mutate.__name__ = f"upgrade {section}.{field}"
    return mutate


def fill(section: str, field: str) -> Mutation:
    def mutate(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
        if not _blank(data.get(section, {}).get(field)):
            return None
        _section(data, section)[field] = "Written down and agreed."
        return data

    mutate.__name__ = f"fill {section}.{field}"
    return mutate


def add_item(section: str, field: str) -> Mutation:
    def mutate(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
        _section(data, section).setdefault(field, []).append("one more concrete practice")
        return data

    mutate.__name__ = f"add to {section}.{field}"
    return mutate


def partner_flag(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
    data["partners"][pick(len(data["partners"]))]["leader_engaged"] = True
    return data


def partner_earlier(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
    item = data["partners"][pick(len(data["partners"]))]
    better = {None: "design", "scale": "implementation", "implementation": "design", "design": "concept"}
    if item.get("joins_at") not in better:
        return None
    item["joins_at"] = better[item.get("joins_at")]
    return data


def partner_adds(field: str) -> Mutation:
    def mutate(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
        data["partners"][pick(len(data["partners"]))].setdefault(field, []).append("something concrete")
        return data

    mutate.__name__ = f"partner adds to {field}"
    return mutate


def outcome_fill(field: str) -> Mutation:
    def mutate(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
        if not data.get("outcomes"):
            return None
        item = data["outcomes"][pick(len(data["outcomes"]))]
        if not _blank(item.get(field)):
            return None
        item[field] = "stated"
        return data

    mutate.__name__ = f"fill outcomes[].{field}"
    return mutate


def outcome_agreed_by_all(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
    if not data.get("outcomes"):
        return None
    data["outcomes"][pick(len(data["outcomes"]))]["agreed_by"] = "all"
    return data


def more_frequent_reviews(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
    monitoring = _section(data, "monitoring")
    months = monitoring.get("review_every_months")
    monitoring["review_every_months"] = 12 if months is None else max(1, months // 2)
    return data


def add_complete_outcome(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
    data.setdefault("outcomes", []).append({"statement": "Households use the service weekly", "indicator": "share",
                                            "target": "40% by 2029", "baseline": "8%", "agreed_by": "all"})
    return data


def add_civil_society_partner(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
    ids = {item["id"] for item in data["partners"]}
    new_id = next(f"civic-{number}" for number in range(100) if f"civic-{number}" not in ids)
    data["partners"].append({"id": new_id, "name": "Citizens' network", "sector": "civil_society",
                             "leader_engaged": True, "joins_at": "concept", "contributes": ["volunteers"],
                             "expects": ["a say in the service"]})
    for item in data.get("outcomes", []):
        if isinstance(item.get("agreed_by"), list):
            item["agreed_by"].append(new_id)
    return data


def add_mitigation(data: dict[str, Any], pick: Pick) -> dict[str, Any] | None:
    """Any gap, any completeness: a plan, however thin, never costs a point."""
    owner = data["partners"][pick(len(data["partners"]))]["id"]
    plan: dict[str, Any] = {"gap": ["policy", "infrastructure"][pick(2)], "action": "A plan"}
    plan.update([{}, {"owner": owner}, {"owner": owner, "by": "design", "resources_committed": True},
                 {"agreed_objective": True}][pick(4)])
    _section(data, "environment").setdefault("mitigations", []).append(plan)
    return data


MUTATIONS: list[Mutation] = [
    *(set_flag(section, field) for section, field in [
        ("context", "local_context_study"), ("monitoring", "baseline_study"),
        ("monitoring", "reviews_partnership_health"), ("resourcing", "framework_agreed"),
        ("resourcing", "new_partner_mechanism"), ("ethics", "conflict_of_interest_policy"),
        ("ethics", "grievance_mechanism"), ("management", "funded"), ("sustainability", "planned_from_start"),
        ("trust", "partnering_agreement"), ("alternatives", "contract_considered")]),
    partner_flag,
    upgrade("environment", "policy", {None: "neutral", "obstructive": "neutral", "neutral": "supportive"}),
    upgrade("environment", "infrastructure", {None: "partial", "absent": "partial", "partial": "adequate"}),
    upgrade("context", "community_involvement", {None: "informed", "none": "informed", "informed": "consulted",
                                                 "consulted": "co_designed", "co_designed": "community_led"}),
    upgrade("champion", "level", {None: "organisational", "none": "organisational",
                                  "organisational": "senior_official", "senior_official": "minister",
                                  "minister": "head_of_state"}),
    upgrade("management", "structure", {None: "committee", "none": "committee", "committee": "office_and_broker",
                                        "office": "broker", "broker": "office_and_broker"}),
    upgrade("trust", "decision_making", {None: "lead_partner", "lead_partner": "consensus", "majority": "consensus"}),
    upgrade("monitoring", "starts_at", {None: "implementation", "never": "implementation",
                                        "implementation": "design", "design": "concept"}),
    more_frequent_reviews,
    partner_earlier,
    *(fill(section, field) for section, field in [
        ("environment", "notes"), ("sustainability", "funding_after_launch"), ("sustainability", "scale_plan"),
        ("sustainability", "exit_strategy"), ("alternatives", "why_partnership"), ("context", "target_communities")]),
    *(outcome_fill(field) for field in ("indicator", "target", "baseline")),
    outcome_agreed_by_all,
    add_item("ethics", "transparency"),
    add_item("trust", "practices"),
    partner_adds("contributes"),
    partner_adds("expects"),
    add_complete_outcome,
    add_civil_society_partner,
    add_mitigation,
    set_flag("environment", "sites_checked"),
]


def all_scores(report: ScoreReport) -> dict[str, float]:
    scores = {"overall": report.overall}
    scores.update({f"element {area.key}": area.score for area in report.elements})
    scores.update({f"lesson {area.key}": area.score for area in report.lessons})
    scores.update({f"criterion {finding.criterion}": finding.points for finding in report.findings})
    return scores
