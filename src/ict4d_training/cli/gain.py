"""Trainer command `gain`: the learning gain between the workshop's pre-test and post-test.

Like the other commands it only parses arguments, reads the two files and prints; the arithmetic is
in core/gain.py, the reading in files/gain_files.py and the page in render/gain.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from ict4d_training.core.errors import InputError
from ict4d_training.core.gain import compare, template_csv
from ict4d_training.files.gain_files import read_round
from ict4d_training.files.writing import write_atomically
from ict4d_training.render.gain import render_gain_html, render_gain_text

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _bad_input(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def gain_command(
    pre: Annotated[Optional[Path], typer.Argument(help="The pre-test answers (CSV: participant, q1 ... q12 or score).")]
    = None,
    post: Annotated[Optional[Path], typer.Argument(help="The post-test answers, in the same format.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Write the learning-gain sheet to this HTML file.")]
    = None,
    template: Annotated[bool, typer.Option("--template", help="Print a blank answers file (the CSV header) to fill "
                                           "in, one row per participant.")] = False,
) -> None:
    """Compare the workshop's pre- and post-test: each participant's gain and the room's.

    Participants are matched by their code. Exit 2 if a file cannot be used.
    """
    if template:
        sys.stdout.write(template_csv())
        raise typer.Exit(EXIT_OK)
    if pre is None or post is None:
        _bad_input("gain: give the pre-test and the post-test answers files (ict4d-training gain --template "
                   "prints a blank one)")
    problems: list[str] = []
    rounds = []
    for path, which in ((pre, "pre"), (post, "post")):
        try:
            rounds.append(read_round(path, which))
        except InputError as error:
            problems.append(str(error))
    if problems:
        _bad_input("\n".join(problems))
    result = compare(rounds[0], rounds[1])
    sys.stdout.write(render_gain_text(result))
    if html is not None:
        try:
            write_atomically(html, render_gain_html(result))
        except OSError as error:
            _bad_input(f"{html}: cannot write ({error.strerror or error})")
        typer.echo(f"Wrote {html}", err=True)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add `gain` to the `ict4d-training` app."""
    app.command("gain")(gain_command)
