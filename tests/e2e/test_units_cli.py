"""``sangkien units list`` and ``sangkien units reorganise`` in a subprocess, on real stores."""

from __future__ import annotations

import datetime as dt
import json

from test_cli_and_smoke import run

from desktop.models.enums import UnitKind
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.text.collation import collation_key

CHANGE_DAY = dt.date(2025, 7, 1)


def _demo(tmp_path, name: str = "demo.db") -> str:
    db = str(tmp_path / name)
    made = run("demo", "--db", db, "--initiatives", "0")
    assert made.returncode == 0, made.stderr
    return db


def _list(db: str, *extra: str) -> list[dict]:
    out = run("units", "list", "--json", "--db", db, *extra)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_units_list_on_the_demo_store_in_tree_order(tmp_path):
    db = _demo(tmp_path)
    units = _list(db)
    assert len(units) == 76
    assert units[0] == {
        "code": "LC",
        "name": "Liên đoàn Lao động tỉnh Lai Châu",
        "kind": "province",
        "kind_label": "LĐLĐ tỉnh, thành phố",
        "level": 1,
        "parent_code": None,
        "parent_name": None,
        "valid_from": "2021-01-01",
        "valid_to": None,
    }
    by_code = {u["code"]: u for u in units}
    pt = by_code["LC-PT-01"]
    assert (pt["kind"], pt["kind_label"], pt["level"]) == ("grassroots", "Công đoàn cơ sở", 3)
    assert (pt["parent_code"], pt["parent_name"]) == ("LC-PT", "Liên đoàn Lao động huyện Phong Thổ")
    # Depth first: each unit after its parent, its siblings in Vietnamese alphabetical order.
    place = {u["code"]: i for i, u in enumerate(units)}
    siblings: dict[str | None, list[str]] = {}
    for u in units:
        if u["parent_code"] is not None:
            assert place[u["parent_code"]] < place[u["code"]]
        siblings.setdefault(u["parent_code"], []).append(u["name"])
    for names in siblings.values():
        assert names == sorted(names, key=collation_key)
    # A subtree is contiguous: the grassroots unions of Phong Thổ follow it directly.
    pt_kids = [u["code"] for u in units if u["parent_code"] == "LC-PT"]
    start = place["LC-PT"] + 1
    assert [u["code"] for u in units[start : start + len(pt_kids)]] == pt_kids

    text = run("units", "list", "--db", db)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Ngày ") and "76 đơn vị" in lines[0]
    assert lines[1].split()[:3] == ["Mã", "Đơn", "vị"]
    district = next(line for line in lines if line.startswith("LC-PT "))
    grassroots = next(line for line in lines if line.startswith("LC-PT-01 "))
    assert "  Liên đoàn Lao động huyện Phong Thổ" in district
    assert "    Công đoàn cơ sở Ủy ban nhân dân huyện Phong Thổ" in grassroots
    assert "LC-PT LĐLĐ huyện Phong Thổ" in grassroots and "01/01/2021" in grassroots
    assert "LĐLĐ huyện (trước 01/7/2025)" in district


def test_units_list_as_of_a_day_before_the_demo_units_began(tmp_path):
    db = _demo(tmp_path)
    assert _list(db, "--as-of", "31/12/2020") == []
    assert len(_list(db, "--as-of", "01/01/2021")) == 76
    text = run("units", "list", "--as-of", "31/12/2020", "--db", db)
    assert text.returncode == 0 and "Ngày 31/12/2020: 0 đơn vị" in text.stdout
    bad = run("units", "list", "--as-of", "31/02/2025", "--db", db)
    assert bad.returncode == 1
    assert "Lỗi: --as-of: Ngày không hợp lệ: 31/02/2025" in bad.stderr


def _reorganise_tam_phong(db: str) -> None:
    """The city federation ends on 1/7/2025: its grassroots unions go to a new ward union;
    the Sìn Hồ federation is renamed that day."""
    store = open_store(db)
    try:
        units = Services.over(store).units
        lc, tp = units.by_code("LC"), units.by_code("LC-TP")
        assert lc is not None and tp is not None
        ward = units.create(
            "LC-PTP",
            "Công đoàn phường Tân Phong",
            UnitKind.WARD,
            parent_id=lc.id,
            valid_from=CHANGE_DAY,
        )
        for u in units.list(parent_id=tp.id):
            units.move(u.id, ward.id, CHANGE_DAY)
        sh = units.by_code("LC-SH")
        assert sh is not None
        units.rename(sh.id, "Công đoàn liên xã Sìn Hồ", CHANGE_DAY)
        units.dissolve(tp.id, CHANGE_DAY)
    finally:
        store.close()


