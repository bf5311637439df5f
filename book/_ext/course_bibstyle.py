"""The bibliography style of the course: pybtex's ``plain``, with two changes a reader notices.

* Titles are printed as the source writes them. ``plain`` turns the title of a web page or a
  report into sentence case ("Global education initiative: retrospective on ..."), which is no
  longer the source's own title and makes it harder to find.
* Organisations written as one name in braces (``author = {{Global Knowledge Partnership}}``)
  sort by their first letter. ``plain`` sorts on the raw name, brace included, and ``{`` comes
  after every letter, so every organisation fell to the end of the list, after all people.

``_config.yml`` selects it with ``bibtex_default_style: course``.
"""

from __future__ import annotations

from typing import Any

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitle
from pybtex.style.template import field, sentence
from sphinx.application import Sphinx


class CourseSorting(AuthorYearTitle):  # type: ignore[misc]
    def person_key(self, person: Any) -> str:
        key: str = super().person_key(person)
        return key.replace("{", "").replace("}", "")


class CourseStyle(PlainStyle):  # type: ignore[misc]
    default_sorting_style = "course"

    def format_title(self, e: Any, which: str, as_sentence: bool = True) -> Text:
        title = field(which)
        return sentence[title] if as_sentence else title


def setup(app: Sphinx) -> dict[str, Any]:
    register_plugin("pybtex.style.formatting", "course", CourseStyle)
    register_plugin("pybtex.style.sorting", "course", CourseSorting)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
