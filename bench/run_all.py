"""Every benchmark of issue #14, one after the other, gathered into one table.

    .venv/bin/python bench/run_all.py [--national] [--pg] [--only NAME[,NAME…]]

At the office's scale (100,000 initiatives; the Excel list of 100,000 rows; the recognition
list of 23,000) by default, at the national one (1,000,000 initiatives and 50,000 grassroots
unions) with ``--national``; ``--pg`` runs the list and the dashboard on a throw-away
PostgreSQL cluster too. Each benchmark runs in its own process and prints its own lines
(``report.row``); this gathers their ``ROW`` records and prints one table: operation, figure,
baseline measured in the same run, ratio, target, met. The big stores are built once and
kept in /tmp (``bigstore.py``): the first national run takes an hour or more.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# (name, arguments at the office's scale, arguments at the national scale)
BENCHES: list[tuple[str, list[str], list[str]]] = [
    ("bench_start.py", ["100000", "--runs", "3"], ["1000000", "--runs", "3"]),
    ("bench_list.py", ["100000", "--units", "50000"], ["1000000", "--units", "50000"]),
    ("bench_dashboard.py", ["100000", "--units", "50000"], ["1000000", "--units", "50000"]),
    ("bench_dashboard_view.py", ["100000", "--units", "50000"], ["1000000", "--units", "50000"]),
    ("bench_import.py", ["100000"], ["100000"]),
    ("bench_bundle.py", ["100000"], ["1000000"]),
    ("bench_export.py", ["100000"], ["1000000"]),
    ("bench_recognition_list.py", ["23000"], ["23000"]),
    ("bench_memory.py", ["100000"], ["1000000", "--units", "50000"]),
    ("bench_reorganise.py", ["100000"], ["1000000", "--units", "50000"]),
]
ON_POSTGRESQL = {"bench_list.py", "bench_dashboard.py"}


def run(name: str, args: list[str]) -> tuple[list[dict], float, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    print(f"== {name} {' '.join(args)}", flush=True)
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / name), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    rows = []
    for line in done.stdout.splitlines():
        if line.startswith("ROW "):
            rows.append(json.loads(line[4:]))
        elif not line.startswith("RESULT "):
            print("   " + line, flush=True)
    problem = "" if done.returncode == 0 else f"failed with code {done.returncode}"
    if not rows and not problem:
        problem = "printed no ROW line"
    return rows, time.perf_counter() - t0, problem


def table(rows: list[dict]) -> str:
    lines = [
        f"{'operation':52s} {'figure':>12s} {'baseline':>12s} {'ratio':>7s}  {'target':22s} met",
        "-" * 116,
    ]
    for r in rows:
        unit = r["unit"]
        base = f"{r['baseline']:.1f} {unit}" if r["baseline"] is not None else "-"
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "-"
        met = {True: "yes", False: "NO", None: ""}[r["met"]]
        lines.append(
            f"{r['operation'][:52]:52s} {r['figure']:>9.1f} {unit:2s} {base:>12s} {ratio:>7s}  "
            f"{(r['target'] or '-'):22s} {met}"
        )
    return "\n".join(lines)


def main() -> int:
    args = sys.argv[1:]
    national = "--national" in args
    pg = "--pg" in args
    only: set[str] = set()
    if "--only" in args:
        only = {
            n if n.endswith(".py") else f"{n}.py" for n in args[args.index("--only") + 1].split(",")
        }
    gathered: list[dict] = []
    problems: list[str] = []
    for name, office, country in BENCHES:
        if only and name not in only:
            continue
        bench_args = country if national else office
        runs = [bench_args] + ([[*bench_args, "--pg"]] if pg and name in ON_POSTGRESQL else [])
        for a in runs:
            rows, seconds, problem = run(name, a)
            suffix = " [PostgreSQL]" if "--pg" in a else ""
            for r in rows:
                r["operation"] += suffix
            gathered.extend(rows)
            print(f"   ({seconds:.0f} s)", flush=True)
            if problem:
                problems.append(f"{name} {' '.join(a)}: {problem}")
    scale = "national (1,000,000 initiatives, 50,000 units)" if national else "office (100,000)"
    print(f"\nIssue #14 benchmarks at the {scale} scale\n")
    print(table(gathered))
    met = sum(1 for r in gathered if r["met"] is True)
    judged = sum(1 for r in gathered if r["met"] is not None)
    print(f"\n{met} of {judged} targets met")
    for p in problems:
        print(f"PROBLEM: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
