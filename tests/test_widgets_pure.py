"""The widgets stay pure Python (they run in JupyterLite); the core never pulls them in."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("jinja2", "typer", "rich", "numpy", "matplotlib", "pandas")


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_the_widgets_import_no_heavy_or_native_library():
    modules = imported_after("from ict4d_training.widgets import DesignBuilder, ScoreCard, ContractAdvisor, Quiz, "
                             "LedgerView, HealthCheckRater")
    assert "ipywidgets" in modules
    assert not {name for name in modules if name.split(".")[0] in HEAVY}


def test_importing_the_widgets_makes_no_widget():
    """A notebook that only imports a helper (the trainer notebook's drafts_folder) embeds no widget
    state, so its book page does not load the 1 MB widget manager for nothing."""
    code = ("from ipywidgets.widgets.widget import _instances; import ict4d_training.widgets; "
            "print(len(_instances))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0"


def test_the_core_does_not_import_the_widgets():
    modules = imported_after("import ict4d_training")
    assert "ipywidgets" not in modules
    assert "ict4d_training.widgets" not in modules


@pytest.mark.parametrize("module", ["threading", "subprocess", "multiprocessing"])
def test_the_widget_modules_use_nothing_pyodide_lacks(module: str):
    from importlib import resources

    folder = resources.files("ict4d_training").joinpath("widgets")
    for item in folder.iterdir():
        if item.name.endswith(".py"):
            text = item.read_text(encoding="utf-8")
            assert f"import {module}" not in text and f"from {module}" not in text, item.name
