"""Cohort scoring: cohort.py (logic and renderers) and the `cohort` command of cli_trainer.py."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner, Result

from ict4d_training import Design, DesignError, Rubric, ScoreReport, load_design, score
from ict4d_training._documents import MAX_BYTES
from ict4d_training.cli import app
from ict4d_training.cli_trainer import PROGRESS_MIN_FILES, _progress
from ict4d_training.cohort import (
    BIN_LABELS,
    CohortEntry,
    CohortResult,
    collect_files,
    distribution,
    score_cohort,
)
from ict4d_training.render.cohort import heat_colours, render_cohort_html, render_cohort_text, render_csv
from ict4d_training.rubric import BAND_ORDER, ELEMENT_KEYS, LESSON_KEYS

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
GOOD = sorted(p.name for p in (FIXTURES / "good").iterdir() if p.suffix in (".yaml", ".yml", ".json"))
COLUMNS = ["file", "title", "overall", "band", *ELEMENT_KEYS, *LESSON_KEYS, "blockers"]


def run(*args: str | Path) -> Result:
    """The real `ict4d-training` command line, where cohort and health are registered."""
    return CliRunner().invoke(app, [str(arg) for arg in args])


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    """A copy of the good fixtures (six designs at the top, one in sub/), to add bad files to."""
    target = tmp_path / "cohort"
    shutil.copytree(FIXTURES / "good", target)
    return target


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- collecting files --------------------------------------------------------------------


def test_collect_files_takes_yaml_yml_and_json_at_the_top_only(cohort: Path) -> None:
    (cohort / ".hidden.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    listing = collect_files(cohort)
    assert [path.name for path in listing.files] == GOOD
    assert listing.root == cohort.resolve()


def test_collect_files_recursive_descends_into_sub_folders(cohort: Path) -> None:
    names = [path.relative_to(cohort).as_posix() for path in collect_files(cohort, recursive=True).files]
    assert names == sorted([*GOOD, "sub/nested-design.yaml"], key=lambda name: tuple(name.split("/")))


def test_a_linked_folder_is_not_followed_and_reported_if_it_leads_outside(cohort: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(FIXTURES / "good" / "ppp-only.yaml", outside / "secret.yaml")
    (cohort / "linked-outside").symlink_to(outside, target_is_directory=True)
    (cohort / "linked-inside").symlink_to(cohort / "sub", target_is_directory=True)
    listing = collect_files(cohort, recursive=True)
    names = [path.relative_to(cohort).as_posix() for path in listing.files]
    assert names == sorted([*GOOD, "sub/nested-design.yaml"], key=lambda name: tuple(name.split("/")))
    assert [bad.file for bad in listing.refused] == ["linked-outside/"]
    assert "outside" in listing.refused[0].reasons[0]
    assert collect_files(cohort).refused == ()  # without --recursive, folders are not looked at


def test_collect_files_accepts_upper_case_suffixes(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "good" / "ppp-only.yaml", tmp_path / "PPP.YAML")
    assert [path.name for path in collect_files(tmp_path).files] == ["PPP.YAML"]


@pytest.mark.parametrize("make", [lambda tmp: tmp / "missing", lambda tmp: _file(tmp / "a-file.yaml")])
def test_collect_files_refuses_a_missing_folder_or_a_file(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    with pytest.raises(DesignError) as caught:
        collect_files(make(tmp_path))
    assert len(caught.value.problems) == 1


def _file(path: Path) -> Path:
    path.write_text("x: 1\n", encoding="utf-8")
    return path


# --- scoring and aggregating -------------------------------------------------------------


def test_every_entry_is_the_score_of_its_file(cohort: Path) -> None:
    result = score_cohort(cohort, recursive=True)
    assert result.all_scored
    assert len(result.entries) == len(GOOD) + 1
    for entry in result.entries:
        assert entry.report == score(load_design(cohort / entry.file))


def test_entries_are_ranked_best_first(cohort: Path) -> None:
    overall = [entry.report.overall for entry in score_cohort(cohort).entries]
    assert overall == sorted(overall, reverse=True)


def test_common_gaps_count_the_designs_that_miss_each_criterion(cohort: Path) -> None:
    result = score_cohort(cohort)
    for gap in result.common_gaps:
        unmet = [e for e in result.entries if not next(f for f in e.report.findings if f.criterion == gap.criterion).met]
        assert gap.designs == len(unmet)
        assert gap.share == pytest.approx(len(unmet) / len(result.entries))
        assert gap.learn_more.startswith("book/")
    counts = [gap.designs for gap in result.common_gaps]
    assert counts == sorted(counts, reverse=True)


def test_distribution_counts_every_design_once_by_band_and_by_bin(cohort: Path) -> None:
    result = score_cohort(cohort)
    bands = dict(result.distribution.bands)
    assert list(bands) == list(BAND_ORDER)
    assert sum(bands.values()) == sum(result.distribution.bins) == len(result.entries)
    for entry in result.entries:
        assert bands[entry.report.band] >= 1
    assert result.entries[0].report.overall == pytest.approx(100)
    assert result.distribution.bins[9] == sum(round(e.report.overall, 1) >= 90 for e in result.entries)  # 100 too


def test_bins_follow_the_score_as_displayed() -> None:
    base = score(load_design(FIXTURES / "good" / "ppp-only.yaml"))
    entries = [CohortEntry(f"{value}.yaml", replace(base, overall=value)) for value in (0.0, 9.96, 79.99999, 80.0, 100.0)]
    assert distribution(entries).bins == (1, 1, 0, 0, 0, 0, 0, 0, 2, 1)
    assert len(BIN_LABELS) == 10


def test_element_means_are_the_means_of_the_entries(cohort: Path) -> None:
    result = score_cohort(cohort)
    for (key, _), mean in zip(result.elements, result.element_means, strict=True):
        scores = [entry.report.element(key).score for entry in result.entries]
        assert mean == pytest.approx(sum(scores) / len(scores))


# --- CSV ---------------------------------------------------------------------------------


def test_csv_has_the_columns_and_values_of_score(cohort: Path) -> None:
    result = score_cohort(cohort, recursive=True)
    text = render_csv(result)
    assert text.splitlines()[0].split(",") == COLUMNS
    rows = rows_of(text)
    assert [row["file"] for row in rows] == sorted(entry.file for entry in result.entries)
    for row in rows:
        report = score(load_design(cohort / row["file"]))
        expected = report.to_dict()
        assert row["title"].removeprefix("'") == report.title
        assert float(row["overall"]) == expected["overall"]
        assert row["band"] == expected["band"]
        for key in ELEMENT_KEYS:
            assert float(row[key]) == expected["elements"][key]["score"]
        for key in LESSON_KEYS:
            assert float(row[key]) == expected["lessons"][key]["score"]
        assert row["blockers"] == ";".join(blocker["code"] for blocker in expected["blockers"])


def test_csv_joins_several_blockers_with_semicolons(cohort: Path) -> None:
    row = next(row for row in rows_of(render_csv(score_cohort(cohort))) if row["file"] == "minimal-valid.yml")
    assert row["blockers"] == "single_partner;no_outcome"


def test_csv_neutralises_a_title_a_spreadsheet_would_run_as_a_formula(cohort: Path) -> None:
    row = next(row for row in rows_of(render_csv(score_cohort(cohort))) if row["file"] == "formula-in-title.yaml")
    assert row["title"].startswith("'=HYPERLINK(")


# --- HTML --------------------------------------------------------------------------------


@pytest.fixture
def dashboard(cohort: Path) -> tuple[CohortResult, str]:
    (cohort / "malformed-yaml.yaml").write_bytes((FIXTURES / "bad" / "malformed-yaml.yaml").read_bytes())
    result = score_cohort(cohort)
    return result, render_cohort_html(result)


def test_html_escapes_every_title(dashboard: tuple[CohortResult, str]) -> None:
    result, html = dashboard
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#39;cohort&#39;)&lt;/script&gt; Telecentres &amp; libraries" in html
    ranking = BeautifulSoup(html, "html.parser").find(id="ranking")
    assert ranking is not None
    for entry in result.entries:
        assert entry.report.title in ranking.get_text()


def test_html_heatmap_has_a_cell_for_every_element_of_every_design(dashboard: tuple[CohortResult, str]) -> None:
    result, html = dashboard
    soup = BeautifulSoup(html, "html.parser")
    for key in ELEMENT_KEYS:
        cells = soup.select(f'table.heatmap td.heat[data-element="{key}"]')
        assert len(cells) == len(result.entries)
        for cell, entry in zip(cells, result.entries, strict=True):
            score_text = f"{entry.report.element(key).score:.0f}"
            assert cell.get_text() == score_text  # the number is in the cell, not only the colour
            assert heat_colours(entry.report.element(key).score)[0] in str(cell["style"])


def test_html_lists_bad_files_with_their_reasons(dashboard: tuple[CohortResult, str]) -> None:
    result, html = dashboard
    section = BeautifulSoup(html, "html.parser").find(id="bad-files")
    assert section is not None
    assert "malformed-yaml.yaml" in section.get_text()
    assert 'malformed-yaml.yaml:3: title: the quote (") that opens this text is never closed' in section.get_text()
    assert result.bad_files[0].reasons[0] in section.get_text()


def test_html_is_self_contained(dashboard: tuple[CohortResult, str]) -> None:
    _, html = dashboard
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "link", "img", "iframe", "object"])
    assert "@import" not in html and "url(" not in html
    assert len(soup.find_all("svg")) == 2
    assert not soup.find_all("a")  # no book address given: pages are named, not linked relatively
    linked = BeautifulSoup(render_cohort_html(dashboard[0], "https://b.example/"), "html.parser")
    assert linked.find_all("a")
    assert all(str(a["href"]).startswith("https://b.example/book/") for a in linked.find_all("a"))


def test_html_shows_common_gaps_with_learn_more_links(dashboard: tuple[CohortResult, str]) -> None:
    result, html = dashboard
    gaps = BeautifulSoup(html, "html.parser").find(id="common-gaps")
    assert gaps is not None
    items = gaps.find_all("li")
    assert len(items) == min(10, len(result.common_gaps))
    assert f"Learn more: {result.common_gaps[0].learn_more} in the course book" in items[0].get_text()
    linked = BeautifulSoup(render_cohort_html(result, "file:///srv/book"), "html.parser").find(id="common-gaps")
    assert linked is not None
    link = linked.find_all("li")[0].find("a")
    assert link is not None and link["href"] == "file:///srv/book/" + result.common_gaps[0].learn_more


def test_text_summary_ranks_every_design(cohort: Path) -> None:
    result = score_cohort(cohort)
    text = render_cohort_text(result)
    for entry in result.entries:
        assert entry.file in text
    assert text.index("strong-multi-stakeholder.yaml") < text.index("minimal-valid.yml")


# --- bad files: each kind is reported, and the others are still scored ---------------------


def _malformed(folder: Path) -> Path:
    return _copy_bad(folder, "malformed-yaml.yaml")


def _invalid(folder: Path) -> Path:
    return _copy_bad(folder, "invalid-design.yaml")


def _copy_bad(folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copy(FIXTURES / "bad" / name, target)
    return target


def _too_big(folder: Path) -> Path:
    path = folder / "too-big.yaml"
    path.write_text("schema_version: 1\n# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    return path


def _binary(folder: Path) -> Path:
    path = folder / "photo.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def _nul_bytes(folder: Path) -> Path:
    path = folder / "nul.json"
    path.write_bytes(b'{"schema_version": 1, "title": "a\x00b"}')
    return path


def _symlink_outside(folder: Path) -> Path:
    outside = folder.parent / "outside-secret.yaml"
    shutil.copy(FIXTURES / "good" / "ppp-only.yaml", outside)
    link = folder / "link-outside.yaml"
    link.symlink_to(outside)
    return link


def _dangling_link(folder: Path) -> Path:
    link = folder / "dangling.yaml"
    link.symlink_to(folder / "no-such-file.yaml")
    return link


def _looping_link(folder: Path) -> Path:
    link = folder / "loop.yaml"
    link.symlink_to(link)
    return link


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


BAD_KINDS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "malformed YAML": (_malformed, "the quote (\") that opens this text is never closed"),
    "invalid design": (_invalid, "did you mean 'champion'?"),
    "over 1 MB": (_too_big, "larger than 1 MB"),
    "binary bytes": (_binary, "not UTF-8"),
    "NUL bytes": (_nul_bytes, "binary file"),
    "symlink outside": (_symlink_outside, "outside the folder"),
    "dangling symlink": (_dangling_link, "does not exist"),
    "symlink loop": (_looping_link, "cannot be followed"),
    "named pipe": (_fifo, "not a regular file"),
}


@pytest.mark.parametrize("kind", list(BAD_KINDS))
def test_each_kind_of_bad_file_is_reported_and_the_rest_scored(cohort: Path, kind: str) -> None:
    make, reason = BAD_KINDS[kind]
    bad = make(cohort)
    result = score_cohort(cohort)
    assert [entry.file for entry in sorted(result.entries, key=lambda e: e.file)] == GOOD
    assert [item.file for item in result.bad_files] == [bad.name]
    assert reason in "\n".join(result.bad_files[0].reasons)
    assert result.bad_files[0].reasons[0].startswith(str(bad))
    assert not result.all_scored


def test_a_symlink_outside_is_refused_without_being_read(cohort: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    link = _symlink_outside(cohort)
    opened: list[str] = []
    real_open = open

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy_open)
    score_cohort(cohort)
    assert any(name.endswith("ppp-only.yaml") for name in opened)  # the spy sees the files that are read
    assert str(link.resolve()) not in opened
    assert not any("outside-secret" in name for name in opened)


def test_a_symlink_to_a_file_inside_the_folder_is_scored(cohort: Path) -> None:
    (cohort / "alias.yaml").symlink_to(cohort / "ppp-only.yaml")
    result = score_cohort(cohort)
    assert result.all_scored
    assert "alias.yaml" in [entry.file for entry in result.entries]


def test_an_unreadable_file_is_reported(cohort: Path) -> None:
    path = cohort / "locked.yaml"
    shutil.copy(FIXTURES / "good" / "ppp-only.yaml", path)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user (root?) who can read a chmod 000 file")
        result = score_cohort(cohort)
        assert [bad.file for bad in result.bad_files] == ["locked.yaml"]
        assert "cannot be read" in result.bad_files[0].reasons[0]
        assert len(result.entries) == len(GOOD)
    finally:
        path.chmod(0o644)


def test_a_permission_error_is_reported_even_when_running_as_root(cohort: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open

    def refusing_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("ppp-only.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", refusing_open)
    result = score_cohort(cohort)
    assert [bad.reasons for bad in result.bad_files] == [(f"{cohort / 'ppp-only.yaml'}: cannot be read (Permission denied)",)]
    assert len(result.entries) == len(GOOD) - 1


def test_an_internal_error_costs_only_its_own_file(cohort: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ict4d_training.cohort as cohort_module

    real_score = cohort_module.score

    def fragile_score(design: Design, rubric: Rubric | None = None) -> ScoreReport:
        if design.title == "A minimal design":
            raise ZeroDivisionError("division by zero")
        return real_score(design, rubric)

    monkeypatch.setattr(cohort_module, "score", fragile_score)
    result = score_cohort(cohort)
    assert [bad.file for bad in result.bad_files] == ["minimal-valid.yml"]
    assert "internal error (ZeroDivisionError: division by zero)" in result.bad_files[0].reasons[0]
    assert len(result.entries) == len(GOOD) - 1


def test_all_kinds_at_once_are_all_reported(cohort: Path) -> None:
    made = sorted(make(cohort).name for make, _ in BAD_KINDS.values())
    result = score_cohort(cohort)
    assert [bad.file for bad in result.bad_files] == made
    assert len(result.entries) == len(GOOD)


# --- the command -------------------------------------------------------------------------


def test_command_exit_0_writes_both_reports_and_prints_a_summary(cohort: Path, tmp_path: Path) -> None:
    csv_path, html_path = tmp_path / "out" / "cohort.csv", tmp_path / "out" / "cohort.html"
    csv_path.parent.mkdir()
    result = run("cohort", cohort, "--csv", csv_path, "--html", html_path)
    assert result.exit_code == 0, result.output
    assert rows_of(csv_path.read_text(encoding="utf-8"))[0].keys() == set(COLUMNS)
    assert len(rows_of(csv_path.read_text(encoding="utf-8"))) == len(GOOD)
    assert "Cohort dashboard" in html_path.read_text(encoding="utf-8")
    assert f"Scored {len(GOOD)} of {len(GOOD)} files" in result.stdout
    assert "Wrote" not in result.stdout and f"Wrote {csv_path}" in result.stderr
    assert sorted(csv_path.parent.iterdir()) == [csv_path, html_path]  # no temporary files left behind


def test_command_exit_2_lists_bad_files_and_still_writes_reports(cohort: Path, tmp_path: Path) -> None:
    _malformed(cohort)
    _symlink_outside(cohort)
    csv_path, html_path = tmp_path / "cohort.csv", tmp_path / "cohort.html"
    result = run("cohort", cohort, "--csv", csv_path, "--html", html_path)
    assert result.exit_code == 2
    assert f"{cohort / 'malformed-yaml.yaml'}:3: title: the quote (\") that opens this text" in result.stderr
    assert "link-outside.yaml: is a link to" in result.stderr
    assert "Traceback" not in result.output
    assert len(rows_of(csv_path.read_text(encoding="utf-8"))) == len(GOOD)
    assert "link-outside.yaml" in html_path.read_text(encoding="utf-8")
    assert "2 could not be scored" in result.stdout


def test_command_recursive(cohort: Path, tmp_path: Path) -> None:
    flat = run("cohort", cohort, "--csv", tmp_path / "flat.csv")
    deep = run("cohort", cohort, "--recursive", "--csv", tmp_path / "deep.csv")
    assert flat.exit_code == deep.exit_code == 0
    assert "sub/nested-design.yaml" not in (tmp_path / "flat.csv").read_text(encoding="utf-8")
    assert "sub/nested-design.yaml" in (tmp_path / "deep.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(("setup", "message"), [
    (lambda tmp: tmp / "no-such-folder", "folder not found"),
    (lambda tmp: tmp, "no .yaml, .yml or .json design files found (use --recursive"),
])
def test_command_exit_2_with_one_line_when_there_is_nothing_to_score(
        tmp_path: Path, setup: Callable[[Path], Path], message: str) -> None:
    (tmp_path / "readme.txt").write_text("not a design", encoding="utf-8")
    result = run("cohort", setup(tmp_path), "--html", tmp_path / "report.html")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert not (tmp_path / "report.html").exists()


def test_interrupted_write_leaves_the_previous_report(cohort: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    csv_path, html_path = tmp_path / "cohort.csv", tmp_path / "cohort.html"
    csv_path.write_text("the previous CSV\n", encoding="utf-8")
    html_path.write_text("<p>the previous dashboard</p>\n", encoding="utf-8")

    def failing_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run("cohort", cohort, "--csv", csv_path, "--html", html_path)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert csv_path.read_text(encoding="utf-8") == "the previous CSV\n"
    assert html_path.read_text(encoding="utf-8") == "<p>the previous dashboard</p>\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cohort", "cohort.csv", "cohort.html"]


def test_many_files_keep_stdout_clean(tmp_path: Path) -> None:
    design = (FIXTURES / "good" / "ppp-only.yaml").read_text(encoding="utf-8")
    for index in range(30):
        (tmp_path / f"group-{index:02}.yaml").write_text(design.replace("(public-private only)", f"group {index}"),
                                                         encoding="utf-8")
    result = run("cohort", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Cohort: {tmp_path}\nScored 30 of 30 files\n")
    assert "[" not in result.stdout.split("\n", 3)[2]  # no progress bar in the summary


def test_progress_bar_goes_to_stderr_and_only_in_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _progress(PROGRESS_MIN_FILES + 1, "Scoring designs") as advance:
        for _ in range(PROGRESS_MIN_FILES + 1):
            advance()
    assert "Scoring designs" in terminal.getvalue() and "100%" in terminal.getvalue()
    assert capsys.readouterr().out == ""
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    with _progress(PROGRESS_MIN_FILES, "Scoring designs") as advance:
        advance()
    assert quiet.getvalue() == ""


def test_command_uses_a_trainers_rubric(cohort: Path, tmp_path: Path) -> None:
    rubric = tmp_path / "bad-rubric.yaml"
    rubric.write_text("schema_version: 1\n", encoding="utf-8")
    result = run("cohort", cohort, "--rubric", rubric)
    assert result.exit_code == 2
    assert "missing required field" in result.stderr
