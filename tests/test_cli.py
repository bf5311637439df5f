"""cli.py: the `ict4d-training` command line (contract section 4): exit codes, formats, files."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from ict4d_training import load_design, score
from ict4d_training._book_links import book_base_url
from ict4d_training._documents import MAX_BYTES
from ict4d_training.cli import EXIT_BAD_INPUT, EXIT_BLOCKERS, EXIT_OK, app
from ict4d_training.template import schema_path

DESIGNS = Path(__file__).parent / "fixtures" / "designs"
PROBLEM_LINE = re.compile(r"^.+:\d+: [a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*: .+$")
BAD_FIXTURES = ["duplicate-partner-ids.yaml", "unknown-sector.yaml", "typo-in-key.yaml",
                "agreed-by-unknown-partner.yaml", "review-every-100-months.yaml", "duplicate-keys.yaml",
                "duplicate-keys.json", "several-problems.yaml"]
UNLOCATED_BAD_FIXTURES = ["top-level-list.yaml", "alias-bomb.yaml", "tabs-and-syntax-error.yaml"]

runner = CliRunner()


@pytest.fixture(autouse=True)
def no_course_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports as made from an installed package: whether this checkout has a built book must not matter."""
    monkeypatch.setattr("ict4d_training.cli.repository_root", lambda: None)
    monkeypatch.setattr("ict4d_training.cli_trainer.repository_root", lambda: None)


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def design(name: str) -> Path:
    return DESIGNS / name


def answers_file(tmp_path: Path, answers: dict[str, str], name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    lines = ["schema_version: 1", "scenario: A test scenario", "answers:"]
    lines += [f"  {key}: {value}" for key, value in answers.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


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
    assert "| stakeholders | 73.3 |" in markdown
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
    assert json.loads(target.read_text(encoding="utf-8"))["band"] == "emerging"


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
    assert len(lines) == 7
    assert [int(line.split(":")[1]) for line in lines] == [2, 5, 7, 11, 12, 16, 17]
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
    heavier.write_text(text.replace("    measure: sector_diversity\n    weight: 4",
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
                           "government, regulator, private, civil_society, community, academia, donor, multilateral")


def test_validate_does_not_score() -> None:
    # A blocked design is still a valid design: validate only checks the format.
    code, out, _ = run("validate", design("single-partner.yaml"))
    assert code == EXIT_OK
    assert "valid" in out


# --- where "Learn more" leads ----------------------------------------------------------

LEARN_MORE_URL = re.compile(r"Learn more: (\S+)|\]\(([^\s)]+)\)|href=\"([^\"]+)\"")


def course_repository(root: Path, config: str = "", built: Path | None = None) -> Path:
    """A checkout of the course as the command line sees it: _config.yml, _toc.yml and maybe _build/html."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(f"title: A course\n{config}", encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    if built is not None:
        (root / "_build").mkdir()
        (root / "_build" / "html").symlink_to(built)
    return root


def use_repository(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    monkeypatch.setattr("ict4d_training.cli.repository_root", lambda: root)
    monkeypatch.setattr("ict4d_training.cli_trainer.repository_root", lambda: root)


def learn_more_urls(text: str) -> list[str]:
    return [next(group for group in match.groups() if group) for match in LEARN_MORE_URL.finditer(text)]


def follow(url: str) -> str:
    """Open a file:// learn-more link: the page must exist and hold the anchor it names."""
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    page = Path(unquote(parts.path))
    assert page.is_file(), url
    html = page.read_text(encoding="utf-8")
    assert f'id="{parts.fragment}"' in html, url
    return html


def test_base_url_comes_from_the_option_then_config_then_the_local_build(tmp_path: Path) -> None:
    built = tmp_path / "site"
    built.mkdir()
    (built / "index.html").write_text("<!DOCTYPE html><title>Course</title>", encoding="utf-8")
    published = course_repository(tmp_path / "published", "html:\n  baseurl: https://course.example/ict4d\n", built)
    local = course_repository(tmp_path / "local", "html:\n  use_issues_button: false\n", built)
    unbuilt = course_repository(tmp_path / "unbuilt")
    broken = course_repository(tmp_path / "broken", "html: [unclosed\n", built)
    assert book_base_url("https://mine.example/book", published) == "https://mine.example/book/"
    assert book_base_url("", published) == "https://course.example/ict4d/"
    assert book_base_url("", local) == built.resolve().as_uri() + "/"
    assert book_base_url("", broken) == built.resolve().as_uri() + "/"
    assert book_base_url("", unbuilt) == ""
    assert book_base_url("", None) == ""


def test_without_a_book_reports_say_where_each_page_is() -> None:
    _, out, _ = run("score", design("no-outcomes.yaml"))
    assert "Learn more: book/elements/objectives.html#development-outcomes in the course book" in out
    assert "The course book's address was not known when this report was made" in out
    assert "--base-url" in out


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_reports_link_to_the_local_built_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    # A tiny built book: the one page the report is checked against, as Sphinx writes it.
    built = tmp_path / "html"
    (built / "book" / "elements").mkdir(parents=True)
    (built / "index.html").write_text("<!DOCTYPE html><title>Course</title>", encoding="utf-8")
    (built / "book" / "elements" / "objectives.html").write_text(
        '<!DOCTYPE html><section id="development-outcomes"><h2>Development outcomes</h2></section>', encoding="utf-8")
    use_repository(monkeypatch, course_repository(tmp_path / "course", built=built))
    _, out, _ = run("score", design("no-outcomes.yaml"), "-f", fmt)
    urls = learn_more_urls(out)
    expected = (built / "book" / "elements" / "objectives.html").resolve().as_uri() + "#development-outcomes"
    assert expected in urls
    assert "Development outcomes" in follow(expected)
    assert all(url.startswith(built.resolve().as_uri() + "/book/") for url in urls)
    assert "address was not known" not in out


@pytest.mark.book
def test_every_learn_more_link_of_every_report_opens_a_page_of_the_built_book(
        built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_repository(monkeypatch, course_repository(tmp_path / "course", built=built_site))
    followed: set[str] = set()
    for name in ("no-outcomes.yaml", "minimal-valid.yaml", "ppp-only.yaml"):
        for fmt in ("text", "html", "markdown"):
            _, out, _ = run("score", design(name), "-f", fmt)
            followed.update(learn_more_urls(out))
    dashboard = tmp_path / "cohort.html"
    run("cohort", DESIGNS.parent / "cohort-demo", "--html", dashboard)
    cohort_urls = learn_more_urls(dashboard.read_text(encoding="utf-8"))
    assert cohort_urls
    followed.update(cohort_urls)
    for url in sorted(followed):
        follow(url)
    assert len({url.split("#")[0] for url in followed}) >= 8  # pages of every element, not one page


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
    assert len(bad.stderr.strip().splitlines()) == 7
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
