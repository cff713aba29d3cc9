"""Importing a list again updates the initiatives it changes. The update reads the stored
initiatives 500 at a time and does not flush before every query; what it stores must be what
the row-by-row update stored: the same columns, authors, dossier items, versions, edit
versions, office clock and audit entries."""

from __future__ import annotations

import sqlite3

from openpyxl import Workbook
from sqlalchemy import select, text

from desktop.models import DossierItem, DossierKind, Initiative
from desktop.services.common import tick
from desktop.services.initiatives import excel_import
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.initiative_fixtures import build_world

SCHOOL = "CĐCS Trường Tiểu học Bản Bo"
MINE = "Công đoàn cơ sở Công ty Thủy điện Nậm Đích"


def _list(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên sáng kiến", "Tác giả", "Đơn vị", "Ngày áp dụng", "Giá trị làm lợi"])
    for i, row in enumerate(rows, 1):
        ws.append([i, *row])
    wb.save(path)
    return path


FIRST = [
    ["Máy bơm tiết kiệm điện", "Nguyễn Văn An", SCHOOL, "10/01/2022", "1.000.000"],
    ["Sổ tay điện tử", "Lò Thị Én, Vàng A Dế", SCHOOL, "10/01/2022", ""],
    ["Giáo án số", "Trần Thị Bình", MINE, "10/07/2022", "2.000.000"],
    ["Bảng điểm tự động", "Lò Văn Inh", MINE, "10/07/2022", ""],
    ["Vườn trường xanh", "Lò Văn Phong", SCHOOL, "10/07/2022", ""],
]
AGAIN = [
    ["Máy bơm tiết kiệm điện", "Nguyễn Văn An", SCHOOL, "10/01/2022", "1.500.000"],  # benefit
    ["Sổ tay điện tử", "Lò Thị Én, Vàng A Dế", SCHOOL, "10/01/2022", ""],  # in the bin
    ["Giáo án số", "Trần Thị Bình, Lò Văn Inh", MINE, "10/07/2022", "2.000.000"],  # authors
    ["Bảng điểm tự động", "Lò Văn Inh", MINE, "10/07/2022", ""],  # unchanged
    ["Vườn trường xanh", "Lò Văn Phong", SCHOOL, "Quý 3/2022", ""],  # a quarter
]

_TIMES = {"created_at", "updated_at", "at"}


def _tables(services):
    """Every stored row the import touches, by the initiative's uid, without ids given by the
    database, new random uids and timestamps."""
    out = {}
    with services.initiative_import._sf() as s:
        c = s.connection()
        uid_of = dict(c.execute(text("SELECT id, uid FROM initiative")).all())
        for table, key in (("initiative", "uid"), ("author", "initiative_id"),
                           ("dossier_item", "initiative_id")):  # fmt: skip
            rows = []
            for row in c.execute(text(f"SELECT * FROM {table}")).mappings():
                row = dict(row)
                if table != "initiative":
                    row["initiative_id"] = uid_of[row["initiative_id"]]
                    row.pop("uid")
                row.pop("id")
                rows.append({k: v for k, v in row.items() if k not in _TIMES})
            out[table] = sorted(rows, key=lambda r: (r[key], r.get("seq", 0), r["version"]))
        out["audit_log"] = [
            {k: v for k, v in dict(r).items() if k not in _TIMES}
            for r in c.execute(text("SELECT * FROM audit_log ORDER BY id")).mappings()
        ]
        out["office"] = c.execute(text("SELECT uid, clock FROM office")).all()
    return out


def _row_by_row(s, updates, column_map, done):
    """The update as it was: each initiative loaded by itself, the session autoflushing."""
    for i, r in enumerate(updates, 1):
        excel_import._update(s, r, column_map)
        done(i)


def test_an_update_of_the_same_list_stores_what_the_row_by_row_update_stored(
    sqlite_store, tmp_path, monkeypatch
):
    services = Services.over(sqlite_store)
    world = build_world(services)
    imp = services.initiative_import
    assert imp.import_file(_list(tmp_path / "a.xlsx", FIRST), world.campaign.id).created == 5
    with sqlite_store.session_factory.begin() as s:
        first = s.scalar(select(Initiative).where(Initiative.title == "Máy bơm tiết kiệm điện"))
        item = DossierItem(kind=DossierKind.DESCRIPTION, note="Bản thuyết minh")
        tick(s, item)
        first.dossier_items.append(item)
    binned = next(
        r.id for r in services.initiatives.rows_slice(
            ListQuery(campaign_id=world.campaign.id), 0, 10
        ) if r.title == "Sổ tay điện tử"
    )  # fmt: skip
    services.initiatives.delete(binned)
    # The same store twice: one updated as before, one as now.
    twin = tmp_path / "twin.db"
    src = sqlite3.connect(tmp_path / "sangkien.db")
    dst = sqlite3.connect(twin)
    src.backup(dst)
    src.close()
    dst.close()
    again = _list(tmp_path / "b.xlsx", AGAIN)
    result = imp.import_file(again, world.campaign.id)
    assert (result.updated, result.unchanged, result.created) == (4, 1, 0)
    other = open_store(str(twin))
    try:
        before = Services.over(other)
        monkeypatch.setattr(excel_import, "_update_all", _row_by_row)
        assert before.initiative_import.import_file(again, world.campaign.id).updated == 4
        monkeypatch.undo()
        now, then = _tables(services), _tables(before)
    finally:
        other.close()
    for table in ("initiative", "author", "dossier_item", "audit_log", "office"):
        for a, b in zip(now[table], then[table], strict=True):
            assert a == b, (table, {k: (a[k], b[k]) for k in a if a[k] != b[k]})
    # What a person sees: the bin emptied of the row, the new benefit, the dossier kept.
    stored = {r["title"]: r for r in now["initiative"]}
    assert stored["Sổ tay điện tử"]["deleted_at"] is None
    assert stored["Máy bơm tiết kiệm điện"]["benefit_vnd"] == 1_500_000
    assert [d["note"] for d in now["dossier_item"]] == ["Bản thuyết minh"]
    assert sum("Cập nhật từ Excel" in a["summary"] for a in now["audit_log"]) == 4
