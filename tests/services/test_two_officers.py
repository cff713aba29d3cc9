"""The issue's case with two REAL programs on one store (PostgreSQL server, SQLite file).

Officer A and officer B open the same initiative; A changes its benefit and saves; B, who
loaded it before A's save, changes its title and saves: B is refused with the Vietnamese
"Sáng kiến này vừa được … sửa lúc …", and A's benefit is still there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_initiatives import make

from support.initiative_fixtures import build_world

WORKER = Path(__file__).parents[1] / "support" / "edit_worker.py"
ROOT = Path(__file__).parents[2]


def _officer(url: str, iid: int, user: str) -> subprocess.Popen[str]:
    # getpass.getuser() reads LOGNAME first: each process is its own OS user in the audit log.
    # The worker imports this checkout's program (its folder, not the root, is on its path).
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, LOGNAME=user, USER=user, USERNAME=user, PYTHONPATH=path)
    return subprocess.Popen(
        [sys.executable, str(WORKER), url, str(iid)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _said(proc: subprocess.Popen[str]) -> dict:
    line = proc.stdout.readline()  # type: ignore[union-attr]
    assert line, proc.stderr.read()  # type: ignore[union-attr]
    return json.loads(line)


def test_b_saving_a_title_over_a_s_benefit_is_refused_and_says_who_and_when(services, store):
    world = build_world(services)
    ini = services.initiatives.create(make(world.campaign, world.school, benefit_vnd=1_000_000))

    a = _officer(store.url, ini.id, "can_bo_a")
    b = _officer(store.url, ini.id, "can_bo_b")
    try:
        loaded_a, loaded_b = _said(a), _said(b)  # both windows are open on the same version
        assert loaded_a == loaded_b

        a.stdin.write(json.dumps({"benefit_vnd": 25_000_000}) + "\n")
        a.stdin.flush()
        assert "saved" in _said(a)
        assert a.wait(60) == 0

        b.stdin.write(json.dumps({"title": "Tiêu đề do B sửa"}) + "\n")
        b.stdin.flush()
        out_b = _said(b)
        assert b.wait(60) == 3, out_b
    finally:
        for p in (a, b):
            if p.poll() is None:
                p.kill()
                p.wait()

    assert out_b["who"] == "can_bo_a"
    assert out_b["when"] is not None
    assert out_b["conflict"].startswith("Sáng kiến này vừa được can_bo_a sửa lúc ")
    assert "Hãy tải lại" in out_b["conflict"]
    now = services.initiatives.get(ini.id)
    assert now.data.benefit_vnd == 25_000_000  # A's change is not erased
    assert now.data.title == ini.data.title  # B's is not saved unseen
