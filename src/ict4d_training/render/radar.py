"""An SVG radar chart of the eight element scores, drawn without matplotlib (runs in Pyodide)."""

from __future__ import annotations

import math

from ict4d_training.core.report import ScoreReport
from ict4d_training.render.markup import Markup, html, join
from ict4d_training.render.wording import area_score

LABEL_ROOM = 70
FIT_CONTAINER = "display:block;max-width:100%;height:auto"
# Scaled down to a phone's width (about 0.75) the labels shrink with the chart: 13 units stay readable there.
LABEL_SIZE = 13


def radar_svg(report: ScoreReport, size: int = 320) -> Markup:
    """A self-contained, accessible SVG: a polygon of element scores over 25/50/75/100 rings."""
    # Labels such as "Management 100" sit outside the rings, so the canvas is wider than tall.
    width = size + 2 * LABEL_ROOM
    centre_x, centre, radius = width / 2, size / 2, size / 2 - 60
    count = len(report.elements)

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return centre_x + radius * fraction * math.cos(angle), centre + radius * fraction * math.sin(angle)

    def polygon(fractions: list[float]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, f) for i, f in enumerate(fractions)))

    # An element the record is silent on reads "unknown" and sits at the centre: no score, not a zero.
    summary = "; ".join(f"{a.label} {area_score(a, '.0f')}" for a in report.elements)
    # width/height give the natural size; the style lets the chart shrink with its container (a
    # 390 px phone has less room than the 460 px canvas) and keeps its proportions while it does.
    parts = [
        html('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size}" width="{width}" height="{size}" '
             'style="{style}" role="img" aria-labelledby="radar-title" class="ict4d-radar">',
             width=width, size=size, style=FIT_CONTAINER),
        html('<title id="radar-title">Element scores out of 100: {}</title>', summary),
    ]
    for ring in (0.25, 0.5, 0.75, 1.0):
        parts.append(html('<polygon points="{}" fill="none" stroke="#c8c8c8" stroke-width="1"/>', polygon([ring] * count)))
    for index, area in enumerate(report.elements):
        x, y = point(index, 1.0)
        parts.append(html('<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#c8c8c8"/>', centre_x, centre, x, y))
        lx, ly = point(index, 1.22)
        anchor = "middle" if abs(lx - centre_x) < 5 else ("start" if lx > centre_x else "end")
        parts.append(html('<text x="{:.1f}" y="{:.1f}" font-size="{}" text-anchor="{}" dominant-baseline="middle" '
                          'fill="#222">{} {}</text>', lx, ly, LABEL_SIZE, anchor, area.label, area_score(area, ".0f")))
    scores = [max(area.score, 0.0) / 100 for area in report.elements]
    parts.append(html('<polygon points="{}" fill="#1f6feb" fill-opacity="0.25" stroke="#1f6feb" stroke-width="2"/>',
                      polygon(scores)))
    parts.append(Markup("</svg>"))
    return join(parts)
