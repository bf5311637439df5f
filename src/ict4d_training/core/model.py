"""The partnership design as typed, frozen objects (design format v2, contract section 1).

Objects are built only from data that already passed `design.schema.json`, so they
hold no validation of their own. A missing field is None (or an empty tuple):
"not planned / not known".
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal, get_args

Sector = Literal["government", "regulator", "private", "business_association", "civil_society", "community",
                 "academia", "donor", "multilateral"]
Stage = Literal["concept", "design", "implementation", "scale"]

# The one list of each in Python; design.schema.json, the template and the measures' sector groups
# are checked against them (tests/test_model.py).
SECTORS: tuple[str, ...] = get_args(Sector)
STAGES: tuple[str, ...] = get_args(Stage)


@dataclass(frozen=True)
class Context:
    country: str | None = None
    sector_focus: str | None = None
    target_communities: str | None = None
    local_context_study: bool | None = None
    community_involvement: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Mitigation:
    """How one gap in the environment will be closed: what, who, by when, with what."""

    gap: str
    action: str
    owner: str | None = None
    by: Stage | None = None
    resources_committed: bool | None = None
    agreed_objective: bool | None = None

    @property
    def complete(self) -> bool:
        """Someone, by a stage, with resources: a plan a partner can be held to."""
        return self.owner is not None and self.by is not None and self.resources_committed is True


@dataclass(frozen=True)
class Environment:
    policy: str | None = None
    infrastructure: str | None = None
    notes: str | None = None
    sites_checked: bool | None = None
    mitigations: tuple[Mitigation, ...] = ()

    def mitigations_for(self, gap: str) -> tuple[Mitigation, ...]:
        return tuple(item for item in self.mitigations if item.gap == gap)


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    sector: Sector
    role: str | None = None
    leader_engaged: bool | None = None
    joins_at: Stage | None = None
    contributes: tuple[str, ...] = ()
    expects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Commitment:
    role: str | None = None
    days_per_month: float | None = None
    in_agreement: bool | None = None


@dataclass(frozen=True)
class Champion:
    name: str | None = None
    level: str | None = None
    commitment: Commitment = field(default_factory=Commitment)
    successor: str | None = None


@dataclass(frozen=True)
class Outcome:
    statement: str
    indicator: str | None = None
    baseline: str | None = None
    target: str | None = None
    agreed_by: str | tuple[str, ...] | None = None
    kind: str | None = None

    @property
    def is_outcome(self) -> bool:
        """A change in people's lives; v1 files had no kind and listed outcomes only."""
        return self.kind != "output"


@dataclass(frozen=True)
class Beneficiaries:
    groups: tuple[str, ...] = ()
    cost_to_user: str | None = None
    affordability_checked: bool | None = None
    reach_measured: bool | None = None


@dataclass(frozen=True)
class CapacityBuilding:
    group: str
    provider: str | None = None
    when: str | None = None
    funded: bool | None = None


@dataclass(frozen=True)
class Monitoring:
    baseline_study: bool | None = None
    starts_at: str | None = None
    review_every_months: int | None = None
    reviews_partnership_health: bool | None = None


@dataclass(frozen=True)
class Resourcing:
    framework_agreed: bool | None = None
    new_partner_mechanism: bool | None = None


@dataclass(frozen=True)
class Ethics:
    transparency: tuple[str, ...] = ()
    conflict_of_interest_policy: bool | None = None
    grievance_mechanism: bool | None = None


@dataclass(frozen=True)
class Management:
    structure: str | None = None
    funded: bool | None = None


@dataclass(frozen=True)
class RunningCosts:
    payer: str | None = None  # a partner id, or "users"
    amount_per_year: float | None = None
    currency: str | None = None
    committed: bool | None = None


@dataclass(frozen=True)
class Pilot:
    planned: bool | None = None
    review_before_scale: bool | None = None


@dataclass(frozen=True)
class Handover:
    to: str | None = None
    by: Stage | None = None


@dataclass(frozen=True)
class Sustainability:
    planned_from_start: bool | None = None
    funding_after_launch: str | None = None
    scale_plan: str | None = None
    exit_strategy: str | None = None
    running_costs: RunningCosts = field(default_factory=RunningCosts)
    pilot: Pilot = field(default_factory=Pilot)
    handover: Handover = field(default_factory=Handover)


