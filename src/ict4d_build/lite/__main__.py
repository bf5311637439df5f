"""`python -m ict4d_build.lite --output DIR [--book-url URL]`: build the exercises' JupyterLite site."""

from __future__ import annotations

import argparse
import fcntl
import os
import sys
import time
from pathlib import Path

from ict4d_build.lite import __doc__ as ABOUT
from ict4d_build.lite.lock import read_lock
from ict4d_build.lite.markdown import MystError
from ict4d_build.lite.precompile import precompile
from ict4d_build.lite.progress import log
from ict4d_build.lite.pyodide import LOCK_FILE, ensure_pyodide, kernel_extension_dir, pyodide_environment, pyodide_version
from ict4d_build.lite.site import check_output, clear_output, folder_size, lite_build, stage, use_course_pyodide
from ict4d_build.lite.wheels import CONSTRAINTS, build_own_wheel, local_wheels, read_pins, resolve_wheels
from ict4d_build.source_tree import BUILD, ROOT

DEFAULT_CACHE = ROOT / ".lite-cache"
DEFAULT_OUTPUT = BUILD / "html" / "lite"


def build(cache: Path, output: Path, book_url: str, constraints: Path = CONSTRAINTS) -> None:
    extension = kernel_extension_dir()
    version = pyodide_version(extension)
    pyodide = ensure_pyodide(cache, version)
    source_lock, spec = read_lock(pyodide / LOCK_FILE, version)
    environment = pyodide_environment(source_lock["info"])
    local = local_wheels(build_own_wheel(cache), extension)
    pins = read_pins(constraints.read_text(encoding="utf-8"))
    sources = resolve_wheels(cache / "wheels", local, source_lock["packages"], pins, environment)
    log("wheels: " + ", ".join(sorted(wheel.name for wheel in sources.values())))
    wheels = precompile(cache, pyodide, sources)
    try:
        site = stage(cache, pyodide, sources, wheels, (source_lock, spec), book_url)
    except MystError as error:
        raise SystemExit(f"ict4d_build.lite: {error}") from None
    clear_output(output)
    lite_build(site, output)
    use_course_pyodide(output)
    check_output(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ict4d_build.lite", description=(ABOUT or "").split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where the site goes (default: %(default)s)")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("ICT4D_LITE_CACHE", DEFAULT_CACHE)),
                        help="downloads and staging (default: %(default)s, or $ICT4D_LITE_CACHE)")
    parser.add_argument("--constraints", type=Path, default=CONSTRAINTS,
                        help="the pinned versions for packages Pyodide's lock does not pin (default: %(default)s)")
    parser.add_argument("--book-url", default="/",
                        help="where the book's root is served, for the notebooks' links to its pages: '/' (the "
                             "default) when the book is the web root, as with 'make serve' and the offline zip, "
                             "else its address, e.g. https://example.org/ict4d-training/")
    args = parser.parse_args(argv)
    started = time.monotonic()
    cache, output = args.cache.resolve(), args.output.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock_file:
        # Two builds at once (the book and the test suite, say) share the cache and its staging folder.
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        build(cache, output, args.book_url, args.constraints)
    log(f"JupyterLite site in {output}: {folder_size(output) / 1e6:.1f} MB, {sum(1 for _ in output.rglob('*'))} files, "
        f"built in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
