"""The command line: template, advise, schema, version and help, and the installed entry point."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from _cli import answers_file, design, no_course_repository, run, runner  # noqa: F401
from ict4d_training import load_design, score
from ict4d_training.cli.main import EXIT_BAD_INPUT, EXIT_BLOCKERS, EXIT_OK, app
from ict4d_training.files.template import schema_path

# --- template -------------------------------------------------------------------------


def test_template_writes_a_file_that_validates_and_scores(tmp_path: Path) -> None:
    target = tmp_path / "my-design.yaml"
    code, _out, err = run("template", "--output", target)
    assert code == EXIT_OK
    assert f"Wrote {target}" in err
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert run("validate", target)[0] == EXIT_OK
    code, out, _ = run("score", target, "-f", "json")
    assert code == EXIT_BLOCKERS  # the blank template states no outcome yet
    assert [blocker["code"] for blocker in json.loads(out)["blockers"]] == ["no_outcome"]


def test_template_points_editors_at_the_installed_schema() -> None:
    code, out, _ = run("template")
    assert code == EXIT_OK
    first = out.splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema_path().as_uri()}"
    assert schema_path().is_file()


def test_template_schema_option() -> None:
    _, out, _ = run("template", "--schema", "https://example.org/design.schema.json")
    assert out.splitlines()[0] == "# yaml-language-server: $schema=https://example.org/design.schema.json"


def test_template_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "my-design.yaml"
    target.write_text("title: my precious work\n", encoding="utf-8")
    code, out, err = run("template", "--output", target)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert "already exists" in err
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "title: my precious work\n"


def test_template_force_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "my-design.yaml"
    target.write_text("title: old\n", encoding="utf-8")
    code, _, _ = run("template", "--output", target, "--force")
    assert code == EXIT_OK
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


# --- advise ---------------------------------------------------------------------------

FOR_PARTNERSHIP = {"specifiable": "no", "supplier_market": "no", "speed_matters": "no", "multi_sector_assets": "yes",
                   "community_ownership": "yes", "shared_risk": "yes", "learning_together": "yes",
                   "partnering_capacity": "yes"}
FOR_CONTRACT = {"specifiable": "yes", "supplier_market": "yes", "speed_matters": "yes", "multi_sector_assets": "no",
                "community_ownership": "no", "shared_risk": "no", "learning_together": "no",
                "partnering_capacity": "no"}
BALANCED = {"specifiable": "yes", "supplier_market": "yes", "speed_matters": "no", "multi_sector_assets": "yes",
            "community_ownership": "yes", "shared_risk": "no", "learning_together": "no", "partnering_capacity": "yes"}


@pytest.mark.parametrize(("answers", "verdict"), [(FOR_PARTNERSHIP, "partnership"), (FOR_CONTRACT, "contract"),
                                                  (BALANCED, "either")])
def test_advise_recommends(tmp_path: Path, answers: dict[str, str], verdict: str) -> None:
    code, out, err = run("advise", answers_file(tmp_path, answers))
    assert code == EXIT_OK
    assert out.splitlines()[0] == f"Recommendation: {verdict.upper()}"
    assert err == ""
    code, out, _ = run("advise", answers_file(tmp_path, answers), "--format", "json")
    assert json.loads(out)["recommendation"] == verdict


def test_advise_case_study_answers() -> None:
    path = Path(__file__).parents[1] / "case_studies" / "online-public-services" / "answers.yaml"
    if not path.exists():
        pytest.skip("case study not present")
    code, out, _ = run("advise", path)
    assert code == EXIT_OK
    assert "Recommendation: CONTRACT" in out


def test_advise_bad_answers_file_suggests_the_question(tmp_path: Path) -> None:
    path = answers_file(tmp_path, {"specifyable": "yes", "shared_risk": "maybe"})
    code, out, err = run("advise", path)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert f"{path}:4: answers.specifyable: unknown field 'specifyable'; did you mean 'specifiable'?" in err
    assert f"{path}:5: answers.shared_risk: 'maybe' is not allowed" in err
    assert "Traceback" not in err


def test_advise_missing_file_is_bad_input(tmp_path: Path) -> None:
    code, _out, err = run("advise", tmp_path / "none.yaml")
    assert code == EXIT_BAD_INPUT
    assert "file not found" in err


def test_advise_questions_prints_an_answers_file_to_fill_in(tmp_path: Path) -> None:
    code, out, _ = run("advise", "--questions", "unused.yaml")
    assert code == EXIT_OK
    answered = [line.strip().split(":")[0] for line in out.splitlines() if line.startswith("  ") and ": " in line
                and not line.strip().startswith("#")]
    assert answered == list(FOR_PARTNERSHIP)
    assert "# Must it be delivered quickly, in months rather than years?" in out
    # The printed example is itself a valid answers file: fill it in and it is read.
    filled = tmp_path / "answers.yaml"
    text = out
    for key, value in FOR_PARTNERSHIP.items():
        text = text.replace(f"  {key}: unsure", f"  {key}: {value}")
    filled.write_text(text, encoding="utf-8")
    code, out, err = run("advise", filled)
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("Recommendation: PARTNERSHIP")


# --- schema, version, help ------------------------------------------------------------


def test_schema_prints_the_design_schema_as_json(tmp_path: Path) -> None:
    code, out, _ = run("schema")
    assert code == EXIT_OK
    schema = json.loads(out)
    assert schema == json.loads(schema_path().read_text(encoding="utf-8"))
    assert schema["required"] == ["schema_version", "title", "partners"]
    target = tmp_path / "design.schema.json"
    assert run("schema", "--output", target)[0] == EXIT_OK
    assert json.loads(target.read_text(encoding="utf-8")) == schema


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == EXIT_OK
    assert re.fullmatch(r"ict4d-training \d+\.\d+\.\d+\S*\n", out)


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "score" in result.output
    assert "validate" in result.output


# --- the installed entry point ----------------------------------------------------------


def entry_point() -> Path:
    script = Path(sys.executable).parent / "ict4d-training"
    if not script.exists():
        pytest.skip("the ict4d-training script is not installed next to this interpreter")
    return script


def test_installed_entry_point_scores_and_refuses() -> None:
    script = entry_point()
    good = subprocess.run([str(script), "score", str(design("strong-multi-stakeholder.yaml")), "--format", "json"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout) == score(load_design(design("strong-multi-stakeholder.yaml"))).to_dict()
    bad = subprocess.run([str(script), "score", str(design("several-problems.yaml"))],
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 6  # schema_version: 2 is no longer a problem
    blocked = subprocess.run([str(script), "score", str(design("no-outcomes.yaml"))],
                             capture_output=True, text=True, timeout=60, check=False)
    assert blocked.returncode == 1


def test_advise_questions_needs_no_answers_file_and_stays_valid_blank(tmp_path: Path) -> None:
    code, out, _err = run("advise", "--questions")
    assert code == EXIT_OK
    blank = tmp_path / "blank.yaml"
    blank.write_text(out, encoding="utf-8")
    code, advice, err = run("advise", blank)
    assert (code, err) == (EXIT_OK, "")
    assert advice.startswith("Recommendation: EITHER")


def test_advise_without_an_answers_file_says_what_to_do() -> None:
    code, _out, err = run("advise")
    assert code == EXIT_BAD_INPUT
    assert "give an answers file" in err
    assert "Traceback" not in err
