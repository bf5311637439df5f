"""The builder's draft: saved after every change, restored, never lost, never half-written."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from ict4d_training import load_design, parse_design
from ict4d_training.core.serialise import dump_text
from ict4d_training.files.drafts import aside_name, load_draft, set_aside
from ict4d_training.widgets import DesignBuilder, draft_file

DRAFTS = Path(__file__).parent / "fixtures" / "drafts"
TWO_PARTNERS = """\
schema_version: 1
title: Two partners
partners:
  - {id: gov, name: Ministry of ICT, sector: government}
  - {id: ngo, name: Village Network, sector: civil_society}
"""


def started(path: Path) -> DesignBuilder:
    builder = DesignBuilder(draft_path=path)
    assert builder.import_text(TWO_PARTNERS, "start.yaml") == []
    return builder


def broken_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.broken-*"))


def test_every_change_is_saved_as_the_design(tmp_path: Path):
    draft = tmp_path / "draft.yaml"
    builder = started(draft)
    assert load_design(draft) == builder.design
    builder.fields["resourcing.framework_agreed"].value = True
    builder.add_partner(id="telco", name="Telco", sector="private", contributes=["airtime"])
    assert load_design(draft) == builder.design
    assert load_design(draft).resourcing.framework_agreed is True
    assert "Draft saved to" in builder.status.value


def test_json_drafts_are_json(tmp_path: Path):
    draft = tmp_path / "draft.json"
    builder = started(draft)
    builder.set_field("context.country", "Ghana")
    assert json.loads(draft.read_text(encoding="utf-8"))["context"] == {"country": "Ghana"}
    assert load_design(draft) == builder.design


def test_a_new_builder_restores_fields_and_score(tmp_path: Path, fixtures_dir: Path):
    draft = tmp_path / "draft.yaml"
    first = DesignBuilder(draft_path=draft)
    first.import_text((fixtures_dir / "designs" / "strong-multi-stakeholder.yaml").read_text(encoding="utf-8"))
    first.set_field("monitoring.review_every_months", 12)
    first.partner_rows[3].joins_at.value = "implementation"

    second = DesignBuilder(draft_path=draft)
    assert {path: widget.value for path, widget in second.fields.items()} == \
           {path: widget.value for path, widget in first.fields.items()}
    assert [row.to_data() for row in second.partner_rows] == [row.to_data() for row in first.partner_rows]
    assert second.design == first.design and second.report == first.report
    assert "Restored" in second.notice.value
    assert second.problems == [] and second.draft_problems == []


def test_while_the_form_is_invalid_the_draft_keeps_the_last_valid_version(tmp_path: Path):
    draft = tmp_path / "draft.yaml"
    builder = started(draft)
    saved = draft.read_bytes()
    builder.partner_rows[0].id.value = "not valid"
    assert builder.design is None
    assert draft.read_bytes() == saved
    assert "keeps the last valid version" in builder.status.value
    assert DesignBuilder(draft_path=draft).design == parse_design(TWO_PARTNERS)


@pytest.mark.parametrize(("fixture", "expected"), [
    ("bad-yaml.yaml", "draft.yaml:"),
    ("invalid-design.yaml", "partners[0].sector: 'ngo' is not allowed"),
])
def test_a_malformed_draft_is_reported_and_moved_aside_unchanged(tmp_path: Path, fixture: str, expected: str):
    draft = tmp_path / "draft.yaml"
    original = (DRAFTS / fixture).read_bytes()
    draft.write_bytes(original)

    builder = DesignBuilder(draft_path=draft)

    assert builder.draft_problems and any(expected in str(problem) for problem in builder.draft_problems)
    moved = broken_files(tmp_path)
    assert moved == [builder.moved_aside_to]
    assert moved[0].name.startswith("draft.yaml.broken-")
    assert moved[0].read_bytes() == original
    assert "could not be restored" in builder.notice.value and moved[0].name in builder.notice.value
    assert builder.design is None and builder.partner_rows == []  # starts empty
    # New work goes to the draft path; the bad file is never touched again.
    builder.import_text(TWO_PARTNERS)
    assert load_design(draft) == builder.design
    assert moved[0].read_bytes() == original


def test_moving_aside_never_overwrites_an_earlier_broken_draft(tmp_path: Path):
    now = datetime(2026, 5, 9, 10, 15, 0)
    draft = tmp_path / "draft.yaml"
    earlier = tmp_path / "draft.yaml.broken-20260509-101500"
    earlier.write_text("the first broken draft", encoding="utf-8")
    draft.write_text("title: [unclosed", encoding="utf-8")

    loaded = load_draft(draft, now=now)

    assert loaded.moved_to == tmp_path / "draft.yaml.broken-20260509-101500-1"
    assert earlier.read_text(encoding="utf-8") == "the first broken draft"
    assert loaded.moved_to.read_text(encoding="utf-8") == "title: [unclosed"
    assert not draft.exists()
    assert aside_name(draft, now).name == "draft.yaml.broken-20260509-101500-2"


def test_moving_aside_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def no_links(*_args: object) -> None:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(os, "link", no_links)
    draft = tmp_path / "draft.yaml"
    draft.write_text("x: [", encoding="utf-8")
    moved = set_aside(draft)
    assert moved.read_text(encoding="utf-8") == "x: [" and not draft.exists()


def test_a_draft_that_cannot_be_moved_aside_is_never_saved_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(os, "rename", refuse)
    draft = tmp_path / "draft.yaml"
    draft.write_text("title: [unclosed", encoding="utf-8")
    builder = DesignBuilder(draft_path=draft)
    builder.import_text(TWO_PARTNERS)
    assert draft.read_text(encoding="utf-8") == "title: [unclosed"
    assert "could not be moved aside" in builder.status.value


def test_the_draft_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    draft = tmp_path / "draft.yaml"
    builder = started(draft)
    saved = draft.read_bytes()

    def interrupted(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", interrupted)
    builder.set_field("title", "A new title")

    assert draft.read_bytes() == saved
    assert sorted(path.name for path in tmp_path.iterdir()) == ["draft.yaml"]  # no temporary file left
    assert builder.save_error == "No space left on device"
    assert "Could not save the draft" in builder.status.value
    monkeypatch.undo()
    builder.set_field("title", "Another title")
    assert load_design(draft).title == "Another title" and builder.save_error is None


def test_a_folder_at_the_draft_path_is_reported_not_moved(tmp_path: Path):
    builder = DesignBuilder(draft_path=tmp_path)
    assert "folder" in str(builder.draft_problems[0])
    builder.import_text(TWO_PARTNERS)
    assert "Not saving" in builder.status.value


def test_without_a_draft_path_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    builder = DesignBuilder()
    builder.import_text(TWO_PARTNERS)
    assert list(tmp_path.iterdir()) == []
    assert "no <code>draft_path</code>" in builder.status.value


def test_yaml_text_keeps_the_format_order_and_reads_back():
    data = {"schema_version": 2, "title": "yes", "partners": [{"id": "a", "name": "Ünïcode: ok", "sector": "donor"}]}
    text = dump_text(data)
    assert text.splitlines()[:2] == ["schema_version: 2", "title: yes"]
    assert parse_design(text).to_dict() == data
    with pytest.raises(ValueError, match="format"):
        dump_text(data, "toml")


@pytest.fixture
def browser_page_at(monkeypatch: pytest.MonkeyPatch):
    """Python in a browser (JupyterLite on Pyodide) on a page whose address is, or is not, trusted with storage."""
    import sys
    import types

    def at(secure: bool) -> None:
        monkeypatch.setattr(sys, "platform", "emscripten")
        monkeypatch.setitem(sys.modules, "js", types.SimpleNamespace(isSecureContext=secure))

    return at


def test_a_draft_that_dies_with_the_tab_says_so(tmp_path: Path, browser_page_at):
    browser_page_at(False)  # e.g. http://192.168.1.10:8000, a trainer's laptop seen across the room
    builder = started(tmp_path / "draft.yaml")
    builder.set_field("context.country", "Ghana")
    assert "Draft saved to" in builder.status.value
    assert "Kept only until this tab closes or reloads" in builder.status.value
    assert "download link" in builder.status.value


def test_a_draft_the_browser_keeps_carries_no_warning(tmp_path: Path, browser_page_at):
    browser_page_at(True)  # https, or http://127.0.0.1 as the offline package is served
    builder = started(tmp_path / "draft.yaml")
    builder.set_field("context.country", "Ghana")
    assert "Draft saved to" in builder.status.value
    assert "Kept only" not in builder.status.value


def test_a_labelled_drafts_folder_is_shown_by_its_label(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The book build keeps drafts in a throwaway folder; its pages call it drafts/, as a trainee's would."""
    monkeypatch.setenv("ICT4D_TRAINING_DRAFTS", str(tmp_path / "build-1234"))
    monkeypatch.setenv("ICT4D_TRAINING_DRAFTS_LABEL", "drafts")
    builder = started(draft_file("exercise-3"))
    assert builder.draft_path == tmp_path / "build-1234" / "exercise-3.yaml"
    assert "Draft saved to <code>drafts/exercise-3.yaml</code>" in builder.status.value
    assert "build-1234" not in builder.status.value
    elsewhere = started(tmp_path / "mine.yaml")  # outside the labelled folder: shown as it is
    assert f"<code>{tmp_path / 'mine.yaml'}</code>" in elsewhere.status.value


def test_without_a_label_the_drafts_folder_is_shown_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ICT4D_TRAINING_DRAFTS", str(tmp_path / "hub-drafts"))
    monkeypatch.delenv("ICT4D_TRAINING_DRAFTS_LABEL", raising=False)
    builder = started(draft_file("exercise-3"))
    assert f"Draft saved to <code>{tmp_path / 'hub-drafts' / 'exercise-3.yaml'}</code>" in builder.status.value
