"""The package's layers, enforced: a pure core, a files layer on it, and the faces on both.

    core/   parse, validate and score: no file, folder or network access, no user interface
    files/  reading inputs from disk, walking folders, writing reports safely; built on the core
    faces   cli/, widgets/, render/: what people see; built on the core and files, never imported by them

The check reads every module's imports (static, so an import inside a function counts too) and
every call in the core, so a shortcut taken today fails here rather than in a trainee's browser.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ict4d_training"
LAYERS = {"core": 0, "files": 1, "render": 2, "widgets": 3, "cli": 3}
# What each face may use besides the core and files: the widgets draw with render; nothing uses the cli.
FACES_MAY_USE = {"render": set(), "widgets": {"render"}, "cli": {"render"}}
# Standard modules that reach outside the process; the core may use none of them.
OUTSIDE_WORLD = {"os", "pathlib", "shutil", "tempfile", "glob", "subprocess", "socket", "urllib", "http", "webbrowser"}
OUTSIDE_CALLS = {"open", "input", "print"}


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "api"


def imported(path: Path) -> set[str]:
    """Every module `path` imports, as absolute dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # The package a relative import starts from: a module's own package, or the package itself for __init__.
    package = ["ict4d_training", *path.relative_to(PACKAGE).with_suffix("").parts][:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def own_layer(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "ict4d_training" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_module_imports_only_from_its_own_layer_or_below(path: Path) -> None:
    layer = layer_of(path)
    if layer == "api":
        allowed = {"core", "files"}
    elif layer in ("core", "files"):
        allowed = {name for name, rank in LAYERS.items() if rank <= LAYERS[layer] and name in ("core", "files")}
    else:
        allowed = {"core", "files", layer, *FACES_MAY_USE[layer]}
    used = {own_layer(name) for name in imported(path)} - {None}
    assert used <= allowed, f"{path.relative_to(PACKAGE)} ({layer}) imports from {sorted(used - allowed)}"


@pytest.mark.parametrize("path", [path for path in modules() if layer_of(path) == "core"],
                         ids=lambda path: str(path.relative_to(PACKAGE)))
def test_the_core_does_no_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reaching_out = {name.split(".")[0] for name in imported(path)} & OUTSIDE_WORLD
    assert not reaching_out, f"{path.name} imports {sorted(reaching_out)}"
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not calls & OUTSIDE_CALLS, f"{path.name} calls {sorted(calls & OUTSIDE_CALLS)}"


def test_the_layers_are_all_there() -> None:
    assert {layer_of(path) for path in modules()} == {"api", *LAYERS}


def test_the_public_api_loads_no_face() -> None:
    # What a script or the browser gets from `import ict4d_training`: the core and files, no face.
    code = "import sys, ict4d_training; print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('ict4d_training.')}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['core', 'files']"
