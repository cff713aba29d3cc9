"""SQLite's checks of a store of 100,000 initiatives: what a start after a crash waits for.

    .venv/bin/python bench/bench_integrity.py [STORE.db] [N]

``quick_check`` runs before the window opens after an unclean exit and before every import
from the command line; ``integrity_check`` runs in the background once the window shows
(services/store/opening.check_integrity). Baseline, measured in the same run: reading the whole file
once in 1 MB blocks (what any check must at least do).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigstore import build

from desktop.services.store.opening import check_integrity


def read_all(path: Path) -> None:
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


def timed(fn, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - started


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/big.db")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    build(path, n)
    size = path.stat().st_size / 2**20
    base = min(timed(read_all, path) for _ in range(3))
    print(f"store: {path} ({size:.0f} MB); read the file: {base:.2f} s")
    for full in (False, True):
        name = "integrity_check" if full else "quick_check"
        seconds = min(timed(check_integrity, path, full=full) for _ in range(2))
        print(f"{name}: {seconds:.2f} s ({seconds / base:.1f}x reading the file)")


if __name__ == "__main__":
    main()
