"""The command line on an unexpected error: a short message with the log's place; the
traceback in the log. Also a refusal (a user's error) is logged, without a traceback."""

from __future__ import annotations

import pytest

from desktop import logs
from desktop.cli import main
from desktop.services.store.opening import open_store


@pytest.fixture(autouse=True)
def _closed():
    yield
    logs.shutdown()


def test_an_unexpected_error_is_logged_and_the_log_named(tmp_path, monkeypatch, capsys):
    db = tmp_path / "sangkien.db"
    open_store(str(db)).close()

    def broken(_store):
        raise ZeroDivisionError("chia cho không")

    monkeypatch.setattr("desktop.services.store.info.store_info", broken)
    assert main(["info", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    log = (tmp_path / "logs" / "sangkien.log").resolve()
    assert "Lỗi không mong đợi: ZeroDivisionError: chia cho không" in err
    assert f"Chi tiết đã được ghi vào nhật ký: {log}" in err
    text = log.read_text(encoding="utf-8")
    assert "start: info" in text
    assert "unexpected error in info" in text and "Traceback (most recent call last)" in text
    assert 'raise ZeroDivisionError("chia cho không")' in text


def test_a_refused_command_is_logged_without_a_traceback(tmp_path, capsys):
    db = tmp_path / "sangkien.db"
    db.write_bytes(b"not a database at all" * 100)
    assert main(["info", "--db", str(db)]) == 1
    assert "Lỗi:" in capsys.readouterr().err
    text = (tmp_path / "logs" / "sangkien.log").read_text(encoding="utf-8")
    assert "WARNING" in text and "info:" in text and "Traceback" not in text


def test_the_window_program_logs_its_start_beside_the_store(tmp_path):
    """The real program (``--smoke-test`` builds the main window) writes the log header."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from desktop import __version__

    db = tmp_path / "sangkien.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--smoke-test", "--db", str(db)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "logs" / "sangkien.log").read_text(encoding="utf-8")
    assert f"=== Sổ Sáng Kiến {__version__} start: cửa sổ (Python " in text
