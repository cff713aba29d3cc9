"""Time of the Vietnamese sort key for 100,000 initiative titles (desktop/text/collation.py).

    .venv/bin/python bench/bench_collation.py

Every import and every bundle computes the key of each title it writes, and the list of a
large province re-sorts by it; the target is under a second for 100,000 titles on an office PC
(best of three runs, so a busy machine does not mislead). The test suite checks instead that
ordinary text takes the fast path (tests/services/test_vietnamese.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.text.collation import collation_key  # noqa: E402

TARGET_S = 1.0


def main() -> int:
    base = "Giải pháp nâng cao hiệu quả công tác vận động đoàn viên Công đoàn cơ sở năm "
    titles = [f"{base}{i} Đợt {i % 7}"[:80] for i in range(100_000)]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for t in titles:
            collation_key(t)
        best = min(best, time.perf_counter() - start)
    verdict = "ok" if best < TARGET_S else "TOO SLOW"
    print(f"collation_key: {len(titles):,} titles in {best:.3f} s (target {TARGET_S} s): {verdict}")
    return 0 if best < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
