"""The Word templates (src/ict4d_build, book/_ext/word_templates.py): each .docx opened with
python-docx and checked against the data it is made from, reproducible bytes, and the built book's
links to the documents."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from docx.document import Document

from ict4d_build import template_derived
from ict4d_build.docx_writer import FIXED_DATE, TEXT_WIDTH_CM
from ict4d_build.template_markdown import contents, section_list
from ict4d_build.template_model import Template, TemplateError, load_templates, parse_template, template_by_id
from ict4d_build.word_templates import DEFAULT_COURSE, main, write_all
from ict4d_training.core.health import default_questionnaire

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"agreement", "terms-of-reference", "resourcing-framework", "risk-register", "health-check",
            "stakeholder-map", "design-worksheet"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {path.stem: path for path in write_all(folder)}


def _open(written: dict[str, Path], template_id: str) -> Document:
    return docx.Document(str(written[template_id]))


def _headings(document: Document, level: int = 1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == f"Heading {level}"]


def _first_cells(document: Document) -> list[str]:
    """The first paragraph of every cell of every table (a cell's notes follow in later paragraphs)."""
    return [cell.paragraphs[0].text for table in document.tables for row in table.rows for cell in row.cells]


# --- the data ----------------------------------------------------------------------------------


def test_the_seven_templates_load_each_shown_on_a_running_page() -> None:
    templates = load_templates()
    assert {template.id for template in templates} == EXPECTED
    for template in templates:
        assert template.page.startswith("book/running/"), template.id
        assert (ROOT / f"{template.page}.md").is_file(), template.page
        assert template.how_to_use and template.sections, template.id


def test_a_template_that_breaks_its_rules_is_refused_with_the_file_named() -> None:
    good = (ROOT / "src/ict4d_build/data/word-templates/4-risk-register.yaml").read_text(encoding="utf-8")
    assert parse_template(good, "risk.yaml").id == "risk-register"
    too_wide = good.replace('- ["Decision\\nGo, go with conditions, or no go?"]',
                            '- ["Decision", "a", "b", "c", "one cell too many"]')
    assert too_wide != good
    with pytest.raises(TemplateError, match=r"risk\.yaml: Partner check before signing: a row has more cells"):
        parse_template(too_wide, "risk.yaml")
    with pytest.raises(TemplateError, match=r"bad\.yaml: data\.sections\[2\] .*heading"):
        parse_template(good.replace("  - heading: Closed risks\n", "  - title: Closed risks\n"), "bad.yaml")
    with pytest.raises(TemplateError, match=r"bad\.yaml: not readable YAML"):
        parse_template("sections: [", "bad.yaml")
    with pytest.raises(TemplateError, match="no Word template 'nope'"):
        template_by_id("nope")


# --- every document ----------------------------------------------------------------------------


@pytest.mark.parametrize("template", load_templates(), ids=lambda template: template.id)
def test_each_document_has_the_data_headings_fields_and_columns(template: Template, written: dict[str, Path]) -> None:
    document = _open(written, template.id)
    title = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Title"]
    assert title == [template.title]
    assert _headings(document) == ["How to use this template", *(section.heading for section in template.sections)]
    text = "\n".join(p.text for p in document.paragraphs)
    assert DEFAULT_COURSE in text
    for note in template.how_to_use:
        assert " ".join(note.split()) in text
    cells = _first_cells(document)
    headers = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    for section in template.sections:
        for field in section.fields:
            assert field.label in cells, (section.heading, field.label)
        if section.table is not None:
            assert list(section.table.columns) in headers, section.heading
            for row in section.table.rows:
                assert row[0].split("\n")[0] in cells, row[0]


@pytest.mark.parametrize("template", load_templates(), ids=lambda template: template.id)
def test_each_document_prints_on_a4_portrait_with_tables_inside_the_margins(template: Template,
                                                                             written: dict[str, Path]) -> None:
    document = _open(written, template.id)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == round(section.right_margin.mm) == 20
    assert DEFAULT_COURSE in section.footer.paragraphs[0].text
    for table in document.tables:
        for row in table.rows:
            assert sum(cell.width.cm for cell in row.cells) <= TEXT_WIDTH_CM + 0.01
    assert document.styles["Normal"].font.size.pt >= 10
    assert document.styles["Guidance"].font.italic is True
    assert 'w:val="en-GB"' in document.styles["Normal"].element.xml
    properties = document.core_properties
    assert properties.title == template.title
    assert properties.created == properties.modified == FIXED_DATE


def test_the_agreement_has_every_clause_with_ip_data_and_exit_wording(written: dict[str, Path]) -> None:
    document = _open(written, "agreement")
    headings = _headings(document)
    for clause in ("Intellectual property and data ownership", "Partners joining and leaving", "Exit and closure",
                   "Dispute resolution", "Signatures"):
        assert clause in headings
    guidance = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Guidance"]
    assert any("locked in" in text for text in guidance)
    sample = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Normal"]
    assert any("controls the personal data" in text for text in sample)


def test_the_health_check_form_has_every_statement_of_health_yaml(written: dict[str, Path]) -> None:
    questionnaire = default_questionnaire()
    document = _open(written, "health-check")
    headings = _headings(document)
    assert [title for _, title in questionnaire.elements] == headings[2:2 + len(questionnaire.elements)]
    cells = _first_cells(document)
    for item in questionnaire.items:
        assert item.text in cells, item.id
    notes = {p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs[1:]}
    for item in questionnaire.items:
        assert all(f"{score}: {text}" in notes for score, text in item.levels.items()), item.id


def test_the_design_worksheet_has_every_top_level_section_of_the_design_template(written: dict[str, Path]) -> None:
    document = _open(written, "design-worksheet")
    headings = _headings(document)
    sections = [key for key in template_derived.template_sections(template_derived.template_text())
                if key != "schema_version"]
    assert len(sections) >= 14
    assert [key.replace("_", " ").capitalize() for key in sections] == headings[1:]
    cells = _first_cells(document)
    schema = template_derived.design_schema()
    for key in sections:
        spec = schema["properties"][key]
        names = spec.get("properties") or spec.get("items", {}).get("properties") or {key: spec}
        for name in names:
            assert name.replace("_", " ").capitalize() in cells, f"{key}.{name}"


def test_the_design_worksheet_follows_a_change_in_the_format() -> None:
    schema = template_derived.design_schema()
    schema["properties"]["budget"] = {"description": "What the partnership costs a year.", "type": "object",
                                      "properties": {"currency": {"enum": ["usd", "gbp"]}}}
    sections = template_derived.design_sections(schema, {})
    budget = sections[-1]
    assert budget.heading == "Budget" and budget.guidance == "What the partnership costs a year."
    assert budget.fields[0].label == "Currency" and "usd, gbp" in budget.fields[0].help


def test_the_hints_of_the_blank_design_are_read_under_their_own_section() -> None:
    hints = template_derived.template_hints()
    assert hints["environment.notes"].startswith("how you will work with policy")
    assert hints["monitoring.starts_at"].startswith("concept |")
    assert not any(key.startswith("outcomes.") and key.split(".")[1] in ("structure", "framework_agreed") for key in hints)


# --- reproducible bytes, the command line --------------------------------------------------------


def test_two_builds_an_hour_apart_give_identical_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = {path.name: path.read_bytes() for path in write_all(tmp_path / "first")}
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3 * 3600)
    second = {path.name: path.read_bytes() for path in write_all(tmp_path / "second")}
    assert first == second
    with zipfile.ZipFile(tmp_path / "first" / "agreement.docx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_the_command_writes_the_templates_asked_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--output", str(tmp_path), "--only", "agreement", "risk-register"]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["agreement.docx", "risk-register.docx"]
    assert "agreement.docx" in capsys.readouterr().out
    assert main(["--output", str(tmp_path / "none"), "--only", "nope"]) == 1
    assert "no Word template nope" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


