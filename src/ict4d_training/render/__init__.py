"""Score reports as text, Markdown, HTML and an SVG radar chart."""
