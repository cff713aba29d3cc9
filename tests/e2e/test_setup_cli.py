"""``sangkien setup --units FILE.xlsx --office …`` in a subprocess, on real stores and files."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from test_cli_and_smoke import run

from desktop.models import UnitKind
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.units.excel_list import HEADERS, write_template

# A province after 1 July 2025: a ward's and a commune's union, grassroots unions under them
# (the «Loại» column left blank: the names tell the kinds), and two rows that cannot come in.
ROWS_2025 = (
    ("DB", "Liên đoàn Lao động tỉnh Điện Biên", "LĐLĐ tỉnh Điện Biên", "LĐLĐ tỉnh", "", ""),
    ("DB-MT", "Công đoàn phường Mường Thanh", "CĐ phường Mường Thanh", "", "DB", ""),
    ("DB-TC", "Công đoàn xã Thanh Chăn", "CĐ xã Thanh Chăn", "", "DB", ""),
    (
        "DB-MT-01",
        "Công đoàn cơ sở Trường Tiểu học Mường Thanh",
        "",
        "",
        "DB-MT",
        "Khối hành chính sự nghiệp",
    ),
    ("DB-TC-01", "Công đoàn cơ sở Công ty Cổ phần Chè Thanh Chăn", "", "", "DB-TC", ""),
    ("DB-TC-02", "Công đoàn cơ sở Trạm Y tế xã Thanh Chăn", "", "CĐCS", "DB-TC", ""),
    ("DB-X", "Công đoàn Trường Tiểu học Noong Hẹt", "", "", "DB", ""),  # kind unknown
    ("DB-Y", "Công đoàn cơ sở Bệnh viện Mường Lay", "", "", "DB-ML", ""),  # no such parent
)


def _list_2025(path: Path, rows: tuple[tuple[str, ...], ...] = ROWS_2025) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh sách"
    ws.append(list(HEADERS))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def _template(tmp_path: Path) -> Path:
    path = tmp_path / "danh-sach-don-vi.xlsx"
    write_template(path)
    return path


def test_the_template_sets_up_the_province_office(tmp_path: Path) -> None:
    db = str(tmp_path / "so.db")
    out = run("setup", "--units", str(_template(tmp_path)), "--office", "LC", "--db", db)
    assert out.returncode == 0, out.stderr
    assert "Đọc được 4 đơn vị từ «danh-sach-don-vi.xlsx»." in out.stdout
    assert "Đã nhập 4 đơn vị." in out.stdout
    assert (
        "Đã thiết lập văn phòng của máy này: Liên đoàn Lao động tỉnh Lai Châu (mã LC, "
        "LĐLĐ tỉnh, thành phố)." in out.stdout
    )
    store = open_store(db)
    try:
        services = Services.over(store)
        office = services.office.local()
        assert office is not None and office.unit_code == "LC"
        assert office.fingerprint and f"Dấu vân tay khoá của văn phòng: {office.fingerprint}" in (
            out.stdout
        )
        assert sum(services.units.counts_by_kind().values()) == 4
    finally:
        store.close()
    key = run("office", "key", "--db", db)
    assert key.returncode == 0 and "Liên đoàn Lao động tỉnh Lai Châu" in key.stdout


def test_a_ward_office_by_its_name_without_diacritics_with_the_rejected_rows(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "so.db")
    units = _list_2025(tmp_path / "dien-bien.xlsx")
    out = run(
        "setup", "--units", str(units), "--office", "cong doan phuong muong thanh", "--db", db
    )
    assert out.returncode == 0, out.stderr
    assert "Đọc được 6 đơn vị từ «dien-bien.xlsx»." in out.stdout
    assert "Các dòng không nhận được (2):" in out.stdout
    assert "Dòng 8: Không nhận ra loại đơn vị «Công đoàn Trường Tiểu học Noong Hẹt»" in out.stdout
    assert "Dòng 9: Không tìm thấy đơn vị cấp trên «DB-ML» trong danh sách." in out.stdout
    assert "Đã nhập 6 đơn vị." in out.stdout
    assert "văn phòng của máy này: Công đoàn phường Mường Thanh (mã DB-MT" in out.stdout
    store = open_store(db)
    try:
        services = Services.over(store)
        office = services.office.local()
        assert office is not None
        assert (office.unit_code, office.unit_kind) == ("DB-MT", UnitKind.WARD)
        commune = services.units.by_code("DB-TC")
        assert commune is not None and commune.kind == UnitKind.COMMUNE
        grassroots = services.units.by_code("DB-TC-02")
        assert grassroots is not None and grassroots.parent_id == commune.id
        assert services.units.by_code("DB-X") is None and services.units.by_code("DB-Y") is None
    finally:
        store.close()


def test_json_tells_the_units_the_rejected_rows_and_the_office(tmp_path: Path) -> None:
    db = str(tmp_path / "so.db")
    units = _list_2025(tmp_path / "dien-bien.xlsx")
    out = run("setup", "--units", str(units), "--office", "Xã Thanh Chăn", "--json", "--db", db)
    assert out.returncode != 0  # the short name is «CĐ xã Thanh Chăn»: not a match
    out = run("setup", "--units", str(units), "--office", "CĐ xã Thanh Chăn", "--json", "--db", db)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["dry_run"] is False
    assert (data["units_read"], data["units_imported"]) == (6, 6)
    assert [r["row"] for r in data["rejected"]] == [8, 9]
    assert "DB-ML" in data["rejected"][1]["message"]
    office = data["office"]
    assert (office["code"], office["name"], office["kind"]) == (
        "DB-TC",
        "Công đoàn xã Thanh Chăn",
        "commune",
    )
    key = run("office", "key", "--db", db)
    assert f"Dấu vân tay: {office['fingerprint']}" in key.stdout


def test_dry_run_says_what_would_be_done_and_writes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "so.db")
    units = _list_2025(tmp_path / "dien-bien.xlsx")
    out = run("setup", "--units", str(units), "--office", "DB", "--dry-run", "--db", db)
    assert out.returncode == 0, out.stderr
    assert "Sẽ nhập 6 đơn vị." in out.stdout
    assert "Sẽ thiết lập văn phòng của máy này: Liên đoàn Lao động tỉnh Điện Biên" in out.stdout
    assert "Chưa ghi gì (--dry-run)" in out.stdout
    as_json = run(
        "setup", "--units", str(units), "--office", "DB", "--dry-run", "--json", "--db", db
    )
    data = json.loads(as_json.stdout)
    assert (data["dry_run"], data["units_imported"], data["office"]["fingerprint"]) == (
        True,
        0,
        None,
    )
    info = json.loads(run("info", "--json", "--db", db).stdout)
    assert info["office"] is None and sum(info["units_by_kind"].values()) == 0
    # Nothing written: the real run still goes through.
    real = run("setup", "--units", str(units), "--office", "DB", "--db", db)
    assert real.returncode == 0, real.stderr


def test_a_store_holding_data_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    db = str(tmp_path / "so.db")
    template = str(_template(tmp_path))
    assert run("setup", "--units", template, "--office", "LC", "--db", db).returncode == 0
    before = run("office", "key", "--db", db).stdout
    again = run("setup", "--units", template, "--office", "LC-TP", "--db", db)
    assert again.returncode == 1
    assert "Lỗi: Cơ sở dữ liệu này đã có dữ liệu (4 đơn vị, 1 văn phòng;" in again.stderr
    assert "máy này đã là văn phòng Liên đoàn Lao động tỉnh Lai Châu" in again.stderr
    assert "Không thay đổi gì" in again.stderr
    assert run("office", "key", "--db", db).stdout == before

    demo = str(tmp_path / "demo.db")
    assert run("demo", "--db", demo, "--initiatives", "0").returncode == 0
    refused = run("setup", "--units", template, "--office", "LC", "--dry-run", "--db", demo)
    assert refused.returncode == 1 and "đã có dữ liệu (76 đơn vị, 3 chương trình" in refused.stderr


def test_an_office_matching_nothing_or_several_units_is_refused_with_the_candidates(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "so.db")
    rows = (
        *ROWS_2025[:6],
        # A second «Công đoàn xã Thanh Chăn», with another code: the name alone is not enough.
        ("DB-TC2", "Công đoàn xã Thanh Chăn", "", "", "DB", ""),
    )
    units = str(_list_2025(tmp_path / "trung-ten.xlsx", rows))
    several = run("setup", "--units", units, "--office", "cong doan xa thanh chan", "--db", db)
    assert several.returncode == 1
    assert "Có 2 đơn vị khớp «cong doan xa thanh chan»; hãy ghi mã đơn vị ở --office:" in (
        several.stderr
    )
    assert "DB-TC «Công đoàn xã Thanh Chăn» (Công đoàn xã, dòng 4)" in several.stderr
    assert "DB-TC2 «Công đoàn xã Thanh Chăn» (Công đoàn xã, dòng 8)" in several.stderr

    nothing = run("setup", "--units", units, "--office", "Mường Thanh", "--db", db)
    assert nothing.returncode == 1
    assert "Không có đơn vị «Mường Thanh» trong danh sách" in nothing.stderr
    assert "DB-MT «Công đoàn phường Mường Thanh»" in nothing.stderr
    assert "DB-MT-01" not in nothing.stderr  # a grassroots union is no office

    grassroots = run("setup", "--units", units, "--office", "DB-MT-01", "--db", db)
    assert grassroots.returncode == 1
    assert "là công đoàn cơ sở. Văn phòng phải là LĐLĐ tỉnh" in grassroots.stderr

    missing = run("setup", "--units", str(tmp_path / "khong-co.xlsx"), "--office", "DB", "--db", db)
    assert missing.returncode == 1 and "Không tìm thấy tệp danh sách đơn vị" in missing.stderr
    not_excel = tmp_path / "ghi-chu.xlsx"
    not_excel.write_text("không phải Excel", encoding="utf-8")
    bad = run("setup", "--units", str(not_excel), "--office", "DB", "--db", db)
    assert bad.returncode == 1 and "Lỗi: " in bad.stderr and "Traceback" not in bad.stderr

    info = json.loads(run("info", "--json", "--db", db).stdout)
    assert info["office"] is None and sum(info["units_by_kind"].values()) == 0
