"""Where a peer office sits from this office: above it (it sends decisions, campaigns, quotas
and the catalogue down) or below it (it sends up what it owns and what it relays from below).

Offices form a chain of any depth that follows the unit tree: the Tổng Liên đoàn (or a
central sector union) above provinces, the province, the direct upper-level unions, and the
large grassroots unions that run the program themselves. A bundle only ever goes between an
office and one above or below it; each carries its subtree's records up and its decisions
down (``docs/offices-at-every-level.md``).

The tree this office holds decides. Two shapes older stores know without the whole tree are
kept: a province and any office below province level (the province is above it), and a
national office and a province-level one.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Unit, UnitKind, UnitLevel
from desktop.services.sync.payload import chunks


def is_authority(kind: UnitKind) -> bool:
    """A catalogue, campaign and evaluation authority: national or province level."""
    return kind.level <= UnitLevel.PROVINCE


def ancestors(s: Session, unit_id: int) -> list[int]:
    """The units above ``unit_id`` in the tree as it is now, nearest first."""
    out: list[int] = []
    seen = {unit_id}
    parent = s.scalar(select(Unit.parent_id).where(Unit.id == unit_id))
    while parent is not None and parent not in seen:
        out.append(parent)
        seen.add(parent)
        parent = s.scalar(select(Unit.parent_id).where(Unit.id == parent))
    return out


def subtree(s: Session, unit_id: int) -> set[int]:
    """``unit_id`` and every unit below it, any depth, in the tree as it is now."""
    found = {unit_id}
    frontier = [unit_id]
    while frontier:
        nxt: list[int] = []
        for part in chunks(frontier):
            nxt.extend(
                i
                for i in s.scalars(select(Unit.id).where(Unit.parent_id.in_(part)))
                if i not in found
            )
        found.update(nxt)
        frontier = nxt
    return found


def is_above(s: Session, upper: Unit, lower: Unit) -> bool:
    """Does the office of ``upper`` sit above the office of ``lower``?"""
    if upper.id == lower.id:
        return False
    if upper.id in ancestors(s, lower.id):
        return True
    # Shapes known without the whole tree (a new office's catalogue has only its own line).
    if upper.kind == UnitKind.PROVINCE and not is_authority(lower.kind):
        return True
    return upper.kind == UnitKind.NATIONAL and lower.kind.level == UnitLevel.PROVINCE


def subtree_of_many(s: Session, unit_ids: Iterable[int]) -> set[int]:
    out: set[int] = set()
    for u in unit_ids:
        out |= subtree(s, u)
    return out


__all__ = ["ancestors", "is_above", "is_authority", "subtree", "subtree_of_many"]
