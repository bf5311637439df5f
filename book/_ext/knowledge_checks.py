"""Sphinx directive ``knowledge-checks``: multiple-choice questions that work on a static page.

The questions are data in the package (``ict4d_training/data/questions/<set>.yaml``), validated
against their schema when the book is built, so a broken question fails the build. The page
gets plain HTML form controls (keyboard-accessible radio buttons and checkboxes) and a small
script that shows the feedback for each chosen option; no kernel and no network are needed.

The directive ``course-assessment`` (on ``book/assessment.md``) renders the course assessment from
the set ``assessment``: the same option markup, but one form answered as a whole, with a link from
each question to the page that teaches its point. ``_static/assessment.js`` (loaded on that page
only) scores it; without JavaScript the questions stay readable and a note says that scoring needs
JavaScript.

The markup contract (the one place it is written down; the scripts and tools below point here)
-------------------------------------------------------------------------------------------------
A page's knowledge checks:

- ``<div class="kc-set" data-set="SET">`` holds a page's questions (``light_pages.py`` loads
  ``knowledge-checks.js``/``.css`` only on pages that have one);
- each question is ``<form class="kc-question" id="kc-SET-QID" data-kind="single|multiple">``;
  the form id is the question's id everywhere: in the learner's progress (``knowledge-checks.js``
  records it), in the SCORM interactions and suspend data (``scorm.js``) and in the manifest;
- each option is ``<div class="kc-option">`` holding ``<input type="radio|checkbox" name="kc-SET-QID"
  id="kc-SET-QID-N" value="N" data-correct="true|false">`` (N counts from 0 in the set's order), its
  ``<label for=...>`` and ``<div class="kc-feedback" hidden data-correct=...>``;
- ``<button type="submit" class="kc-check">`` and ``<p class="kc-result" role="status">``, where
  ``knowledge-checks.js`` writes the verdict; it then sends a ``kc:answered`` event from the form
  whose ``detail.right`` says whether the answer was right (``scorm.js`` listens for it).

The course assessment:

- ``<form class="as-form" id="assessment" data-pass-mark="P">``, P the set's ``pass_mark`` in percent;
- each question is ``<div class="as-question" id="kc-assessment-QID" data-kind="single">`` (a form
  cannot hold forms) with the same option markup, then ``<p class="as-verdict">`` and
  ``<p class="as-review">`` (the link to the teaching page);
- ``as-actions``, ``as-submit``, ``as-retry`` and ``as-result`` are the controls ``assessment.js``
  drives; it sends an ``as:submitted`` event from the form (score, passed, answers, results).

The manifest: at the end of an HTML build the extension writes ``knowledge-checks.json`` at the
root of the output (``MANIFEST``, format ``MANIFEST_VERSION``)::

    {"version": 1,
     "questions": [{"id": "kc-SET-QID", "page": "book/x.html", "order": 0, "options": 4}, ...],
     "assessment": {"page": "book/assessment.html", "pass_mark": 70,
                    "questions": [{"id": "kc-assessment-QID", "order": 0, "options": 4}, ...]}}

``questions`` lists every page knowledge check, sorted by page and then by its order on the page;
``assessment`` is null when no page holds one. The SCORM build (``ict4d_build.scorm``) reads this
file for the questions, the pass mark (its mastery score) and the number of options, instead of
reading the HTML.
"""

from __future__ import annotations

import json
import math
import re
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

from ict4d_training.core.errors import InputError
from ict4d_training.core.questions import load_question_set
from ict4d_training.files.writing import write_atomically


