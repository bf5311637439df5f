"""The learning-gain sheet: a plain-text summary and a self-contained HTML page.

Plain Python, like the health-check report, so that it would run in JupyterLite too. Everything a
participant file supplies (codes above all: a code may hold any text) is escaped.
"""

from __future__ import annotations

from ict4d_training.core.gain import GainResult
from ict4d_training.render.markup import html

STYLE = """\
  body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1.2rem auto; padding: 0 1rem; color: #1b1b1b;
         line-height: 1.45; font-size: 1.05rem; }
  h1 { font-size: 1.6rem; margin-bottom: .2rem; }
  h2 { font-size: 1.3rem; }
  .room { border-left: 4px solid #1a5fc8; background: #f2f6fd; padding: .4rem 1rem; }
  .note { color: #444; font-size: .9rem; }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.2rem; }
  th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  td.num { white-space: nowrap; }
  td.code { word-break: break-word; }
  @media print { section { break-inside: avoid; } }
"""




def _points(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "\u2013"
    return f"{value:+.0f}" if signed else f"{value:.0f}"


def _ratio(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.2f}"


def _share(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.0%}"


def topic_name(teaches: str | None) -> str:
    """'book/lessons/enabling-environment' -> 'Enabling environment'."""
    return teaches.rsplit("/", 1)[-1].replace("-", " ").capitalize() if teaches else ""


def room_lines(result: GainResult) -> list[str]:
    """The room in a few sentences, shared by the text summary and the HTML page."""
    count = len(result.participants)
    if not count:
        return ["No participant took both tests (codes are matched exactly, letter for letter)."]
    lines = [f"{count} participant{'s' if count != 1 else ''} took both tests.",
             f"Mean score: {_points(result.mean('pre'))} before, {_points(result.mean('post'))} after "
             f"(median {_points(result.median('pre'))} and {_points(result.median('post'))}).",
             f"Gain: mean {_points(result.mean('gain'), True)} points, median {_points(result.median('gain'), True)}; "
             f"mean normalised gain {_ratio(result.mean('normalised'))}.",
             f"Improved: {result.improved}; unchanged: {result.unchanged}; lower: {result.worse}."]
    if result.only_pre or result.only_post:
        lines.append(f"Left out (in one round only): {len(result.only_pre)} pre-test only, "
                     f"{len(result.only_post)} post-test only.")
    return lines


def render_gain_text(result: GainResult) -> str:
    lines = ["Learning gain: workshop pre-test and post-test", *room_lines(result), "",
             f"{'participant':<20} {'pre':>5} {'post':>5} {'gain':>5} {'norm.':>6}"]
    for person in result.participants:
        lines.append(f"{person.code:<20} {_points(person.pre):>5} {_points(person.post):>5} "
                     f"{_points(person.gain, True):>5} {_ratio(person.normalised):>6}")
    for label, codes in (("pre-test only", result.only_pre), ("post-test only", result.only_post)):
        if codes:
            lines.append(f"In the {label}: {', '.join(codes)}")
    if any(q.right_before is not None or q.right_after is not None for q in result.questions):
        lines += ["", f"{'question':<34} {'right before':>13} {'right after':>12}"]
        lines += [f"{f'{q.number}. {topic_name(q.teaches)}':<34} {_share(q.right_before):>13} {_share(q.right_after):>12}"
                  for q in result.questions]
    return "\n".join(lines) + "\n"


def render_gain_html(result: GainResult) -> str:
    """A self-contained page: inline CSS, no scripts, nothing fetched from elsewhere."""
    title = "Learning gain: workshop pre-test and post-test"
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">', html("<title>{}</title>", title),
             f"<style>\n{STYLE}</style>", "</head>", "<body>", html("<h1>{}</h1>", title),
             '<section class="room"><h2>The room</h2>']
    parts += [html("<p>{}</p>", line) for line in room_lines(result)]
    parts += ['<p class="note">Scores are the percentage right. Gain is post minus pre, in points. Normalised gain is '
              "(post \u2212 pre) / (100 \u2212 pre): the share of the room for improvement that was used; it is not "
              "defined for a pre-test score of 100.</p></section>"]
    parts += ['<section><h2>Each participant</h2><div class="scroll"><table>',
              '<thead><tr><th scope="col">Participant</th><th scope="col" class="num">Pre</th>'
              '<th scope="col" class="num">Post</th><th scope="col" class="num">Gain</th>'
              '<th scope="col" class="num">Normalised gain</th></tr></thead><tbody>']
    for person in result.participants:
        parts.append(html('<tr><td class="code">{}</td><td class="num">{}</td><td class="num">{}</td>'
                          '<td class="num">{}</td><td class="num">{}</td></tr>', person.code, _points(person.pre),
                          _points(person.post), _points(person.gain, True), _ratio(person.normalised)))
    parts.append("</tbody></table></div>")
    for label, codes in (("pre-test only", result.only_pre), ("post-test only", result.only_post)):
        if codes:
            parts.append(html('<p class="note">In the {}, so not counted: {}</p>', label, ", ".join(codes)))
    parts.append("</section>")
    if any(q.right_before is not None or q.right_after is not None for q in result.questions):
        parts += ['<section><h2>Each question</h2><p class="note">Question N of the two tests checks the same point '
                  "with a different scenario. The share is of the participants whose letters were entered.</p>",
                  '<div class="scroll"><table><thead><tr><th scope="col">Question</th><th scope="col">Topic</th>'
                  '<th scope="col" class="num">Right before</th><th scope="col" class="num">Right after</th>'
                  "</tr></thead><tbody>"]
        for q in result.questions:
            parts.append(html('<tr><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
                              q.number, topic_name(q.teaches), _share(q.right_before), _share(q.right_after)))
        parts.append("</tbody></table></div></section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