def test_units_list_follows_the_tree_of_the_day_asked(tmp_path):
    db = _demo(tmp_path)
    _reorganise_tam_phong(db)

    before = {u["code"]: u for u in _list(db, "--as-of", "30/06/2025")}
    assert "LC-PTP" not in before and before["LC-TP"]["valid_to"] == "2025-07-01"
    old = before["LC-TP-02"]
    assert (old["parent_code"], old["parent_name"]) == (
        "LC-TP",
        "Liên đoàn Lao động thành phố Lai Châu",
    )
    assert before["LC-SH"]["name"] == "Liên đoàn Lao động huyện Sìn Hồ"
    assert before["LC-SH-01"]["parent_name"] == "Liên đoàn Lao động huyện Sìn Hồ"

    after = _list(db, "--as-of", "01/07/2025")
    codes = [u["code"] for u in after]
    assert "LC-TP" not in codes and len(after) == len(before)
    new = next(u for u in after if u["code"] == "LC-TP-02")
    assert (new["parent_code"], new["parent_name"]) == ("LC-PTP", "Công đoàn phường Tân Phong")
    renamed = {u["code"]: u for u in after}
    assert renamed["LC-SH"]["name"] == "Công đoàn liên xã Sìn Hồ"
    assert renamed["LC-SH-01"]["parent_name"] == "Công đoàn liên xã Sìn Hồ"
    ward = next(u for u in after if u["code"] == "LC-PTP")
    assert (ward["kind"], ward["kind_label"], ward["level"]) == ("ward", "Công đoàn phường", 2)
    assert ward["valid_from"] == "2025-07-01"
    moved = [u["code"] for u in after if u["parent_code"] == "LC-PTP"]
    assert len(moved) == 7 and codes[codes.index("LC-PTP") + 1 :][:7] == moved

    # --all: the ended federation too, with its end, under the province.
    every = {u["code"]: u for u in _list(db, "--as-of", "01/07/2025", "--all")}
    assert every["LC-TP"]["valid_to"] == "2025-07-01" and every["LC-TP"]["parent_code"] == "LC"
    assert len(every) == len(after) + 1

    text_before = run("units", "list", "--as-of", "30/06/2025", "--db", db).stdout
    text_after = run("units", "list", "--as-of", "01/07/2025", "--db", db).stdout
    line_before = next(x for x in text_before.splitlines() if x.startswith("LC-TP-02 "))
    line_after = next(x for x in text_after.splitlines() if x.startswith("LC-TP-02 "))
    assert "LC-TP LĐLĐ Thành phố" in line_before  # its short name, as the lists show it
    assert "LC-PTP Công đoàn phường Tân Phong" in line_after
    assert "01/07/2025" in next(x for x in text_before.splitlines() if x.startswith("LC-TP "))


HEADER = "Đơn vị;Thao tác;Đơn vị cấp trên mới;Loại đơn vị;Tên mới\n"
WARD = "Công đoàn phường Tân Phong"
CITY = "Liên đoàn Lao động thành phố Lai Châu"
CITY_GRASSROOTS = (
    "Công đoàn cơ sở Ủy ban nhân dân thành phố Lai Châu",
    "Công đoàn cơ sở Ủy ban nhân dân phường Tân Phong",
    "Cong doan co so Uy ban nhan dan phuong Doan Ket",  # typed without diacritics
    "Công đoàn cơ sở Trường Trung học cơ sở Quyết Thắng",
    "Công đoàn cơ sở Trường Mầm non Đông Phong",
    "Công đoàn cơ sở Công ty Cổ phần Cấp thoát nước và Môi trường Đô thị Xanh",
    "Công đoàn cơ sở Công ty TNHH Xây dựng và Thương mại Hưng Thịnh",
)


def _city_to_ward_file(tmp_path) -> str:
    """The 2025 reorganisation of the city: a ward union, its seven grassroots unions moved
    to it, the city federation dissolved (row 2 is the first row under the header)."""
    path = tmp_path / "sap-xep.csv"
    path.write_text(
        HEADER
        + f"{WARD};tạo mới;Liên đoàn Lao động tỉnh Lai Châu;Công đoàn phường;\n"
        + "".join(f"{name};chuyển;{WARD};;\n" for name in CITY_GRASSROOTS)
        + f"{CITY};giải thể;;;\n",
        encoding="utf-8",
    )
    return str(path)


