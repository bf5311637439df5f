"""Helpers shared by the tests split out of test_lite.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = "03-design-a-partnership.ipynb"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


# --- the design builder in the page ----------------------------------------------------


def open_step(builder: Any, title: str) -> None:
    step = builder.locator(f".jupyter-widget-Collapse:has(> .jupyter-widget-Collapse-header:has-text('{title}'))")
    if "jupyter-widget-Collapse-open" not in (step.get_attribute("class") or ""):
        step.locator("> .jupyter-widget-Collapse-header").click()


def partner_rows(builder: Any) -> Any:
    return builder.locator(".widget-vbox:has(> .widget-hbox button:has-text('Remove'))")


def add_partner(builder: Any, partner_id: str, name: str, sector: str) -> None:
    open_step(builder, "Partners")
    rows = partner_rows(builder)
    count = rows.count()
    builder.get_by_role("button", name="Add a partner").click()
    rows.nth(count).wait_for(timeout=30_000)
    row = rows.nth(count)
    row.get_by_label("Id", exact=True).fill(partner_id)
    row.get_by_label("Name", exact=True).fill(name)
    row.get_by_label("Sector", exact=True).select_option(label=sector)
