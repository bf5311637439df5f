"""The real case studies: marked as real, every story paragraph cited, every design field sourced.

A case whose case.yaml says ``composite: false`` describes a real partnership from published
sources. Its page must say so at the top, cite a source in every paragraph and list item of its
story, and its design.yaml must name, for each field, the source it comes from or why it was
inferred. The checks are plain functions, so the tests at the end can show each one fails on a
page or design that breaks the rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string
from ruamel.yaml import YAML

from test_references import CITE_ROLE, bib_files

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "case_studies"
yaml = YAML(typ="safe", pure=True)


def is_real(case: Path) -> bool:
    return yaml.load((case / "case.yaml").read_text(encoding="utf-8"))["composite"] is False


REAL_CASES = sorted(path.parent for path in CASES.glob("*/case.yaml") if is_real(path.parent))
STORY_END = "## The design, scored"
# Keys whose values are names or identifiers, not facts about the partnership; the analysis
# section's keys describe the coding itself (its sources are checked against the bibliography below).
UNSOURCED_KEYS = {"schema_version", "title", "id", "of", "sources", "coded_on"}
FIELD = re.compile(r"^\s*(?:-\s+)?([a-z_]+):\s*(.*)$")
INFERRED = re.compile(r"#.*\binferred\b(.*)$")


def bib_keys() -> set[str]:
    keys: set[str] = set()
    for path in bib_files():
        keys |= set(parse_string(path.read_text(encoding="utf-8"), "bibtex").entries)
    return keys


def top_admonition(page: str) -> str:
    """The first directive after the page title: where a reader learns what kind of case it is."""
    body = page.split("\n# ", 1)[1]
    match = re.search(r"```\{admonition\}(.*?)```", body, flags=re.DOTALL)
    assert match, "no admonition"
    before = body[: match.start()].strip().splitlines()
    assert len(before) == 1, f"the admonition is not right under the title: {before[1:3]}"
    return match.group(1)


def story_blocks(page: str) -> list[str]:
    """Paragraphs and list items of the story: from the first section to the scorecard."""
    body = page[page.index("\n## ") :].split(STORY_END, 1)[0]
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", body):
        lines = [line for line in chunk.strip().splitlines() if not line.startswith("#")]
        for item in re.split(r"\n(?=- |\d+\. )", "\n".join(lines)):
            if item.strip():
                blocks.append(item.strip())
    return blocks


def uncited_blocks(page: str) -> list[str]:
    return [block for block in story_blocks(page) if not CITE_ROLE.search(block)]


def unsourced_fields(design_text: str, keys: set[str]) -> list[str]:
    """Design lines that set a value with no source key in their comment and no reasoned 'inferred'."""
    problems = []
    for number, line in enumerate(design_text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        match = FIELD.match(line)
        if not match:
            continue
        key, rest = match.groups()
        value, _, comment = rest.partition("#")
        if not value.strip() or key in UNSOURCED_KEYS:
            continue
        inferred = INFERRED.search(line)
        if inferred:
            reason = inferred.group(1).lstrip(":").strip()
            if not inferred.group(1).startswith(":") or len(reason.split()) < 3:
                problems.append(f"line {number}: {key}: '# inferred' without a reason ('# inferred: <reason>')")
        elif not any(re.search(rf"\b{re.escape(bib)}\b", comment) for bib in keys):
            problems.append(f"line {number}: {key}: no source key in its comment")
    return problems


def test_there_are_at_least_two_real_cases() -> None:
    assert len(REAL_CASES) >= 2, REAL_CASES


@pytest.mark.parametrize("case", REAL_CASES, ids=lambda path: path.name)
def test_real_case_says_it_is_real_at_the_top(case: Path) -> None:
    admonition = top_admonition((case / "index.md").read_text(encoding="utf-8")).lower()
    assert admonition.startswith(" a real case"), admonition[:60]
    assert "this case is real" in admonition
    assert "published sources" in admonition
    assert "illustrative composite" not in admonition


@pytest.mark.parametrize("case", REAL_CASES, ids=lambda path: path.name)
def test_every_paragraph_of_the_story_cites_a_source(case: Path) -> None:
    page = (case / "index.md").read_text(encoding="utf-8")
    assert len(story_blocks(page)) >= 10
    assert uncited_blocks(page) == []


@pytest.mark.parametrize("case", REAL_CASES, ids=lambda path: path.name)
def test_real_case_page_has_evaluations_lessons_and_notes(case: Path) -> None:
    page = (case / "index.md").read_text(encoding="utf-8")
    for heading in ("## What the evaluations concluded", "## What the course explains about this case",
                    "## Discussion questions", "## Trainer notes"):
        assert heading in page, heading
    explains = page.split("## What the course explains about this case", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"\{ref\}`lesson-", explains), "no link to a lesson"
    assert len(re.findall(r"\{ref\}`", explains)) >= 6


@pytest.mark.parametrize("case", REAL_CASES, ids=lambda path: path.name)
def test_every_design_field_names_its_source_or_why_it_was_inferred(case: Path) -> None:
    assert unsourced_fields((case / "design.yaml").read_text(encoding="utf-8"), bib_keys()) == []


@pytest.mark.parametrize("case", REAL_CASES, ids=lambda path: path.name)
def test_real_case_design_is_an_analysis_of_cited_sources(case: Path) -> None:
    text = (case / "design.yaml").read_text(encoding="utf-8")
    data = yaml.load(text)
    analysis = data["analysis"]
    assert analysis["coded_on"] == "2026-12-02"
    assert set(analysis["sources"]) <= bib_keys()
    comments = "\n".join(line.partition("#")[2] for line in text.splitlines())
    for key in analysis["sources"]:
        # A source the coding rests on is one some field's comment names.
        assert re.search(rf"\b{re.escape(key)}\b", comments), key
    assert data["not_recorded"], "an analysis with no gaps in its record is unlikely; mark what the sources omit"


def test_the_case_index_says_which_cases_are_real() -> None:
    index = (CASES / "index.md").read_text(encoding="utf-8")
    assert "Every case is an illustrative composite" not in index
    composites = len(list(CASES.glob("*/case.yaml"))) - len(REAL_CASES)
    words = {2: "Two", 8: "eight", 10: "ten"}
    assert f"{words.get(len(REAL_CASES), len(REAL_CASES))} cases are real" in index
    assert f"other {words.get(composites, composites)} cases are illustrative composites" in index
    for case in REAL_CASES:
        assert f"</case_studies/{case.name}/index>` (real)" in index, case.name


GOOD_PAGE = """(case-x)=
# A case

```{admonition} A real case
:class: important
This case is real, from published sources.
```

## The setting

A fact {cite}`un-gei-story`.

- **A partner** did a thing {cite}`un-gei-story`.

## The design, scored

Uncited text here is not story.
"""


def test_the_checks_pass_a_cited_page_and_fail_an_uncited_one() -> None:
    assert uncited_blocks(GOOD_PAGE) == []
    assert top_admonition(GOOD_PAGE).lower().startswith(" a real case")
    bad = GOOD_PAGE.replace("did a thing {cite}`un-gei-story`", "did a thing")
    assert uncited_blocks(bad) == ["- **A partner** did a thing."]
    with pytest.raises(AssertionError, match="not right under the title"):
        top_admonition(GOOD_PAGE.replace("# A case\n", "# A case\n\nAn opening line.\n"))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  policy: supportive   # un-gei-story", []),
        ("  policy: supportive   # inferred: the state directs it, per the blog", []),
        ("  policy: supportive", ["no source key"]),
        ("  policy: supportive   # a blog said so", ["no source key"]),
        ("  policy: supportive   # inferred", ["without a reason"]),
        ("  policy: supportive   # inferred: yes", ["without a reason"]),
        ("    - id: state", []),
        ("partners:", []),
    ],
)
def test_the_design_check_catches_unsourced_and_unreasoned_fields(line: str, expected: list[str]) -> None:
    problems = unsourced_fields(line, {"un-gei-story"})
    assert len(problems) == len(expected)
    for problem, words in zip(problems, expected, strict=True):
        assert words in problem


@pytest.mark.parametrize("case", REAL_CASES, ids=lambda path: path.name)
def test_built_real_case_page_links_its_citations(built_site: Path, case: Path) -> None:
    html = (built_site / "case_studies" / case.name / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    admonition = soup.select_one(".admonition.important")
    assert admonition is not None and "This case is real" in admonition.get_text()
    citations = soup.select('a[href*="references.html#id"], a[href*="references.html"]')
    assert len(citations) >= 20, len(citations)
    assert "??" not in soup.get_text(), "an unresolved citation or reference"
