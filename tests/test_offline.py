"""The offline package (`make offline`, `python -m ict4d_build.offline`): one zip a trainer copies to a
USB stick. Unzipped and served with `python -m http.server`, the whole course runs with no
internet, the exercises included (checked in Debian's Chromium with every outside host blocked).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import pytest

from _browser import in_thread, require, run_all_cells
from ict4d_build import offline as build_offline
from ict4d_build.browser import chromium, chromium_missing_reason, is_local

ROOT = Path(__file__).resolve().parent.parent

FOLDER = build_offline.FOLDER
EXERCISE = "03-design-a-partnership"


@pytest.fixture(scope="module")
def offline_zip(published_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("offline") / "ict4d-training-offline.zip"
    result = subprocess.run([sys.executable, "-m", "ict4d_build.offline", str(published_site),
                             "--output", str(output)], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "MB zipped" in result.stdout and "http.server" in result.stdout
    return output


def test_zip_holds_the_whole_course_in_one_folder(offline_zip: Path, published_site: Path) -> None:
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        start_here = archive.read(f"{FOLDER}/START-HERE.txt").decode("utf-8")
        compression = {info.filename: info.compress_type for info in archive.infolist()}
    assert all(name.startswith(f"{FOLDER}/") for name in names)
    inside = {name.removeprefix(f"{FOLDER}/") for name in names}
    expected = {path.as_posix() for path in build_offline.site_files(published_site)}
    trainer = {f"trainer/{name}" for name in build_offline.trainer_files()}
    assert inside == expected | {"START-HERE.txt"} | trainer
    # The trainer's cohort notebook and the demo designs it reads, for a trainer with no internet.
    assert {"trainer/trainer-cohort.ipynb", "trainer/cohort-demo/group-1-harbour-lights.yaml"} <= inside
    assert '"ict4d-training/trainer"' in start_here and "trainer-cohort.ipynb" in start_here
    for page in ("index.html", "book/welcome.html", "book/trainers-guide.html", f"exercises/{EXERCISE}.html",
                 "lite/jupyter-lite.json", "lite/static/pyodide/pyodide.asm.wasm", f"lite/files/{EXERCISE}.ipynb"):
        assert page in inside, page
    assert not [name for name in inside if any(part.startswith(".") for part in name.split("/"))]
    assert "python3 -m http.server 8000 --bind 127.0.0.1 --directory ict4d-training" in start_here
    wheels = [name for name in names if name.endswith(".whl")]
    assert wheels and all(compression[name] == zipfile.ZIP_STORED for name in wheels)
    assert compression[f"{FOLDER}/index.html"] == zipfile.ZIP_DEFLATED


def test_same_site_gives_the_same_zip(offline_zip: Path, published_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.zip"
    build_offline.build(published_site, again)
    assert again.read_bytes() == offline_zip.read_bytes()


def test_interrupted_run_keeps_the_previous_zip(published_site: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "course.zip"
    output.write_bytes(b"the zip from last week")
    calls = 0
    real_read_bytes = Path.read_bytes

    def failing_read_bytes(self: Path) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 50:
            raise KeyboardInterrupt
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", failing_read_bytes)
    with pytest.raises(KeyboardInterrupt):
        build_offline.build(published_site, output)
    monkeypatch.undo()
    assert output.read_bytes() == b"the zip from last week"
    assert [path.name for path in tmp_path.iterdir()] == ["course.zip"]


def test_refuses_a_site_without_its_exercises(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "html"
    site.mkdir()
    for entry in built_site.iterdir():
        if entry.name != "lite":
            (site / entry.name).symlink_to(entry)
    result = subprocess.run([sys.executable, "-m", "ict4d_build.offline", str(site),
                             "--output", str(tmp_path / "out.zip")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"{site / 'lite'} holds no JupyterLite build, so the exercises could not run: run make book (it builds lite/ too)"]
    assert not (tmp_path / "out.zip").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.browser
def test_unzipped_course_runs_an_exercise_served_by_python_http_server(offline_zip: Path, tmp_path: Path) -> None:
    """Exactly what START-HERE.txt tells a trainer to do, then an exercise run in the browser."""
    require(chromium_missing_reason())
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(tmp_path)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", FOLDER], cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base_url}/index.html", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)

        def session() -> dict[str, Any]:
            from playwright.sync_api import expect

            found: dict[str, Any] = {"outside": [], "errors": []}
            with chromium() as browser:
                page = browser.new_page()
                page.set_default_timeout(60_000)
                page.on("request", lambda request: None if is_local(request.url)
                        else found["outside"].append(request.url))
                page.on("pageerror", lambda error: found["errors"].append(str(error)))
                page.goto(f"{base_url}/")
                page.wait_for_url("**/book/welcome.html")
                found["title"] = page.title()
                page.goto(f"{base_url}/exercises/{EXERCISE}.html")
                page.get_by_role("link", name="Run this exercise in your browser").click()
                builder = run_all_cells(page, tmp_path / FOLDER / "lite" / "files" / f"{EXERCISE}.ipynb")
                scorecard = builder.locator(":scope > .widget-vbox").nth(1)
                expect(scorecard).to_contain_text("No score yet")
            return found

        found = in_thread(session)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "Multi-stakeholder partnerships for ICT4D" in found["title"]
    assert found["outside"] == []
    assert found["errors"] == []
