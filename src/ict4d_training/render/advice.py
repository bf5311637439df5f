"""The decision aid's result (an `Advice`) as plain text, Markdown and HTML: one function each.

The command line prints the text (`ict4d-training advise`), the book's pages show the Markdown
and the notebook's advisor shows the HTML; the weighing itself is `core.advice.advise`'s.
Pure Python: the HTML runs in the browser too.
"""

from __future__ import annotations

from ict4d_training.core.advice import Advice
from ict4d_training.render.markup import Markup, html, join

COLOURS = {"contract": "#b54708", "partnership": "#067647", "either": "#1f6feb"}
NAMES = {"contract": "A contract", "partnership": "A partnership", "either": "Either"}


def render_advice_text(advice: Advice) -> str:
    """For a terminal: the recommendation, points, reasons, checks and the questions left unanswered."""
    lines = [f"Recommendation: {advice.recommendation.upper()}", advice.summary,
             f"Points for a contract: {advice.contract_points:g}   for a partnership: {advice.partnership_points:g}",
             "", "Reasons:"]
    lines += [f"  - ({reason.favours}) {reason.text}" for reason in advice.reasons]
    if advice.next_checks:
        lines += ["", "Check next:"] + [f"  - {check}" for check in advice.next_checks]
    if advice.unanswered:
        lines += ["", f"Not answered: {', '.join(advice.unanswered)}"]
    return "\n".join(lines)


def render_advice_markdown(advice: Advice) -> str:
    """For a page of the book: the recommendation and points in one paragraph, then reasons and checks."""
    lines = [f"**Decision aid: {advice.recommendation}.** {advice.summary} "
             f"(points for a contract: {advice.contract_points:g}; for a partnership: {advice.partnership_points:g})", ""]
    lines += [f"- *{reason.favours}*: {reason.text}" for reason in advice.reasons]
    if advice.next_checks:
        lines += ["", "Check next:", ""] + [f"- {check}" for check in advice.next_checks]
    return "\n".join(lines)


def render_advice_html(advice: Advice) -> Markup:
    """The recommendation, its summary, the reasons for each side and the checks still to make."""
    parts = [html('<div class="ict4d-advice" data-recommendation="{}"><p style="font-size:1.2em">Recommendation: '
                  '<strong style="color:{}">{}</strong></p><p>{}</p>'
                  "<p><small>Points for a contract: {:g}; for a partnership: {:g}.</small></p>",
                  advice.recommendation, COLOURS.get(advice.recommendation, "#444"),
                  NAMES.get(advice.recommendation, advice.recommendation), advice.summary,
                  advice.contract_points, advice.partnership_points)]
    if advice.reasons:
        parts.append(html("<p><strong>Reasons</strong></p><ul>{}</ul>",
                          join(html("<li><em>{}</em>: {}</li>", reason.favours, reason.text)
                               for reason in advice.reasons)))
    if advice.next_checks:
        parts.append(html("<p><strong>Check next</strong></p><ul>{}</ul>",
                          join(html("<li>{}</li>", check) for check in advice.next_checks)))
    parts.append(Markup("</div>"))
    return join(parts)
