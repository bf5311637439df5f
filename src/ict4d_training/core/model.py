"""The partnership design as typed, frozen objects (contract v1, section 1).

Objects are built only from data that already passed `design.schema.json`, so they
hold no validation of their own. A missing field is None (or an empty tuple):
"not planned / not known".
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal, get_args

Sector = Literal["government", "regulator", "private", "civil_society", "community", "academia", "donor",
                 "multilateral"]
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


@dataclass(frozen=True)
class Environment:
    policy: str | None = None
    infrastructure: str | None = None
    notes: str | None = None


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
class Champion:
    name: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class Outcome:
    statement: str
    indicator: str | None = None
    baseline: str | None = None
    target: str | None = None
    agreed_by: str | tuple[str, ...] | None = None


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
class Sustainability:
    planned_from_start: bool | None = None
    funding_after_launch: str | None = None
    scale_plan: str | None = None
    exit_strategy: str | None = None


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
class Design:
    """A whole partnership design. Sections left out of the file are present but empty."""

    schema_version: int
    title: str
    partners: tuple[Partner, ...]
    summary: str | None = None
    context: Context = field(default_factory=Context)
    environment: Environment = field(default_factory=Environment)
    champion: Champion = field(default_factory=Champion)
    outcomes: tuple[Outcome, ...] = ()
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
            "resourcing": Resourcing, "ethics": Ethics, "management": Management,
            "sustainability": Sustainability, "trust": Trust, "alternatives": Alternatives,
        }
        values: dict[str, Any] = {
            "schema_version": data["schema_version"],
            "title": data["title"],
            "summary": data.get("summary"),
            "partners": tuple(Partner(**_tuples(item)) for item in data["partners"]),
            "outcomes": tuple(Outcome(**_outcome_fields(item)) for item in data.get("outcomes", ())),
        }
        for name, section in sections.items():
            if name in data:
                values[name] = section(**_tuples(data[name]))
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the contract's field order, leaving out everything not given."""
        plain = _plain(self)
        return {key: plain[key] for key in _FIELD_ORDER if key in plain}

    @property
    def partner_ids(self) -> tuple[str, ...]:
        return tuple(partner.id for partner in self.partners)


_FIELD_ORDER = ("schema_version", "title", "summary", "context", "environment", "partners", "champion", "outcomes",
                "monitoring", "resourcing", "ethics", "management", "sustainability", "trust", "alternatives")


def _outcome_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields_ = _tuples(data)
    # An empty agreed_by list says what a missing one says: nobody has agreed yet.
    if fields_.get("agreed_by") == ():
        fields_["agreed_by"] = None
    return fields_


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
