"""The log file: beside the store, a header with the version, rotated at a fixed size."""

from __future__ import annotations

import logging
import logging.handlers

import pytest

from desktop import __version__, logs


@pytest.fixture(autouse=True)
def _closed():
    yield
    logs.shutdown()


def test_the_log_lies_beside_the_store_and_starts_with_the_version(tmp_path):
    path = logs.setup(str(tmp_path / "data" / "sangkien.db"), what="info")
    assert path == (tmp_path / "data" / "logs" / "sangkien.log").resolve()
    assert logs.log_file() == path
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert f"=== Sổ Sáng Kiến {__version__} start: info (Python " in first


def test_the_log_rotates_and_keeps_a_few_files(tmp_path):
    folder = tmp_path / "logs"
    path = logs.setup(folder=folder, max_bytes=4000, backup_count=2)
    assert path is not None
    service_log = logging.getLogger("desktop.services.store.backup")
    for i in range(400):
        service_log.info("bản sao số %d đã ghi vào thư mục sao lưu", i)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["sangkien.log", "sangkien.log.1", "sangkien.log.2"]
    assert all(p.stat().st_size <= 4000 for p in folder.iterdir())
    assert "bản sao số 399" in path.read_text(encoding="utf-8")


def test_a_folder_that_cannot_be_written_leaves_the_program_without_a_log(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert logs.setup(folder=blocker / "logs") is None
    assert logs.log_file() is None
    logging.getLogger("desktop.services.store.opening").error("no file, no crash")


def test_a_rotation_that_fails_keeps_writing(tmp_path, monkeypatch, capsys):
    """Windows refuses to rename a file another start holds open: no error storm, no loss."""
    path = logs.setup(folder=tmp_path / "logs", max_bytes=2000, backup_count=2)
    assert path is not None

    def refuse(*_a):
        raise PermissionError("the file is open in another process")

    monkeypatch.setattr(logging.handlers.os, "rename", refuse)
    for i in range(100):
        logging.getLogger("desktop.services.sync").info("gói số %d", i)
    assert "Logging error" not in capsys.readouterr().err
    assert "gói số 99" in path.read_text(encoding="utf-8")


def test_the_version_the_log_and_the_bundles_give_is_the_one_the_package_is_built_with():
    # desktop.__version__ is written by hand so the start reads no package metadata; the log,
    # the about box and every bundle's manifest say it, and the installer is named by
    # pyproject.toml's: a release that bumps one and not the other would lie to the offices.
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    assert __version__ == tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
