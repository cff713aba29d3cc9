"""``sangkien campaigns list | show | import`` in a subprocess, on real stores and files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from test_cli_and_smoke import run

from desktop.services.units.excel_list import HEADERS

DEMO_CODES = ("01TRIEU-2022", "75NGHIN-2021", "DKST-2024")


def _demo(tmp_path: Path, *extra: str, name: str = "demo.db") -> str:
    db = str(tmp_path / name)
    made = run("demo", "--db", db, "--initiatives", "0", *extra)
    assert made.returncode == 0, made.stderr
    return db


def _json(*args: str) -> Any:
    out = run(*args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _show(db: str, code: str) -> dict[str, Any]:
    doc = _json("campaigns", "show", code, "--json", "--db", db)
    assert isinstance(doc, dict)
    return doc


def _same_units(demo: str, tmp_path: Path) -> str:
    """A new store holding the demo's units (and no campaign): its list through Excel and
    ``sangkien setup``, as the province's office."""
    units = _json("units", "list", "--json", "--db", demo)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(HEADERS))
    for u in units:
        ws.append([u["code"], u["name"], "", u["kind_label"], u["parent_code"] or "", ""])
    path = tmp_path / "don-vi-lai-chau.xlsx"
    wb.save(path)
    db = str(tmp_path / "moi.db")
    made = run("setup", "--units", str(path), "--office", "LC", "--db", db)
    assert made.returncode == 0, made.stderr
    assert f"Đã nhập {len(units)} đơn vị." in made.stdout
    return db


def test_round_trip_show_then_import_into_a_store_with_the_same_units(tmp_path: Path) -> None:
    demo = _demo(tmp_path)
    docs = [_show(demo, code) for code in DEMO_CODES]
    trieu = docs[0]
    assert [p["name"] for p in trieu["periods"]] == ["Giai đoạn 1 (2022)", "Giai đoạn 2 (2023)"]
    assert trieu["periods"][0]["count_from"] == "2021-09-01"
    assert trieu["periods"][0]["deadlines"][0]["date"] == "2022-05-31"
    assert "LC-PT" in trieu["participants"] and len(trieu["participants"]) == 12

    fresh = _same_units(demo, tmp_path)
    assert _json("campaigns", "list", "--all", "--json", "--db", fresh) == []
    file = tmp_path / "chuong-trinh.json"
    file.write_text(json.dumps(docs, ensure_ascii=False, indent=2), encoding="utf-8")
    out = run("campaigns", "import", str(file), "--db", fresh)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("Đã tạo chương trình ") for line in lines)
    assert "Đã tạo chương trình 01TRIEU-2022 «01 triệu sáng kiến" in lines[0]
    assert "(chương trình mới): 2 giai đoạn, 3 lĩnh vực, 12 đơn vị tham gia." in lines[0]
    for code, doc in zip(DEMO_CODES, docs, strict=True):
        assert _show(fresh, code) == doc

    # Imported again: the same code is the same campaign, said so, and nothing changes.
    again = run("campaigns", "import", str(file), "--db", fresh)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("Không thay đổi chương trình") == 3
    assert len(_json("campaigns", "list", "--all", "--json", "--db", fresh)) == 3


def test_list_one_line_per_campaign_and_archived_only_with_all(tmp_path: Path) -> None:
    db = _demo(tmp_path)
    listed = _json("campaigns", "list", "--json", "--db", db)
    assert {c["code"] for c in listed} == set(DEMO_CODES)
    trieu = next(c for c in listed if c["code"] == "01TRIEU-2022")
    assert trieu["starts_on"] == "2021-09-01" and trieu["ends_on"] == "2023-09-30"
    assert trieu["archived"] is False

    doc = _show(db, "75NGHIN-2021")
    doc["archived"] = True
    file = tmp_path / "luu-tru.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = run("campaigns", "import", str(file), "--db", db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(
        "Đã cập nhật chương trình 75NGHIN-2021 «75 nghìn sáng kiến, vượt khó, phát triển» "
        "(đã có chương trình mã này)"
    )
    assert _show(db, "75NGHIN-2021")["archived"] is True

    text = run("campaigns", "list", "--db", db)
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0] == "2 chương trình (chưa lưu trữ; --all: cả đã lưu trữ)."
    assert "75NGHIN-2021" not in text.stdout
    every = run("campaigns", "list", "--all", "--db", db).stdout.splitlines()
    assert every[0] == "3 chương trình (kể cả đã lưu trữ)."
    assert every[1].split()[:2] == ["Mã", "Tên"]
    line = next(x for x in every if x.startswith("75NGHIN-2021 "))
    assert "01/02/2021 – 31/05/2021" in line and line.endswith("đã lưu trữ")
    line = next(x for x in every if x.startswith("01TRIEU-2022 "))
    assert "01/09/2021 – 30/09/2023" in line and line.endswith("—")


