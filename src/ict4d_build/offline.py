"""Package the built course, JupyterLite exercises included, as one zip for a USB stick.

    python -m ict4d_build.offline [_build/html] [--output _build/offline/ict4d-training-offline.zip]

(`make offline` builds the book and its JupyterLite site first, then runs this.) The zip holds
one folder, ``ict4d-training/``: the whole static site, ``START-HERE.txt``, and ``trainer/``
with the trainer's cohort notebook (``exercises/trainer-cohort.md`` as a notebook) and the demo
folder of designs it reads, so a trainer with no internet can still collect and compare a
cohort's designs in Jupyter on their own laptop. Unzipped and served with Python's own web
server the course needs no internet:

    python3 -m http.server 8000 --bind 127.0.0.1 --directory ict4d-training

then open http://127.0.0.1:8000/ . The address matters: browsers give the exercises their
storage (a draft that survives a reload) only on 127.0.0.1 or localhost, or over https.

The zip is reproducible (`ict4d_build.zips`: text deflated, files compressed already stored,
names sorted and dated alike, so the same site gives the same zip) and written beside its final
name and renamed into place: an interrupted run leaves the previous zip.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ict4d_build.source_tree import BUILD, ROOT
from ict4d_build.zips import write_zip

DEFAULT_OUTPUT = BUILD / "offline" / "ict4d-training-offline.zip"
FOLDER = "ict4d-training"
TRAINER_FOLDER = "trainer"
TRAINER_NOTEBOOK = ROOT / "exercises" / "trainer-cohort.md"
DEMO_DESIGNS = ROOT / "tests" / "fixtures" / "cohort-demo"
# In the book the notebook reads the demo designs from the repository; in the package, from beside it.
DEMO_IN_BOOK = 'Path("../tests/fixtures/cohort-demo")'
DEMO_IN_PACKAGE = 'Path("cohort-demo")'

START_HERE = """\
ICT4D partnerships: the course, for use with no internet
=========================================================

Everything is in this folder: the chapters, the knowledge checks, the case studies and the
exercises, which run in your web browser (Python included). Nothing is fetched from the
internet.

1. Open a terminal (on Windows: Command Prompt or PowerShell) in the folder where you
   unzipped the file: the one that holds the "{folder}" folder.
2. Start Python's own web server (we test with Python 3.11; on Windows type "py" for
   "python3"):

       python3 -m http.server 8000 --bind 127.0.0.1 --directory {folder}

3. Open http://127.0.0.1:8000/ in Chrome, Edge or Firefox.

Use that address exactly (or http://localhost:8000/): browsers keep an exercise's draft
across a reload only there. Opening index.html straight from the disk shows the chapters
but cannot run the exercises.

To stop the server, press Ctrl-C in the terminal. Each trainee runs the course on their own
laptop from a copy of this folder; the exercises need no server beyond this one.

For trainers: the folder "{folder}/{trainer}" holds the trainer notebook that collects and
compares a cohort's designs ({notebook}), with the demo designs it reads
(cohort-demo/). Open it in Jupyter on a laptop where the course's Python package is
installed (install it while you still have internet: see the trainer's guide), put the
groups' design files in one folder, set SUBMISSIONS in its first cell to that folder and run
all the cells. The chapter "Trainer's guide" says how to use it in a debrief.
"""


def site_files(site: Path) -> list[Path]:
    """Every file of the site, following links (a test assembles its site from two builds)."""
    files = []
    for folder, _, names in os.walk(site, followlinks=True):
        for name in names:
            path = Path(folder) / name
            relative = path.relative_to(site)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                files.append(relative)  # .buildinfo and the like are the build's, not the reader's
    return sorted(files, key=lambda p: p.as_posix())


def trainer_notebook(source: Path = TRAINER_NOTEBOOK) -> bytes:
    """The trainer's cohort notebook (.ipynb, unexecuted), reading the demo designs beside it."""
    import jupytext
    import nbformat

    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"  # not the random ids jupytext gives: the same notebook makes the same zip
        if cell.cell_type == "code":
            cell.source = cell.source.replace(DEMO_IN_BOOK, DEMO_IN_PACKAGE)
    if not any(DEMO_IN_PACKAGE in cell.source for cell in notebook.cells if cell.cell_type == "code"):
        raise SystemExit(f"{source}: no cell sets SUBMISSIONS = {DEMO_IN_BOOK}; update ict4d_build.offline")
    text: str = nbformat.writes(notebook)
    return (text + "\n").encode("utf-8")


def trainer_files(demo: Path = DEMO_DESIGNS) -> dict[str, bytes]:
    """What the package's trainer/ folder holds, by path inside it."""
    files = {f"{TRAINER_NOTEBOOK.stem}.ipynb": trainer_notebook()}
    for path in sorted(demo.iterdir(), key=lambda p: p.name):
        if path.is_file():
            files[f"cohort-demo/{path.name}"] = path.read_bytes()
    return files


def build(site: Path, output: Path) -> dict[str, object]:
    """Write the zip; returns a summary (bytes of the zip and of the site, file count)."""
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site} is not a built course (no index.html): run make book first")
    if not (site / "lite" / "jupyter-lite.json").is_file():
        raise SystemExit(f"{site / 'lite'} holds no JupyterLite build, so the exercises could not run: "
                         "run make book (it builds lite/ too)")
    files = site_files(site)
    if any(path.parts[0] == TRAINER_FOLDER for path in files):
        raise SystemExit(f"{site} has a {TRAINER_FOLDER}/ folder of its own, where the package puts the trainer notebook")
    trainer = trainer_files()
    start_here = START_HERE.format(folder=FOLDER, trainer=TRAINER_FOLDER, notebook=f"{TRAINER_NOTEBOOK.stem}.ipynb")
    entries: list[tuple[str, Path | bytes]] = [("START-HERE.txt", start_here.encode("utf-8"))]
    entries += [(relative.as_posix(), site / relative) for relative in files]
    entries += [(f"{TRAINER_FOLDER}/{name}", data) for name, data in trainer.items()]
    with write_zip(output, prefix=f"{FOLDER}/", compresslevel=6) as archive:
        for name, content in sorted(entries, key=lambda entry: entry[0]):
            archive.add(name, content if isinstance(content, bytes) else content.read_bytes())
    return {"zip": output, "bytes": output.stat().st_size, "files": len(entries),
            "site_bytes": sum((site / relative).stat().st_size for relative in files)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ict4d_build.offline", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=BUILD / "html",
                        help="the built book, with its JupyterLite site in lite/")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the zip to write")
    args = parser.parse_args(argv)
    started = time.monotonic()
    summary = build(args.site, args.output)
    print(f"Offline course: {summary['zip']} ({int(summary['bytes']) / 1e6:.1f} MB zipped, "  # type: ignore[call-overload]
          f"{int(summary['site_bytes']) / 1e6:.1f} MB unzipped, {summary['files']} files, "  # type: ignore[call-overload]
          f"{time.monotonic() - started:.1f} s)")
    print(f"Copy it to a USB stick; unzipped, serve it with: python3 -m http.server 8000 --bind 127.0.0.1 "
          f"--directory {FOLDER}  and open http://127.0.0.1:8000/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
