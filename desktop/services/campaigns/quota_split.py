"""Splitting a quota into whole numbers that add up to it (the grid's "Chia đều" and
"Chia theo tỷ lệ")."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.services.common import ServiceError


def split(total: int, weights: Sequence[float | int | None] | int) -> list[int]:
    """Split ``total`` into whole numbers: evenly (``weights`` a count), or in proportion to
    ``weights`` (missing weights count as 0; all zero: evenly). Largest remainders first, so
    the parts always add up to ``total``."""
    if total < 0:
        raise ServiceError("Chỉ tiêu không được âm.")
    if isinstance(weights, int):
        weights = [1] * weights
    w = [max(0.0, float(x or 0)) for x in weights]
    if not w:
        return []
    if sum(w) == 0:
        w = [1.0] * len(w)
    s = sum(w)
    exact = [total * x / s for x in w]
    parts = [int(e) for e in exact]
    order = sorted(range(len(w)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts
