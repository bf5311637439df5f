"""The exercises' MyST Markdown made plain for JupyterLite (ict4d_build.lite.markdown), and the model
answer's setup; no build needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ict4d_build.lite.markdown import MystError, MystToMarkdown, convert_directives, needed_setup, read_citations

ROOT = Path(__file__).resolve().parent.parent


def test_build_names_a_cross_reference_to_nothing_in_one_line() -> None:
    converter = MystToMarkdown.from_book(ROOT, "https://example.org/course/")
    assert converter.convert("See {ref}`running-costs`.", "exercises/x") == \
        "See [Planning for running costs](https://example.org/course/book/elements/resourcing.html#running-costs)."
    with pytest.raises(MystError, match=r"^exercises/x: \{ref\}`no-such-label` names no label in the book$"):
        converter.convert("See {ref}`no-such-label`.", "exercises/x")
    with pytest.raises(MystError, match=r"names no page of the book"):
        converter.convert("{doc}`/book/missing`", "exercises/x")
    quoted = converter.convert("```{admonition} Before you start\n:class: tip\nRead the *scenario*.\n```", "exercises/x")
    assert quoted == "> **Before you start**\n>\n> Read the *scenario*."


def test_roles_become_root_relative_links_and_citations_author_year() -> None:
    converter = MystToMarkdown("/", citations={"one": "Smith, 2020", "two": "Lee et al., 2021"})
    converter._read_page("book/page", "(page-top)=\n# A *page*\n\n(sub)=\n## Sub part\n")
    assert converter.convert("{ref}`page-top` and {ref}`the part <sub>`", "book/other") == \
        "[A page](/book/page.html) and [the part](/book/page.html#sub)"
    assert converter.convert("{doc}`page`", "book/other") == "[A page](/book/page.html)"
    assert converter.convert("{cite}`one,two`", "book/other") == "([Smith, 2020; Lee et al., 2021](/book/references.html))"
    with pytest.raises(MystError, match=r"names no entry of book/references.bib: \['three'\]"):
        converter.convert("{cite}`three`", "book/other")


def test_bibliography_entries_read_as_author_and_year() -> None:
    bib = """@book{solo,
  author = {Okafor, Ada},
  year = {2019},
}
@report{pair,
  author = {Tan, Li and Roe, Sam},
  year = {2022},
}
@misc{many,
  author = {A, B and C, D and E, F},
}
"""
    assert read_citations(bib) == {"solo": "Okafor, 2019", "pair": "Tan and Roe, 2022", "many": "A et al., n.d."}


def test_exercise_fences_go_and_admonitions_become_quotes() -> None:
    text = "::::{exercise-start}\n:label: ex\n::::\nDo this.\n```{note}\nMind that.\n```\n::::{exercise-end}\n::::"
    assert convert_directives(text) == "Do this.\n> **Note**\n>\n> Mind that."


def test_the_model_answer_gets_the_imports_and_start_it_uses_and_nothing_else() -> None:
    earlier = ["import json\nfrom pathlib import Path\n\nSTART = {'a': 1}\nWIDGET = make_widget(START)",
               "UNUSED = 2"]
    later = ["answer = dict(START)\nprint(json.dumps(answer))"]
    assert needed_setup(earlier, later) == "import json\n\nSTART = {'a': 1}"
    assert needed_setup(earlier, []) == ""
