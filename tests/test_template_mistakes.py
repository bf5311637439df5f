"""Mistakes made while editing the template, each explained in plain words (_yaml_hints.py)."""

from __future__ import annotations

import pytest

from _loading import MINIMAL_YAML, parse_error
from ict4d_training import parse_design
from ict4d_training.files.template import template_text

# --- mistakes made while editing the template: each explained in plain words -----------


def edited_template(old: str, new: str) -> str:
    """The real template, with one line changed the way a trainee would change it."""
    text = template_text()
    assert text.count(old) == 1, old
    return text.replace(old, new)


def template_line(text: str, starting: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if line.startswith(starting))


@pytest.mark.parametrize(("old", "new", "field", "section"), [
    ("#   framework_agreed: true", "  framework_agreed: true", "framework_agreed", "resourcing"),
    ("#   baseline_study: true", "  baseline_study: true", "baseline_study", "monitoring"),
    ("#   country: ...", "  country: Kenya", "country", "context"),
])
def test_a_field_uncommented_without_its_section_names_the_section(old: str, new: str, field: str,
                                                                   section: str) -> None:
    text = edited_template(old, new)
    error = parse_error(text, source="my-design.yaml")
    assert str(error) == (f"my-design.yaml:{template_line(text, new)}: {field}: is indented under nothing — "
                          f"uncomment its section header {section}: too")


def test_a_list_item_uncommented_without_its_section_is_not_taken_for_a_partner() -> None:
    text = edited_template("#   - statement: ...", "  - statement: More farmers get fair prices")
    error = parse_error(text, source="my-design.yaml")
    assert str(error) == (f"my-design.yaml:{template_line(text, '  - statement:')}: statement: is a list item under "
                          "nothing — uncomment its section header outcomes: too (it was read as one of the partners)")


def test_a_third_partner_with_a_typo_is_still_a_partner() -> None:
    text = edited_template("    sector: civil_society", "    sector: civil_society\n  - id: partner-c\n    nme: Third")
    assert [problem.path for problem in parse_error(text).problems] == ["partners[2]", "partners[2]", "partners[2].nme"]


def test_a_section_uncommented_with_its_field_is_valid() -> None:
    text = edited_template("# resourcing:\n#   framework_agreed: true", "resourcing:\n  framework_agreed: true")
    assert parse_design(text).resourcing.framework_agreed is True


def test_a_tab_in_the_template_is_explained() -> None:
    text = edited_template("    name: First partner organisation", "\tname: First partner organisation")
    error = parse_error(text, source="my-design.yaml")
    assert str(error) == (f"my-design.yaml:{template_line(text, chr(9))}: name: starts with a tab character; "
                          "YAML must be indented with spaces, not tabs")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    name: First partner organisation", "     name: First partner organisation",
     "name: is indented 5 spaces, more than id: on line {previous} (4 spaces), which already has a value; "
     "line the two up, or put it under a field that ends with ':'"),
    ("    # role: ...", "  role: ...",
     "role: is indented 2 spaces, which lines up with no field above it; line it up with sector: on line "
     "{sector} (4 spaces) or partners: on line {partners} (0 spaces)"),
    ("  - id: partner-b", "   - id: partner-b",
     "the list item '- id: partner-b' is indented 3 spaces, but the item on line {first} is indented 2 spaces; "
     "line them up"),
])
def test_bad_indentation_says_what_to_line_up_with(old: str, new: str, expected: str) -> None:
    text = edited_template(old, new)
    here = template_line(text, new)
    lines = {"previous": here - 1, "sector": template_line(text, "    sector: government"),
             "partners": template_line(text, "partners:"), "first": template_line(text, "  - id: partner-a")}
    assert str(parse_error(text, source="my-design.yaml")) == f"my-design.yaml:{here}: {expected.format(**lines)}"


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_names_the_line_it_opens_on(quote: str) -> None:
    text = edited_template("title: My partnership ", f"title: {quote}My partnership ")
    error = parse_error(text, source="my-design.yaml")
    assert str(error) == (f"my-design.yaml:{template_line(text, 'title:')}: title: the quote ({quote}) that opens "
                          f"this text is never closed; end the text with {quote} on the same line")


def test_closed_quotes_with_apostrophes_in_comments_are_fine() -> None:
    text = edited_template("title: My partnership ", "title: 'Rural ''last mile'' broadband' ")
    assert parse_design(text).title == "Rural 'last mile' broadband"


