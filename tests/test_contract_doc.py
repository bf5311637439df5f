"""book/technical/contract.md is the one statement of the public contract: it must say what the code does.

Each test reads the page and compares it with the package: the keys and their order, the sectors and
stages, the report's JSON keys, the exceptions, every command and option of the command line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

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
