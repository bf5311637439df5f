"""The `ict4d-training` command line: parse arguments, read files, print. No scoring logic here."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from ict4d_training import __version__
from ict4d_training.core.advice import advise
from ict4d_training.core.errors import InputError
from ict4d_training.core.rubric import Rubric
from ict4d_training.core.scoring import score as score_design
from ict4d_training.files.book_links import BASE_URL_HELP, book_base_url, repository_root
from ict4d_training.files.loading import load_answers, load_design, load_rubric
from ict4d_training.files.template import template_text
from ict4d_training.files.writing import write_atomically

EXIT_OK, EXIT_BLOCKERS, EXIT_BAD_INPUT = 0, 1, 2

app = typer.Typer(
    help="Score multi-stakeholder ICT4D partnership designs against the course rubric.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    markdown = "markdown"


class AdviceFormat(StrEnum):
    text = "text"
    json = "json"


def _bad_input(error: InputError | str) -> NoReturn:
    typer.echo(str(error), err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        write_atomically(output, text)
    except OSError as error:
        _bad_input(f"{output}: cannot write ({error.strerror or error})")
    typer.echo(f"Wrote {output}", err=True)


def _rubric(path: Path | None) -> Rubric | None:
    try:
        return load_rubric(path) if path is not None else None
    except InputError as error:
        _bad_input(error)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ict4d-training {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """Score, validate and create partnership designs; weigh a partnership against a contract."""


@app.command()
def score(
    design: Annotated[Path, typer.Argument(help="The design file (YAML or JSON).")],
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    rubric: Annotated[Optional[Path], typer.Option("--rubric", help="Use this rubric file instead of the course's.")] = None,
    base_url: Annotated[str, typer.Option("--base-url", help=BASE_URL_HELP)] = "",
) -> None:
    """Score a design. Exit 1 if it has blockers, 2 if the file cannot be used."""
    chosen_rubric = _rubric(rubric)
    base_url = book_base_url(base_url, repository_root())
    try:
        report = score_design(load_design(design), chosen_rubric)
    except InputError as error:
        _bad_input(error)
    if format is ReportFormat.json:
        text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
    elif format is ReportFormat.html:
        from ict4d_training.render.html import render_html

        text = render_html(report, base_url)
    elif format is ReportFormat.markdown:
        from ict4d_training.render.markdown import render_markdown

        text = render_markdown(report, base_url)
    else:
        from ict4d_training.render.text import render_text

        text = render_text(report, base_url)
    _emit(text, output)
    raise typer.Exit(EXIT_BLOCKERS if report.blockers else EXIT_OK)


@app.command()
def validate(
    designs: Annotated[list[Path], typer.Argument(help="One or more design files.")],
) -> None:
    """Check designs against the format. Lists every problem; exit 2 if any file is bad."""
    bad = 0
    for path in designs:
        try:
            design = load_design(path)
        except InputError as error:
            bad += 1
            typer.echo(str(error), err=True)
            continue
        typer.echo(f"{path}: valid ({design.title}; {len(design.partners)} partners)")
    raise typer.Exit(EXIT_BAD_INPUT if bad else EXIT_OK)


@app.command()
def template(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the template to this file.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    schema: Annotated[Optional[str], typer.Option("--schema", help="Path or URL of design.schema.json for the "
                                                  "editor line (default: the installed copy).")] = None,
) -> None:
    """Write an annotated blank design to fill in."""
    if output is not None and output.exists() and not force:
        _bad_input(f"{output}: already exists; not overwriting your work (use --force to replace it)")
    _emit(template_text(schema), output)


@app.command("schema")
def schema_command(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the schema to this file.")] = None,
) -> None:
    """Print the design format's JSON Schema (for editors and other tools)."""
    from ict4d_training.files.template import schema_path

    _emit(schema_path().read_text(encoding="utf-8"), output)


@app.command("advise")
def advise_command(
    answers: Annotated[Optional[Path], typer.Argument(help="The answers file (--questions prints one).")] = None,
    format: Annotated[AdviceFormat, typer.Option("--format", "-f", help="Output format.")] = AdviceFormat.text,
    questions: Annotated[bool, typer.Option("--questions", help="Print a blank answers file instead: every "
                                            "question, in the file's format, ready to fill in.")] = False,
) -> None:
    """Partnership or contract? Weigh the answers and recommend contract, partnership or either."""
    from ict4d_training.core.advice import answers_template
    from ict4d_training.render.advice import render_advice_text

    if questions:
        _emit(answers_template(), None)
        raise typer.Exit()
    if answers is None:
        _bad_input("advise: give an answers file (ict4d-training advise --questions > answers.yaml writes one "
                   "to fill in)")
    try:
        advice = advise(load_answers(answers))
    except InputError as error:
        _bad_input(error)
    if format is AdviceFormat.json:
        _emit(json.dumps(advice.to_dict(), indent=2, ensure_ascii=False), None)
        return
    _emit(render_advice_text(advice), None)


# The trainers' commands (cohort, health) live in their own module; registered last so
# `ict4d-training --help` lists the trainee commands first.
from ict4d_training.cli.trainer import register as _register_trainer_commands  # noqa: E402

_register_trainer_commands(app)

from ict4d_training.cli.gain import register as _register_gain_command  # noqa: E402

_register_gain_command(app)