@dataclass(frozen=True)
class Trust:
    partnering_agreement: bool | None = None
    decision_making: str | None = None
    practices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alternatives:
    contract_considered: bool | None = None
    why_partnership: str | None = None


@dataclass(frozen=True)
class Analysis:
    """A past partnership coded after the fact: only such a design may leave fields not recorded."""

    of: str
    sources: tuple[str, ...]
    coded_on: str | None = None


@dataclass(frozen=True)
class Design:
    """A whole partnership design. Sections left out of the file are present but empty."""

    schema_version: int
    title: str
    partners: tuple[Partner, ...]
    summary: str | None = None
    analysis: Analysis | None = None
    not_recorded: tuple[str, ...] = ()
    context: Context = field(default_factory=Context)
    environment: Environment = field(default_factory=Environment)
    champion: Champion = field(default_factory=Champion)
    outcomes: tuple[Outcome, ...] = ()
    beneficiaries: Beneficiaries = field(default_factory=Beneficiaries)
    capacity_building: tuple[CapacityBuilding, ...] = ()
    monitoring: Monitoring = field(default_factory=Monitoring)
    resourcing: Resourcing = field(default_factory=Resourcing)
    ethics: Ethics = field(default_factory=Ethics)
    management: Management = field(default_factory=Management)
    sustainability: Sustainability = field(default_factory=Sustainability)
    trust: Trust = field(default_factory=Trust)
    alternatives: Alternatives = field(default_factory=Alternatives)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Design:
        """Build from schema-valid data (use `parse_design` for anything a person wrote)."""
        sections = {
            "context": Context, "environment": Environment, "champion": Champion, "monitoring": Monitoring,
            "resourcing": Resourcing, "ethics": Ethics, "management": Management, "beneficiaries": Beneficiaries,
            "sustainability": Sustainability, "trust": Trust, "alternatives": Alternatives, "analysis": Analysis,
        }
        values: dict[str, Any] = {
            "schema_version": data["schema_version"],
            "title": data["title"],
            "summary": data.get("summary"),
            "not_recorded": tuple(data.get("not_recorded", ())),
            "partners": tuple(Partner(**_tuples(item)) for item in data["partners"]),
            "outcomes": tuple(Outcome(**_outcome_fields(item)) for item in data.get("outcomes", ())),
            "capacity_building": tuple(CapacityBuilding(**item) for item in data.get("capacity_building", ())),
        }
        for name, section in sections.items():
            if name in data:
                values[name] = section(**_nested(name, data[name]))
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the contract's field order, leaving out everything not given."""
        plain = _plain(self)
        return {key: plain[key] for key in _FIELD_ORDER if key in plain}

    @property
    def partner_ids(self) -> tuple[str, ...]:
        return tuple(partner.id for partner in self.partners)


_FIELD_ORDER = ("schema_version", "title", "summary", "analysis", "not_recorded", "context", "environment", "partners",
                "champion", "outcomes", "beneficiaries", "capacity_building", "monitoring", "resourcing", "ethics",
                "management", "sustainability", "trust", "alternatives")


def _outcome_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields_ = _tuples(data)
    # An empty agreed_by list says what a missing one says: nobody has agreed yet.
    if fields_.get("agreed_by") == ():
        fields_["agreed_by"] = None
    return fields_


# Objects inside sections, built from their own dicts.
_NESTED: dict[tuple[str, str], Any] = {
    ("environment", "mitigations"): Mitigation, ("champion", "commitment"): Commitment,
    ("sustainability", "running_costs"): RunningCosts, ("sustainability", "pilot"): Pilot,
    ("sustainability", "handover"): Handover,
}


def _nested(section: str, data: dict[str, Any]) -> dict[str, Any]:
    values = _tuples(data)
    for (owner, name), kind in _NESTED.items():
        if owner == section and name in values:
            values[name] = (tuple(kind(**item) for item in values[name]) if isinstance(values[name], tuple)
                            else kind(**values[name]))
    return values


def _tuples(data: dict[str, Any]) -> dict[str, Any]:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in data.items()}


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        result: dict[str, Any] = {}
        for item in fields(value):
            plain = _plain(getattr(value, item.name))
            if plain is not None and plain != () and plain != [] and plain != {}:
                result[item.name] = plain
        return result
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value
