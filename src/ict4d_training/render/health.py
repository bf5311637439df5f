"""The multi-rater health check as a self-contained HTML report and a plain-text summary.

The report is made to be projected in the partners' meeting: the summary comes first (the items
to talk about, the action list and one chart of the partnership per element), and everything
else is folded in `<details>`: every item's numbers, each organisation's view and, only when the
check is not anonymous, each rater's view. An anonymous report shows no rater's name or file.

The HTML is built in plain Python with `render.markup`, not with a template engine: the report is
also made inside JupyterLite (the health-check notebook), where the course ships only pure-Python
wheels and markupsafe, which jinja2 needs, exists on PyPI only as platform wheels.
"""

from __future__ import annotations

import statistics

from ict4d_training.core.health import HealthResult, ItemResult, RaterProfile
from ict4d_training.core.health_stats import organisation_key
from ict4d_training.render.markup import Markup, html, join

STYLE = """\
  body { font-family: system-ui, sans-serif; max-width: 64rem; margin: 1.2rem auto; padding: 0 1rem; color: #1b1b1b;
         line-height: 1.45; font-size: 1.05rem; }
  h1 { font-size: 1.6rem; margin-bottom: .2rem; }
  h2 { font-size: 1.3rem; }
  .bad { border-left: 4px solid #b42318; background: #fef3f2; padding: .5rem 1rem; }
  .bad code { white-space: pre-wrap; word-break: break-word; }
  .first { border-left: 4px solid #b54708; background: #fffaeb; padding: .2rem 1rem .5rem; }
  .first li { margin-bottom: .6rem; }
  .facts { color: #444; font-size: .95rem; }
  .note { color: #444; font-size: .9rem; }
  details { margin: .6rem 0; }
  details.more { border-top: 1px solid #ddd; padding-top: .3rem; }
  summary { cursor: pointer; }
  summary h2 { display: inline; }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.2rem; }
  th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  td.not-rated { color: #555; font-style: italic; }
  tr.flagged td:first-child { border-left: 4px solid #b54708; }
  dl.levels dt { font-weight: bold; float: left; clear: left; width: 1.5rem; }
  dl.levels dd { margin-left: 2rem; }
  .charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
  figure { margin: 0; }
  svg.chart { max-width: 100%; height: auto; }
  @media print { a { color: inherit; } section, figure { break-inside: avoid; } details > * { display: block; } }
"""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _raters_per_organisation(result: HealthResult) -> str:
    return ", ".join(f"{view.name} ({view.raters})" for view in result.organisations)


