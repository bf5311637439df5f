"""Small fake wheels for the build tools' unit tests (no network, no pip)."""

from __future__ import annotations

import zipfile
from pathlib import Path


def make_wheel(folder: Path, name: str, version: str, requires: tuple[str, ...] = (),
               files: dict[str, str] | None = None) -> Path:
    """A py3-none-any wheel of `name` holding `files` (default: one package with an __init__.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + \
        "".join(f"Requires-Dist: {line}\n" for line in requires)
    contents = {**(files if files is not None else {f"{module}/__init__.py": "VALUE = 1\n"}),
                f"{dist_info}/METADATA": metadata,
                f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
                f"{dist_info}/RECORD": ""}
    path = folder / f"{module}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for entry, text in contents.items():
            archive.writestr(entry, text)
    return path
