"""The course's pages as the SCORM package holds them: the launch page, and each page rewritten.

Every course page loads ``_static/scorm.js``; links into folders the package leaves out (the
JupyterLite site) go, and an exercise page's "Run this exercise in your browser" tip becomes a
note on what the learner can do in the package and where the in-browser version is.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from urllib.parse import unquote, urljoin

LAUNCH_PAGE = "scorm-launch.html"
SCRIPT = "_static/scorm.js"


def launch_page(title: str, data: dict[str, object]) -> str:
    inline = json.dumps(data, separators=(",", ":"), ensure_ascii=True).replace("</", "<\\/")
    start = html.escape(str(data["start"]))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="icon" href="data:,">
<style>html, body {{ margin: 0; height: 100%; overflow: hidden; }}
iframe {{ display: block; border: 0; width: 100%; height: 100%; }}</style>
</head>
<body>
<noscript><p>This course needs JavaScript. <a href="{start}">Open the course</a>.</p></noscript>
<script>window.ICT4D_SCORM_MAP = {inline};</script>
<script src="{SCRIPT}"></script>
</body>
</html>
"""


def with_script(text: str, page: str) -> str:
    """A course page that loads scorm.js (after the page's own deferred scripts)."""
    prefix = "../" * page.count("/")
    tag = f'<script defer="defer" src="{prefix}{SCRIPT}"></script>\n'
    return text.replace("</head>", tag + "</head>", 1) if "</head>" in text else text


LITE_TIP = re.compile(r'<div class="[^"]*\blite-launch\b[^"]*">.*?</div>\s*', re.S)
ANCHOR = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S)
ADMONITION = re.compile(r'<div class="[^"]*\badmonition\b[^"]*">(?:(?!<div\b).)*?</div>\s*', re.S)
NOTE_CLASS = "scorm-exercise-note"


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def exercise_note(text: str, page: str, href: str, course_url: str | None) -> str:
    """What a learner can do with an exercise inside the package, and where its in-browser version lives."""
    solutions = ", and under each <em>Solution</em> the model answer with its reasoning" if 'class="solution' in text else ""
    download = ("download this page as a notebook (the download button at the top of the page, then "
                "<strong>.ipynb</strong>) and open it in JupyterLab or on a JupyterHub that your trainer runs")
    if course_url:
        outside = html.escape(urljoin(urljoin(course_url.rstrip("/") + "/", page), href))
        where = (f'<a class="reference external" href="{outside}" target="_blank" rel="noopener">run it in your '
                 "browser on the course's website</a> (a new tab; Python runs in your browser, with nothing to "
                 f"install), or {download}.")
    else:
        where = (f"on the course's website (your trainer has the address), where each exercise page can run in "
                 f"your browser, or {download}.")
    return (f'<div class="{NOTE_CLASS} admonition tip">\n<p class="admonition-title">This exercise in the course '
            f"package</p>\n<p>Here you can read the whole exercise and what to do{solutions}. "
            "The widgets show the exercise as it was when the book was built: clicking them changes nothing, and "
            "nothing typed in them is kept.</p>\n<p>To use the widgets and get their feedback, open the exercise "
            f"outside this learning platform: {where}</p>\n</div>\n")


PARAGRAPH = re.compile(r"<p>(?:(?!</?p>).)*?</p>", re.S)
ELSEWHERE = ("<p><em>In this course package the exercise pages do not have that link: each one says instead what "
             "you can do with the exercise here, and where to run it in your browser.</em></p>")


def _points_out(href: str, page: str, missing: tuple[str, ...]) -> bool:
    if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", href):
        return False  # another site, an absolute path or an anchor on the page
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href.split("#")[0].split("?")[0])))
    return (path + "/").startswith(missing)


def tip_links(text: str, page: str, missing: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """The page's JupyterLite tips that lead into a left-out folder: each tip's (href, link text) pairs."""
    return {match.group(0): [(href, _plain(label)) for href, label in ANCHOR.findall(match.group(0))
                             if _points_out(href, page, missing)]
            for match in LITE_TIP.finditer(text)}


def without_links_to(text: str, page: str, missing: tuple[str, ...], course_url: str | None = None,
                     link_names: tuple[str, ...] = ()) -> str:
    """A page whose links into folders the package leaves out are gone.

    An exercise page's JupyterLite tip ("Run this exercise in your browser") becomes a note saying what
    the learner can do here and where the in-browser version is; boxes that send the learner to that
    tip's link go with it. On other pages, a paragraph naming such a link (`link_names`: the tips'
    link texts, site-wide) is followed by a line saying the package's exercise pages have a note instead.
    """
    if not missing:
        return text

    def points_out(href: str) -> bool:
        return _points_out(href, page, missing)

    tips = tip_links(text, page, missing)
    names = [label for links in tips.values() for _, label in links if label]
    if not tips:
        told = [False]

        def tell(match: re.Match[str]) -> str:
            if told[0] or not any(name in _plain(match.group(0)) for name in link_names):
                return match.group(0)
            told[0] = True  # once a page is enough
            return match.group(0) + "\n" + ELSEWHERE

        text = PARAGRAPH.sub(tell, text)

    def mentions_a_tip(match: re.Match[str]) -> str:
        box = match.group(0)
        if "lite-launch" in box or not any(name in _plain(box) for name in names):
            return box
        return ""

    if names:
        text = ADMONITION.sub(mentions_a_tip, text)

    def tip(match: re.Match[str]) -> str:
        links = tips.get(match.group(0))
        return exercise_note(text, page, links[0][0], course_url) if links else match.group(0)

    text = LITE_TIP.sub(tip, text)
    return ANCHOR.sub(lambda m: m.group(2) if points_out(m.group(1)) else m.group(0), text)


