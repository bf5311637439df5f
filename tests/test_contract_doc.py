"""book/technical/contract.md is the one statement of the public contract: it must say what the code does.

Each test reads the page and compares it with the package: the keys and their order, the sectors and
stages, the report's JSON keys, the exceptions, every command and option of the command line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer

import ict4d_training
from ict4d_training import InputError, load_design, score
from ict4d_training.cli.main import app
from ict4d_training.core.model import SECTORS, STAGES
from ict4d_training.core.rubric import ELEMENT_KEYS, LESSON_KEYS

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "book" / "technical" / "contract.md").read_text(encoding="utf-8")
# A design with gaps, so that its report has findings, blockers and recommendations to compare.
DESIGN = ROOT / "tests" / "fixtures" / "designs" / "minimal-valid.yaml"


def section(number: int) -> str:
    match = re.search(rf"^## {number}\. .*?(?=^## |\Z)", PAGE, re.M | re.S)
    assert match, f"the contract has no section {number}"
    return match.group(0)


def code_names_after(text: str, lead: str) -> list[str]:
    """The `code` names in the sentence that starts with `lead`, in order."""
    sentence = text[text.index(lead):].split(".\n")[0].split(". ")[0]
    return re.findall(r"`([a-z_]+)`", sentence)


def test_element_and_lesson_keys_in_contract_order() -> None:
    report = section(2)
    assert code_names_after(report, "The element keys") == list(ELEMENT_KEYS)
    assert code_names_after(report, "The lesson keys") == list(LESSON_KEYS)


def test_sectors_and_stages_are_the_models() -> None:
    design = section(1)
    sectors, stages = design[design.index("Partner `sector` is one of"):].split(".\n")[0].split(";", 1)
    assert re.findall(r"`([a-z_]+)`", sectors)[1:] == list(SECTORS)
    assert re.findall(r"`([a-z_]+)`", stages)[2:] == list(STAGES)


def test_the_report_json_has_exactly_the_documented_keys() -> None:
    documented = json.loads(re.sub(r"0-100|\"…the same form…\"", "0", re.search(r"```json\n(.*?)```", section(2),
                                                                                   re.S).group(1)))
    actual = score(load_design(DESIGN)).to_dict()
    assert list(documented) == list(actual)
    element = documented["elements"]["<element key>"]
    assert list(element) == list(actual["elements"]["environment"])
    assert list(element["findings"][0]) == list(actual["elements"]["environment"]["findings"][0])
    assert list(documented["blockers"][0]) == ["code", "message", "learn_more"]
    assert list(documented["recommendations"][0]) == list(actual["recommendations"][0])


def test_every_exception_named_is_an_input_error_the_package_exports() -> None:
    api = section(3)
    named = re.findall(r"`(\w+Error)`", api)
    assert {"InputError", "DesignError", "RubricError", "AnswersError", "HealthCheckError", "QuestionBankError"} <= set(named)
    for name in set(named):
        assert name in ict4d_training.__all__
        assert issubclass(getattr(ict4d_training, name), InputError)


def test_every_command_and_option_is_documented() -> None:
    cli = section(4)
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert len(commands) >= 7
    for name, command in commands.items():
        line = next((line for line in cli.splitlines() if line.startswith(f"ict4d-training {name} ")
                     or line == f"ict4d-training {name}"), None)
        assert line is not None, f"command {name} is not in the contract"
        for parameter in command.params:
            if parameter.param_type_name == "option" and parameter.name != "help":
                assert any(opt in line for opt in parameter.opts), f"{name} {parameter.opts} is not in the contract"
    documented = set(re.findall(r"^ict4d-training (\w+)", cli, re.M))
    assert documented == set(commands)


@pytest.mark.parametrize("code", ["0", "1", "2"])
def test_exit_codes_are_stated(code: str) -> None:
    assert f"**{code}**" in section(4)


def test_the_schema_and_readme_point_to_the_contract() -> None:
    schema = json.loads((ROOT / "src" / "ict4d_training" / "data" / "design.schema.json").read_text(encoding="utf-8"))
    assert "book/technical/contract.md" in schema["description"]
    assert "book/technical/contract.md" in (ROOT / "README.md").read_text(encoding="utf-8")


# --- design format 2 and report version 2 ------------------------------------------------

SCHEMA = json.loads((ROOT / "src" / "ict4d_training" / "data" / "design.schema.json").read_text(encoding="utf-8"))


def schema_fields(node: dict[str, Any], path: str = "") -> list[str]:
    """Every field of the design schema as the contract writes it: `partners[].sector`, sections expanded."""
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].split("/")[-1]]
    if node.get("type") == "object" and "properties" in node:
        return [field for key, child in node["properties"].items()
                for field in schema_fields(child, f"{path}.{key}" if path else key)]
    items = node.get("items", {})
    if node.get("type") == "array" and isinstance(items, dict) and "$ref" not in items and items.get("type") == "object":
        return schema_fields(items, path + "[]")
    return [path]


def field_rows() -> dict[str, str]:
    """The contract's field table: field -> what reads it."""
    table = section(1).split("| Field | Value | Read by |")[1].split("\n\n")[0]
    rows = [line.split(" | ") for line in table.strip().splitlines()[1:]]
    return {row[0].strip("| `"): row[-1].rstrip(" |") for row in rows}


