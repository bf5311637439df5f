"""The workshop kit's documents in the book: written into the site at build time, linked from the guide.

* When the HTML builder starts, the pre- and post-test papers and their answer key
  (``python -m ict4d_build.workshop_tests``), the evaluation form for each agenda
  (``python -m ict4d_build.evaluation``) and two blank CSV files (the answers file of the
  learning-gain command, and the participants file of the certificates) are written into
  ``workshop/`` in the output folder. Nothing generated is committed.
* ``{workshop-documents}`` lists them with relative download links and sizes (the trainers' guide).
* ``{workshop-test} workshop-pre`` shows a test set on a participant's page: the course's
  knowledge-check markup (the ``knowledge-checks`` directive), in a box whose options carry the
  letters A-D of the paper form, drawn by a few lines of CSS added to that page's head only.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ict4d_build import evaluation, workshop_tests
from ict4d_build.agenda_model import load_agendas
from ict4d_build.certificates import COLUMNS
from ict4d_training.core.gain import template_csv

FOLDER = "workshop"
ANSWERS_TEMPLATE = "workshop-test-answers.csv"
PARTICIPANTS_TEMPLATE = "participants.csv"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKER = 'class="workshop-test'
LETTER_CSS = ("<style>.workshop-test .kc-question fieldset{counter-reset:kc-letter}"
              ".workshop-test .kc-option{counter-increment:kc-letter}"
              '.workshop-test .kc-option label::before{content:counter(kc-letter,upper-alpha) ". ";font-weight:700}'
              "</style>")


def _documents() -> list[tuple[str, str]]:
    """(file name, what it is), in the order the guide lists them."""
    items = [(workshop_tests.paper_name("pre-test"), "Pre-test (form A), to print: questions and an answer sheet"),
             (workshop_tests.paper_name("post-test"), "Post-test (form B), to print: questions and an answer sheet"),
             (workshop_tests.KEY_FILE, "Answer key for both forms, with the reasons (trainers only)"),
             (ANSWERS_TEMPLATE, "Blank answers file for the learning-gain command (CSV)")]
    items += [(evaluation.form_name(agenda.id), f"Evaluation form, {agenda.title.lower()}")
              for agenda in load_agendas().agendas]
    items.append((PARTICIPANTS_TEMPLATE, "Blank participants file for the certificates (CSV)"))
    return items


def write_documents(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    output = Path(app.outdir) / FOLDER
    course = str(app.config.project)
    workshop_tests.write_all(output, course)
    evaluation.write_all(output, course)
    for name, text in ((ANSWERS_TEMPLATE, template_csv()), (PARTICIPANTS_TEMPLATE, ",".join(COLUMNS) + "\n")):
        path = output / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


class WorkshopDocuments(Directive):
    has_content = False

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        for name in ("workshop_tests.py", "evaluation.py", "certificates.py", "data/evaluation.yaml"):
            env.note_dependency(str(Path(workshop_tests.__file__).parent / name))
        items = []
        for name, what in _documents():
            href = relative_uri(env.app.builder.get_target_uri(env.docname), f"{FOLDER}/{name}")
            path = Path(env.app.outdir) / FOLDER / name
            size = f"{max(1, round(path.stat().st_size / 1000))} KB" if path.is_file() else "file"
            kind = "Word" if name.endswith(".docx") else "CSV"
            mime = f' type="{DOCX_TYPE}"' if name.endswith(".docx") else ' type="text/csv"'
            items.append(f'<li>{what}: <a class="workshop-download" href="{href}"{mime} download>{name}</a> '
                         f"({kind}, {size})</li>")
        return [nodes.raw("", f'<ul class="workshop-documents">{"".join(items)}</ul>', format="html")]


class WorkshopTest(Directive):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=["workshop-test"])
        self.state.nested_parse(StringList([f"```{{knowledge-checks}} {self.arguments[0]}", "```"],
                                           source=self.state.document.current_source), self.content_offset, box)
        return [box]


def add_letter_style(app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: object) -> None:
    if MARKER in str(context.get("body", "")):
        context["metatags"] = str(context.get("metatags", "")) + LETTER_CSS


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("workshop-documents", WorkshopDocuments)
    app.add_directive("workshop-test", WorkshopTest)
    app.connect("builder-inited", write_documents)
    app.connect("html-page-context", add_letter_style)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
