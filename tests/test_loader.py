"""Loading designs: loader.py, with _documents.py (YAML/JSON reading) and _schema.py (validation)."""

from __future__ import annotations

import gc
import json
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from ict4d_training import Design, DesignError, Problem, design_from_data, load_design, parse_design
from ict4d_training._documents import MAX_BYTES, format_path, line_of, parse_tree
from ict4d_training._schema import load_schema, register_schema, validate
from ict4d_training.model import Context, Environment, Monitoring, Outcome, Partner
from ict4d_training.template import template_text

DESIGNS = Path(__file__).parent / "fixtures" / "designs"
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<path>[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): "
                          r"(?P<message>.+)$")

MINIMAL_YAML = "schema_version: 1\ntitle: A design\npartners:\n  - id: ngo\n    name: An NGO\n    sector: civil_society\n"


def error_of(path: Path) -> DesignError:
    with pytest.raises(DesignError) as caught:
        load_design(path)
    return caught.value


def parse_error(text: str, source: str = "design.yaml") -> DesignError:
    with pytest.raises(DesignError) as caught:
        parse_design(text, source=source)
    return caught.value


def nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth


# --- files that are refused before parsing -------------------------------------------


def test_file_over_1mb_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge-design.yaml"
    path.write_text(MINIMAL_YAML + "# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    error = error_of(path)
    assert len(error.problems) == 1
    assert error.problems[0].source == str(path)
    assert str(error).startswith(f"{path}: ")
    assert "larger than 1 MB" in str(error)
    assert "Traceback" not in str(error)


def test_file_of_exactly_1mb_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big-but-allowed.yaml"
    padding = MAX_BYTES - len(MINIMAL_YAML.encode()) - 3
    path.write_text(MINIMAL_YAML + "# " + "x" * padding + "\n", encoding="utf-8")
    assert path.stat().st_size == MAX_BYTES
    assert load_design(path).title == "A design"


def test_text_over_1mb_is_refused_by_parse_design() -> None:
    error = parse_error(MINIMAL_YAML + "# " + "é" * (MAX_BYTES // 2) + "\n", source="<widget>")
    assert str(error).startswith("<widget>: ")
    assert "larger than 1 MB" in str(error)


def test_non_utf8_bytes_are_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1-design.yaml"
    path.write_bytes(b"schema_version: 1\ntitle: Caf\xe9 telecentres\npartners: []\n")
    error = error_of(path)
    assert [(problem.source, problem.line) for problem in error.problems] == [(str(path), 2)]
    assert "not UTF-8" in str(error)
    assert "0xe9" in str(error)
    assert str(error).startswith(f"{path}:2: ")


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL_YAML.encode())
    assert load_design(path).title == "A design"


def test_missing_file_is_a_design_error(tmp_path: Path) -> None:
    path = tmp_path / "no-such-design.yaml"
    error = error_of(path)
    assert str(error) == f"{path}: file not found"


def test_folder_is_a_design_error(tmp_path: Path) -> None:
    error = error_of(tmp_path)
    assert str(error) == f"{tmp_path}: is a folder, not a file"


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    assert str(error_of(path)) == f"{path}: the file is empty"


# --- malformed or hostile documents ---------------------------------------------------


def test_alias_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    error = error_of(DESIGNS / "alias-bomb.yaml")
    assert time.perf_counter() - started < 5
    assert "alias bomb" in str(error)
    assert "100,000 values" in str(error)


def test_recursive_alias_is_refused() -> None:
    error = parse_error("a: &a [*a]\n")
    assert "nested more than 64 levels" in str(error)


@pytest.mark.parametrize("text", [
    nested_list(100),
    "a:\n" + "".join("  " * depth + "- \n" for depth in range(1, 80)),
    "- " * 5_000 + "x\n",
], ids=["flow-100", "block-80", "dashes-5000"])
def test_deep_yaml_nesting_is_refused(text: str) -> None:
    error = parse_error(text)
    assert str(error) == "design.yaml: values are nested more than 64 levels deep"


def test_very_deep_json_nesting_is_refused() -> None:
    error = parse_error('{"a": ' * 50_000 + "1" + "}" * 50_000, source="deep.json")
    assert str(error) == "deep.json: values are nested more than 64 levels deep"


def test_json_nesting_past_the_limit_is_refused_like_yaml() -> None:
    # JSON too deep for the limit but not for Python's recursion limit is held to the same rule.
    text = '{"schema_version": 1, "title": "x", "partners": [], "summary": ' + nested_list(100) + "}"
    error = parse_error(text, source="deep.json")
    assert "nested more than 64 levels" in str(error)


def test_json_with_too_many_values_is_refused() -> None:
    error = parse_error("[" + ",".join(["0"] * 100_001) + "]", source="many.json")
    assert str(error) == "many.json: the document has more than 100,000 values"


FLOW_ITEMS = ["better prices?", "who pays?", "ratio 1:2", "https://example.org/report", "a?b"]


@pytest.mark.parametrize("item", FLOW_ITEMS)
def test_flow_list_text_is_read_the_same_in_short_and_long_files(item: str) -> None:
    # Regression: short files go to libyaml (ruamel.yaml.clib) when it is installed, long ones
    # (or with a line over 500 characters) to the pure parser; libyaml once refused
    # `expects: [better prices?]` that the pure parser reads, so validity depended on file length.
    text = ("schema_version: 1\ntitle: t\npartners:\n  - id: a\n    name: A\n    sector: private\n"
            f"    expects: [{item}]\n")
    long_text = text + "# " + "x" * 600 + "\n"
    assert parse_design(long_text).partners[0].expects == (item,)
    assert parse_design(text).partners[0].expects == (item,)


def test_parsing_many_files_does_not_keep_them_in_memory() -> None:
    # Regression: the thread-local YAML object's constructor once cached every non-text scalar
    # node it built (constructed_objects was never cleared), and each pure-parser node's mark
    # holds the whole document text, so every file parsed stayed in memory for good.
    long_line = "# " + "x" * 1_000 + "\n"  # a line over 500 characters: the pure parser
    texts = [MINIMAL_YAML + f"summary: design {number}\nmonitoring:\n  review_every_months: 6\n" + long_line
             for number in range(151)]
    parse_design(texts[0])
    gc.collect()
    tracemalloc.start()
    try:
        for text in texts[1:]:
            parse_design(text)
        gc.collect()
        retained, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Keeping each 1.1 kB text (and its nodes) would hold well over 300 kB.
    assert retained < 200_000


def test_duplicate_yaml_key_names_both_lines() -> None:
    error = error_of(DESIGNS / "duplicate-keys.yaml")
    source = str(DESIGNS / "duplicate-keys.yaml")
    assert error.problems == (Problem(source, 4, "title", "duplicate key 'title' (first given on line 3)"),)


def test_duplicate_nested_yaml_key_names_its_path() -> None:
    error = parse_error(MINIMAL_YAML + "environment:\n  policy: supportive\n  policy: neutral\n")
    assert str(error) == "design.yaml:9: environment.policy: duplicate key 'policy' (first given on line 8)"


def test_duplicate_json_key_names_the_line() -> None:
    error = error_of(DESIGNS / "duplicate-keys.json")
    source = str(DESIGNS / "duplicate-keys.json")
    assert error.problems == (Problem(source, 5, "title", "duplicate key 'title' (first given on line 3)"),)


def test_duplicate_json_key_with_tab_indentation_names_the_line() -> None:
    text = '{\n\t"schema_version": 1,\n\t"title": "x",\n\t"title": "y",\n\t"partners": []\n}\n'
    error = parse_error(text, source="tabs.json")
    assert str(error) == "tabs.json:4: title: duplicate key 'title' (first given on line 3)"


@pytest.mark.parametrize(("name", "kind", "line"), [("top-level-list.yaml", "a list", 2)])
def test_top_level_list_is_refused(name: str, kind: str, line: int) -> None:
    error = error_of(DESIGNS / name)
    assert len(error.problems) == 1
    assert error.problems[0].line == line
    assert f"the top level must be a mapping of fields (title: ..., partners: ...), not {kind}" in str(error)


@pytest.mark.parametrize(("text", "kind"), [("just some text\n", "a single value"), ("42\n", "a single value"),
                                            ("- a\n- b\n", "a list"), ('["a"]', "a list")])
def test_top_level_not_a_mapping_is_refused(text: str, kind: str) -> None:
    error = parse_error(text)
    assert str(error) == f"design.yaml:1: the top level must be a mapping of fields (title: ..., partners: ...), not {kind}"


def test_design_from_data_refuses_non_mapping() -> None:
    with pytest.raises(DesignError, match="not a list"):
        design_from_data([{"title": "x"}])


def test_tab_indentation_is_explained_with_line() -> None:
    error = error_of(DESIGNS / "tabs-and-syntax-error.yaml")
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert (problem.line, problem.path) == (6, "name")
    assert problem.message == "starts with a tab character; YAML must be indented with spaces, not tabs"


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


# --- schema problems ------------------------------------------------------------------


def test_unknown_key_suggests_the_nearest_field() -> None:
    error = error_of(DESIGNS / "typo-in-key.yaml")
    source = str(DESIGNS / "typo-in-key.yaml")
    assert [str(problem) for problem in error.problems] == [
        f"{source}:8: partners[0].leader_engagd: unknown field 'leader_engagd'; did you mean 'leader_engaged'?",
        f"{source}:10: champoin: unknown field 'champoin'; did you mean 'champion'?",
    ]


def test_unknown_key_far_from_any_field_lists_the_allowed_fields() -> None:
    error = parse_error(MINIMAL_YAML + "budget: 1000\n")
    message = error.problems[0].message
    assert message.startswith("unknown field 'budget'; allowed fields: schema_version, title, summary, context")
    assert error.problems[0].line == 7


def test_enum_error_lists_the_allowed_values() -> None:
    error = error_of(DESIGNS / "unknown-sector.yaml")
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert (problem.line, problem.path) == (10, "partners[1].sector")
    assert problem.message == ("'ngo' is not allowed; use one of: government, regulator, private, civil_society, "
                               "community, academia, donor, multilateral")


def test_enum_error_suggests_a_close_value() -> None:
    error = parse_error(MINIMAL_YAML + "context:\n  community_involvement: codesigned\n")
    assert str(error) == ("design.yaml:8: context.community_involvement: 'codesigned' is not allowed "
                          "(did you mean 'co_designed'?); use one of: none, informed, consulted, co_designed, "
                          "community_led")


@pytest.mark.parametrize(("section", "value", "allowed"), [
    ("environment:\n  policy", "hostile", "supportive, neutral, obstructive"),
    ("environment:\n  infrastructure", "good", "adequate, partial, absent"),
    ("champion:\n  level", "king", "head_of_state, minister, senior_official, organisational, none"),
    ("monitoring:\n  starts_at", "later", "concept, design, implementation, never"),
    ("management:\n  structure", "ceo", "none, committee, office, broker, office_and_broker"),
    ("trust:\n  decision_making", "vote", "consensus, majority, lead_partner"),
])
def test_every_enum_lists_its_values(section: str, value: str, allowed: str) -> None:
    error = parse_error(MINIMAL_YAML + f"{section}: {value}\n")
    assert error.problems[0].message.endswith(f"use one of: {allowed}")
    assert error.problems[0].line == 8


def test_missing_required_fields_are_named() -> None:
    error = parse_error("summary: nothing else\n")
    assert [str(problem) for problem in error.problems] == [
        "design.yaml:1: missing required field 'schema_version'",
        "design.yaml:1: missing required field 'title'",
        "design.yaml:1: missing required field 'partners'",
    ]


HEAD = "schema_version: 1\ntitle: A design\n"
ONE_PARTNER = "partners:\n  - {id: ngo, name: An NGO, sector: civil_society}\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("schema_version: 2\ntitle: x\n" + ONE_PARTNER, "design.yaml:1: schema_version: must be 1, not 2"),
    ("schema_version: 1\ntitle: '  '\n" + ONE_PARTNER, "design.yaml:2: title: must not be empty"),
    (HEAD + "partners: []\n", "design.yaml:3: partners: needs at least 1 item"),
    (HEAD + "partners:\n  - {id: Bad Id, name: X, sector: private}\n",
     "design.yaml:4: partners[0].id: 'Bad Id' must use only lower-case letters, digits, '_' or '-'"),
    (HEAD + "partners:\n  - {id: a, sector: private}\n", "design.yaml:4: partners[0]: missing required field 'name'"),
    (HEAD + "partners: one\n", "design.yaml:3: partners: must be a list, not text 'one'"),
    (HEAD + ONE_PARTNER + "monitoring:\n  review_every_months: six\n",
     "design.yaml:6: monitoring.review_every_months: must be a whole number, not text 'six'"),
    (HEAD + ONE_PARTNER + "outcomes:\n  - statement: s\n    agreed_by: everyone\n",
     "design.yaml:7: outcomes[0].agreed_by: 'everyone' is not allowed; 'all', or the ids of the partners who "
     "agreed this outcome."),
    (HEAD + ONE_PARTNER + "ethics:\n  transparency: open books\n",
     "design.yaml:6: ethics.transparency: must be a list, not text 'open books'"),
    (HEAD + ONE_PARTNER + "context: consulted\n", "design.yaml:5: context: must be a mapping of fields, not text"),
])
def test_schema_problem_messages(text: str, expected: str) -> None:
    error = parse_error(text)
    assert len(error.problems) == 1, str(error)
    assert str(error).startswith(expected)


