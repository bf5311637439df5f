"""`make lab`: exercises open as notebooks on a double-click, and the course's command is on the terminals' PATH.

The unit tests read the settings file and the Makefile's command line (`make -n lab`). The
server tests start JupyterLab exactly as that command line does (in a scratch copy of the
exercises, with a PATH that lacks .venv/bin), then ask its settings API for the default viewer,
type `command -v ict4d-training` in one of its terminals, and double-click an exercise in Chromium.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from _browser import in_thread, require
from ict4d_build.browser import chromium, chromium_missing_reason

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "jupyter" / "overrides.json"
VENV_BIN = ROOT / ".venv" / "bin"
DOCMANAGER = "@jupyterlab/docmanager-extension:plugin"
JUPYTEXT_VIEWER = "Jupytext Notebook"
TOKEN = "ict4d-lab-test"
ANSI_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # a shell's colours and bracketed-paste switches


def make(*args: str) -> str:
    """Run make in the course folder (not influenced by an outer `make test`); its output."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    done = subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


def make_dry_run(*args: str) -> str:
    """What `make` would run, without running it; continued lines joined."""
    return make("-n", *args).replace("\\\n", " ")


def lab_command_line(lab_args: str = "") -> str:
    """The shell line `make lab` starts JupyterLab with (after any install steps)."""
    lines = [line for line in make_dry_run("lab", f"LAB_ARGS={lab_args}").splitlines() if " lab " in f"{line} "]
    assert len(lines) == 1, lines
    return lines[0]


# --- the settings file and where make installs it -------------------------------------------


def test_overrides_make_the_jupytext_notebook_the_default_viewer_of_markdown() -> None:
    settings = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    viewers = settings[DOCMANAGER]["defaultViewers"]
    assert viewers["markdown"] == JUPYTEXT_VIEWER  # the exercises are .md files: JupyterLab's "markdown" type
    assert set(settings) == {DOCMANAGER}  # nothing else of a trainer's JupyterLab is changed


def test_the_viewer_name_is_the_one_the_installed_jupytext_extension_registers() -> None:
    extension = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "jupyterlab-jupytext"
    scripts = [path.read_text(encoding="utf-8", errors="replace") for path in (extension / "static").glob("*.js")]
    assert any(f'"{JUPYTEXT_VIEWER}"' in script for script in scripts), "jupyterlab-jupytext names its viewer otherwise"


def test_make_installs_the_overrides_where_jupyterlab_reads_them() -> None:
    from jupyterlab.commands import get_app_dir

    # -W: as if the settings file had just been edited, so make shows the copy it would do.
    copies = [shlex.split(line) for line in make_dry_run("-W", "jupyter/overrides.json", "lab").splitlines()
              if line.startswith("cp ")]
    assert len(copies) == 1, copies
    _, source, target = copies[0]
    assert (ROOT / source).resolve() == OVERRIDES
    # JupyterLab reads {app dir}/settings/overrides.d/*.json, then overrides.json (jupyterlab_server).
    assert (ROOT / target).resolve().parent == (Path(get_app_dir()) / "settings" / "overrides.d").resolve()


def test_lab_puts_the_environment_first_on_the_servers_path() -> None:
    words = shlex.split(lab_command_line(), posix=True)
    assert words[0] == f"PATH={VENV_BIN}:$PATH"
    assert words[1] == ".venv/bin/jupyter" and words[2] == "lab"
    # A login shell would read /etc/profile, which resets PATH on Debian and Ubuntu.
    assert "--ServerApp.terminado_settings=shell_command=['${SHELL:-/bin/sh}']" in words


