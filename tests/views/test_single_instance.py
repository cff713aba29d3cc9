"""A second start on the same store hands its file to the running program and quits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from desktop.app import _store_key
from desktop.views.shell.single_instance import SingleInstance

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_start_hands_over_its_file(qtbot, tmp_path):
    key = _store_key(str(tmp_path / "sangkien.db"))
    running = SingleInstance(key)
    assert not running.send("")  # nobody listening yet
    assert running.listen()
    try:
        second = SingleInstance(_store_key(str(tmp_path / "." / "sangkien.db")))  # same file
        with qtbot.waitSignal(running.message, timeout=5000) as got:
            assert second.send(str(tmp_path / "gói tháng 11.ssk"))
        assert got.args == [str(tmp_path / "gói tháng 11.ssk")]
        other_store = SingleInstance(_store_key(str(tmp_path / "khac.db")))
        assert not other_store.send("")  # another store is another program
    finally:
        running.close()


def test_the_real_program_does_not_open_twice(tmp_path, demo_template):
    import shutil

    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "desktop", "--db", str(db)]
    first = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    try:
        probe = SingleInstance(_store_key(str(db)))
        deadline = time.monotonic() + 60
        while not probe.send(""):  # the first program is up once it answers
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            assert time.monotonic() < deadline, "the program never started listening"
            time.sleep(0.2)
        started = time.monotonic()
        second = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - started < 30  # it quit instead of opening a window
        assert first.poll() is None  # and the first one is still there
    finally:
        first.kill()
        first.wait(10)
