"""The frozen widgets of a book page drawn as HTML at build time (book/_ext/static_widgets.py).

The widgets are made for real, their state taken as a notebook saves it, and the HTML read
back as a browser would: what a reader sees on the page must be what the widget showed.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import ipywidgets as widgets
import pytest
from bs4 import BeautifulSoup
from ipywidgets.embed import dependency_state

from ict4d_training.widgets import ContractAdvisor, DesignBuilder

EXTENSION = Path(__file__).resolve().parent.parent / "book" / "_ext" / "static_widgets.py"


@pytest.fixture(scope="module")
def static() -> ModuleType:
    spec = importlib.util.spec_from_file_location("static_widgets", EXTENSION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def drawn(static: ModuleType, widget: Any) -> BeautifulSoup:
    """The widget as the book page shows it: its saved state (JSON, as in a notebook), drawn."""
    state = json.loads(json.dumps({"version_major": 2, "version_minor": 0,
                                   "state": dependency_state([widget], drop_defaults=False)}))
    html = static.StaticWidgets(state).render(widget.model_id)
    return BeautifulSoup(html, "html.parser")


def test_the_view_script_names_its_model(static: ModuleType):
    script = ('<script type="application/vnd.jupyter.widget-view+json">'
              '{"version_major": 2, "version_minor": 0, "model_id": "abc123"}</script>')
    assert static.view_model_id(script) == "abc123"
    assert static.view_model_id("<p>not a widget</p>") is None


def test_an_empty_builder_shows_its_greeting_steps_and_empty_score(static: ModuleType):
    builder = DesignBuilder()
    page = drawn(static, builder.widget)
    root = page.select_one(".ict4d-static-widget > .widget-hbox.ict4d-builder")
    assert root is not None
    assert "row wrap" in root["style"]
    text = page.get_text(" ")
    assert "Start by giving your partnership a title" in text and "No score yet" in text
    steps = page.select("details.jupyter-widget-Collapse")
    assert [step.summary.get_text() for step in steps] == list(builder.tabs.titles)
    assert [step.has_attr("open") for step in steps] == [True] + [False] * (len(steps) - 1)
    # Every input keeps its label, is read-only, and no control can be pressed.
    title = page.find("label", string="Title")
    field = page.find(id=title["for"])
    assert field.name == "input" and field.has_attr("readonly")
    assert page.select("button") and all(button.has_attr("disabled") for button in page.select("button"))
    assert all(control.has_attr("disabled") for control in page.select("select, input[type=checkbox]"))


def test_a_filled_builder_shows_values_choices_rows_and_score(static: ModuleType, fixtures_dir: Path):
    builder = DesignBuilder()
    builder.import_text((fixtures_dir / "designs" / "strong-multi-stakeholder.yaml").read_text(encoding="utf-8"))
    page = drawn(static, builder.widget)
    assert page.find(id=page.find("label", string="Title")["for"])["value"] == builder.fields["title"].value
    involvement = page.find(id=page.find("label", string="Community involvement")["for"])
    assert involvement.find("option", selected=True).get_text() == "co designed"
    months = page.find(id=page.find("label", string="Review every months (0 = not set)")["for"])
    assert months["type"] == "number" and months["value"] == "6"
    ticked = page.find("span", string="Baseline study").find_previous_sibling("input")
    assert ticked.has_attr("checked") == builder.fields["monitoring.baseline_study"].value
    ids = [page.find(id=label["for"])["value"] for label in page.find_all("label", string="Id")]
    assert ids == ["moa", "telco", "farmers", "uni"]
    assert f"{builder.report.overall:.1f}" in page.get_text()
    assert "Add a partner" in page.get_text()


def test_the_v2_controls_are_drawn_with_real_labels(static: ModuleType, fixtures_dir: Path):
    builder = DesignBuilder()
    builder.import_text((fixtures_dir / "designs" / "strong-multi-stakeholder.yaml").read_text(encoding="utf-8"))
    page = drawn(static, builder.widget)

    def control(label: str):
        return page.find(id=page.find("label", string=label)["for"])

    assert control("Running costs: payer").find("option", selected=True).get_text() == "moa"
    assert [option.get_text() for option in control("Handover: to").find_all("option")] == [
        "(not set)", "moa", "telco", "farmers", "uni"]
    days = control("Commitment: days per month (0 = not set)")
    assert days["type"] == "number" and float(days["value"]) == 1
    assert control("Scope").find("option", selected=True).get_text() == "national"
    assert [select.find("option", selected=True).get_text() for select in
            (page.find(id=label["for"]) for label in page.find_all("label", string="Provider"))] == ["moa", "farmers"]
    # A pick is a tick box inside its own <label>; the free wording box has a label of its own.
    ticked = page.find("span", string="published accounts").find_parent("label").find("input")
    assert ticked.has_attr("checked") and ticked.has_attr("disabled")
    unticked = page.find("span", string="open procurement").find_parent("label").find("input")
    assert not unticked.has_attr("checked")
    assert len(page.find_all("label", string="Other wording (kept, not scored)")) == 2 * 4 + 2
    assert "Add a mitigation" in page.get_text() and "Add a group to prepare" in page.get_text()


def test_choices_drawn_as_pressed_toggles(static: ModuleType):
    advisor = ContractAdvisor()
    first = next(iter(advisor.buttons))
    advisor.answer(first, "no")
    page = drawn(static, advisor.widget)
    groups = page.select("fieldset.widget-toggle-buttons")
    assert len(groups) == len(advisor.buttons)
    pressed = [button.get_text() for button in groups[0].select("button[aria-pressed=true]")]
    assert pressed == ["no"]
    assert not groups[1].select("button[aria-pressed=true]")
    assert "Recommendation" in page.get_text()


def test_radio_textarea_and_tab(static: ModuleType):
    radio = widgets.RadioButtons(options=["low", "high"], value="high", description="Trust")
    area = widgets.Textarea(value="<b>not markup</b>", description="Notes")
    tab = widgets.Tab(children=[radio, area], titles=("One", "Two"), selected_index=1)
    page = drawn(static, tab)
    assert [summary.get_text() for summary in page.select("summary")] == ["One", "Two"]
    assert not page.select("details")[0].has_attr("open") and page.select("details")[1].has_attr("open")
    assert page.select_one("fieldset legend").get_text() == "Trust"
    assert [item.has_attr("checked") for item in page.select("input[type=radio]")] == [False, True]
    textarea = page.select_one("textarea")
    assert textarea.get_text() == "<b>not markup</b>" and textarea.has_attr("readonly")


def test_a_percentage_width_becomes_a_share_that_a_phone_widens(static: ModuleType):
    box = widgets.HBox([widgets.HTML("a", layout=widgets.Layout(width="58%")), widgets.HTML("b")])
    page = drawn(static, box)
    first, second = page.select(".widget-html")
    assert "ict4d-share" in first["class"] and "width:58%" in first["style"]
    assert "ict4d-share" not in second["class"]


def test_a_scrolling_box_can_be_reached_from_the_keyboard(static: ModuleType):
    box = widgets.VBox([widgets.HTML("long")], layout=widgets.Layout(overflow="auto", max_height="10em"))
    assert drawn(static, box).select_one(".widget-vbox")["tabindex"] == "0"


def test_an_unknown_widget_is_an_error_naming_it(static: ModuleType):
    slider = widgets.IntSlider(value=3)
    with pytest.raises(static.WidgetRenderError, match="IntSliderModel"):
        drawn(static, widgets.VBox([slider]))


def test_a_missing_model_is_an_error_naming_it(static: ModuleType):
    with pytest.raises(static.WidgetRenderError, match="nope"):
        static.StaticWidgets({"state": {}}).render("nope")


def test_a_wide_table_scrolls_in_a_box_named_by_its_caption(static: ModuleType):
    table = "<table class='ict4d-ledger'><caption>Who brings <em>what</em></caption><tr><td>x</td></tr></table>"
    page = drawn(static, widgets.HTML(f"<p>Before</p>{table}<table><tr><td>y</td></tr></table>"))
    boxes = page.select(".ict4d-table-scroll")
    assert [box["aria-label"] for box in boxes] == ["Who brings what", "Table"]
    assert all(box["tabindex"] == "0" and box["role"] == "region" for box in boxes)
    assert boxes[0].table["class"] == ["ict4d-ledger"] and page.p.get_text() == "Before"


def test_the_same_table_shown_twice_gets_two_names(static: ModuleType):
    table = widgets.HTML("<table><caption>Ledger</caption><tr><td>x</td></tr></table>")
    page = drawn(static, widgets.VBox([table, widgets.HTML(table.value)]))
    assert [box["aria-label"] for box in page.select(".ict4d-table-scroll")] == ["Ledger", "Ledger (2)"]