def test_all_problems_are_reported_at_once() -> None:
    path = DESIGNS / "several-problems.yaml"
    error = error_of(path)
    lines = str(error).splitlines()
    assert len(lines) == len(error.problems) == 7
    matches = [PROBLEM_LINE.match(line) for line in lines]
    assert all(matches), lines
    assert {match["file"] for match in matches if match} == {str(path)}
    found = [(int(match["line"]), match["path"]) for match in matches if match]
    assert found == [(2, "schema_version"), (5, "context.community_involvement"), (7, "environment.policy"),
                     (11, "partners[0].sector"), (12, "partners[1].id"), (16, "monitoring.review_every_months"),
                     (17, "champoin")]


def test_json_problems_carry_lines_too() -> None:
    text = '{\n  "schema_version": 1,\n  "title": "x",\n  "partners": [\n    {"id": "a", "name": "A", "sector": "ngo"}\n  ]\n}\n'
    error = parse_error(text, source="d.json")
    assert str(error).startswith("d.json:5: partners[0].sector: 'ngo' is not allowed")


# --- cross-field rules ----------------------------------------------------------------


def test_partner_ids_must_be_unique() -> None:
    error = error_of(DESIGNS / "duplicate-partner-ids.yaml")
    assert [(problem.line, problem.path, problem.message) for problem in error.problems] == [
        (11, "partners[2].id", "partner id 'moict' is already used by partners[0]")]


