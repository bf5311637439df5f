"""Score reports as text, Markdown, HTML and an SVG radar chart; the cohort and health-check reports."""
