"""The command line (cli.py, contract section 4): score, the rubric option and validate; exit codes, formats, files."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from _cli import BAD_FIXTURES, PROBLEM_LINE, UNLOCATED_BAD_FIXTURES, design, no_course_repository, run  # noqa: F401
from ict4d_training import load_design, score
from ict4d_training.cli.main import EXIT_BAD_INPUT, EXIT_BLOCKERS, EXIT_OK
from ict4d_training.core.documents import MAX_BYTES

# --- score ----------------------------------------------------------------------------


def test_score_strong_design_exits_0() -> None:
    code, out, err = run("score", design("strong-multi-stakeholder.yaml"))
    assert code == EXIT_OK == 0
    assert out.startswith("Market prices by text message, Eastern Province\n")
    assert "Band: strong" in out
    assert err == ""


@pytest.mark.parametrize("name", ["single-partner.yaml", "no-outcomes.yaml", "obstructive-policy.yaml",
                                  "absent-infrastructure.yaml", "minimal-valid.yaml"])
def test_score_design_with_blockers_exits_1(name: str) -> None:
    code, out, _err = run("score", design(name))
    assert code == EXIT_BLOCKERS == 1
    assert "BLOCKERS" in out


@pytest.mark.parametrize("name", ["strong-multi-stakeholder.yaml", "strong-multi-stakeholder.json", "ppp-only.yaml",
                                  "single-partner.yaml", "html-in-partner-name.yaml"])
def test_score_json_is_the_report_dict(name: str) -> None:
    code, out, _err = run("score", design(name), "--format", "json")
    report = score(load_design(design(name)))
    assert code == (EXIT_BLOCKERS if report.blockers else EXIT_OK)
    assert json.loads(out) == report.to_dict()


def test_score_formats(tmp_path: Path) -> None:
    path = design("ppp-only.yaml")
    _, text, _ = run("score", path, "--format", "text")
    _, markdown, _ = run("score", path, "-f", "markdown")
    _, html, _ = run("score", path, "-f", "html")
    assert text.startswith("Market prices by text message (public-private only)\n=====")
    assert "this is a PPP" in text
    assert "Learn more: book/elements/stakeholders.html#sector-diversity" in text
    assert markdown.startswith("# Score report: Market prices by text message (public-private only)\n")
    assert "| stakeholders | 66.7 |" in markdown
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "<svg" in html
    assert html.rstrip().endswith("</html>")


def test_score_unknown_format_is_a_usage_error() -> None:
    code, _out, err = run("score", design("ppp-only.yaml"), "--format", "pdf")
    assert code == 2
    assert "pdf" in err


def test_score_base_url_prefixes_links() -> None:
    _, out, _ = run("score", design("ppp-only.yaml"), "--base-url", "https://course.example/")
    assert "Learn more: https://course.example/book/elements/stakeholders.html#sector-diversity" in out


@pytest.mark.parametrize(("fmt", "start"), [("json", "{"), ("html", "<!DOCTYPE html>"), ("markdown", "# Score"),
                                            ("text", "Market prices")])
def test_score_output_writes_the_file(tmp_path: Path, fmt: str, start: str) -> None:
    target = tmp_path / f"report.{fmt}"
    code, out, err = run("score", design("ppp-only.yaml"), "--format", fmt, "--output", target)
    assert code == EXIT_OK
    assert out == ""
    assert f"Wrote {target}" in err
    written = target.read_text(encoding="utf-8")
    assert written.lstrip().startswith(start)
    _, printed, _ = run("score", design("ppp-only.yaml"), "--format", fmt)
    assert written.rstrip("\n") == printed.rstrip("\n")
    assert not [item for item in tmp_path.iterdir() if item.name.endswith(".tmp")]


def test_score_output_keeps_the_blocker_exit_code(tmp_path: Path) -> None:
    target = tmp_path / "blocked.json"
    code, _, _ = run("score", design("single-partner.yaml"), "-f", "json", "-o", target)
    assert code == EXIT_BLOCKERS
    assert json.loads(target.read_text(encoding="utf-8"))["band"] == "do_not_start"


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for one test, and put the old one back after it."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask) and None
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_written_files_get_the_mode_the_umask_gives(tmp_path: Path, umask: Callable[[int], None], mask: int,
                                                   mode: int) -> None:
    umask(mask)
    report, template = tmp_path / "report.html", tmp_path / "my-design.yaml"
    cohort_html, cohort_csv = tmp_path / "cohort.html", tmp_path / "cohort.csv"
    assert run("score", design("ppp-only.yaml"), "-f", "html", "-o", report)[0] == EXIT_OK
    assert run("template", "-o", template)[0] == EXIT_OK
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    (submissions / "group-1.yaml").write_bytes(design("ppp-only.yaml").read_bytes())
    assert run("cohort", submissions, "--html", cohort_html, "--csv", cohort_csv)[0] == EXIT_OK
    for path in (report, template, cohort_html, cohort_csv):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_replacing_a_private_file_gives_the_umask_mode_and_leaves_no_temporary(tmp_path: Path,
                                                                               umask: Callable[[int], None]) -> None:
    umask(0o022)
    target = tmp_path / "report.md"
    target.write_text("old report\n", encoding="utf-8")
    target.chmod(0o600)  # as earlier versions wrote it
    assert run("score", design("ppp-only.yaml"), "-f", "markdown", "-o", target)[0] == EXIT_OK
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text(encoding="utf-8").startswith("# Score report")
    assert [item.name for item in tmp_path.iterdir()] == ["report.md"]


def test_score_output_into_a_missing_folder_is_bad_input(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.json"
    code, _out, err = run("score", design("ppp-only.yaml"), "-o", target)
    assert code == EXIT_BAD_INPUT
    assert f"{target}: cannot write" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", BAD_FIXTURES)
def test_bad_design_prints_located_problems_and_exits_2(name: str) -> None:
    code, out, err = run("score", design(name))
    assert code == EXIT_BAD_INPUT == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert lines
    for line in lines:
        assert line.startswith(f"{design(name)}:")
        assert PROBLEM_LINE.match(line), line
    assert "Traceback" not in err


@pytest.mark.parametrize("name", UNLOCATED_BAD_FIXTURES)
def test_unusable_file_exits_2_without_traceback(name: str) -> None:
    code, out, err = run("score", design(name))
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert err.startswith(f"{design(name)}")
    assert "Traceback" not in err


def test_all_problems_are_printed_at_once() -> None:
    code, _out, err = run("validate", design("several-problems.yaml"))
    assert code == EXIT_BAD_INPUT
    lines = err.strip().splitlines()
    # schema_version: 2 (line 2) is a supported version since design format 2, so six problems remain.
    assert len(lines) == 6
    assert [int(line.split(":")[1]) for line in lines] == [5, 7, 11, 12, 16, 17]
    assert "did you mean 'champion'?" in lines[-1]


def test_huge_file_is_refused_by_name_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    code, out, err = run("score", path)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert err.strip() == f"{path}: file is larger than 1 MB; a design is a few kilobytes"


def test_non_utf8_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"schema_version: 1\n\ntitle: S\xe3o Tom\xe9\n")
    code, _out, err = run("score", path)
    assert code == EXIT_BAD_INPUT
    assert err.startswith(f"{path}:3: is not UTF-8 text")


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    code, _out, err = run("score", tmp_path / "missing.yaml")
    assert code == EXIT_BAD_INPUT
    assert err.strip() == f"{tmp_path / 'missing.yaml'}: file not found"


# --- rubric option --------------------------------------------------------------------


def test_score_with_a_custom_rubric(tmp_path: Path) -> None:
    from importlib import resources

    text = resources.files("ict4d_training").joinpath("data/rubric.yaml").read_text(encoding="utf-8")
    heavier = tmp_path / "rubric.yaml"
    heavier.write_text(text.replace("    measure: sector_diversity\n    weight: 6",
                                    "    measure: sector_diversity\n    weight: 40"), encoding="utf-8")
    _, default_out, _ = run("score", design("ppp-only.yaml"), "-f", "json")
    code, custom_out, _ = run("score", design("ppp-only.yaml"), "-f", "json", "--rubric", heavier)
    assert code == EXIT_OK
    assert json.loads(custom_out)["overall"] < json.loads(default_out)["overall"]


def test_bad_rubric_is_bad_input_with_line(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text("schema_version: 1\nname: broken\nelements: []\n", encoding="utf-8")
    code, out, err = run("score", design("ppp-only.yaml"), "--rubric", path)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert re.search(rf"^{re.escape(str(path))}:\d+: ", err, re.MULTILINE)
    assert "Traceback" not in err


# --- validate -------------------------------------------------------------------------


def test_validate_good_files_exits_0() -> None:
    code, out, err = run("validate", design("strong-multi-stakeholder.yaml"), design("minimal-valid.yaml"),
                         design("strong-multi-stakeholder.json"))
    assert code == EXIT_OK
    assert out.splitlines() == [
        f"{design('strong-multi-stakeholder.yaml')}: valid (Market prices by text message, Eastern Province; 4 partners)",
        f"{design('minimal-valid.yaml')}: valid (A minimal design; 1 partners)",
        f"{design('strong-multi-stakeholder.json')}: valid (Market prices by text message, Eastern Province; "
        "4 partners)",
    ]
    assert err == ""


def test_validate_with_one_bad_file_exits_2_and_reports_the_good_ones() -> None:
    code, out, err = run("validate", design("ppp-only.yaml"), design("unknown-sector.yaml"),
                         design("minimal-valid.yaml"))
    assert code == EXIT_BAD_INPUT
    assert f"{design('ppp-only.yaml')}: valid" in out
    assert f"{design('minimal-valid.yaml')}: valid" in out
    assert "unknown-sector" not in out
    assert err.strip() == (f"{design('unknown-sector.yaml')}:10: partners[1].sector: 'ngo' is not allowed; use one of: "
                           "government, regulator, private, business_association, civil_society, community, academia, "
                           "donor, multilateral")


def test_validate_does_not_score() -> None:
    # A blocked design is still a valid design: validate only checks the format.
    code, out, _ = run("validate", design("single-partner.yaml"))
    assert code == EXIT_OK
    assert "valid" in out


def test_score_with_the_v1_rubric_keeps_its_bands_and_exit_codes() -> None:
    from importlib import resources

    v1 = Path(str(resources.files("ict4d_training").joinpath("data/rubric-v1.yaml")))
    code, out, _ = run("score", design("v1-strong-multi-stakeholder.yaml"), "-f", "json", "--rubric", v1)
    assert code == EXIT_OK
    assert json.loads(out)["overall"] == 100.0
    code, out, _ = run("score", design("single-partner.yaml"), "--rubric", v1)
    assert code == EXIT_BLOCKERS
    assert "Band: do not start" not in out and "BLOCKERS (1)" in out
