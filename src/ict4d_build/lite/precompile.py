"""The wheels with bytecode made by the very Pyodide the site runs, in Node.

PyPI wheels hold only sources, which Pyodide would compile on every kernel start (IPython and
jedi alone take seconds). Pyodide itself ships its packages as .pyc only; so do we. Our own
package keeps its sources too, for readable tracebacks. Each compiled wheel is cached under the
source wheel's sha256, and its RECORD is written anew for the files it now holds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..zips import zip_folder
from .progress import log, sha256

KEEP_SOURCES = {"ict4d-training"}
COMPILE_SCRIPT = """\
import {{ loadPyodide }} from {module};
const pyodide = await loadPyodide({{ indexURL: {index} }});
pyodide.mountNodeFS("/wheels", {root});
await pyodide.runPythonAsync(`
import compileall, json, py_compile, sysconfig
site = sysconfig.get_paths()["purelib"]
failed = []
for item in json.load(open("/wheels/plan.json")):
    if not compileall.compile_dir("/wheels/" + item["dir"], ddir=site, quiet=2, legacy=not item["keep_sources"],
                                  invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH):
        failed.append(item["dir"])
print(json.dumps(failed))
`);
"""


def record_line(path: Path, folder: Path) -> str:
    """One RECORD line: the file's path in the wheel, its urlsafe-base64 sha256 and its size."""
    data = path.read_bytes()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path.relative_to(folder).as_posix()},sha256={digest},{len(data)}"


def repack(folder: Path, target: Path, keep_sources: bool) -> None:
    """Zip an unpacked (compiled) wheel again.

    Sources are dropped where a .pyc stands beside them (unless `keep_sources`), RECORD is written
    anew, and the .dist-info folder goes last, as wheel builders write it.
    """
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    if not keep_sources:
        files = [path for path in files if not (path.suffix == ".py" and path.with_suffix(".pyc").exists())]
    record = next(path for path in files if path.name == "RECORD" and path.parent.name.endswith(".dist-info"))
    lines = [record_line(path, folder) for path in files if path != record]
    lines.append(f"{record.relative_to(folder).as_posix()},,")
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ordered = sorted(files, key=lambda path: (path.relative_to(folder).parts[0].endswith(".dist-info"),
                                              path.relative_to(folder).as_posix()))
    zip_folder(folder, target, ordered)


def precompile(cache: Path, pyodide: Path, wheels: dict[str, Path]) -> dict[str, Path]:
    """The same wheels with bytecode (by name); the source wheels when Node is missing."""
    compiled: dict[str, Path] = {}
    todo: list[tuple[str, Path, Path]] = []
    for name, wheel in wheels.items():
        target = cache / "compiled" / f"{sha256(wheel)[:24]}-{'src' if name in KEEP_SOURCES else 'pyc'}" / wheel.name
        compiled[name] = target
        if not target.exists():
            todo.append((name, wheel, target))
    if not todo:
        return compiled
    node = shutil.which("node")
    if node is None:
        log("node is missing: the wheels go to the site as sources (slower kernel start)")
        return dict(wheels)
    with tempfile.TemporaryDirectory(prefix="lite-pyc-") as scratch:
        root = Path(scratch)
        plan = []
        for index, (name, wheel, _target) in enumerate(todo):
            with zipfile.ZipFile(wheel) as archive:
                archive.extractall(root / str(index))
            plan.append({"dir": str(index), "keep_sources": name in KEEP_SOURCES})
        (root / "plan.json").write_text(json.dumps(plan))
        script = root / "compile.mjs"
        script.write_text(COMPILE_SCRIPT.format(module=json.dumps((pyodide / "pyodide.mjs").as_uri()),
                                                index=json.dumps(str(pyodide) + "/"), root=json.dumps(str(root))))
        log(f"compiling {len(todo)} wheels to bytecode with Pyodide in Node")
        output = subprocess.run([node, str(script)], check=True, capture_output=True, text=True).stdout
        failed = json.loads(output.strip().splitlines()[-1])
        if failed:
            log(f"note: some files did not compile in {[todo[int(item)][0] for item in failed]}; their sources stay")
        for index, (name, _wheel, target) in enumerate(todo):
            repack(root / str(index), target, keep_sources=name in KEEP_SOURCES)
    return compiled