# --- JupyterLab started as make lab starts it ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def api(base: str, path: str, method: str = "GET") -> dict:
    request = urllib.request.Request(f"{base}{path}", method=method, headers={"Authorization": f"token {TOKEN}"},
                                     data=b"{}" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else {}


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """JupyterLab from the Makefile's command line, on a scratch copy of the exercises."""
    make(".venv/share/jupyter/lab/settings/overrides.d/ict4d-training.json")  # what make lab installs first
    scratch = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "exercises", scratch / "exercises")
    # The command line names .venv/bin/jupyter and --notebook-dir=., relative to the course folder.
    (scratch / ".venv").symlink_to(ROOT / ".venv")
    port = free_port()
    lab_args = (f"--no-browser --allow-root --port={port} --ServerApp.port_retries=0 "
                f"--IdentityProvider.token={TOKEN}")
    shell = "/bin/bash" if Path("/bin/bash").exists() else "/bin/sh"
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(scratch), "SHELL": shell, "LANG": "C.UTF-8",
           "JUPYTER_RUNTIME_DIR": str(scratch / "runtime")}
    log = (scratch / "server.log").open("w")
    # Output to a file, not a terminal: jupyter_server would then start login shells, unless told otherwise.
    server = subprocess.Popen(["sh", "-c", lab_command_line(lab_args)], cwd=scratch, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                api(base, "/api/status")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start (exit {server.poll()}):\n" + (scratch / "server.log").read_text())
                time.sleep(0.5)
        yield base
    finally:
        stop_group(server)
        log.close()


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop `sh` and the JupyterLab it started (its own process group): politely, then for sure."""
    def alive() -> bool:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while alive() and time.monotonic() < deadline:
        process.poll()
        time.sleep(0.2)
    if alive():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.mark.kernel
def test_the_running_jupyterlab_opens_markdown_with_jupytext_by_default(lab_server: str) -> None:
    settings = api(lab_server, f"/lab/api/settings/{DOCMANAGER}")
    assert settings["schema"]["properties"]["defaultViewers"]["default"]["markdown"] == JUPYTEXT_VIEWER


async def terminal_output(base: str, typed: str, until: re.Pattern[str], timeout: float = 30) -> str:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    name = api(base, "/api/terminals", method="POST")["name"]
    url = base.replace("http://", "ws://") + f"/terminals/websocket/{name}"
    socket_ = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {TOKEN}"}))
    seen = ""
    try:
        await socket_.write_message(json.dumps(["stdin", typed + "\r"]))
        deadline = time.monotonic() + timeout
        while not until.search(seen):
            try:
                message = await asyncio.wait_for(socket_.read_message(), max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                pytest.fail(f"the terminal never showed {until.pattern!r}; it showed:\n{seen}")
            assert message is not None, f"the terminal closed; it showed:\n{seen}"
            kind, *content = json.loads(message)
            if kind == "stdout":
                seen += ANSI_CONTROL.sub("", content[0]).replace("\r", "")
    finally:
        socket_.close()
        api(base, f"/api/terminals/{name}", method="DELETE")
    return seen


@pytest.mark.kernel
def test_the_command_runs_in_a_jupyterlab_terminal(lab_server: str) -> None:
    found = re.compile(r"^FOUND (\S*)\s*$", re.MULTILINE)
    shown = found.search(asyncio.run(terminal_output(lab_server, 'echo "FOUND $(command -v ict4d-training)"', found)))
    assert shown is not None and shown.group(1) == str(VENV_BIN / "ict4d-training")
    version = re.compile(r"^ict4d-training \d+\.\d+\S*\s*$", re.MULTILINE)
    assert version.search(asyncio.run(terminal_output(lab_server, "ict4d-training --version", version)))


@pytest.mark.kernel
@pytest.mark.browser
def test_a_double_click_opens_an_exercise_as_a_notebook(lab_server: str) -> None:
    require(chromium_missing_reason())
    in_thread(lambda: double_click_exercise_1(lab_server))


def double_click_exercise_1(lab_server: str) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{lab_server}/lab/tree/exercises?token={TOKEN}")
        page.locator(".jp-DirListing-item", has_text="01-partnership-or-contract.md").dblclick(timeout=90_000)
        # The exercise's title, rendered as a heading in a notebook's Markdown cell.
        title = page.locator(".jp-NotebookPanel .jp-MarkdownCell h1", has_text="Exercise 1: Partnership or contract?")
        title.wait_for(timeout=60_000)
        assert page.locator(".jp-NotebookPanel:visible").count() == 1
        assert page.locator(".jp-FileEditor:visible").count() == 0
