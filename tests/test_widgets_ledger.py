"""LedgerView: who offers and expects what, and the sector-by-stage matrix, live."""

from __future__ import annotations

from collections.abc import Callable

from _designs import design_with, partner
from ict4d_training import Design
from ict4d_training.widgets import DesignBuilder, LedgerView


def test_flags_a_partner_that_offers_nothing():
    design = design_with(("partners", [partner("gov", "government", contributes=["policy"], expects=["coverage"]),
                                       partner("ngo", "civil_society", expects=["training"])]))
    ledger = LedgerView(design)
    html = ledger.table.value
    assert 'data-flags="offers nothing"' in html
    assert html.count("offers nothing") >= 2  # the flag and the words in the cell
    assert "Org ngo does not say what it will offer." in html
    assert 'data-flags=""' in html  # the government partner is not flagged


def test_matrix_puts_partners_by_sector_and_stage(load_fixture: Callable[[str], Design]):
    ledger = LedgerView(load_fixture("strong-multi-stakeholder"))
    matrix = ledger.matrix.value
    for heading in ("Concept", "Design", "Implementation", "Scale", "Not stated", "Government", "Donor"):
        assert heading in matrix
    assert "font-size:1.5em" in matrix
    assert "Eastern University" in matrix and "Donor <small>(none)</small>" in matrix


def test_follows_a_builder_live():
    builder = DesignBuilder()
    ledger = LedgerView(builder)
    assert ledger.design is None and ledger.table.value == ""
    builder.set_field("title", "Telecentres")
    builder.add_partner(id="gov", name="Ministry of ICT", sector="government", joins_at="concept")
    assert "Ministry of ICT" in ledger.matrix.value
    builder.add_partner(id="telco", name="Telco", sector="private", contributes=["airtime"])
    assert "Telco" in ledger.table.value
    builder.partner_rows[1].id.value = "bad id"
    assert "last valid version" in ledger.notice.value and "Telco" in ledger.table.value
    builder.partner_rows[1].id.value = "telco"
    assert ledger.notice.value == ""
