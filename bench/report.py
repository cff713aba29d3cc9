"""One line per measured operation, the same in every benchmark, read by ``run_all.py``.

``row`` prints the line a person reads (operation, figure, baseline, ratio, target, met) and,
after it, the same as ``ROW {json}`` for ``run_all.py`` to gather into one table. A target is a
ratio to the baseline measured in the same run (``ratio``), an absolute bound on the figure
(``limit``), or both; ``met`` is true only when every bound given holds.
"""

from __future__ import annotations

import json


def row(
    operation: str,
    figure: float,
    baseline: float | None,
    unit: str = "ms",
    *,
    ratio: float | None = None,
    limit: float | None = None,
    note: str = "",
) -> bool:
    """Print one operation's line (and its ROW record); returns whether its target is met."""
    got = figure / baseline if baseline else None
    checks = []
    if ratio is not None:
        checks.append(got is not None and got <= ratio)
    if limit is not None:
        checks.append(figure <= limit)
    met = all(checks) if checks else None
    target = " and ".join(
        t
        for t in (
            f"≤ {ratio:g}×" if ratio is not None else "",
            f"≤ {limit:g} {unit}" if limit is not None else "",
        )
        if t
    )
    base = f"{baseline:10.1f} {unit}" if baseline is not None else " " * (11 + len(unit))
    print(
        f"  {operation:44s} {figure:10.1f} {unit}  {base}  "
        f"{(f'{got:5.2f}×' if got is not None else '     '):6s}  {target or '-':22s} "
        f"{({True: 'met', False: 'NOT met', None: ''})[met]}" + (f"  ({note})" if note else ""),
        flush=True,
    )
    record = {
        "operation": operation,
        "figure": figure,
        "baseline": baseline,
        "unit": unit,
        "ratio": got,
        "target": target,
        "met": met,
        "note": note,
    }
    print("ROW " + json.dumps(record, ensure_ascii=False), flush=True)
    return bool(met)
