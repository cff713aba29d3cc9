"""Start to the first usable page of the main window, against a bare window doing the
essential work, each in a fresh process.

    .venv/bin/python bench/bench_start.py [N] [--runs K]     (default 100,000 initiatives)

The program: a new Python process runs ``desktop.cli.main`` on a store of N initiatives
(``bigstore.py``, cached in /tmp) under the offscreen platform, exactly as ``sangkien-gui``
starts it (the log, the version check, the store, the day's copy, the window); the clock
stops when the main window has been shown and the event loop has drawn it (the first turn
of the loop after ``show()``, events processed). It also counts how many times the list's
first page was asked of the store during the start.

The baseline: a new Python process that imports SQLAlchemy and PySide6 (in that order, as the
program does: desktop/preload.py), opens the same store,
asks the first page of the same list (the total, and 200 rows in title order with their unit
and field) and shows them in a QTableView in a 1366×700 window; the clock stops at the same
point. Both clocks start before the process is spawned, so both include Python's own start.

Both run from compiled bytecode, as an installed program does (PYTHONDONTWRITEBYTECODE is
dropped for them, so the warm-up run writes the .pyc files). Each side runs once to warm the
disk cache (the program's first run of the day also takes the
daily copy of the store, as at any office), then K times; medians are printed with the ratio.
Settings and the daily copy go to a temporary home, never the user's.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
from bigstore import build  # noqa: E402

PROGRAM = r"""
import sys, time, json
import desktop.preload  # what desktop.cli.main loads first; then the harness's own hooks
from desktop.services.initiatives.listing import InitiativeLists

asked = {"page": 0, "rows_slice": 0, "count": 0}
for name in asked:
    original = getattr(InitiativeLists, name)
    def counting(self, *a, _name=name, _original=original, **k):
        asked[_name] += 1
        return _original(self, *a, **k)
    setattr(InitiativeLists, name, counting)

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import desktop.views.shell.main_window as mw
from desktop import cli

shown = mw.MainWindow.show
def show(self):
    shown(self)
    def ready():
        QApplication.processEvents()
        print(json.dumps({"ready": time.time(), "cpu": time.process_time(), **asked}), flush=True)
        QApplication.exit(0)
    QTimer.singleShot(0, ready)
mw.MainWindow.show = show
sys.exit(cli.main(["--db", sys.argv[1]]))
"""

BASELINE = r"""
import sys, time, json
import sqlalchemy as sa  # before Qt, as the program does (desktop/preload.py says why)
import sqlalchemy.dialects.sqlite.pysqlite
from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication(sys.argv[:1])
engine = sa.create_engine("sqlite:///" + sys.argv[1])
with engine.connect() as c:
    campaign = c.execute(sa.text(
        "SELECT id FROM campaign WHERE code = '01TRIEU-2022'")).scalar_one()
    total = c.execute(sa.text(
        "SELECT count(*) FROM initiative WHERE deleted_at IS NULL AND campaign_id = :c"),
        {"c": campaign}).scalar_one()
    rows = c.execute(sa.text(
        "SELECT i.id, i.title, i.authors_text, u.short_name, u.name, f.name, i.sector, "
        "i.status, i.applied_on, i.benefit_vnd FROM initiative i "
        "JOIN unit u ON u.id = i.unit_id LEFT JOIN field f ON f.id = i.field_id "
        "WHERE i.deleted_at IS NULL AND i.campaign_id = :c ORDER BY i.title_key, i.id LIMIT 200"),
        {"c": campaign}).all()
model = QStandardItemModel(len(rows), 9)
for r, row in enumerate(rows):
    for col, value in enumerate(row[1:]):
        model.setItem(r, col, QStandardItem("" if value is None else str(value)))
window = QMainWindow()
view = QTableView()
view.setModel(model)
window.setCentralWidget(view)
window.setWindowTitle(f"{total} sáng kiến")
window.resize(1366, 700)
window.show()
def ready():
    QApplication.processEvents()
    print(json.dumps({"ready": time.time(), "cpu": time.process_time()}), flush=True)
    QApplication.exit(0)
QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""


def child(script: str, store: Path, home: Path, timeout: float = 600) -> dict:
    """Run ``script`` on ``store`` in a new process with a home of its own (settings, the
    day's copy), offscreen, from compiled bytecode; its last JSON line."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONPATH=str(ROOT),
    )
    env.pop("SANGKIEN_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-c", script, str(store)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"the process failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(lines[-1])


def once(script: str, store: Path, home: Path) -> dict[str, float]:
    t0 = time.time()  # before the spawn: Python's own start counts on both sides
    out = child(script, store, home)
    out["seconds"] = out.pop("ready") - t0
    return out


def measure(n: int, runs: int) -> dict[str, float]:
    store = build(Path(f"/tmp/bench_start_{n}.db"), n)
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        home = Path(tmp)
        once(PROGRAM, store, home)  # warm: the disk cache, the day's copy, the upgrade
        once(BASELINE, store, home)
        got: dict[str, list[float]] = {"p": [], "pc": [], "b": [], "bc": []}
        asked: dict[str, float] = {}
        for _ in range(runs):
            program = once(PROGRAM, store, home)
            got["p"].append(program.pop("seconds"))
            got["pc"].append(program.pop("cpu"))
            asked = program
            baseline = once(BASELINE, store, home)
            got["b"].append(baseline["seconds"])
            got["bc"].append(baseline["cpu"])
    m = {k: statistics.median(v) for k, v in got.items()}
    return {
        "n": n,
        "program": m["p"],
        "baseline": m["b"],
        "ratio": m["p"] / m["b"],
        "program_cpu": m["pc"],
        "baseline_cpu": m["bc"],
        "ratio_cpu": m["pc"] / m["bc"],
        **asked,
    }


def main() -> None:
    args = sys.argv[1:]
    runs = 5
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i : i + 2]
    n = int(args[0]) if args else 100_000
    r = measure(n, runs)
    print(f"start to the first usable page, {n:,} initiatives (median of {runs}; wall, then")
    print("the CPU time of the process until then, steadier on a busy machine)")
    print(f"  baseline: a bare window + SQLAlchemy + the first page; {r['baseline_cpu']:.2f} s cpu")
    print(f"  Sổ Sáng Kiến: {r['program_cpu']:.2f} s cpu ({r['ratio_cpu']:.2f}x)")
    report.row(f"start to the first page, {n:,}", r["program"], r["baseline"], "s", ratio=1.5)
    report.row(f"list pages asked during the start, {n:,}", r["page"] + r["rows_slice"], None,
               "", limit=1)  # fmt: skip
    print("RESULT " + json.dumps(r))


if __name__ == "__main__":
    main()