def test_agreed_by_ids_must_be_declared_partners() -> None:
    error = error_of(DESIGNS / "agreed-by-unknown-partner.yaml")
    assert [(problem.line, problem.path, problem.message) for problem in error.problems] == [
        (15, "outcomes[0].agreed_by[1]", "'unicef' is not a partner id in this design (partners: moict, ngo)")]


def test_review_every_100_months_is_refused() -> None:
    error = error_of(DESIGNS / "review-every-100-months.yaml")
    assert [(problem.line, problem.path, problem.message) for problem in error.problems] == [
        (12, "monitoring.review_every_months", "must be between 1 and 60, not 100")]


@pytest.mark.parametrize(("months", "valid"), [(0, False), (1, True), (12, True), (60, True), (61, False), (-3, False)])
def test_review_every_months_range(months: int, valid: bool) -> None:
    text = MINIMAL_YAML + f"monitoring:\n  review_every_months: {months}\n"
    if valid:
        assert parse_design(text).monitoring.review_every_months == months
    else:
        assert parse_error(text).problems[0].path == "monitoring.review_every_months"


def test_cross_field_problems_come_with_schema_problems() -> None:
    text = ("schema_version: 1\ntitle: x\npartners:\n  - {id: a, name: A, sector: nope}\n"
            "  - {id: a, name: B, sector: private}\noutcomes:\n  - statement: s\n    agreed_by: [a, zz]\n")
    error = parse_error(text)
    assert [problem.path for problem in error.problems] == ["partners[0].sector", "partners[1].id",
                                                            "outcomes[0].agreed_by[1]"]


