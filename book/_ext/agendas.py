"""Workshop agendas and their slide decks in the book, made from the agenda data.

The data is ``ict4d_build/data/agendas.yaml`` and its session library ``agenda-sessions/``.

* When the HTML builder starts, one PowerPoint deck per agenda is written into ``slides/`` in the
  output folder (``python -m ict4d_build.slides --output DIR`` does the same by hand). Nothing
  generated is committed, and the same data gives the same bytes.
* ``{workshop-agenda} one-day`` prints an agenda's table or tables (times computed from the
  sessions' minutes), its totals and a link to its deck with the file's size.
* ``{workshop-agenda-rules}`` lists the rules every agenda keeps; the build fails if one breaks them.

Links are relative, so they work on the public site, in the offline zip and in the SCORM package.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ict4d_build.agenda_markdown import agenda_markdown, rules_markdown
from ict4d_build.agenda_model import AgendaError, load_agendas, source_files
from ict4d_build.agenda_rules import agenda_problems
from ict4d_build.slides import DEFAULT_COURSE, deck_filename, write_decks

FOLDER = "slides"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _size(app: Sphinx, filename: str) -> str:
    path = Path(app.outdir) / FOLDER / filename
    return f"{max(1, round(path.stat().st_size / 1000))} KB" if path.is_file() else "PowerPoint file"


class _AgendaDirective(Directive):
    has_content = False

    def _parse(self, markdown: str, parent: nodes.Element) -> None:
        self.state.nested_parse(StringList(markdown.splitlines(), source=self.state.document.current_source),
                                self.content_offset, parent)

    def _note_dependencies(self) -> None:
        env = self.state.document.settings.env
        for path in source_files():
            env.note_dependency(str(path))


class WorkshopAgenda(_AgendaDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        try:
            agenda = load_agendas(root=Path(env.srcdir)).agenda(self.arguments[0])
        except AgendaError as error:
            raise self.error(f"workshop-agenda: {error}") from None
        problems = agenda_problems(agenda)
        if problems:
            raise self.error("workshop-agenda: " + "; ".join(problems))
        self._note_dependencies()
        holder = nodes.container(classes=["workshop-agenda"], ids=[f"workshop-agenda-{agenda.id}"])
        self._parse(agenda_markdown(agenda), holder)
        filename = deck_filename(agenda.id)
        href = relative_uri(env.app.builder.get_target_uri(env.docname), f"{FOLDER}/{filename}")
        holder += nodes.raw("", f'<p><a class="workshop-slides-download" href="{href}" type="{PPTX_TYPE}" download>'
                                f"Download the slides (.pptx, {_size(env.app, filename)})</a></p>", format="html")
        return [holder]


class WorkshopAgendaRules(_AgendaDirective):
    def run(self) -> list[nodes.Node]:
        self._note_dependencies()
        holder = nodes.container(classes=["workshop-agenda-rules"])
        self._parse(rules_markdown(), holder)
        return [holder]


def write_slides(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    # Jupyter Book puts _config.yml's title in html_title; `project` keeps Sphinx's placeholder.
    write_decks(Path(app.outdir) / FOLDER, course=str(app.config.html_title or DEFAULT_COURSE), root=Path(app.srcdir))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("workshop-agenda", WorkshopAgenda)
    app.add_directive("workshop-agenda-rules", WorkshopAgendaRules)
    app.connect("builder-inited", write_slides)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
