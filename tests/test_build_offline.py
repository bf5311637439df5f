"""The offline package's own parts (ict4d_build.offline) on a tiny made-up site: no book build."""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat
import pytest

from ict4d_build import offline
from ict4d_build.offline import FOLDER, build, trainer_files, trainer_notebook


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "html"
    (site / "lite").mkdir(parents=True)
    (site / "index.html").write_text("<html>course</html>", encoding="utf-8")
    (site / "lite" / "jupyter-lite.json").write_text("{}", encoding="utf-8")
    (site / ".buildinfo").write_text("build's own", encoding="utf-8")
    return site


def test_the_trainer_notebook_reads_the_demo_designs_beside_it() -> None:
    notebook = nbformat.reads(trainer_notebook().decode("utf-8"), as_version=4)
    nbformat.validate(notebook)
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert 'SUBMISSIONS = Path("cohort-demo")' in first_code.source
    assert "jupytext" not in notebook.metadata
    assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_a_notebook_that_no_longer_names_the_demo_folder_stops_the_build(tmp_path: Path) -> None:
    source = tmp_path / "trainer-cohort.md"
    source.write_text("# Trainer\n\n```{code-cell} ipython3\nSUBMISSIONS = 'elsewhere'\n```\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no cell sets SUBMISSIONS"):
        trainer_notebook(source)


def test_the_package_holds_the_site_the_start_here_and_the_trainer_folder(tmp_path: Path) -> None:
    site = _site(tmp_path)
    first, second = tmp_path / "one.zip", tmp_path / "again" / "two.zip"
    summary = build(site, first)
    build(site, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        start_here = archive.read(f"{FOLDER}/START-HERE.txt").decode("utf-8")
    assert names == sorted(names)
    trainer = {f"{FOLDER}/trainer/{name}" for name in trainer_files()}
    assert set(names) == {f"{FOLDER}/index.html", f"{FOLDER}/lite/jupyter-lite.json", f"{FOLDER}/START-HERE.txt"} | trainer
    assert f"{FOLDER}/trainer/cohort-demo/group-5-tide-and-trade.json" in names
    assert "SUBMISSIONS" in start_here and '"ict4d-training/trainer"' in start_here
    assert summary["files"] == len(names)


def test_a_site_with_a_trainer_folder_of_its_own_is_refused(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "trainer").mkdir()
    (site / "trainer" / "x.html").write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit, match="has a trainer/ folder of its own"):
        build(site, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


@pytest.mark.kernel
def test_the_packaged_trainer_notebook_runs_from_its_folder(tmp_path: Path) -> None:
    """What a trainer with no internet does: unzip, open trainer/trainer-cohort.ipynb, run all cells."""
    from nbclient import NotebookClient

    folder = tmp_path / "trainer"
    for name, data in offline.trainer_files().items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    notebook = nbformat.read(folder / "trainer-cohort.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    printed = "".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                      for output in cell.outputs)
    assert "Scored 6 of 7 design files." in printed