def test_the_field_table_lists_every_field_of_the_schema_once() -> None:
    rows = field_rows()
    fields = schema_fields(SCHEMA)
    assert len(fields) > 70
    assert list(rows) == fields


def test_the_field_table_names_the_criteria_that_read_each_field() -> None:
    rubric = ict4d_training.default_rubric()
    ids = {criterion.id for criterion in rubric.criteria}
    rows = field_rows()
    plain = {field.replace("[]", ""): reader for field, reader in rows.items()}
    for field, reader in rows.items():
        named = set(re.findall(r"`([a-z]+(?:-[a-z]+)+|[a-z]+)`", reader)) & ids
        if reader.startswith("for the reader"):
            assert not named, field
            # Free text the scorer never reads: no criterion may list it in its reads.
            assert not [c.id for c in rubric.criteria if field.replace("[]", "") in c.reads], field
    for criterion in rubric.criteria:
        for read in criterion.reads:
            # A read section (`outcomes`, `beneficiaries`) is documented through its fields.
            rows_read = [reader for field, reader in plain.items() if field == read or field.startswith(read + ".")]
            assert rows_read, f"{criterion.id} reads {read}, which the contract does not list"
            assert any(f"`{criterion.id}`" in reader for reader in rows_read), (criterion.id, read)


def test_every_v2_only_field_the_loader_refuses_in_v1_is_named() -> None:
    from ict4d_training.core.loader import V2_FIELDS

    v1 = section(1).split("### Version 1 files")[1]
    for holder, name in V2_FIELDS:
        assert f"`{name if holder is None else holder + '.' + name}`" in v1
    assert "is new in design format 2: set schema_version: 2 to use it" in v1
    assert "`business_association`" in v1


def test_the_documented_report_has_the_v2_keys_and_band_values() -> None:
    block = re.search(r"```json\n(.*?)```", section(2), re.S)
    assert block is not None
    documented = json.loads(re.sub(r"0-100|\"…the same form…\"", "0", block.group(1)))
    actual = score(load_design(DESIGN)).to_dict()
    assert documented["schema_version"] == actual["schema_version"] == 2
    finding = documented["elements"]["<element key>"]["findings"][0]
    assert {"level", "known"} <= set(finding) and "coverage" in documented
    rubric = ict4d_training.default_rubric()
    bands = [band.key for band in sorted(rubric.bands, key=lambda band: band.min)]
    assert rubric.blocked_band is not None and rubric.thin_record_band is not None
    assert documented["band"].split(" | ") == [rubric.blocked_band.key, rubric.thin_record_band.key, *bands]
    assert actual["band"] == rubric.blocked_band.key  # the minimal design has blockers


def test_the_contract_words_for_unknown_and_coverage_are_the_reports() -> None:
    from ict4d_training.render.wording import UNKNOWN

    report = section(2)
    assert f'"{UNKNOWN}"' in report
    assert '"Scored on N of 100 points; the record is silent on the rest"' in report


def test_rubric_format_2_keys_are_documented() -> None:
    rubric_schema = json.loads((ROOT / "src" / "ict4d_training" / "data" / "rubric.schema.json").read_text(encoding="utf-8"))
    documented = section(5)
    criterion = rubric_schema["properties"]["criteria"]["items"]["properties"]
    for key in [*criterion, "blocked_band", "blocked_band_cap"]:
        assert f"`{key}`" in documented, key
