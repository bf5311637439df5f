"""model.py holds the one list of sectors and of stages; every other place that names them must agree.

The JSON Schema (what files are checked against), the annotated template (what trainees read), the
measures' sector groups (how diversity is judged), the builder's choices and the contract page all
name the sectors: each is compared with `SECTORS` here, so a sector added in one place fails the
tests until it is added everywhere.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import get_args

import pytest

from ict4d_training import design_from_data, load_design, score
from ict4d_training.core.documents import parse_tree
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
    assert SECTORS == ("government", "regulator", "private", "business_association", "civil_society", "community",
                       "academia", "donor", "multilateral")
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


# --- design format 1 files are migrated on load --------------------------------------------

DESIGNS = Path(__file__).parent / "fixtures" / "designs"
# The v1 fixtures that are meant not to load (each shows one kind of problem).
BAD_V1 = {"agreed-by-unknown-partner.yaml", "duplicate-keys.yaml", "duplicate-partner-ids.yaml", "typo-in-key.yaml",
          "review-every-100-months.yaml", "tabs-and-syntax-error.yaml", "unknown-sector.yaml"}
V1_FILES = sorted(path.name for path in DESIGNS.glob("*.yaml") if "\nschema_version: 1\n" in path.read_text())


def test_the_v1_fixtures_include_the_bad_ones_and_the_old_strong_design() -> None:
    assert BAD_V1 | {"minimal-valid.yaml", "v1-strong-multi-stakeholder.yaml"} <= set(V1_FILES)


@pytest.mark.parametrize("name", sorted(set(V1_FILES) - BAD_V1))
def test_every_valid_v1_fixture_loads_migrated_and_scores_as_its_v2_twin(name: str) -> None:
    design = load_design(DESIGNS / name)
    assert design.schema_version == 2 and design.not_recorded == () and design.analysis is None
    data, _ = parse_tree((DESIGNS / name).read_text(encoding="utf-8"), name)
    assert data["schema_version"] == 1
    twin = design_from_data({**data, "schema_version": 2})  # v2 only adds fields: a v1 file means the same
    assert twin == design
    assert score(design) == score(twin)
    assert 0 <= score(design).overall <= 100