def test_show_prints_the_plan_periods_deadlines_fields_and_participants(tmp_path: Path) -> None:
    db = _demo(tmp_path)
    out = run("campaigns", "show", "01TRIEU-2022", "--db", db)
    assert out.returncode == 0, out.stderr
    assert "Thời gian: từ 01/09/2021 đến 30/09/2023" in out.stdout
    assert "  Giai đoạn 1 (2022): tính từ 01/09/2021 đến 31/05/2022" in out.stdout
    assert "    hạn 31/05/2022: Hoàn thành chỉ tiêu giai đoạn 1" in out.stdout
    assert "Đơn vị tham gia (12):" in out.stdout
    assert "  LC-PT  Liên đoàn Lao động huyện Phong Thổ" in out.stdout
    missing = run("campaigns", "show", "KHONG-CO", "--db", db)
    assert missing.returncode == 1 and "Không có chương trình mã «KHONG-CO»" in missing.stderr


def test_dry_run_says_what_would_be_created_or_updated_and_writes_nothing(tmp_path: Path) -> None:
    db = _demo(tmp_path)
    old = _show(db, "DKST-2024")
    changed = {**old, "name": "Đoàn kết sáng tạo (sửa)"}
    new = {**old, "code": "DKST-2026", "name": "Đoàn kết sáng tạo năm 2026"}
    file = tmp_path / "hai.json"
    file.write_text(json.dumps([changed, new], ensure_ascii=False), encoding="utf-8")
    out = run("campaigns", "import", str(file), "--dry-run", "--db", db)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("Sẽ cập nhật chương trình DKST-2024 «Đoàn kết sáng tạo (sửa)»")
    assert "(đã có chương trình mã này)" in lines[0]
    assert lines[1].startswith("Sẽ tạo chương trình DKST-2026 «Đoàn kết sáng tạo năm 2026»")
    assert lines[2] == "Chưa ghi gì (--dry-run). Chạy lại không có --dry-run để nhập."
    data = _json("campaigns", "import", str(file), "--dry-run", "--json", "--db", db)
    assert [(c["code"], c["action"], c["done"]) for c in data["campaigns"]] == [
        ("DKST-2024", "update", False),
        ("DKST-2026", "create", False),
    ]
    assert _show(db, "DKST-2024") == old
    assert len(_json("campaigns", "list", "--all", "--json", "--db", db)) == 3

    done = _json("campaigns", "import", str(file), "--json", "--db", db)
    assert [(c["action"], c["done"]) for c in done["campaigns"]] == [
        ("update", True),
        ("create", True),
    ]
    assert _show(db, "DKST-2024") == changed and _show(db, "DKST-2026") == new


def test_a_bad_file_is_refused_naming_the_field_and_changes_nothing(tmp_path: Path) -> None:
    db = _demo(tmp_path)
    before = _json("campaigns", "list", "--all", "--json", "--db", db)
    good = _show(db, "DKST-2024")
    new = {**good, "code": "MOI-2026"}

    def refused(content: str) -> str:
        file = tmp_path / "loi.json"
        file.write_text(content, encoding="utf-8")
        out = run("campaigns", "import", str(file), "--db", db)
        assert out.returncode == 1, out.stdout
        assert "Traceback" not in out.stderr and out.stdout == ""
        return out.stderr

    assert "Lỗi: Tệp «loi.json» không phải JSON hợp lệ (lỗi ở dòng 1" in refused("{mã: 1}")
    wrong_day = json.loads(json.dumps(new))
    wrong_day["periods"][1]["count_from"] = "2025-02-31"
    assert (
        "Lỗi: Chương trình thứ 2 (mã «MOI-2026»), trường «periods[1].count_from»: ngày "
        "«2025-02-31» không có thật" in refused(json.dumps([good, wrong_day]))
    )
    assert "trường «periods»: phải là một danh sách" in refused(
        json.dumps({**new, "periods": "cả năm"})
    )
    assert "phải chứa một chương trình" in refused("42")
    unknown = refused(json.dumps([new, {**good, "participants": ["LC", "LC-ZZ"]}]))
    assert "trường «participants»: không có đơn vị mã «LC-ZZ» trong cơ sở dữ liệu này" in unknown
    assert _json("campaigns", "list", "--all", "--json", "--db", db) == before
    assert _show(db, "DKST-2024") == good


def test_a_district_office_is_refused_as_in_the_window(tmp_path: Path) -> None:
    province = _demo(tmp_path)
    doc = {**_show(province, "DKST-2024"), "code": "DKST-2026"}
    file = tmp_path / "tu-tinh.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    district = _demo(tmp_path, "--as", "LC-TD", name="tam-duong.db")
    out = run("campaigns", "import", str(file), "--db", district)
    assert out.returncode == 1
    assert "lập và sửa chương trình thi đua" in out.stderr
    codes = {c["code"] for c in _json("campaigns", "list", "--all", "--json", "--db", district)}
    assert "DKST-2026" not in codes
