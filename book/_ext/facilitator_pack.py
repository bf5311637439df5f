"""The facilitator pack in the book: written into the site at build time, linked from the guide.

* When the HTML builder starts, ``workshop/facilitator-pack.docx`` is written into the output
  folder from the course's pages and data (``python -m ict4d_build.facilitator_pack`` does the
  same by hand). Nothing generated is committed, and the same course gives the same bytes.
* ``{facilitator-pack}`` prints the download link with the file's size.

The link is relative, so it works on the public site, in the offline zip and in the SCORM package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ict4d_build.agenda_model import AGENDAS
from ict4d_build.facilitator_data import PACK, exercise_pages
from ict4d_build.facilitator_pack import DEFAULT_COURSE, FILENAME, write_pack
from ict4d_build.facilitator_scripts import GUIDE
from ict4d_build.template_model import TEMPLATES

FOLDER = "workshop"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class FacilitatorPack(Directive):
    has_content = False

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        root = Path(env.srcdir)
        sources = [AGENDAS, PACK, *TEMPLATES.iterdir(), resources.files("ict4d_training").joinpath("data", "advice.yaml"),
                   *(root / f"{page}.md" for page in (*exercise_pages(root), GUIDE)),
                   *(root / "case_studies").glob("*/index.md")]
        for source in sources:
            env.note_dependency(str(source))
        path = Path(env.app.outdir) / FOLDER / FILENAME
        size = f"{max(1, round(path.stat().st_size / 1000))} KB" if path.is_file() else "Word file"
        href = relative_uri(env.app.builder.get_target_uri(env.docname), f"{FOLDER}/{FILENAME}")
        return [nodes.raw("", f'<p><a class="facilitator-pack-download" href="{href}" type="{DOCX_TYPE}" download>'
                              f"Download the facilitator pack (.docx, {size})</a></p>", format="html")]


def write_facilitator_pack(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    # Jupyter Book puts _config.yml's title in html_title; `project` keeps Sphinx's placeholder.
    write_pack(Path(app.outdir) / FOLDER, course=str(app.config.html_title or DEFAULT_COURSE), root=Path(app.srcdir))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("facilitator-pack", FacilitatorPack)
    app.connect("builder-inited", write_facilitator_pack)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