# --- what a valid design becomes ------------------------------------------------------


def test_json_and_yaml_give_equal_designs() -> None:
    from_yaml = load_design(DESIGNS / "strong-multi-stakeholder.yaml")
    from_json = load_design(DESIGNS / "strong-multi-stakeholder.json")
    assert from_yaml == from_json
    assert from_yaml.to_dict() == from_json.to_dict()


def test_json_text_without_json_file_name_is_read_as_json() -> None:
    text = (DESIGNS / "strong-multi-stakeholder.json").read_text(encoding="utf-8")
    assert parse_design(text, source="<widget>") == load_design(DESIGNS / "strong-multi-stakeholder.yaml")


def test_missing_optional_fields_are_none_or_empty() -> None:
    design = load_design(DESIGNS / "minimal-valid.yaml")
    assert design.summary is None
    assert design.context == Context()
    assert design.context.community_involvement is None
    assert design.environment == Environment()
    assert design.outcomes == ()
    assert design.monitoring == Monitoring()
    assert design.ethics.transparency == ()
    assert design.trust.practices == ()
    assert design.partners == (Partner(id="ngo", name="A community organisation", sector="civil_society"),)
    assert design.partners[0].contributes == ()
    assert design.partners[0].leader_engaged is None


def test_lists_become_tuples_and_values_are_kept() -> None:
    design = load_design(DESIGNS / "strong-multi-stakeholder.yaml")
    assert isinstance(design, Design)
    assert design.partner_ids == ("moa", "telco", "farmers", "uni")
    assert design.partners[2].contributes == ("member networks", "training")
    assert design.outcomes[0] == Outcome(
        statement="Farmers in the region use market-price information weekly",
        indicator="share of farm households using the service weekly", baseline="8% (2025 household survey)",
        target="40% by 2029", agreed_by="all")
    assert design.outcomes[1].agreed_by == ("moa", "telco", "farmers", "uni")
    assert design.monitoring.review_every_months == 6


