"""Who offers what, who expects what, and who joins when: the ledger on a shared screen.

The matrix is meant to be read across a room during a workshop, so it uses large type and
strong contrast rather than colour alone; gaps are named in words as well as shaded.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ict4d_training.core.ledger import resource_ledger
from ict4d_training.core.model import SECTORS, STAGES, Design
from ict4d_training.render.markup import Markup, html, join
from ict4d_training.widgets.builder import DesignBuilder

FLAG = "background:#fff3cd;color:#000"
CELL = "border:2px solid #000;padding:8px 12px;vertical-align:top"
MATRIX_STYLE = "border-collapse:collapse;font-size:1.5em;line-height:1.3;color:#000;background:#fff"


def _words(items: tuple[str, ...], gap: str) -> Markup:
    return html("{}", ", ".join(items)) if items else html('<strong style="color:#b42318">{}</strong>', gap)


def _cell(tag: str, content: object, extra: str = "", scope: str = "") -> Markup:
    """One bordered cell; `scope` for a header cell, `extra` CSS after the border."""
    return html('<{tag}{scope} style="{style}">{}</{tag}>', content, tag=Markup(tag),
                scope=html(' scope="{}"', scope) if scope else "", style=CELL + extra)


def ledger_table_html(design: Design) -> Markup:
    """One row per partner; a partner that offers or expects nothing is shaded and says so."""
    ledger = resource_ledger(design)
    rows = []
    for entry in ledger.entries:
        flags = [label for label, ids in (("offers nothing", ledger.offers_nothing),
                                          ("expects nothing", ledger.expects_nothing)) if entry.partner_id in ids]
        rows.append(html('<tr class="ict4d-ledger-row" data-flags="{}"{}>{}{}{}{}{}</tr>', " ".join(flags),
                         html(' style="{}"', FLAG) if flags else "",
                         _cell("th", entry.name, ";text-align:left", "row"), _cell("td", entry.sector.replace("_", " ")),
                         _cell("td", (entry.joins_at or "not stated").replace("_", " ")),
                         _cell("td", _words(entry.offers, "offers nothing")),
                         _cell("td", _words(entry.expects, "expects nothing"))))
    findings = join(html("<li>{}</li>", line) for line in ledger.findings)
    head = join(_cell("th", name, scope="col") for name in ("Partner", "Sector", "Joins at", "Offers", "Expects"))
    return html('<table class="ict4d-ledger" style="border-collapse:collapse;font-size:1.1em;color:#000;background:#fff">'
                "<caption><strong>Resource ledger: who offers and expects what</strong></caption>"
                "<thead><tr>{}</tr></thead><tbody>{}</tbody></table>{}", head, join(rows),
                html('<ul class="ict4d-ledger-findings">{}</ul>', findings) if findings else "")


def stage_matrix_html(design: Design) -> Markup:
    """Sectors down the side, stages across the top, partner names in the cells."""
    matrix = resource_ledger(design).stage_matrix()
    columns = (*STAGES, "not stated")
    head = join(_cell("th", stage.capitalize(), scope="col") for stage in columns)
    rows = []
    for sector in SECTORS:
        cells = matrix[sector]
        present = any(cells.values())
        label = html("{}{}", sector.replace("_", " ").capitalize(), "" if present else Markup(" <small>(none)</small>"))
        tds = join(_cell("td", join(cells[stage], Markup("<br>"))) for stage in columns)
        rows.append(html("<tr{}>{}{}</tr>", "" if present else Markup(' style="color:#555"'),
                         _cell("th", label, ";text-align:left", "row"), tds))
    return html('<table class="ict4d-stage-matrix" style="{}"><caption><strong>Who joins when</strong></caption>'
                "<thead><tr>{}{}</tr></thead><tbody>{}</tbody></table>", MATRIX_STYLE, _cell("th", "Sector"), head,
                join(rows))


class LedgerView:
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
            self.notice.value = Markup('<p role="status" style="color:#b54708"><strong>The design has problems: this is its '
                                 "last valid version.</strong></p>") if self.design is not None else ""
            return
        self.design = design
        self.notice.value = ""
        self.table.value = ledger_table_html(design)
        self.matrix.value = stage_matrix_html(design)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
