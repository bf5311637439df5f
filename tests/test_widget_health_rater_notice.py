"""The "Careful" notice of the health-check form goes away once the name is the ratings' owner's again."""

from __future__ import annotations

from pathlib import Path

from ict4d_training.widgets import HealthCheckRater

TRUST = "trust-shared-information"


def test_the_careful_notice_goes_when_the_owner_types_their_name_back(tmp_path: Path) -> None:
    form = HealthCheckRater(tmp_path / "ratings.yaml")
    form.rater_name.value, form.partner_name.value = "Amina", "Ministry of ICT"
    form.rate(TRUST, 3, "We share everything.")
    form.rater_name.value = "Bruno"
    assert "<strong>Careful:</strong>" in form.notice.value and form.claim_button.layout.display is None
    form.rater_name.value = "Amina"
    assert form.notice.value == "" and form.claim_button.layout.display == "none"
    assert form.save() is True


def test_the_careful_notice_goes_after_a_save_under_the_owners_name(tmp_path: Path) -> None:
    form = HealthCheckRater(folder=tmp_path)
    form.rater_name.value, form.partner_name.value = "Amina", "Ministry of ICT"
    form.rate(TRUST, 3, "We share everything.")
    assert form.save() is True
    form.rater_name.value = "Bruno"
    assert "<strong>Careful:</strong>" in form.notice.value
    form.rater_name.value = "Amina"
    assert "Careful" not in form.notice.value
