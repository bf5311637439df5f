"""An SVG radar chart of the eight element scores, drawn without matplotlib (runs in Pyodide)."""

from __future__ import annotations

import math
from html import escape

from ..report import ScoreReport

LABEL_ROOM = 70
FIT_CONTAINER = "display:block;max-width:100%;height:auto"
# Scaled down to a phone's width (about 0.75) the labels shrink with the chart: 13 units stay readable there.
LABEL_SIZE = 13
LABELS = {
    "environment": "Environment", "stakeholders": "Stakeholders", "leadership": "Leadership",
    "objectives": "Objectives", "monitoring": "Monitoring", "resourcing": "Resourcing", "ethics": "Ethics",
    "management": "Management",
}


def radar_svg(report: ScoreReport, size: int = 320) -> str:
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

    summary = "; ".join(f"{LABELS.get(a.key, a.key)} {a.score:.0f}" for a in report.elements)
    # width/height give the natural size; the style lets the chart shrink with its container (a
    # 390 px phone has less room than the 460 px canvas) and keeps its proportions while it does.
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size}" width="{width}" height="{size}" '
        f'style="{FIT_CONTAINER}" role="img" aria-labelledby="radar-title" class="ict4d-radar">',
        f'<title id="radar-title">Element scores out of 100: {escape(summary)}</title>',
    ]
    for ring in (0.25, 0.5, 0.75, 1.0):
        parts.append(f'<polygon points="{polygon([ring] * count)}" fill="none" stroke="#c8c8c8" stroke-width="1"/>')
    for index, area in enumerate(report.elements):
        x, y = point(index, 1.0)
        parts.append(f'<line x1="{centre_x:.1f}" y1="{centre:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c8c8c8"/>')
        lx, ly = point(index, 1.22)
        anchor = "middle" if abs(lx - centre_x) < 5 else ("start" if lx > centre_x else "end")
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="{LABEL_SIZE}" text-anchor="{anchor}" '
                     f'dominant-baseline="middle" fill="#222">{escape(LABELS.get(area.key, area.key))} '
                     f'{area.score:.0f}</text>')
    scores = [max(area.score, 0.0) / 100 for area in report.elements]
    parts.append(f'<polygon points="{polygon(scores)}" fill="#1f6feb" fill-opacity="0.25" stroke="#1f6feb" '
                 f'stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)
