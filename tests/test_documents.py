"""Reading design files: files refused before parsing, and malformed or hostile documents (_documents.py)."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from _loading import DESIGNS, MINIMAL_YAML, error_of, nested_list, parse_error
from ict4d_training import DesignError, Problem, design_from_data, load_design, parse_design
from ict4d_training.core.documents import MAX_BYTES, MAX_VALUES, _TreeBuilder

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


def test_alias_bomb_is_refused_before_it_expands(monkeypatch: pytest.MonkeyPatch) -> None:
    built = 0
    real_build = _TreeBuilder.build

    def counting_build(self: _TreeBuilder, *args: Any) -> Any:
        nonlocal built
        built += 1
        return real_build(self, *args)

    monkeypatch.setattr(_TreeBuilder, "build", counting_build)
    error = error_of(DESIGNS / "alias-bomb.yaml")
    # The bomb expands to far more values; the reader stops at the limit instead of building them.
    assert built == MAX_VALUES + 1
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
