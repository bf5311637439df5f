"""Score reports as text, Markdown, HTML and an SVG radar chart; advice; the cohort and health-check reports.

Every value put into HTML goes through `markup.html`, the one escaping helper.
"""
