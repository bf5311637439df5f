"""The multi-rater health check as a self-contained HTML report and a plain-text summary."""

from __future__ import annotations

from ..health import HealthResult


def render_health_html(result: HealthResult, base_url: str = "") -> str:
    """A self-contained page: inline CSS and SVG, no scripts, fonts or images from elsewhere."""
    from jinja2 import Environment, PackageLoader

    from .radar import LABELS

    environment = Environment(loader=PackageLoader("ict4d_training", "templates"), autoescape=True)
    return environment.get_template("health.html.j2").render(result=result, base_url=base_url, labels=LABELS,
                                                             q=result.questionnaire)


def render_health_text(result: HealthResult) -> str:
    """A plain-text summary for the terminal."""
    q = result.questionnaire
    lines = [q.name, f"Raters: {len(result.raters)}" + (f"; {len(result.bad_files)} file(s) could not be read "
                                                        "(problems on stderr and in the report)" if result.bad_files else "")]
    lines += [f"  {sheet.label}: {len(sheet.ratings)} of {len(q.items)} items rated ({sheet.file})" for sheet in result.raters]
    if result.flagged:
        lines += ["", f"Talk about these first: raters differ by {q.flag_spread} levels or more"]
        for item in result.flagged:
            lines.append(f"  {item.item.id} (spread {item.spread}): {item.item.text}")
            lines += [f"      {rating.score}  {who}: {' '.join(rating.reason.split())}" for who, rating in item.ratings]
    lines += ["", f"{'item':<40} {'median':>6} {'spread':>6} {'rated':>6}"]
    for item in result.items:
        median = "not rated" if item.median is None else f"{item.median:g}"
        spread = "" if item.spread is None else str(item.spread)
        mark = "  !" if item.flagged else ""
        lines.append(f"{item.item.id:<40} {median:>6} {spread:>6} {len(item.ratings):>3}/{len(result.raters):<2}{mark}")
    if result.actions:
        lines += ["", "Actions, in order"]
        lines += [f"  {number}. {action.result.item.id}: {'; '.join(action.why)}"
                  for number, action in enumerate(result.actions, start=1)]
    if result.bad_files:
        lines += ["", "Not read"] + [f"  {bad.file}" for bad in result.bad_files]
    return "\n".join(lines) + "\n"