def render_health_html(result: HealthResult, base_url: str = "") -> str:
    """A self-contained page: inline CSS and SVG, no scripts, fonts or images from elsewhere."""
    from ict4d_training.core.rubric import element_labels

    labels = element_labels()
    q = result.questionnaire
    organisations = result.organisations
    levels = "; ".join(f"{level} {name.lower()}" for level, name in sorted(q.level_names.items()))
    intro = html("Ratings from <strong>{}</strong> in <strong>{}</strong>{}. Each organisation weighs once, however "
                 "many of its staff rated: an item's score is the median of the organisations' medians.{}",
                 _plural(len(result.raters), "rater"), _plural(len(organisations), "organisation"),
                 html("; <strong>{}</strong> could not be read", _plural(len(result.bad_files), "file"))
                 if result.bad_files else "",
                 Markup(" Anonymous: raters' names are not shown.") if result.anonymous else "")
    parts = [Markup("<!DOCTYPE html>"), Markup('<html lang="en">'), Markup("<head>"), Markup('<meta charset="utf-8">'),
             Markup('<meta name="viewport" content="width=device-width, initial-scale=1">'),
             html("<title>{}</title>", q.name), html("<style>\n{}</style>", Markup(STYLE)), Markup("</head>"),
             Markup("<body>"), html("<h1>{}</h1>", q.name), html("<p>{}</p>", intro)]
    parts += _bad_files(result)
    parts += _talk_first(result)
    if result.actions:
        parts += [Markup('<section id="actions">'), Markup("<h2>Action list</h2>"),
                  html("<p>Items rated low (a score of {:g} or below) or split, the most urgent first.</p>",
                       q.action_median), Markup("<ol>")]
        for action in result.actions:
            rated = action.result.item
            link = html(' <a href="{}{}">Learn more</a>', base_url, rated.learn_more) if rated.learn_more else ""
            parts.append(html("<li><strong>{}</strong> <small>({}, {})</small>: {}. {}{}</li>", rated.text, rated.id,
                              labels.get(rated.element, rated.element), "; ".join(action.why), action.next_step, link))
        parts += [Markup("</ol>"), Markup("</section>")]
    partnership = RaterProfile("the partnership", "", _element_scores(result))
    parts += [Markup('<section id="glance">'), Markup("<h2>The partnership at a glance</h2>"),
              html('<figure>{}<figcaption class="note">The average score of each element\'s items; red at or below '
                   "the action level.</figcaption></figure>", _chart("glance", partnership, labels, q.action_median)),
              Markup("</section>")]
    parts += [Markup('<details class="more" id="items">'), Markup("<summary><h2>Every item</h2></summary>"),
              html("<p>{}. An item a rater left out is not rated; it does not count as 0. <em>Split</em> is the "
                   "share of the ratings, each organisation weighing once, that are {} or more levels from the rest; "
                   "from {:.0%} the item is flagged (!). <em>Spread</em> is the highest rating minus the lowest.</p>",
                   levels, q.flag_spread, q.flag_share),
              html('<div class="scroll">{}</div>', _items_table(result)), Markup("</details>")]
    parts += [Markup('<details class="more" id="organisations">'),
              Markup("<summary><h2>Each organisation's view</h2></summary>"), Markup('<div class="charts">')]
    parts += [html("<figure>{}<figcaption>{}</figcaption></figure>",
                   _chart(f"organisation-{number}", view, labels, q.action_median), view.label)
              for number, view in enumerate(result.organisation_profiles, start=1)]
    parts += [Markup("</div>"), Markup("</details>")]
    if not result.anonymous and result.profiles:
        parts += [Markup('<details class="more" id="raters">'), Markup("<summary><h2>Each rater's view</h2></summary>"),
                  Markup('<div class="charts">')]
        parts += [html("<figure>{}<figcaption>{} <small>({})</small></figcaption></figure>",
                       _chart(f"rater-{number}", profile, labels, q.action_median), profile.label, profile.file)
                  for number, profile in enumerate(result.profiles, start=1)]
        parts += [Markup("</div>"), Markup("</details>")]
    parts += [html('<p class="note">{}</p>', note) for note in q.notes]
    parts += [Markup('<p class="note">Each partner rates separately; the ratings are a starting point for the partners\' '
                     "conversation, not a verdict.</p>"), Markup("</body>"), Markup("</html>")]
    return join(parts, "\n") + "\n"


def _bad_files(result: HealthResult) -> list[Markup]:
    if not result.bad_files:
        return []
    parts = [Markup('<section class="bad" role="alert" id="bad-files">'), Markup("<h2>Files that could not be read</h2>")]
    if result.anonymous:  # a file's name is often its rater's name
        return [*parts, html("<p>{} could not be read; every other file was read. An anonymous report does not name "
                             "them: the command lists them, with their problems, in the terminal.</p>",
                             _plural(len(result.bad_files), "file")), Markup("</section>")]
    parts += [Markup("<p>Fix these and run the check again; every other file was read.</p>"), Markup("<ul>")]
    for bad in result.bad_files:
        reasons = join(html("<li><code>{}</code></li>", reason) for reason in bad.reasons)
        parts.append(html("<li><strong>{}</strong><ul>{}</ul></li>", bad.file, reasons))
    return [*parts, Markup("</ul>"), Markup("</section>")]


def _facts(row: ItemResult) -> Markup:
    counts = row.counts()
    counts_text = f"How many rated {' / '.join(map(str, counts))}: {' / '.join(map(str, counts.values()))}"
    orgs = join((html("{} {:g}{}", view.name, view.median, f" ({view.raters} raters)" if view.raters > 1 else "")
                 for view in row.organisations), " · ")
    return html("Score {:g}; split {:.0%}. {}.<br>By organisation: {}", row.median, row.disagreement or 0, counts_text,
                orgs)


