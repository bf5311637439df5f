"""Who offers what, who expects what, and who joins when: the ledger on a shared screen.

The matrix is meant to be read across a room during a workshop, so it uses large type and
strong contrast rather than colour alone; gaps are named in words as well as shaded.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from ..ledger import resource_ledger
from ..model import SECTORS, STAGES, Design
from .builder import DesignBuilder

FLAG = "background:#fff3cd;color:#000"
CELL = "border:2px solid #000;padding:8px 12px;vertical-align:top"
MATRIX_STYLE = "border-collapse:collapse;font-size:1.5em;line-height:1.3;color:#000;background:#fff"


def _words(items: tuple[str, ...], gap: str) -> str:
    return escape(", ".join(items)) if items else f'<strong style="color:#b42318">{gap}</strong>'


def ledger_table_html(design: Design) -> str:
    """One row per partner; a partner that offers or expects nothing is shaded and says so."""
    ledger = resource_ledger(design)
    rows = []
    for entry in ledger.entries:
        flags = [label for label, ids in (("offers nothing", ledger.offers_nothing),
                                          ("expects nothing", ledger.expects_nothing)) if entry.partner_id in ids]
        style = f' style="{FLAG}"' if flags else ""
        rows.append(f'<tr class="ict4d-ledger-row" data-flags="{escape(" ".join(flags), quote=True)}"{style}>'
                    f'<th scope="row" style="{CELL};text-align:left">{escape(entry.name)}</th>'
                    f'<td style="{CELL}">{escape(entry.sector.replace("_", " "))}</td>'
                    f'<td style="{CELL}">{escape((entry.joins_at or "not stated").replace("_", " "))}</td>'
                    f'<td style="{CELL}">{_words(entry.offers, "offers nothing")}</td>'
                    f'<td style="{CELL}">{_words(entry.expects, "expects nothing")}</td></tr>')
    findings = "".join(f"<li>{escape(line)}</li>" for line in ledger.findings)
    head = "".join(f'<th scope="col" style="{CELL}">{name}</th>'
                   for name in ("Partner", "Sector", "Joins at", "Offers", "Expects"))
    return (f'<table class="ict4d-ledger" style="border-collapse:collapse;font-size:1.1em;color:#000;background:#fff">'
            f"<caption><strong>Resource ledger: who offers and expects what</strong></caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + (f'<ul class="ict4d-ledger-findings">{findings}</ul>' if findings else ""))


def stage_matrix_html(design: Design) -> str:
    """Sectors down the side, stages across the top, partner names in the cells."""
    matrix = resource_ledger(design).stage_matrix()
    columns = (*STAGES, "not stated")
    head = "".join(f'<th scope="col" style="{CELL}">{escape(stage.capitalize())}</th>' for stage in columns)
    rows = []
    for sector in SECTORS:
        cells = matrix[sector]
        present = any(cells.values())
        label = escape(sector.replace("_", " ").capitalize()) + ("" if present else " <small>(none)</small>")
        row_style = "" if present else ' style="color:#555"'
        tds = "".join(f'<td style="{CELL}">{"<br>".join(escape(name) for name in cells[stage])}</td>' for stage in columns)
        rows.append(f'<tr{row_style}><th scope="row" style="{CELL};text-align:left">{label}</th>{tds}</tr>')
    return (f'<table class="ict4d-stage-matrix" style="{MATRIX_STYLE}"><caption><strong>Who joins when</strong>'
            f'</caption><thead><tr><th style="{CELL}">Sector</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


class ResourceLedger:
    """The ledger and the sector-by-stage matrix of a design, or of a builder's design, live."""

    def __init__(self, source: Design | DesignBuilder | None = None) -> None:
        self.design: Design | None = None
        self.table = widgets.HTML(value="")
        self.matrix = widgets.HTML(value="")
        self.notice = widgets.HTML(value="")
        self.widget = widgets.VBox([self.notice, self.table, self.matrix])
        if isinstance(source, DesignBuilder):
            source.on_change(self.update)
            self.update(source.design)
        elif source is not None:
            self.update(source)

    def update(self, design: Design | None) -> None:
        """Show a design; None (a form with problems) keeps the last one, marked as out of date."""
        if design is None:
            self.notice.value = ('<p role="status" style="color:#b54708"><strong>The design has problems: this is its '
                                 "last valid version.</strong></p>") if self.design is not None else ""
            return
        self.design = design
        self.notice.value = ""
        self.table.value = ledger_table_html(design)
        self.matrix.value = stage_matrix_html(design)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
