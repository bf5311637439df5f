"""Trainer commands: `cohort` (score a folder of designs) and `health` (a multi-rater health check).

Like cli.py, these only parse arguments, call the library and print; the logic lives in
cohort.py and health.py. `register(app)` adds both commands to a Typer app.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from ict4d_training.core.cohort import BadFile
from ict4d_training.core.errors import InputError
from ict4d_training.files.book_links import BASE_URL_HELP, book_base_url, repository_root
from ict4d_training.files.folders import FileList, check_health, collect_files, score_cohort
from ict4d_training.files.loading import load_questionnaire, load_rubric
from ict4d_training.files.writing import write_atomically
from ict4d_training.render.cohort import render_cohort_html, render_cohort_text, render_csv
from ict4d_training.render.health import render_health_html, render_health_text

EXIT_OK, EXIT_BAD_INPUT = 0, 2
# Below this many files a run takes a moment, and a progress bar would only flicker.
PROGRESS_MIN_FILES = 20


def _bad_input(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _listing(directory: Path, recursive: bool, kind: str) -> FileList:
    try:
        listing = collect_files(directory, recursive)
    except InputError as error:
        _bad_input(str(error))
    if not listing.files and not listing.refused:
        hint = "" if recursive or kind != "design" else " (use --recursive to look in sub-folders)"
        _bad_input(f"{directory}: no .yaml, .yml or .json {kind} files found{hint}")
    return listing


@contextmanager
def _progress(count: int, label: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long runs in a terminal; stdout stays clean for the summary."""
    if count <= PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield lambda: None
        return
    with typer.progressbar(length=count, label=label, file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def _write_reports(reports: Sequence[tuple[Path | None, Callable[[], str]]]) -> bool:
    """Write each requested report atomically; False if any could not be written."""
    written = True
    for path, render in reports:
        if path is None:
            continue
        try:
            write_atomically(path, render())
        except OSError as error:
            typer.echo(f"{path}: cannot write ({error.strerror or error}); any previous report is unchanged", err=True)
            written = False
            continue
        typer.echo(f"Wrote {path}", err=True)
    return written


def _list_bad(bad_files: Sequence[BadFile]) -> None:
    for bad in bad_files:
        for reason in bad.reasons:
            typer.echo(reason, err=True)


def cohort_command(
    directory: Annotated[Path, typer.Argument(help="The folder of designs (.yaml, .yml, .json).")],
    csv: Annotated[Optional[Path], typer.Option("--csv", help="Write one row per design to this CSV file.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Write the dashboard to this HTML file.")] = None,
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Look in sub-folders too.")] = False,
    rubric: Annotated[Optional[Path], typer.Option("--rubric", help="Use this rubric file instead of the course's.")] = None,
    base_url: Annotated[str, typer.Option("--base-url", help=BASE_URL_HELP)] = "",
) -> None:
    """Score every design in a folder. Bad files are listed, never fatal; exit 2 if there were any."""
    base_url = book_base_url(base_url, repository_root())
    try:
        chosen_rubric = load_rubric(rubric) if rubric is not None else None
    except InputError as error:
        _bad_input(str(error))
    listing = _listing(directory, recursive, "design")
    with _progress(len(listing.files), "Scoring designs") as advance:
        result = score_cohort(directory, rubric=chosen_rubric, files=listing, on_file=advance)
    sys.stdout.write(render_cohort_text(result))
    _list_bad(result.bad_files)
    written = _write_reports([(csv, lambda: render_csv(result)), (html, lambda: render_cohort_html(result, base_url))])
    raise typer.Exit(EXIT_OK if result.all_scored and written else EXIT_BAD_INPUT)


def health_command(
    directory: Annotated[Path, typer.Argument(help="The folder of rater files, one per partner's representative.")],
    html: Annotated[Optional[Path], typer.Option("--html", help="Write the report to this HTML file.")] = None,
    questionnaire: Annotated[Optional[Path], typer.Option("--questionnaire",
                                                          help="Use this questionnaire instead of the course's.")] = None,
    base_url: Annotated[str, typer.Option("--base-url", help=BASE_URL_HELP)] = "",
    anonymous: Annotated[bool, typer.Option("--anonymous", help="Show no rater's name or file in the summary and "
                                            "the report, only organisations (bad files are still listed on stderr).")]
    = False,
) -> None:
    """Sum up partners' health-check ratings: where they disagree, and what to act on first.

    Each organisation weighs once, however many of its staff rated.
    """
    base_url = book_base_url(base_url, repository_root())
    try:
        chosen = load_questionnaire(questionnaire)
    except InputError as error:
        _bad_input(str(error))
    for note in chosen.notes:
        typer.echo(f"Note: {note}", err=True)
    listing = _listing(directory, False, "rater")
    with _progress(len(listing.files), "Reading ratings") as advance:
        result = check_health(directory, questionnaire=chosen, files=listing, on_file=advance, anonymous=anonymous)
    sys.stdout.write(render_health_text(result))
    _list_bad(result.bad_files)
    written = _write_reports([(html, lambda: render_health_html(result, base_url))])
    raise typer.Exit(EXIT_OK if result.all_read and written else EXIT_BAD_INPUT)


def register(app: typer.Typer) -> None:
    """Add the trainer commands to the `ict4d-training` app."""
    app.command("cohort")(cohort_command)
    app.command("health")(health_command)