def _talk_first(result: HealthResult) -> list[Markup]:
    q = result.questionnaire
    opening = [Markup('<section class="first" id="talk-first">'), Markup("<h2>Talk about these first</h2>")]
    if not result.flagged:
        return [*opening, html("<p>No item is split: on every item, fewer than {:.0%} of the ratings are {} or more "
                               "levels from the rest. Start with the action list.</p>", q.flag_share, q.flag_spread),
                Markup("</section>")]
    parts = [*opening, html("<p>On these items at least {:.0%} of the ratings (each organisation weighing once) are {} "
                            "or more levels from the rest: partners see the partnership differently here. Hear each "
                            "reason before deciding anything.</p>", q.flag_share, q.flag_spread), Markup("<ol>")]
    for flagged in result.flagged:
        heard = sorted(flagged.ratings, key=lambda pair: (pair[1].score, pair[0], pair[1].reason))
        reasons = [html("<li><strong>{}</strong> {}: {}</li>", rating.score, who, rating.reason) for who, rating in heard]
        if flagged.not_rated_by and result.anonymous:
            reasons.append(html("<li><em>not rated</em> by {}</li>", _plural(len(flagged.not_rated_by), "rater")))
        elif flagged.not_rated_by:
            reasons += [html("<li><em>not rated</em> by {}</li>", who) for who in flagged.not_rated_by]
        described = join(html("<dt>{}</dt><dd>{}</dd>", level, words) for level, words in sorted(flagged.item.levels.items()))
        parts.append(html('<li><strong>{}</strong> <small>({})</small><div class="facts">{}</div>'
                          "<details><summary>The reasons given ({})</summary><ul>{}</ul></details>"
                          '<details><summary>What each level looks like</summary><dl class="levels">{}</dl></details></li>',
                          flagged.item.text, flagged.item.id, _facts(flagged), len(flagged.ratings), join(reasons),
                          described))
    return [*parts, Markup("</ol>"), Markup("</section>")]


def _element_scores(result: HealthResult) -> tuple[tuple[str, float | None], ...]:
    scores: list[tuple[str, float | None]] = []
    for key, _title in result.questionnaire.elements:
        medians = [row.median for row in result.items if row.item.element == key and row.median is not None]
        scores.append((key, statistics.fmean(medians) if medians else None))
    return tuple(scores)


def _items_table(result: HealthResult) -> Markup:
    organisations = result.organisations
    header = join(html('<th scope="col">{}{}</th>', view.name,
                       html(" <small>({} raters)</small>", view.raters) if view.raters > 1 else "")
                  for view in organisations)
    rows = [html('<table><thead><tr><th scope="col">Item</th><th scope="col">Score</th><th scope="col">Split</th>'
                 '<th scope="col">Spread</th><th scope="col">Rated</th>{}</tr></thead>', header)]
    for key, title in result.questionnaire.elements:
        rows.append(html('<tbody><tr><th scope="rowgroup" colspan="{}">{}</th></tr>', 5 + len(organisations), title))
        rows += [_item_row(result, item) for item in result.items if item.item.element == key]
        rows.append(Markup("</tbody>"))
    rows.append(Markup("</table>"))
    return join(rows, "\n")


NOT_RATED_CELL = Markup('<td class="not-rated">not rated</td>')


def _item_row(result: HealthResult, row: ItemResult) -> Markup:
    cells = [html("<td>{}<br><small>{}</small></td>", row.item.text, row.item.id)]
    if row.median is None:
        cells.append(NOT_RATED_CELL + Markup('<td class="not-rated">&ndash;</td>' * 2))
    else:
        mark = Markup(' <strong title="flagged: talk about it first">!</strong>') if row.flagged else ""
        cells.append(html('<td class="num">{:g}</td><td class="num">{:.0%}{}</td><td class="num">{}</td>',
                          row.median, row.disagreement or 0, mark, row.spread))
    cells.append(html('<td class="num">{}/{}</td>', len(row.ratings), len(result.raters)))
    medians = {organisation_key(view.name): view.median for view in row.organisations}
    for view in result.organisations:
        median = medians.get(organisation_key(view.name))
        cells.append(NOT_RATED_CELL if median is None else html('<td class="num">{:g}</td>', median))
    return html('<tr class="{}" data-item="{}">{}</tr>', "flagged" if row.flagged else "", row.item.id, join(cells))


