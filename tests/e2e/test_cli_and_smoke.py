"""The real program, started as a user or the installer would start it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=180,
    )


def test_demo_then_info_reports_eleven_district_level_units(tmp_path):
    db = str(tmp_path / "demo.db")
    made = run("demo", "--db", db)
    assert made.returncode == 0, made.stderr
    assert "Liên đoàn Lao động tỉnh Lai Châu" in made.stdout
    info = run("info", "--json", "--db", db)
    assert info.returncode == 0, info.stderr
    data = json.loads(info.stdout)
    assert data["district_level_units"] == 11
    assert any(c["code"] == "01TRIEU-2022" and c["initiatives"] > 0 for c in data["campaigns"])
    assert data["schema_revision"] == data["schema_head"]
    again = run("demo", "--db", db)
    assert again.returncode == 1 and "đã có dữ liệu" in again.stderr


def test_the_store_can_be_named_by_the_environment(tmp_path):
    db = str(tmp_path / "env.db")
    assert run("demo", env_extra={"SANGKIEN_DB": db}).returncode == 0
    text = run("info", env_extra={"SANGKIEN_DB": db})
    assert "Tổng số sáng kiến" in text.stdout and db in text.stdout


def test_smoke_test_builds_the_main_window_and_exits_zero(tmp_path):
    db = str(tmp_path / "demo.db")
    assert run("demo", "--db", db).returncode == 0
    smoke = run("--smoke-test", "--db", db)
    assert smoke.returncode == 0, smoke.stderr
    assert "smoke test ok" in smoke.stdout


def test_smoke_test_on_a_fresh_store(tmp_path):
    smoke = run("--smoke-test", "--db", str(tmp_path / "new.db"))
    assert smoke.returncode == 0, smoke.stderr


def test_a_broken_store_exits_non_zero_with_a_vietnamese_reason(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("rác" * 100)
    out = run("info", "--db", str(bad))
    assert out.returncode == 1
    assert "không phải là cơ sở dữ liệu" in out.stderr


def test_version_names_the_parts(tmp_path):
    out = run("--version")
    assert out.returncode == 0
    for part in ("Sổ Sáng Kiến", "Python", "Qt", "SQLAlchemy", "ReportLab", "openpyxl", "SQLite"):
        assert f"{part}:" in out.stdout


def test_help_is_in_vietnamese():
    out = run("--help")
    assert out.returncode == 0
    assert "quản lý phong trào sáng kiến" in out.stdout and "demo" in out.stdout
