"""The cohort dashboard as a trainer meets it: heatmap first, ranking after, bad files at the end, no alarm.

Also the trainers' guide's commands: they exist in the command line as written, and the guide's
cohort commands give "Learn more" links that open (the local build after `make book`, or --base-url).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import jupytext
import pytest
import typer
from bs4 import BeautifulSoup

from _cli import no_course_repository, run  # noqa: F401
from ict4d_training.cli.main import app
from ict4d_training.files.folders import score_cohort
from ict4d_training.render.cohort import render_cohort_html
from test_cli_links import course_repository, follow, learn_more_urls, use_repository

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tests" / "fixtures" / "cohort-demo"
NOTEBOOK = ROOT / "exercises" / "trainer-cohort.md"
GUIDE = ROOT / "book" / "trainers-guide.md"
SHOW_PART = re.compile(r'show_part\("([a-z-]+)"')


# --- the dashboard page (ict4d-training cohort --html, and the notebook's saved cohort.html) ----


def section_ids(html: str) -> list[str]:
    return [str(section["id"]) for section in BeautifulSoup(html, "html.parser").find_all("section")]


def test_the_dashboard_opens_on_the_heatmap_and_keeps_the_ranking_and_bad_files_for_later() -> None:
    cohort = score_cohort(DEMO)
    assert cohort.bad_files, "the demo folder keeps its deliberately broken file"
    html = render_cohort_html(cohort)
    ids = section_ids(html)
    assert ids[0] == "heatmap"
    assert ids.index("ranking") > ids.index("heatmap")
    assert ids.index("ranking") > max(ids.index("common-gaps"), ids.index("distribution"))
    assert ids[-1] == "bad-files"
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(attrs={"role": "alert"}) is None  # a static page, not an emergency
    summary = soup.find("h1").find_next_sibling("p").get_text(" ", strip=True)
    assert "1 file could not be scored (listed at the end of this page)" in summary
    assert "group-7-calm-seas.yaml" in soup.find(id="bad-files").get_text()


def test_the_bad_files_box_is_quiet() -> None:
    html = render_cohort_html(score_cohort(DEMO))
    rule = re.search(r"\.bad \{([^}]*)\}", html)
    assert rule is not None
    red = ("#b42318", "#fef3f2", "red")
    assert not any(colour in rule.group(1) for colour in red), rule.group(1)


def test_a_cohort_without_bad_files_has_no_bad_files_section(tmp_path: Path) -> None:
    for design in DEMO.glob("group-[1-6]-*"):
        shutil.copy(design, tmp_path / design.name)
    html = render_cohort_html(score_cohort(tmp_path))
    assert "bad-files" not in section_ids(html)
    assert "could not be scored" not in html


# --- the trainer notebook -----------------------------------------------------------------------


def notebook_code() -> list[str]:
    return [cell.source for cell in jupytext.read(NOTEBOOK).cells if cell.cell_type == "code"]


def test_the_notebook_shows_the_heatmap_first_and_the_ranking_last() -> None:
    parts = [part for source in notebook_code() for part in SHOW_PART.findall(source)]
    assert parts[0] == "heatmap"
    assert parts[-1] == "ranking"
    assert sorted(parts) == ["distribution", "heatmap", "ranking"]


def test_the_notebook_lists_bad_files_only_after_every_result() -> None:
    code = notebook_code()
    listing = next(i for i, source in enumerate(code) if "for reason in bad_file.reasons" in source)
    results = [i for i, source in enumerate(code) if SHOW_PART.search(source) or "common_gaps" in source]
    assert results and listing > max(results)
    headings = [line for line in NOTEBOOK.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert headings.index("## The heatmap") < headings.index("## The ranking") < headings.index(
        "## Files that could not be scored")


@pytest.mark.kernel
def test_the_notebook_runs_without_an_error_box(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nbclient

    monkeypatch.setenv("ICT4D_TRAINING_DRAFTS", str(tmp_path))
    notebook = jupytext.read(NOTEBOOK)
    nbclient.NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    # JupyterLab shows stderr and errors in a red box; a normal run of the demo must show neither.
    assert not [output for output in outputs if output.output_type == "error"]
    assert not [output for output in outputs if output.get("name") == "stderr"]
    summary = next(output.text for output in outputs if output.output_type == "stream")
    assert "1 file was left out: the end of this notebook says what to fix." in summary
    frames = [output.data["text/html"] for output in outputs
              if output.output_type == "display_data" and "<iframe" in output.data.get("text/html", "")]
    assert 'title="Cohort dashboard: heatmap"' in frames[0]
    assert 'title="Cohort dashboard: ranking"' in frames[-1]


# --- the trainers' guide's commands ---------------------------------------------------------------


def guide_commands(section: str | None = None) -> list[list[str]]:
    """Every `ict4d-training ...` command in the guide's shell blocks (continued lines joined)."""
    text = GUIDE.read_text(encoding="utf-8")
    if section is not None:
        start = text.index(f"## {section}\n")
        end = text.find("\n## ", start + 1)
        text = text[start:end if end != -1 else None]
    commands = []
    for block in re.findall(r"```(?:sh|bash)\n(.*?)```", text, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line)
            if words[:1] == ["ict4d-training"]:
                commands.append(words[1:])
    return commands


def test_every_command_in_the_guide_exists_with_its_options() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]  # a click Group
    written = guide_commands()
    assert {words[0] for words in written} >= {"cohort", "health"}
    for words in written:
        name, *rest = words
        assert name in commands, words
        known = {option for param in commands[name].params for option in param.opts}
        for word in rest:
            if word.startswith("-"):
                assert word.split("=")[0] in known, (words, word)


def cohort_commands() -> list[list[str]]:
    found = [words for words in guide_commands("Debrief with the cohort dashboard") if words[0] == "cohort"]
    assert len(found) >= 2  # as written, and with --base-url
    return found


def run_in_the_room(words: list[str], room: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a guide command in a folder holding `submissions/` (the demo designs); the dashboard's HTML."""
    shutil.copytree(DEMO, room / "submissions", dirs_exist_ok=True)
    monkeypatch.chdir(room)
    code, _, _ = run(*words)
    assert code == 2, words  # the demo's broken file is listed, never fatal
    dashboard = words[words.index("--html") + 1]
    assert (room / words[words.index("--csv") + 1]).is_file()
    return (room / dashboard).read_text(encoding="utf-8")


def test_the_guides_base_url_command_links_to_the_published_course(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = next(words for words in cohort_commands() if "--base-url" in words)
    base = words[words.index("--base-url") + 1]
    urls = learn_more_urls(run_in_the_room(words, tmp_path, monkeypatch))
    assert urls and all(url.startswith(base + "book/") for url in urls)


@pytest.mark.book
def test_the_guides_command_after_make_book_links_to_pages_that_open(
        built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As the guide says: run from the course folder after `make book`, no --base-url.
    use_repository(monkeypatch, course_repository(tmp_path / "course", built=built_site))
    words = next(words for words in cohort_commands() if "--base-url" not in words)
    html = run_in_the_room(words, tmp_path / "course", monkeypatch)
    urls = learn_more_urls(html)
    assert len(urls) >= 5
    for url in urls:
        follow(url)
    assert "address was not known" not in html