def _chart(chart_id: str, profile: RaterProfile, labels: dict[str, str], action_median: float,
           width: int = 420) -> Markup:
    """One bar per element: an average rating, red at or below the action threshold."""
    row, left = 26, 120
    span = width - left - 70
    height = row * len(profile.averages) + 30
    summary = "; ".join(f"{labels.get(key, key)} {'not rated' if value is None else f'{value:.1f}'}"
                        for key, value in profile.averages)
    parts = [html('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
                  'height="{height}" role="img" aria-labelledby="{id}-title" class="chart">', width=width, height=height,
                  id=chart_id),
             html('<title id="{}-title">Average rating per element, 0 to 3, by {}: {}</title>', chart_id, profile.label,
                  summary)]
    for level in range(4):
        x = f"{left + span * level / 3:.1f}"
        parts.append(html('<line x1="{x}" y1="4" x2="{x}" y2="{}" stroke="#ddd"/>', height - 22, x=x))
        parts.append(html('<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#555">{}</text>',
                          x, height - 8, level))
    for index, (key, value) in enumerate(profile.averages):
        y = 6 + row * index
        parts.append(html('<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#222">{}</text>',
                          left - 8, y + 13, labels.get(key, key)))
        if value is None:
            parts.append(html('<text x="{}" y="{}" font-size="12" fill="#555" font-style="italic">not rated</text>',
                              left + 4, y + 13))
        else:
            colour = "#b42318" if value <= action_median else "#1f6feb"
            parts.append(html('<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"/>',
                              left, y + 2, span * value / 3, row - 8, colour))
            parts.append(html('<text x="{:.1f}" y="{}" font-size="12" fill="#222">{:.1f}</text>',
                              left + span * value / 3 + 5, y + 13, value))
    parts.append(Markup("</svg>"))
    return join(parts, "\n")


def render_health_text(result: HealthResult) -> str:
    """A plain-text summary for the terminal; anonymous, it names organisations only."""
    q = result.questionnaire
    lines = [q.name, f"Raters: {len(result.raters)}" + (f"; {len(result.bad_files)} file(s) could not be read "
                                                        "(problems on stderr and in the report)" if result.bad_files else "")]
    lines.append(f"Organisations (each weighs once): {_raters_per_organisation(result)}")
    if not result.anonymous:
        lines += [f"  {sheet.label}: {len(sheet.ratings)} of {len(q.items)} items rated ({sheet.file})"
                  for sheet in result.raters]
    if result.flagged:
        lines += ["", f"Talk about these first: at least {q.flag_share:.0%} of the ratings are {q.flag_spread} "
                      "or more levels from the rest"]
        for item in result.flagged:
            lines.append(f"  {item.item.id} (split {item.disagreement or 0:.0%}, spread {item.spread}): {item.item.text}")
            lines.append("      by organisation: " + "; ".join(f"{view.name} {view.median:g}"
                                                               for view in item.organisations))
            if not result.anonymous:
                lines += [f"      {rating.score}  {who}: {' '.join(rating.reason.split())}" for who, rating in item.ratings]
    lines += ["", f"{'item':<40} {'score':>6} {'split':>6} {'spread':>6} {'rated':>6}"]
    for item in result.items:
        median = "not rated" if item.median is None else f"{item.median:g}"
        split = "" if item.disagreement is None else f"{item.disagreement:.0%}"
        spread = "" if item.spread is None else str(item.spread)
        mark = "  !" if item.flagged else ""
        lines.append(f"{item.item.id:<40} {median:>6} {split:>6} {spread:>6} {len(item.ratings):>3}/{len(result.raters):<2}"
                     f"{mark}")
    if result.actions:
        lines += ["", "Actions, in order"]
        lines += [f"  {number}. {action.result.item.id}: {'; '.join(action.why)}"
                  for number, action in enumerate(result.actions, start=1)]
    if result.bad_files and result.anonymous:
        lines += ["", f"Not read: {len(result.bad_files)} file(s), named with their problems on stderr"]
    elif result.bad_files:
        lines += ["", "Not read", *(f"  {bad.file}" for bad in result.bad_files)]
    return "\n".join(lines) + "\n"