@pytest.mark.parametrize(("old", "new"), [
    ("    name: First partner organisation", "    name First partner organisation"),
    ("title: My partnership", "title My partnership"),
])
def test_a_missing_colon_shows_the_line_as_it_should_be(old: str, new: str) -> None:
    text = edited_template(old, new)
    written = new.split(" #")[0].strip()
    key, value = written.split(" ", 1)
    assert str(parse_error(text, source="my-design.yaml")) == (
        f"my-design.yaml:{template_line(text, new)}: '{written}' has no colon: write the field name, a colon and "
        f"a space, then the value ({key}: {value})")


def test_a_section_header_uncommented_without_its_fields_says_so() -> None:
    text = edited_template("# monitoring:\n", "monitoring:\n")
    assert str(parse_error(text, source="my-design.yaml")) == (
        f"my-design.yaml:{template_line(text, 'monitoring:')}: monitoring: has no fields under it; uncomment "
        "its fields too (indented under it), or comment it out again")


def test_other_syntax_errors_keep_the_parser_words() -> None:
    error = parse_error("schema_version: 1\ntitle: x\npartners: [a, b\n")
    assert error.problems[0].message.startswith("YAML syntax error: ")


def test_unclosed_bracket_is_a_yaml_syntax_error_with_line() -> None:
    error = parse_error("schema_version: 1\ntitle: [oops\npartners: []\n")
    assert error.problems[0].line == 3
    assert error.problems[0].message.startswith("YAML syntax error: ")


def test_json_syntax_error_names_the_line() -> None:
    error = parse_error('{\n  "schema_version": 1,\n  "title": "x"\n  "partners": []\n}\n', source="broken.json")
    assert str(error).startswith("broken.json:4: JSON syntax error: ")


def test_several_yaml_documents_are_refused() -> None:
    error = parse_error(MINIMAL_YAML + "---\n" + MINIMAL_YAML)
    assert error.problems[0].line == 7
    assert "YAML syntax error" in str(error)


def test_yaml_flow_mapping_in_a_yaml_file_is_read_as_yaml() -> None:
    # Regression: text starting with "{" was once always parsed as JSON, even from a .yaml file,
    # so this valid YAML design was refused with "JSON syntax error".
    design = parse_design("{schema_version: 1, title: Flow, partners: [{id: a, name: A, sector: private}]}\n",
                          source="flow.yaml")
    assert design.title == "Flow"


def test_yaml_flow_mapping_without_a_file_name_is_read_as_yaml() -> None:
    design = parse_design("{schema_version: 1, title: Pasted, partners: [{id: a, name: A, sector: donor}]}",
                          source="<widget>")
    assert design.title == "Pasted"


def test_json_file_is_never_read_as_yaml() -> None:
    error = parse_error("{schema_version: 1, title: x, partners: [{id: a, name: A, sector: donor}]}",
                        source="design.json")
    assert str(error).startswith("design.json:1: JSON syntax error: ")


@pytest.mark.parametrize(("text", "message"), [
    ("title: !!python/object:os.system x\n", "unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'"),
    ("title: !custom x\n", "unsupported YAML tag '!custom'"),
    ("base: &b {title: x}\n<<: *b\n", "merge keys ('<<') are not supported"),
    ("? [a, b]\n: 1\n", "field names must be text, not a list or mapping"),
    ("null: 1\n", "field names must be text, not 'null'"),
    ("1.5: 1\n", "field names must be text, not '1.5'"),
    ("true: 1\n", "field names must be text, not 'true'"),
])
def test_unsupported_yaml_features_are_problems_not_crashes(text: str, message: str) -> None:
    error = parse_error(text)
    assert message in str(error)


def test_dates_stay_text() -> None:
    design = parse_design(MINIMAL_YAML + "outcomes:\n  - statement: s\n    target: 2029-12-31\n")
    assert design.outcomes[0].target == "2029-12-31"


def test_yes_is_text_not_a_boolean() -> None:
    # YAML 1.2: `yes` is text, so it is reported, not silently read as true.
    error = parse_error(MINIMAL_YAML + "    leader_engaged: yes\n")
    assert str(error) == "design.yaml:7: partners[0].leader_engaged: must be true or false, not text 'yes'"
