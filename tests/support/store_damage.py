"""Stores broken the way disks break them: a page overwritten in the middle of the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.models.enums import UnitKind
from desktop.services.registry import Services
from desktop.services.store.opening import open_store


def small_store(path: Path, codes: tuple[str, ...] = ("A", "B", "C")) -> Path:
    store = open_store(str(path))
    units = Services.over(store).units
    for code in codes:
        units.create(code, f"Công đoàn cơ sở {code}", UnitKind.GRASSROOTS)
    store.close()
    return path


def corrupt_table(path: Path, table: str = "unit") -> None:
    """Overwrite the first page of ``table`` with garbage; the file still opens."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        page = root.fetchone()[0]
    finally:
        con.close()
    with open(path, "r+b") as f:
        f.seek((page - 1) * page_size)
        f.write(b"\xff" * 100)


def corrupt_schema(path: Path) -> None:
    """Break the table list on page 1 (the file header stays): opening itself fails."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    with open(path, "r+b") as f:
        f.seek(100)  # the b-tree header of sqlite_schema, right after the file header
        f.write(b"\xff" * 12)
