"""The memory of the running program on a big store, after opening every page, against a
bare window showing the first page of the same list.

    .venv/bin/python bench/bench_memory.py [N] [--units U]   (default 1,000,000 initiatives)

The program: a new process starts as ``sangkien-gui`` does (``desktop.cli.main``) on a store
of N initiatives (``bigstore.py``, cached in /tmp), then opens every page of the main window
in turn, as a person going down the navigation, waiting each time until the page's
background jobs have delivered; last it goes back to the list and drags it to its end. The
figures: the resident memory at the end (VmRSS) and the peak of the whole run (ru_maxrss),
and how long each page took to open (the dashboard and the units tree at 50,000 units are
the heavy ones).

The baseline: a new process importing SQLAlchemy and PySide6, opening the same store and
showing the first page of the list in a bare QTableView (bench_start.py's baseline): what
any program showing this store costs. Target (issue #14): at most 300 MB after every page.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
from bench_start import BASELINE, child  # noqa: E402
from bigstore import build  # noqa: E402

TARGET_MB = 300

PROGRAM = r"""
import json, resource, sys, time
import desktop.preload
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication
import desktop.views.shell.main_window as mw
from desktop import cli

def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

def settle(window, seconds=0.3):
    deadline = time.perf_counter() + 600
    while window.tasks.busy and time.perf_counter() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.01)

shown = mw.MainWindow.show
def show(self):
    shown(self)
    def walk():
        opened = {}
        # The full check of the store starts 1.5 s after the window shows, on the runner:
        # let it end first, so each page's time is its own.
        settle(self, 2.0)
        settle(self)
        for key, *_ in mw.PAGES:
            t0 = time.perf_counter()
            self.show_page(key)
            settle(self, 0.0)
            opened[key] = time.perf_counter() - t0
            settle(self)
        self.show_page("initiatives")
        table = self.pages["initiatives"].table
        t0 = time.perf_counter()
        table.scrollToBottom()  # the model reads the last page as the view asks for it
        settle(self, 0.0)
        QApplication.processEvents()
        opened["list, to its end"] = time.perf_counter() - t0
        settle(self)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"rss": rss_mb(), "peak": peak, "opened": opened}), flush=True)
        QApplication.exit(0)
    QTimer.singleShot(0, walk)
mw.MainWindow.show = show
sys.exit(cli.main(["--db", sys.argv[1]]))
"""

# The baseline prints its own figures once its first page has painted.
BASELINE_MEMORY = BASELINE.replace(
    'print(json.dumps({"ready": time.time(), "cpu": time.process_time()}), flush=True)',
    "import resource\n"
    "    rss = [int(line.split()[1]) / 1024 for line in open('/proc/self/status')\n"
    "           if line.startswith('VmRSS:')][0]\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    '    print(json.dumps({"rss": rss, "peak": peak}), flush=True)',
)


def run(script: str, store: Path, home: Path) -> dict:
    return child(script, store, home, timeout=3600)


def measure(n: int, units: int | None) -> dict:
    if units:
        store = build(Path(f"/tmp/bench_scale_{n}_u{units}.db"), n, units=units)
    else:
        store = build(Path(f"/tmp/bench_start_{n}.db"), n)
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        home = Path(tmp)
        run(BASELINE, store, home)  # warm the disk cache; the program's first run of the
        t0 = time.perf_counter()  # day also takes its copy of the store: measured below
        program = run(PROGRAM, store, home)
        program["first_run_s"] = time.perf_counter() - t0
        program = run(PROGRAM, store, home)  # the day's copy taken: an ordinary start
        baseline = run(BASELINE_MEMORY, store, home)
    return {"n": n, "units": units, "program": program, "baseline": baseline}


def main() -> None:
    args = sys.argv[1:]
    units = None
    if "--units" in args:
        i = args.index("--units")
        units = int(args[i + 1])
        del args[i : i + 2]
    n = int(args[0]) if args else 1_000_000
    r = measure(n, units)
    p, b = r["program"], r["baseline"]
    print(
        f"memory after opening every page, {n:,} initiatives"
        + (f", {units:,} units" if units else "")
    )
    for key, seconds in p["opened"].items():
        print(f"  opened {key:22s} {seconds:6.2f} s")
    print(f"  bare window, first page (baseline): {b['rss']:6.0f} MB now, {b['peak']:6.0f} MB peak")
    print(f"  Sổ Sáng Kiến, every page:           {p['rss']:6.0f} MB now, {p['peak']:6.0f} MB peak")
    size = f"{n:,}" + (f", {units:,} units" if units else "")
    report.row(f"memory after every page (peak), {size}", p["peak"], b["peak"], "MB",
               limit=TARGET_MB)  # fmt: skip
    slowest = max(p["opened"], key=p["opened"].get)
    report.row(f"slowest page to open ({slowest}), {size}", p["opened"][slowest] * 1000, None,
               "ms")  # fmt: skip
    print("RESULT " + json.dumps(r))


if __name__ == "__main__":
    main()
