"""Reproducible zips (ict4d_build.zips), written whole or not at all."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ict4d_build.zips import FIXED_TIME, write_zip, zip_folder


def _write(path: Path) -> None:
    with write_zip(path, prefix="course/", compresslevel=6) as archive:
        archive.add("index.html", b"<html>" + b"text " * 200 + b"</html>")
        archive.add("lite/wheel.whl", b"PK-already-compressed")
        archive.add("fonts/Icons.WOFF2", b"font")


def test_the_same_entries_give_the_same_bytes(tmp_path: Path) -> None:
    _write(tmp_path / "one.zip")
    (tmp_path / "later").mkdir()
    _write(tmp_path / "later" / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "later" / "two.zip").read_bytes()


def test_entries_are_dated_alike_readable_and_compressed_by_kind(tmp_path: Path) -> None:
    _write(tmp_path / "course.zip")
    with zipfile.ZipFile(tmp_path / "course.zip") as archive:
        infos = {info.filename: info for info in archive.infolist()}
        assert archive.testzip() is None
    assert list(infos) == ["course/index.html", "course/lite/wheel.whl", "course/fonts/Icons.WOFF2"]
    assert {info.date_time for info in infos.values()} == {FIXED_TIME}
    assert {info.external_attr >> 16 for info in infos.values()} == {0o644}
    assert infos["course/index.html"].compress_type == zipfile.ZIP_DEFLATED
    assert infos["course/lite/wheel.whl"].compress_type == zipfile.ZIP_STORED
    assert infos["course/fonts/Icons.WOFF2"].compress_type == zipfile.ZIP_STORED


def test_a_failed_write_keeps_the_previous_zip(tmp_path: Path) -> None:
    target = tmp_path / "course.zip"
    target.write_bytes(b"last week's zip")
    with pytest.raises(RuntimeError), write_zip(target) as archive:
        archive.add("a.txt", b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"last week's zip"
    assert [path.name for path in tmp_path.iterdir()] == ["course.zip"]


def test_a_folder_is_zipped_in_the_order_given_under_relative_names(tmp_path: Path) -> None:
    folder = tmp_path / "wheel"
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg" / "b.py").write_text("b")
    (folder / "a.txt").write_text("a")
    zip_folder(folder, tmp_path / "out.whl", [folder / "pkg" / "b.py", folder / "a.txt"])
    with zipfile.ZipFile(tmp_path / "out.whl") as archive:
        assert archive.namelist() == ["pkg/b.py", "a.txt"]
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