def test_units_reorganise_previews_then_applies_a_file(tmp_path):
    db = str(tmp_path / "demo.db")
    assert run("demo", "--db", db).returncode == 0  # with initiatives: quotas and dossiers
    table = _city_to_ward_file(tmp_path)
    before = run("units", "list", "--json", "--all", "--db", db).stdout

    dry = run(
        "units", "reorganise", table, "--effective", "01/07/2025", "--dry-run", "--json", "--db", db
    )
    assert dry.returncode == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert plan["ok"] is True and plan["applied"] is False and plan["problems"] == []
    assert plan["effective"] == "2025-07-01"
    assert plan["counts"] == {"create": 1, "move": 7, "dissolve": 1}
    moves = [c for c in plan["changes"] if c["action"] == "move"]
    assert len(moves) == 7 and {c["to"] for c in moves} == {WARD}
    assert [c["line"] for c in plan["changes"]] == sorted(c["line"] for c in plan["changes"])
    assert {"unit": "Công đoàn cơ sở Ủy ban nhân dân thành phố Lai Châu", "initiatives": 2} in (
        plan["open_dossiers"]
    )
    assert run("units", "list", "--json", "--all", "--db", db).stdout == before

    text = run("units", "reorganise", table, "--effective", "01/07/2025", "--dry-run", "--db", db)
    assert text.returncode == 0, text.stderr
    assert "Xem trước sắp xếp lại đơn vị từ ngày 01/07/2025: 9 thay đổi." in text.stdout
    assert "tạo mới 1, chuyển 7, giải thể 1" in text.stdout
    assert (
        "Dòng 5: chuyển CĐCS Ủy ban nhân dân phường Đoàn Kết từ LĐLĐ thành phố Lai Châu "
        in text.stdout
    )
    assert f"sang {WARD}" in text.stdout and "Chưa ghi gì (--dry-run)" in text.stdout
    assert "Hồ sơ chưa quyết định của các CĐCS chuyển đi:" in text.stdout
    # In the middle of the 2022-2023 campaign, the city's quotas are named with what is left.
    mid = run("units", "reorganise", table, "--effective", "01/07/2023", "--dry-run", "--db", db)
    assert mid.returncode == 0, mid.stderr
    assert (
        "01TRIEU-2022, Cả chương trình: LĐLĐ thành phố Lai Châu — chỉ tiêu 200, đã có "
    ) in mid.stdout
    assert "còn lại" in mid.stdout
    assert run("units", "list", "--json", "--all", "--db", db).stdout == before

    done = run("units", "reorganise", table, "--effective", "01/07/2025", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "Đã sắp xếp lại đơn vị từ ngày 01/07/2025: 9 thay đổi." in done.stdout
    after = {u["code"]: u for u in _list(db, "--as-of", "01/07/2025")}
    old = {u["code"]: u for u in _list(db, "--as-of", "30/06/2025")}
    assert "LC-TP" not in after and old["LC-TP"]["valid_to"] == "2025-07-01"
    for code in (f"LC-TP-0{i}" for i in range(1, 8)):
        assert after[code]["parent_name"] == WARD
        assert old[code]["parent_code"] == "LC-TP"
    ward = next(u for u in after.values() if u["name"] == WARD)
    assert (ward["kind"], ward["parent_code"], ward["valid_from"]) == ("ward", "LC", "2025-07-01")


def test_units_reorganise_refuses_a_file_with_an_unknown_unit_and_names_its_row(tmp_path):
    db = _demo(tmp_path)
    table = tmp_path / "sai.csv"
    table.write_text(
        HEADER
        + f"{WARD};tạo mới;Liên đoàn Lao động tỉnh Lai Châu;Công đoàn phường;\n"
        + f"Công đoàn cơ sở Không Có Thật;chuyển;{WARD};;\n"
        + "Công đoàn cơ sở Trường Mầm non Đông Phong;bay đi;;;\n",
        encoding="utf-8",
    )
    before = run("units", "list", "--json", "--all", "--db", db).stdout
    for extra in ((), ("--dry-run",)):
        failed = run(
            "units", "reorganise", str(table), "--effective", "01/07/2025", "--db", db, *extra
        )
        assert failed.returncode == 1
        assert "Lỗi: 2 dòng có vấn đề; chưa ghi gì." in failed.stderr
        assert "Dòng 3 («Công đoàn cơ sở Không Có Thật»)" in failed.stderr
        assert "Dòng 4 («Công đoàn cơ sở Trường Mầm non Đông Phong»)" in failed.stderr
        assert "bay đi" in failed.stderr  # the file reader's problem, merged with the plan's
    as_json = run(
        "units", "reorganise", str(table), "--effective", "01/07/2025", "--json", "--db", db
    )
    assert as_json.returncode == 1
    data = json.loads(as_json.stdout)
    assert data["ok"] is False and data["applied"] is False
    assert [p["line"] for p in data["problems"]] == [3, 4]
    assert run("units", "list", "--json", "--all", "--db", db).stdout == before
    bad_day = run("units", "reorganise", str(table), "--effective", "1/13/2025", "--db", db)
    assert bad_day.returncode == 1 and "Lỗi: --effective:" in bad_day.stderr
