"""Sphinx directive ``knowledge-checks``: multiple-choice questions that work on a static page.

The questions are data in the package (``ict4d_training/data/questions/<set>.yaml``), validated
against their schema when the book is built, so a broken question fails the build. The page
gets plain HTML form controls (keyboard-accessible radio buttons and checkboxes) and a small
script that shows the feedback for each chosen option; no kernel and no network are needed.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

from ict4d_training.errors import DesignError
from ict4d_training.questions import load_question_set


class KnowledgeChecks(Directive):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        try:
            question_set = load_question_set(name)
        except DesignError as error:
            raise self.error(f"knowledge-checks {name}: {error}") from None
        # The questions live outside the page: without this, editing only a question file leaves
        # an incremental build showing the old questions.
        data_file = resources.files("ict4d_training").joinpath("data", "questions", f"{name}.yaml")
        self.state.document.settings.env.note_dependency(str(data_file))
        parts = [f'<div class="kc-set" data-set="{escape(name)}">']
        for number, question in enumerate(question_set.questions, start=1):
            qid = f"kc-{name}-{question.id}"
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


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("knowledge-checks", KnowledgeChecks)
    app.add_js_file("knowledge-checks.js", loading_method="defer")
    app.add_css_file("knowledge-checks.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