def test_design_is_frozen() -> None:
    design = load_design(DESIGNS / "minimal-valid.yaml")
    with pytest.raises(AttributeError):
        design.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["strong-multi-stakeholder.yaml", "minimal-valid.yaml", "ppp-only.yaml",
                                  "no-outcomes.yaml", "html-in-partner-name.yaml"])
def test_to_dict_round_trips_through_design_from_data(name: str) -> None:
    design = load_design(DESIGNS / name)
    data = design.to_dict()
    assert design_from_data(json.loads(json.dumps(data))) == design


def test_to_dict_keeps_contract_order_and_leaves_out_missing_fields() -> None:
    data = load_design(DESIGNS / "strong-multi-stakeholder.yaml").to_dict()
    assert list(data) == ["schema_version", "title", "summary", "context", "environment", "partners", "champion",
                          "outcomes", "monitoring", "resourcing", "ethics", "management", "sustainability", "trust",
                          "alternatives"]
    minimal = load_design(DESIGNS / "minimal-valid.yaml").to_dict()
    assert minimal == {"schema_version": 1, "title": "A minimal design",
                       "partners": [{"id": "ngo", "name": "A community organisation", "sector": "civil_society"}]}


def test_to_dict_keeps_false_values() -> None:
    design = parse_design(MINIMAL_YAML + "    leader_engaged: false\nresourcing:\n  framework_agreed: false\n")
    data = design.to_dict()
    assert data["partners"][0]["leader_engaged"] is False
    assert data["resourcing"] == {"framework_agreed": False}


def test_an_empty_agreed_by_list_means_nobody_agreed_and_round_trips() -> None:
    design = parse_design(MINIMAL_YAML + "outcomes:\n  - statement: s\n    agreed_by: []\n")
    assert design.outcomes[0].agreed_by is None
    assert design_from_data(design.to_dict()) == design


# --- Problem, DesignError and the helpers behind them ---------------------------------