# --- the book's Markdown ------------------------------------------------------------------------


def test_the_page_list_and_contents_come_from_the_same_sections() -> None:
    agreement = template_by_id("agreement")
    listed = section_list(agreement)
    summarised = [section for section in agreement.sections if section.summary]
    assert listed.count("\n- ") + 1 == len(summarised) >= 12
    assert "{doc}`/book/running/moving-on`" in listed and "{cite}`cto-msp-note`" in listed
    shown = contents(agreement)
    for section in agreement.sections:
        assert f"**{section.heading}**" in shown


# --- the built book -----------------------------------------------------------------------------


def _template_links(site: Path) -> dict[str, list[tuple[Path, str]]]:
    """Each page's links to a template's .docx: (the file they point to, the link text).

    Other Word files (the facilitator pack, the workshop tests) live in workshop/ and have their own tests.
    """
    found: dict[str, list[tuple[Path, str]]] = {}
    for page in sorted(site.rglob("*.html")):
        if "lite" in page.relative_to(site).parts:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [((page.parent / str(a["href"])).resolve(), a.get_text()) for a in soup.select("a[href$='.docx']")
                 if "/workshop/" not in f"/{a['href']}"]
        if links:
            found[page.relative_to(site).as_posix()] = links
    return found


def test_the_built_pages_link_to_each_document_and_the_files_open(built_site: Path) -> None:
    links = _template_links(built_site)
    index = {path.name for path, _ in links["book/running/index.html"]}
    assert index == {f"{name}.docx" for name in EXPECTED}
    for template in load_templates():
        if template.page != "book/running/index":
            assert template.filename in {path.name for path, _ in links[f"{template.page}.html"]}, template.id
    for page, page_links in links.items():
        for path, text in page_links:
            assert path.is_file() and path.parent == (built_site / "templates").resolve(), (page, path)
            size = re.fullmatch(r"Download as Word \(\.docx, (\d+) KB\)", text)
            assert size is not None, text
            assert int(size.group(1)) == max(1, round(path.stat().st_size / 1000))
            document = docx.Document(str(path))
            assert _headings(document)[0] == "How to use this template"
            # The course's own title (from _config.yml), never Sphinx's "Project name not set".
            assert "Multi-stakeholder partnerships for ICT4D" in "\n".join(p.text for p in document.paragraphs), path.name


def test_the_built_page_shows_the_same_clauses_as_the_document(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "book/running/agreements.html").read_text(encoding="utf-8"), "html.parser")
    listed = [strong.get_text().rstrip(".") for strong in soup.select(".word-template-sections li strong")]
    assert listed == [section.heading for section in template_by_id("agreement").sections if section.summary]
    review = (built_site / "book/running/review.html").read_text(encoding="utf-8")
    box = BeautifulSoup(review, "html.parser").select_one("#word-template-health-check")
    assert box is not None
    shown = box.get_text(" ").replace("\u2019", "'")  # the book's typography curls apostrophes
    for item in default_questionnaire().items:
        assert item.text in shown


def test_the_offline_zip_and_the_scorm_package_carry_the_documents(built_site: Path) -> None:
    from ict4d_build import offline, scorm
    wanted = {f"templates/{name}.docx" for name in EXPECTED}
    assert wanted <= {path.as_posix() for path in offline.site_files(built_site)}
    assert wanted <= set(scorm._packaged(built_site))