class KnowledgeChecks(Directive):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        try:
            question_set = load_question_set(name)
        except InputError as error:
            raise self.error(f"knowledge-checks {name}: {error}") from None
        # The questions live outside the page: without this, editing only a question file leaves
        # an incremental build showing the old questions.
        data_file = resources.files("ict4d_training").joinpath("data", "questions", f"{name}.yaml")
        self.state.document.settings.env.note_dependency(str(data_file))
        parts = [f'<div class="kc-set" data-set="{escape(name)}">']
        recorded = _recorded(self.state.document.settings.env)
        for number, question in enumerate(question_set.questions, start=1):
            qid = f"kc-{name}-{question.id}"
            recorded.append({"id": qid, "options": len(question.options)})
            kind = "radio" if question.kind == "single" else "checkbox"
            hint = "Choose one answer." if question.kind == "single" else "Choose all that apply."
            parts.append(f'<form class="kc-question" id="{qid}" data-kind="{question.kind}" novalidate>'
                         f'<fieldset><legend><span class="kc-number">Question {number}.</span> '
                         f'{escape(question.prompt)} <span class="kc-hint">{hint}</span></legend>')
            for index, option in enumerate(question.options):
                oid = f"{qid}-{index}"
                parts.append(
                    f'<div class="kc-option"><input type="{kind}" name="{qid}" id="{oid}" value="{index}" '
                    f'data-correct="{"true" if option.correct else "false"}">'
                    f'<label for="{oid}">{escape(option.text)}</label>'
                    f'<div class="kc-feedback" hidden data-correct="{"true" if option.correct else "false"}">'
                    f'{escape(option.feedback)}</div></div>')
            parts.append('</fieldset><button type="submit" class="kc-check">Check answer</button>'
                         '<p class="kc-result" role="status" aria-live="polite"></p></form>')
        parts.append("</div>")
        return [nodes.raw("", "".join(parts), format="html")]


ASSESSMENT_SET = "assessment"
ASSESSMENT_FLAG = "ict4d-assessment"
LINK = re.compile(r"@@ASSESSMENT-LINK:([a-z0-9_/-]+)@@")


def _options(qid: str, options: Any) -> str:
    parts = []
    for index, option in enumerate(options):
        oid = f"{qid}-{index}"
        right = "true" if option.correct else "false"
        parts.append(f'<div class="kc-option"><input type="radio" name="{qid}" id="{oid}" value="{index}" '
                     f'data-correct="{right}"><label for="{oid}">{escape(option.text)}</label>'
                     f'<div class="kc-feedback" hidden data-correct="{right}">{escape(option.feedback)}</div></div>')
    return "".join(parts)


class CourseAssessment(Directive):
    """The course assessment: every question of the set ``assessment``, answered and scored as a whole."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        try:
            question_set = load_question_set(ASSESSMENT_SET)
        except InputError as error:
            raise self.error(f"course-assessment: {error}") from None
        if question_set.pass_mark is None:
            raise self.error("course-assessment: the set has no pass_mark")
        data_file = resources.files("ict4d_training").joinpath("data", "questions", f"{ASSESSMENT_SET}.yaml")
        env.note_dependency(str(data_file))
        env.metadata[env.docname][ASSESSMENT_FLAG] = "1"
        questions = question_set.questions
        if any(question.kind != "single" for question in questions):
            raise self.error("course-assessment: every question must be single-answer (scored right or wrong)")
        total, mark = len(questions), question_set.pass_mark
        # The fewest right answers that reach the pass mark, with the score rounded as assessment.js does.
        needed = next(n for n in range(total + 1) if math.floor(100 * n / total + 0.5) >= mark)
        parts = [f'<form class="as-form" id="assessment" data-pass-mark="{mark}" novalidate>'
                 f'<p class="as-intro">{total} questions. The pass mark is <strong>{mark}%</strong>: '
                 f'at least {needed} of {total} right.</p>'
                 '<noscript><p class="as-nojs">Scoring needs JavaScript, which is off in this browser. You can '
                 'read every question and think through your answers, but to get your score, the feedback '
                 'and a certificate, open this page with JavaScript turned on.</p></noscript>']
        _assessments(env)[env.docname] = {"pass_mark": mark, "questions": [
            {"id": f"kc-{ASSESSMENT_SET}-{question.id}", "order": order, "options": len(question.options)}
            for order, question in enumerate(questions)]}
        for number, question in enumerate(questions, start=1):
            if not question.teaches:
                raise self.error(f"course-assessment: question '{question.id}' names no page in 'teaches'")
            if question.teaches not in env.found_docs:
                raise self.error(f"course-assessment: question '{question.id}' teaches '{question.teaches}', "
                                 "which is not a page of the book")
            qid = f"kc-{ASSESSMENT_SET}-{question.id}"
            parts.append(f'<div class="as-question" id="{qid}" data-kind="single"><fieldset><legend>'
                         f'<span class="kc-number">Question {number} of {total}.</span> {escape(question.prompt)} '
                         '<span class="kc-hint">Choose one answer.</span></legend>'
                         f'{_options(qid, question.options)}</fieldset>'
                         '<p class="as-verdict" hidden></p>'
                         f'<p class="as-review" hidden>Taught in: @@ASSESSMENT-LINK:{question.teaches}@@</p></div>')
        parts.append('<div class="as-actions" hidden><button type="submit" class="as-submit">Submit my answers</button>'
                     '<button type="button" class="as-retry" hidden>Try again</button></div>'
                     '<div class="as-result" role="status" aria-live="polite" tabindex="-1"></div></form>')
        return [nodes.raw("", "".join(parts), format="html", classes=["ict4d-assessment"])]


def resolve_assessment_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put each question's link to its teaching page, titled, relative to the page it sits on."""
    env = app.env
    for node in doctree.findall(nodes.raw):
        if "ict4d-assessment" not in node.get("classes", []):
            continue

        def link(match: re.Match[str]) -> str:
            target = match.group(1)
            title = env.titles[target].astext() if target in env.titles else target
            href = app.builder.get_relative_uri(docname, target)
            return f'<a class="reference internal" href="{escape(href)}">{escape(title)}</a>'

        text = LINK.sub(link, node.astext())
        node.children = [nodes.Text(text)]