@pytest.mark.parametrize(("problem", "text"), [
    (Problem("d.yaml", 3, "partners[0].sector", "bad"), "d.yaml:3: partners[0].sector: bad"),
    (Problem("d.yaml", None, "title", "bad"), "d.yaml: title: bad"),
    (Problem("d.yaml", 7, "", "YAML syntax error: x"), "d.yaml:7: YAML syntax error: x"),
    (Problem("<widget>", None, "", "the file is empty"), "<widget>: the file is empty"),
])
def test_problem_str_formats(problem: Problem, text: str) -> None:
    assert str(problem) == text


def test_design_error_lists_every_problem_one_per_line() -> None:
    problems = [Problem("a.yaml", 1, "title", "one"), Problem("a.yaml", None, "", "two")]
    error = DesignError(problems)
    assert isinstance(error, ValueError)
    assert error.problems == tuple(problems)
    assert str(error) == "a.yaml:1: title: one\na.yaml: two"
    assert error.args == ("a.yaml:1: title: one\na.yaml: two",)


def test_parse_design_default_source_names_the_design() -> None:
    with pytest.raises(DesignError) as caught:
        parse_design("title: x\n")
    assert all(problem.source == "<design>" for problem in caught.value.problems)


@pytest.mark.parametrize(("path", "text"), [
    ((), ""), (("title",), "title"), (("partners", 2, "sector"), "partners[2].sector"),
    (("outcomes", 0, "agreed_by", 1), "outcomes[0].agreed_by[1]"), ((0, "a"), "[0].a"),
])
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


def test_line_of_falls_back_to_the_nearest_enclosing_value() -> None:
    lines = {(): 1, ("partners",): 4, ("partners", 0): 5}
    assert line_of(lines, ("partners", 0, "name")) == 5
    assert line_of(lines, ("partners", 3, "name")) == 4
    assert line_of(lines, ("title",)) == 1
    assert line_of({}, ("title",)) is None


def test_parse_tree_records_the_line_of_every_value() -> None:
    data, lines = parse_tree(MINIMAL_YAML, "d.yaml")
    assert data["partners"][0]["sector"] == "civil_society"
    assert lines[("title",)] == 2
    assert lines[("partners", 0)] == 4
    assert lines[("partners", 0, "sector")] == 6


def test_parse_tree_of_json_locates_values_lazily() -> None:
    data, lines = parse_tree('{\n  "a": [\n    1,\n    2\n  ]\n}\n', "x.json")
    assert data == {"a": [1, 2]}
    assert lines.get(("a", 1)) == 4
    assert ("a",) in lines


def test_validate_returns_nothing_for_valid_data() -> None:
    data = {"schema_version": 1, "title": "x", "partners": [{"id": "a", "name": "A", "sector": "donor"}]}
    assert validate(data, "design.schema.json", {}, "<d>") == []


def test_validate_without_lines_still_names_paths() -> None:
    data = {"schema_version": 1, "title": "x", "partners": [{"id": "a", "name": "A", "sector": "bank"}]}
    problems = validate(data, "design.schema.json", {}, "<d>")
    assert [(problem.line, problem.path) for problem in problems] == [(None, "partners[0].sector")]


def test_registered_schema_is_used_by_name() -> None:
    register_schema("test-colour", {"type": "object", "additionalProperties": False,
                                    "properties": {"colour": {"enum": ["red", "green"]}}})
    assert load_schema("test-colour")["properties"]["colour"]["enum"] == ["red", "green"]
    problems = validate({"colour": "blue"}, "test-colour", {("colour",): 3}, "c.yaml")
    assert [str(problem) for problem in problems] == ["c.yaml:3: colour: 'blue' is not allowed; use one of: red, green"]
    # Registering a changed schema under the same name replaces the compiled validator.
    register_schema("test-colour", {"type": "object", "properties": {"colour": {"enum": ["blue"]}}})
    assert validate({"colour": "blue"}, "test-colour", {}, "c.yaml") == []


def test_packaged_design_schema_lists_every_top_level_field() -> None:
    schema = load_schema("design.schema.json")
    assert schema["required"] == ["schema_version", "title", "partners"]
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]) == ["schema_version", "title", "summary", "context", "environment", "partners",
                                          "champion", "outcomes", "monitoring", "resourcing", "ethics", "management",
                                          "sustainability", "trust", "alternatives"]
