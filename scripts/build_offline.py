"""Package the built course, JupyterLite exercises included, as one zip for a USB stick.

    .venv/bin/python scripts/build_offline.py [_build/html] [--output _build/offline/ict4d-training-offline.zip]

(`make offline` builds the book and its JupyterLite site first, then runs this.) The zip holds
one folder, ``ict4d-training/``: the whole static site plus ``START-HERE.txt``. Unzipped and
served with Python's own web server it needs no internet:

    python3 -m http.server 8000 --bind 127.0.0.1 --directory ict4d-training

then open http://127.0.0.1:8000/ . The address matters: browsers give the exercises their
storage (a draft that survives a reload) only on 127.0.0.1 or localhost, or over https.

Text is deflated, files that are compressed already (wheels, fonts, images) are stored as they
are; names are sorted and dated alike, so the same site gives the same zip. The zip is written
beside its final name and renamed into place: an interrupted run leaves the previous zip.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import zipfile
from pathlib import Path

from ict4d_training._files import replacing

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "_build" / "offline" / "ict4d-training-offline.zip"
FOLDER = "ict4d-training"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
# Deflating these again saves nothing and costs time on the trainer's laptop.
STORED = (".whl", ".zip", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp", ".gz")

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


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(f"{FOLDER}/{name}", FIXED_TIME)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
    return info


def build(site: Path, output: Path) -> dict[str, object]:
    """Write the zip; returns a summary (bytes of the zip and of the site, file count)."""
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site} is not a built course (no index.html): run make book first")
    if not (site / "lite" / "jupyter-lite.json").is_file():
        raise SystemExit(f"{site / 'lite'} holds no JupyterLite build, so the exercises could not run: "
                         "run make book (it builds lite/ too)")
    files = site_files(site)
    output.parent.mkdir(parents=True, exist_ok=True)
    with replacing(output) as temporary, zipfile.ZipFile(temporary, "w", compresslevel=6) as archive:
        archive.writestr(_entry("START-HERE.txt"), START_HERE.format(folder=FOLDER))
        for relative in files:
            archive.writestr(_entry(relative.as_posix()), (site / relative).read_bytes())
    return {"zip": output, "bytes": output.stat().st_size, "files": len(files) + 1,
            "site_bytes": sum((site / relative).stat().st_size for relative in files)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "_build" / "html",
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
