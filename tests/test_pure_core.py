"""The core (load, score, advise, ledger) imports only pure-Python code, so it runs in Pyodide."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

DESIGN = Path(__file__).parent / "fixtures" / "designs" / "strong-multi-stakeholder.yaml"
FORBIDDEN = ("typer", "click", "rich", "jinja2", "markupsafe", "numpy", "matplotlib", "pydantic", "pydantic_core",
             "yaml", "_yaml", "ipywidgets")
OWN_DISTRIBUTION = "ict4d-training"

# libyaml (ruamel.yaml.clib) is an optional accelerator on CPython; Pyodide has no wheel for it.
ACCELERATOR = "ruamel.yaml.clib"
CHILD = """
import json, sys
if "--no-accelerator" in sys.argv:
    import importlib.abc

    class BlockAccelerator(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.startswith("ruamel.yaml.clib") or name.split(".")[-1] == "_ruamel_yaml":
                raise ImportError(f"{name} is blocked to mimic Pyodide")

    sys.meta_path.insert(0, BlockAccelerator())
opened = []
def watch(event, args):
    if event == "open" and isinstance(args[0], str) and not args[0].endswith((".py", ".pyc", ".pth", ".so")):
        opened.append(args[0])
sys.addaudithook(watch)
import ict4d_training
import_reads = [path for path in opened if "ict4d_training" in path]
import_caches = sorted(f"{module.__name__}.{name}" for module in list(sys.modules.values())
                       if module.__name__.startswith("ict4d_training")
                       for name, value in vars(module).items()
                       if hasattr(value, "cache_info") and value.cache_info().currsize)
design = ict4d_training.load_design(sys.argv[1])
report = ict4d_training.score(design)
advice = ict4d_training.advise({"specifiable": "no", "multi_sector_assets": "yes"})
ledger = ict4d_training.resource_ledger(design)
files = {name: getattr(module, "__file__", None) for name, module in sys.modules.items()}
print(json.dumps({"import_reads": import_reads, "import_caches": import_caches, "modules": sorted(sys.modules), "files": files,
                  "band": report.band, "advice": advice.recommendation, "entries": len(ledger.entries)}))
"""


def run_core(*flags: str) -> dict[str, Any]:
    """Import, load, score, advise and build a ledger in a fresh interpreter; report what got imported."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(DESIGN), *flags], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def core_run() -> dict[str, Any]:
    return run_core()


@pytest.fixture(scope="module")
def pure_run() -> dict[str, Any]:
    """The same with the optional C accelerator unavailable, as in the browser."""
    return run_core("--no-accelerator")


def test_the_core_run_did_its_work(core_run: dict[str, Any]) -> None:
    assert core_run["band"] == "strong"
    assert core_run["advice"] == "either"
    assert core_run["entries"] == 4
    assert "ict4d_training" in core_run["modules"]


@pytest.mark.parametrize("name", FORBIDDEN)
def test_ui_and_heavy_libraries_are_not_imported(core_run: dict[str, Any], name: str) -> None:
    loaded = [module for module in core_run["modules"] if module == name or module.startswith(f"{name}.")]
    assert loaded == []


def distributions_in_use(core_run: dict[str, Any]) -> dict[str, list[str]]:
    """Distribution -> the imported modules whose files it installed.

    packages_distributions() maps top-level names to distributions; a namespace such as
    `ruamel` maps to several (ruamel.yaml and ruamel.yaml.clib), so each module is then
    attributed by its file to the one distribution that installed it.
    """
    owners = metadata.packages_distributions()
    candidates = {dist for module in core_run["modules"] for dist in owners.get(module.split(".")[0], [])}
    installed: dict[Path, str] = {}
    for name in candidates:
        distribution = metadata.distribution(name)
        for file in distribution.files or ():
            installed[Path(str(distribution.locate_file(file))).resolve()] = name
    used: dict[str, list[str]] = {}
    for module, file in core_run["files"].items():
        # A namespace package (`ruamel`) has no file of its own and belongs to nobody.
        owner = installed.get(Path(file).resolve()) if file else None
        if owner is not None:
            used.setdefault(owner, []).append(module)
    return used


def not_pure_distributions(run: dict[str, Any]) -> dict[str, list[str]]:
    used = distributions_in_use(run)
    used.pop(OWN_DISTRIBUTION, None)
    assert "fastjsonschema" in used
    assert "ruamel.yaml" in used
    not_pure = {}
    for name, modules in sorted(used.items()):
        wheel = metadata.distribution(name).read_text("WHEEL") or ""
        if "Root-Is-Purelib: true" not in wheel.splitlines():
            not_pure[name] = sorted(modules)
    return not_pure


def test_only_the_optional_accelerator_is_compiled(core_run: dict[str, Any]) -> None:
    assert set(not_pure_distributions(core_run)) <= {ACCELERATOR}


def test_without_the_accelerator_every_distribution_in_use_is_pure_python(pure_run: dict[str, Any]) -> None:
    assert not_pure_distributions(pure_run) == {}, "compiled distributions imported by the core"
    assert pure_run["band"] == "strong"
    assert not any(module.startswith(ACCELERATOR) for module in pure_run["modules"])


def test_the_accelerator_is_optional_in_the_package_metadata() -> None:
    requirements = metadata.requires(OWN_DISTRIBUTION) or []
    accelerator = [line for line in requirements if line.replace("-", ".").startswith(ACCELERATOR)]
    assert accelerator and "sys_platform != 'emscripten'" in accelerator[0].replace('"', "'")


def test_import_does_no_work_before_it_is_asked(core_run: dict[str, Any]) -> None:
    # Pyodide starts the exercises on a phone: importing reads no data file and compiles no schema,
    # the rubric and questions load on first use.
    assert core_run["import_reads"] == []
    assert core_run["import_caches"] == []
