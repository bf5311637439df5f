"""ledger.py: who offers what and who expects what."""

from __future__ import annotations

from collections.abc import Callable

from _designs import BASE_V2, design_with, partner
from ict4d_training import Design, resource_ledger
from ict4d_training.core.model import SECTORS, STAGES

Loader = Callable[[str], Design]


def test_ledger_of_the_strong_design(strong_design: Design) -> None:
    ledger = resource_ledger(strong_design)
    assert [entry.partner_id for entry in ledger.entries] == ["moa", "telco", "farmers", "uni"]
    farmers = ledger.entries[2]
    assert (farmers.name, farmers.sector, farmers.joins_at) == ("Eastern Farmers' Federation", "civil_society",
                                                                "concept")
    assert farmers.offers == ("community_access", "training")  # design format 2: picks from the format's lists
    assert farmers.expects == ("mission",)
    assert ledger.offers_nothing == ()
    assert ledger.expects_nothing == ()
    assert ledger.sectors_present == ("government", "private", "civil_society", "academia")
    assert ledger.sectors_missing == ("regulator", "business_association", "community", "donor", "multilateral")
    assert ledger.findings == ("Sectors not at the table: regulator, business association, community, donor, "
                               "multilateral.",)


def test_ledger_names_every_gap() -> None:
    design = design_with(("partners", [partner("gov", "government", contributes=["policy"]),
                                       partner("telco", "private", expects=["customers"]),
                                       partner("ngo", "civil_society", contributes=["staff"], expects=["reach"])]))
    ledger = resource_ledger(design)
    assert ledger.offers_nothing == ("telco",)
    assert ledger.expects_nothing == ("gov",)
    assert ledger.findings == (
        "Org telco does not say what it will offer.",
        "Org gov does not say what it expects to gain.",
        "Sectors not at the table: regulator, business association, community, academia, donor, multilateral.",
    )


def test_ledger_with_every_sector_has_no_missing_sector_finding() -> None:
    partners = [partner(f"p{index}", sector, contributes=["x"], expects=["y"]) for index, sector in enumerate(SECTORS)]
    # business_association is new in design format 2, so every sector needs a version 2 file.
    ledger = resource_ledger(design_with(("partners", partners), base=BASE_V2))
    assert ledger.sectors_missing == ()
    assert ledger.sectors_present == SECTORS
    assert ledger.findings == ()


def test_stage_matrix(load_fixture: Loader) -> None:
    design = design_with(("partners", [partner("gov", "government", joins_at="concept"),
                                       partner("reg", "regulator", joins_at="scale"),
                                       partner("ngo", "civil_society"),
                                       partner("ngo2", "civil_society", joins_at="concept")]))
    matrix = resource_ledger(design).stage_matrix()
    assert list(matrix) == list(SECTORS)
    assert all(list(row) == [*STAGES, "not stated"] for row in matrix.values())
    assert matrix["government"]["concept"] == ("Org gov",)
    assert matrix["regulator"]["scale"] == ("Org reg",)
    assert matrix["civil_society"]["concept"] == ("Org ngo2",)
    assert matrix["civil_society"]["not stated"] == ("Org ngo",)
    placed = [name for row in matrix.values() for names in row.values() for name in names]
    assert sorted(placed) == ["Org gov", "Org ngo", "Org ngo2", "Org reg"]


def test_ledger_of_a_minimal_design(load_fixture: Loader) -> None:
    ledger = resource_ledger(load_fixture("minimal-valid"))
    assert ledger.offers_nothing == ledger.expects_nothing == ("ngo",)
    assert ledger.findings[:2] == ("A community organisation does not say what it will offer.",
                                   "A community organisation does not say what it expects to gain.")
