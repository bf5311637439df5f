"""What the JupyterLite build prints as it goes, and the commands it runs."""

from __future__ import annotations

import hashlib
import subprocess
import time
from pathlib import Path

_STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[lite {time.monotonic() - _STARTED:5.1f}s] {message}", flush=True)


def run(command: list[str], cwd: Path | None = None) -> None:
    log("$ " + " ".join(str(part) for part in command))
    subprocess.run(command, check=True, cwd=cwd)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
