"""Word templates in the book: written into the site at build time, shown on their pages.

* When the HTML builder starts, every template in ``ict4d_build/data/word-templates/`` is written
  as a .docx into ``templates/`` in the output folder (``python -m ict4d_build.word_templates``
  does the same by hand). Nothing generated is committed, and the same data gives the same bytes.
* ``{word-template} agreement`` shows a template on its page: a box with what it is for, a
  download link with the file's size, and a fold-out of everything the document holds, made
  from the same data as the document.
* ``{word-template-sections} agreement`` lists the template's sections with their summaries: the
  page's own list of what, say, an agreement covers, so the page and the document agree.
* ``{word-template-list}`` lists every template with its page and download link.

Links are relative, so they work on the public site, in the offline zip and in the SCORM package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ict4d_build.template_markdown import contents, section_list
from ict4d_build.template_model import TEMPLATES, Template, TemplateError, load_templates, template_by_id
from ict4d_build.word_templates import write_all

FOLDER = "templates"
COURSE_DATA = ("health.yaml", "design.schema.json", "template.yaml")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class details(nodes.General, nodes.Element):
    """A <details> fold-out: its first child is the <summary> text."""


def visit_details(translator: Any, node: details) -> None:
    translator.body.append(f'<details class="word-template-contents"><summary>{node["summary"]}</summary>')


def depart_details(translator: Any, node: details) -> None:
    translator.body.append("</details>")


def _skip(translator: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _size(app: Sphinx, template: Template) -> str:
    path = Path(app.outdir) / FOLDER / template.filename
    return f"{max(1, round(path.stat().st_size / 1000))} KB" if path.is_file() else "Word file"


def _link(app: Sphinx, docname: str, template: Template) -> str:
    href = relative_uri(app.builder.get_target_uri(docname), f"{FOLDER}/{template.filename}")
    return (f'<a class="word-template-download" href="{href}" type="{DOCX_TYPE}" download>'
            f"Download as Word (.docx, {_size(app, template)})</a>")


class _TemplateDirective(Directive):
    def _parse(self, markdown: str, parent: nodes.Element) -> None:
        self.state.nested_parse(StringList(markdown.splitlines(), source=self.state.document.current_source),
                                self.content_offset, parent)

    def _note_dependencies(self) -> None:
        env = self.state.document.settings.env
        for item in TEMPLATES.iterdir():
            env.note_dependency(str(item))
        for name in COURSE_DATA:  # the health check and the design format feed two templates
            env.note_dependency(str(resources.files("ict4d_training").joinpath("data", name)))


class WordTemplate(_TemplateDirective):
    required_arguments = 1
    has_content = False
    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        try:
            template = template_by_id(self.arguments[0])
        except TemplateError as error:
            raise self.error(f"word-template: {error}") from None
        self._note_dependencies()
        box = nodes.admonition(classes=["word-template", "tip"], ids=[f"word-template-{template.id}"])
        box += nodes.title("", f"Template: {template.title}")
        self._parse(template.summary, box)
        box += nodes.raw("", f"<p>{_link(env.app, env.docname, template)}</p>", format="html")
        fold = details(summary="What the document contains")
        self._parse(contents(template), fold)
        box += fold
        return [box]


class WordTemplateSections(_TemplateDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            template = template_by_id(self.arguments[0])
        except TemplateError as error:
            raise self.error(f"word-template-sections: {error}") from None
        self._note_dependencies()
        holder = nodes.container(classes=["word-template-sections"])
        self._parse(section_list(template), holder)
        return [holder]


class WordTemplateList(_TemplateDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        self._note_dependencies()
        items = nodes.bullet_list(classes=["word-template-list"])
        for template in load_templates():
            item = nodes.list_item()
            page = template.page if template.page != env.docname else ""
            where = f" Shown on {{doc}}`/{page}`." if page else ""
            self._parse(f"**{template.title}.** {template.summary}{where}", item)
            item += nodes.raw("", f"<p>{_link(env.app, env.docname, template)}</p>", format="html")
            items += item
        return [items]


def write_templates(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    # Jupyter Book puts _config.yml's title in html_title; `project` keeps Sphinx's placeholder.
    write_all(Path(app.outdir) / FOLDER, course=str(app.config.html_title))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_node(details, html=(visit_details, depart_details), latex=(_skip, None), text=(_skip, None))
    app.add_directive("word-template", WordTemplate)
    app.add_directive("word-template-sections", WordTemplateSections)
    app.add_directive("word-template-list", WordTemplateList)
    app.connect("builder-inited", write_templates)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
