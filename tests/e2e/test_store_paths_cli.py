"""``--db`` with a path a person may really have: the command line reads that very file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.models.enums import UnitKind
from desktop.services.registry import Services
from desktop.services.store.opening import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("folder", ["số#1 %41", "hỏi?đáp&x=1"])
def test_info_on_the_command_line_reads_the_right_file(tmp_path, folder):
    path = tmp_path / folder / "sangkien.db"
    store = open_store(str(path))
    Services.over(store).units.create("A", "Công đoàn cơ sở A", UnitKind.GRASSROOTS)
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SANGKIEN_DB", None)
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "info", "--db", str(path), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["database"] == f"SQLite: {path}"
    assert data["units_by_kind"]["grassroots"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]
    # The right file, and nothing beside it but the program's log (in that same folder).
    assert sorted(p.name for p in path.parent.iterdir()) == ["logs", "sangkien.db"]
