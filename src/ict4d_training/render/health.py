"""The multi-rater health check as a self-contained HTML report and a plain-text summary.

The HTML is built in plain Python, not with a template engine: the report is also made inside
JupyterLite (the health-check notebook), where the course ships only pure-Python wheels and
markupsafe, which jinja2 needs, exists on PyPI only as platform wheels.
"""

from __future__ import annotations

from html import escape

from ..health import HealthResult, ItemResult, RaterProfile

STYLE = """\
  body { font-family: system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b;
         line-height: 1.45; }
  h1 { font-size: 1.6rem; margin-bottom: .2rem; }
  .bad { border-left: 4px solid #b42318; background: #fef3f2; padding: .5rem 1rem; }
  .bad code { white-space: pre-wrap; word-break: break-word; }
  .first { border-left: 4px solid #b54708; background: #fffaeb; padding: .5rem 1rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.2rem; }
  th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  td.not-rated { color: #555; font-style: italic; }
  tr.flagged td:first-child { border-left: 4px solid #b54708; }
  dl.levels dt { font-weight: bold; float: left; clear: left; width: 1.5rem; }
  dl.levels dd { margin-left: 2rem; }
  .charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
  figure { margin: 0; }
  @media print { a { color: inherit; } section, figure { break-inside: avoid; } }
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def render_health_html(result: HealthResult, base_url: str = "") -> str:
    """A self-contained page: inline CSS and SVG, no scripts, fonts or images from elsewhere."""
    from .radar import LABELS

    q = result.questionnaire
    raters, bad_files = len(result.raters), len(result.bad_files)
    levels = "; ".join(f"{level} {_e(name.lower())}" for level, name in sorted(q.level_names.items()))
    intro = (f"Folder <code>{_e(result.folder)}</code>: ratings from <strong>{raters}</strong> rater{_plural(raters)}"
             + (f"; <strong>{bad_files}</strong> file{_plural(bad_files)} could not be read" if bad_files else "")
             + f".\nEach partner rated each item from 0 to 3: {levels}.\n"
             "An item a rater left out is shown as not rated; it does not count as 0.")
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(q.name)}: {_e(result.folder)}</title>", f"<style>\n{STYLE}</style>", "</head>", "<body>",
             f"<h1>{_e(q.name)}</h1>", f"<p>{intro}</p>"]
    if result.bad_files:
        parts += ['<section class="bad" role="alert" id="bad-files">', "<h2>Files that could not be read</h2>",
                  "<p>Fix these and run the check again; every other file was read.</p>", "<ul>"]
        for bad in result.bad_files:
            reasons = "".join(f"<li><code>{_e(reason)}</code></li>" for reason in bad.reasons)
            parts.append(f"<li><strong>{_e(bad.file)}</strong><ul>{reasons}</ul></li>")
        parts += ["</ul>", "</section>"]
    if result.flagged:
        parts += ['<section class="first" id="talk-first">', "<h2>Talk about these first</h2>",
                  f"<p>Raters differ by {q.flag_spread} levels or more on these items. Partners see the partnership "
                  "differently here: hear each rating and its reason before deciding anything.</p>"]
        for flagged in result.flagged:
            parts.append(f"<h3>{_e(flagged.item.text)} <small>({_e(flagged.item.id)}; spread {flagged.spread}, "
                         f"median {flagged.median:g})</small></h3>")
            heard = [f"<li><strong>{rating.score}</strong> from {_e(who)}: {_e(rating.reason)}</li>"
                     for who, rating in flagged.ratings]
            heard += [f"<li><em>not rated</em> by {_e(who)}</li>" for who in flagged.not_rated_by]
            parts.append(f"<ul>{''.join(heard)}</ul>")
            described = "".join(f"<dt>{level}</dt><dd>{_e(words)}</dd>" for level, words in sorted(flagged.item.levels.items()))
            parts.append(f'<details><summary>What each level looks like</summary><dl class="levels">{described}</dl></details>')
        parts.append("</section>")
    if result.actions:
        parts += ['<section id="actions">', "<h2>Action list</h2>",
                  f"<p>Items rated low (median {q.action_median:g} or below) or rated very differently, the most urgent "
                  "first.</p>", "<ol>"]
        for action in result.actions:
            rated = action.result.item
            link = f' <a href="{_e(base_url)}{_e(rated.learn_more)}">Learn more</a>' if rated.learn_more else ""
            parts.append(f"<li><strong>{_e(rated.text)}</strong> <small>({_e(rated.id)}, "
                         f"{_e(LABELS.get(rated.element, rated.element))})</small>: {_e('; '.join(action.why))}. "
                         f"{_e(action.next_step)}{link}</li>")
        parts += ["</ol>", "</section>"]
    parts += ['<section id="items">', "<h2>Every item</h2>", _items_table(result), "</section>"]
    if result.profiles:
        parts += ['<section id="raters">', "<h2>Each rater's view</h2>", '<div class="charts">']
        parts += [f"<figure>{_rater_chart(f'rater-{number}', profile, LABELS, q.action_median)}<figcaption>"
                  f"{_e(profile.label)} <small>({_e(profile.file)})</small></figcaption></figure>"
                  for number, profile in enumerate(result.profiles, start=1)]
        parts += ["</div>", "</section>"]
    parts += ["<p><small>Each partner rates separately; the ratings are a starting point for the partners' "
              "conversation, not a verdict.</small></p>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _items_table(result: HealthResult) -> str:
    header = "".join(f'<th scope="col">{_e(sheet.label)}</th>' for sheet in result.raters)
    rows = [f'<table><thead><tr><th scope="col">Item</th><th scope="col">Median</th><th scope="col">Spread</th>'
            f"{header}</tr></thead>"]
    for key, title in result.questionnaire.elements:
        rows.append(f'<tbody><tr><th scope="rowgroup" colspan="{3 + len(result.raters)}">{_e(title)}</th></tr>')
        rows += [_item_row(result, item) for item in result.items if item.item.element == key]
        rows.append("</tbody>")
    rows.append("</table>")
    return "\n".join(rows)


def _item_row(result: HealthResult, row: ItemResult) -> str:
    cells = [f"<td>{_e(row.item.text)}<br><small>{_e(row.item.id)}</small></td>"]
    if row.median is None:
        cells.append('<td class="not-rated">not rated</td><td class="not-rated">&ndash;</td>')
    else:
        mark = f' <strong title="raters differ by {row.spread} levels">!</strong>' if row.flagged else ""
        cells.append(f'<td class="num">{row.median:g}</td><td class="num">{row.spread}{mark}</td>')
    for sheet in result.raters:
        rating = sheet.ratings.get(row.item.id)
        cells.append('<td class="not-rated">not rated</td>' if rating is None else
                     f'<td class="num" title="{_e(rating.reason)}">{rating.score}</td>')
    return (f'<tr class="{"flagged" if row.flagged else ""}" data-item="{_e(row.item.id)}">' + "".join(cells) + "</tr>")


def _rater_chart(chart_id: str, profile: RaterProfile, labels: dict[str, str], action_median: float,
                 width: int = 420) -> str:
    """One bar per element: the rater's average rating, red at or below the action threshold."""
    row, left = 26, 120
    span = width - left - 70
    height = row * len(profile.averages) + 30
    summary = "; ".join(f"{labels.get(key, key)} {'not rated' if value is None else f'{value:.1f}'}"
                        for key, value in profile.averages)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-labelledby="{chart_id}-title" class="chart">',
             f'<title id="{chart_id}-title">Average rating per element, 0 to 3, by {_e(profile.label)}: '
             f"{_e(summary)}</title>"]
    for level in range(4):
        x = f"{left + span * level / 3:.1f}"
        parts.append(f'<line x1="{x}" y1="4" x2="{x}" y2="{height - 22}" stroke="#ddd"/>')
        parts.append(f'<text x="{x}" y="{height - 8}" text-anchor="middle" font-size="11" fill="#555">{level}</text>')
    for index, (key, value) in enumerate(profile.averages):
        y = 6 + row * index
        parts.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end" font-size="12" fill="#222">'
                     f"{_e(labels.get(key, key))}</text>")
        if value is None:
            parts.append(f'<text x="{left + 4}" y="{y + 13}" font-size="12" fill="#555" font-style="italic">'
                         "not rated</text>")
        else:
            colour = "#b42318" if value <= action_median else "#1f6feb"
            parts.append(f'<rect x="{left}" y="{y + 2}" width="{span * value / 3:.1f}" height="{row - 8}" '
                         f'fill="{colour}"/>')
            parts.append(f'<text x="{left + span * value / 3 + 5:.1f}" y="{y + 13}" font-size="12" fill="#222">'
                         f"{value:.1f}</text>")
    parts.append("</svg>")
    return "\n".join(parts)


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
