"""A database as the first released schema (Alembic revision 0001) left it, filled with SQL.

Used by the upgrade tests: the current program must open it, back it up, migrate it, and show
everything that was in it. The data is written with plain SQL against the 0001 tables, never
through today's models (which no longer match that schema)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import text

from desktop.models.db import create_store_engine, sqlite_url
from desktop.services.store.opening import alembic_config

OLD_REVISION = "0001"
T = "2024-03-01 08:00:00.000000"  # how SQLAlchemy stores a UTC DateTime in SQLite

ROWS: dict[str, list[dict[str, object]]] = {
    "unit": [
        {
            "id": 1,
            "code": "LC",
            "name": "Liên đoàn Lao động tỉnh Thử",
            "kind": "province",
            "parent_id": None,
        },
        {
            "id": 2,
            "code": "LC-TP",
            "name": "Liên đoàn Lao động thành phố Thử",
            "kind": "district",
            "parent_id": 1,
        },
        {
            "id": 3,
            "code": "LC-TP-01",
            "name": "Công đoàn Trường Tiểu học Đoàn Kết",
            "kind": "grassroots",
            "parent_id": 2,
        },
        {
            "id": 4,
            "code": "LC-TP-02",
            "name": "Công đoàn Bệnh viện Đa khoa Thử",
            "kind": "grassroots",
            "parent_id": 2,
        },
    ],
    "campaign": [
        {
            "id": 1,
            "code": "01TRIEU-2023",
            "name": "Phong trào «01 triệu sáng kiến» năm 2023",
            "plan_number": "84/KH-LĐLĐ",
            "plan_date": "2023-01-13",
            "starts_on": "2023-01-01",
            "ends_on": "2023-12-31",
            "description_limit": 4000,
            "archived": 0,
        },
    ],
    "field": [{"id": 1, "campaign_id": 1, "seq": 1, "code": "GD", "name": "Giáo dục"}],
    "period": [
        {
            "id": 1,
            "campaign_id": 1,
            "seq": 1,
            "name": "Năm 2023",
            "count_from": "2023-01-01",
            "count_to": "2023-12-31",
        },
    ],
    "office": [
        {
            "id": 1,
            "uid": "00000000-0000-4000-8000-0000000000aa",
            "unit_id": 2,
            "name": "Liên đoàn Lao động thành phố Thử",
            "is_local": 1,
            "clock": 7,
            "enrolled_at": T,
        },
    ],
    "initiative": [
        {
            "id": 1,
            "campaign_id": 1,
            "period_id": 1,
            "unit_id": 3,
            "field_id": 1,
            "title": "Ứng dụng bảng tính để xếp thời khoá biểu",
            "author_kind": "person",
            "description": "Giảm một nửa thời gian xếp lịch mỗi học kỳ.",
            "benefit_vnd": 15_000_000,
            "applied_on": "2023-09-05",
            "confidential": 0,
            "status": "recognised",
            "authors_text": "Nguyễn Thị Ánh",
            "search_text": "ung dung bang tinh",
            "title_key": "ung dung",
            "authors_key": "nguyen thi anh",
            "deleted_at": None,
        },
        {
            "id": 2,
            "campaign_id": 1,
            "period_id": 1,
            "unit_id": 4,
            "field_id": None,
            "title": "Sắp xếp lại quy trình tiếp đón người bệnh",
            "author_kind": "group",
            "description": "Phân luồng người bệnh ngay tại cổng.",
            "benefit_vnd": None,
            "applied_on": "2023-05-20",
            "confidential": 0,
            "status": "registered",
            "authors_text": "Trần Văn Bình, Lê Thị Cúc",
            "search_text": "sap xep",
            "title_key": "sap xep",
            "authors_key": "tran van binh",
            "deleted_at": None,
        },
        {
            "id": 3,
            "campaign_id": 1,
            "period_id": 1,
            "unit_id": 4,
            "field_id": None,
            "title": "Sáng kiến đã xoá",
            "author_kind": "person",
            "description": "x",
            "benefit_vnd": None,
            "applied_on": None,
            "confidential": 0,
            "status": "registered",
            "authors_text": "",
            "search_text": "",
            "title_key": "",
            "authors_key": "",
            "deleted_at": T,
        },
    ],
    "author": [
        {
            "id": 1,
            "initiative_id": 1,
            "seq": 1,
            "full_name": "Nguyễn Thị Ánh",
            "name_key": "nguyen thi anh",
            "is_member": 1,
            "contribution_pct": 100,
        },
        {
            "id": 2,
            "initiative_id": 2,
            "seq": 1,
            "full_name": "Trần Văn Bình",
            "name_key": "tran van binh",
            "is_member": 1,
            "contribution_pct": 60,
        },
        {
            "id": 3,
            "initiative_id": 2,
            "seq": 2,
            "full_name": "Lê Thị Cúc",
            "name_key": "le thi cuc",
            "is_member": 0,
            "contribution_pct": 40,
        },
    ],
    "quota": [{"id": 1, "campaign_id": 1, "unit_id": 2, "period_id": None, "target": 120}],
}
CAMPAIGN_UNITS = [(1, 2)]
# Columns every "travelling" row of 0001 carries.
TRAVELLING = ("unit", "campaign", "field", "period", "initiative", "author", "quota")


def build_old_store(path: Path) -> Path:
    """Create ``path`` at schema 0001 and fill it. Returns ``path``."""
    engine = create_store_engine(sqlite_url(path))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, OLD_REVISION)
    with engine.begin() as conn:
        for table, rows in ROWS.items():
            for i, row in enumerate(rows):
                values = dict(row)
                if table == "unit":
                    values.setdefault("name_folded", str(values["name"]).lower())
                    values.setdefault("name_key", str(values["name"]).lower())
                if table in TRAVELLING:
                    values.setdefault("uid", f"00000000-0000-4000-8000-{table[:4]}{i:08d}")
                    values.setdefault("version", 1)
                    values.setdefault("created_at", T)
                    values.setdefault("updated_at", T)
                cols = ", ".join(values)
                marks = ", ".join(f":{c}" for c in values)
                conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({marks})"), values)
        for campaign_id, unit_id in CAMPAIGN_UNITS:
            conn.execute(
                text("INSERT INTO campaign_unit (campaign_id, unit_id) VALUES (:c, :u)"),
                {"c": campaign_id, "u": unit_id},
            )
    engine.dispose()
    return path


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def old_rows(path: Path) -> dict[str, list[dict[str, object]]]:
    """Every row of every 0001 table, with the 0001 columns only (to compare after upgrade)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        out = {}
        for table in ROWS:
            out[table] = [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
        return out
    finally:
        conn.close()