def assessment_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The assessment's script and style sheet, on the page that holds it only."""
    if app.builder.format == "html" and app.env.metadata.get(pagename, {}).get(ASSESSMENT_FLAG):
        app.add_js_file("assessment.js", loading_method="defer")
        app.add_css_file("assessment.css")


MANIFEST = "knowledge-checks.json"
MANIFEST_VERSION = 1


def _recorded(env: Any) -> list[dict[str, Any]]:
    """The page's knowledge checks so far, in the order the page shows them."""
    if not hasattr(env, "ict4d_knowledge_checks"):
        env.ict4d_knowledge_checks = {}
    questions: list[dict[str, Any]] = env.ict4d_knowledge_checks.setdefault(env.docname, [])
    return questions


def _assessments(env: Any) -> dict[str, dict[str, Any]]:
    if not hasattr(env, "ict4d_assessments"):
        env.ict4d_assessments = {}
    found: dict[str, dict[str, Any]] = env.ict4d_assessments
    return found


def purge_page(app: Sphinx, env: Any, docname: str) -> None:
    """A page read again records its questions anew."""
    getattr(env, "ict4d_knowledge_checks", {}).pop(docname, None)
    getattr(env, "ict4d_assessments", {}).pop(docname, None)


def merge_pages(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    """Questions recorded by parallel readers."""
    for name in ("ict4d_knowledge_checks", "ict4d_assessments"):
        found = getattr(other, name, {})
        mine = getattr(env, name, None)
        if mine is None:
            setattr(env, name, mine := {})
        mine.update({docname: found[docname] for docname in docnames if docname in found})


def manifest(app: Sphinx) -> dict[str, Any]:
    """The manifest's content (see the module's docstring) from what the directives recorded."""
    env = app.env
    builder = app.builder
    questions = [{"id": question["id"], "page": builder.get_target_uri(docname), "order": order,
                  "options": question["options"]}
                 for docname, page in sorted(getattr(env, "ict4d_knowledge_checks", {}).items())
                 if docname in env.found_docs
                 for order, question in enumerate(page)]
    assessments = {docname: data for docname, data in getattr(env, "ict4d_assessments", {}).items()
                   if docname in env.found_docs}
    assessment = None
    if len(assessments) > 1:
        raise ValueError(f"course-assessment is on more than one page: {sorted(assessments)}")
    for docname, data in assessments.items():
        assessment = {"page": builder.get_target_uri(docname), **data}
    return {"version": MANIFEST_VERSION, "questions": questions, "assessment": assessment}


def write_manifest(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    text = json.dumps(manifest(app), indent=1, sort_keys=True) + "\n"
    target = Path(app.outdir) / MANIFEST
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        write_atomically(target, text)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("env-purge-doc", purge_page)
    app.connect("env-merge-info", merge_pages)
    app.connect("build-finished", write_manifest)
    app.add_directive("course-assessment", CourseAssessment)
    app.connect("doctree-resolved", resolve_assessment_links)
    app.connect("html-page-context", assessment_assets)
    app.add_directive("knowledge-checks", KnowledgeChecks)
    app.add_js_file("knowledge-checks.js", loading_method="defer")
    app.add_css_file("knowledge-checks.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
