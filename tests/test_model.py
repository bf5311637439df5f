"""model.py holds the one list of sectors and of stages; every other place that names them must agree.

The JSON Schema (what files are checked against), the annotated template (what trainees read), the
measures' sector groups (how diversity is judged), the builder's choices and the contract page all
name the sectors: each is compared with `SECTORS` here, so a sector added in one place fails the
tests until it is added everywhere.
"""

from __future__ import annotations

from importlib import resources
from typing import get_args

from ict4d_training.core.measures import SECTOR_GROUPS
from ict4d_training.core.model import SECTORS, STAGES, Partner, Sector, Stage
from ict4d_training.core.schema import load_schema, resolve_ref
from ict4d_training.widgets._form import item_specs


def _partner_schema() -> dict[str, object]:
    schema = load_schema("design.schema.json")
    partners, _ = resolve_ref(schema["properties"]["partners"], schema)
    item, _ = resolve_ref(partners["items"], schema)
    return item


def test_the_typing_literals_are_the_lists() -> None:
    assert SECTORS == ("government", "regulator", "private", "civil_society", "community", "academia", "donor",
                       "multilateral")
    assert STAGES == ("concept", "design", "implementation", "scale")
    # The dataclass is typed with the same literals (annotations are strings under `from __future__`).
    assert Partner.__annotations__["sector"] == "Sector"
    assert Partner.__annotations__["joins_at"] == "Stage | None"
    assert get_args(Sector) == SECTORS and get_args(Stage) == STAGES


def test_the_schema_enums_are_the_models() -> None:
    schema = load_schema("design.schema.json")
    item = _partner_schema()
    sector, _ = resolve_ref(item["properties"]["sector"], schema)  # type: ignore[index]
    joins_at, _ = resolve_ref(item["properties"]["joins_at"], schema)  # type: ignore[index]
    assert tuple(sector["enum"]) == SECTORS
    assert tuple(joins_at["enum"]) == STAGES


def test_the_template_lists_every_sector() -> None:
    text = resources.files("ict4d_training").joinpath("data").joinpath("template.yaml").read_text(encoding="utf-8")
    start = text.index("    sector: government")
    lines = text[start:].splitlines()[:2]  # the sector's comment runs onto a second line
    comment = " ".join(line.split("#", 1)[1] for line in lines)
    assert [name.strip() for name in comment.split("|")] == list(SECTORS)


def test_every_sector_has_a_group_for_the_diversity_measures() -> None:
    assert tuple(SECTOR_GROUPS) == SECTORS


def test_the_builder_offers_exactly_the_sectors() -> None:
    sector = item_specs("partners")["sector"]
    assert tuple(option for option in sector.options if option) == SECTORS
