"""End to end on real files: a district and the province, each its own store and key, enrol
each other, exchange bundles from the command line, and see each other's work."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli import main
from desktop.models import Decision, Initiative, InitiativeStatus
from desktop.services.evaluation.decisions import DecisionInput
from desktop.services.initiatives.service import AuthorInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.sync_fixtures import add_initiative, build_offices, copy_offices


@pytest.fixture(scope="module")
def unenrolled(tmp_path_factory) -> dict[str, Path]:
    return build_offices(tmp_path_factory.mktemp("offices"), enrol=False)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fingerprint(capsys, db: Path) -> str:
    code, out, _ = run(capsys, "office", "key", "--db", str(db))
    assert code == 0
    return out.splitlines()[-1].split(":", 1)[1].strip()


def test_district_and_province_exchange_bundles_from_the_command_line(unenrolled, tmp_path, capsys):
    dbs = copy_offices(unenrolled, tmp_path / "db")
    province, district = str(dbs["LC"]), str(dbs["LC-TD"])
    files = tmp_path / "usb"
    files.mkdir()

    # Enrol: each office exports its enrolment file and reads its fingerprint on the phone.
    fp_p, fp_d = fingerprint(capsys, dbs["LC"]), fingerprint(capsys, dbs["LC-TD"])
    assert len(fp_p.split()) == 6 and fp_p != fp_d
    assert (
        run(capsys, "office", "enrolment", "--out", str(files / "p.json"), "--db", province)[0] == 0
    )
    assert (
        run(capsys, "office", "enrolment", "--out", str(files / "d.json"), "--db", district)[0] == 0
    )
    # A wrong fingerprint (a swapped file, a misheard group) is refused.
    code, _, err = run(
        capsys, "office", "enrol", str(files / "d.json"), "--fingerprint", fp_p, "--db", province
    )
    assert code == 1 and "Dấu vân tay không khớp" in err
    lower = fp_d.lower().replace(" ", "-")  # read out on the phone: case and dashes do not matter
    assert (
        run(
            capsys,
            "office",
            "enrol",
            str(files / "d.json"),
            "--fingerprint",
            lower,
            "--db",
            province,
        )[0]
        == 0
    )
    assert (
        run(
            capsys,
            "office",
            "enrol",
            str(files / "p.json"),
            "--fingerprint",
            fp_p,
            "--db",
            district,
        )[0]
        == 0
    )

    # Enter at the district, export, import at the province.
    d_store = open_store(district)
    d = Services.over(d_store)
    add_initiative(d, "LC-TD-01", "Máy sấy chè dùng nhiệt thừa của lò", "Lò Thị Hoa")
    d_store.close()
    out1 = files / "d1.ssk"
    code, out, _ = run(
        capsys, "bundle", "export", "--to", "LC", "--out", str(out1), "--db", district
    )
    assert code == 0 and out1.exists()
    assert "Sáng kiến: 21 mới, 0 đã sửa, 0 đã xoá" in out  # the province has none of them yet
    code, out, _ = run(
        capsys, "bundle", "import", str(out1), "--dry-run", "--json", "--db", province
    )
    preview = json.loads(out)
    assert code == 0 and preview["dry_run"] and preview["totals"]["new"] == 21
    code, out, _ = run(capsys, "bundle", "import", str(out1), "--json", "--db", province)
    report = json.loads(out)
    assert report["totals"]["new"] == 21 and report["totals"]["rejected"] == 0
    per_unit = {u["unit"]: u for u in report["units"]}
    assert sum(u["new"] for u in per_unit.values()) == 21
    # Again: already imported, nothing changes.
    code, out, _ = run(capsys, "bundle", "import", str(out1), "--json", "--db", province)
    assert code == 0 and json.loads(out)["already_imported"]

    # The province decides on it, and sends the decision down.
    p_store = open_store(province)
    p = Services.over(p_store)
    with p_store.session_factory() as s:
        ini = s.scalar(
            select(Initiative).where(Initiative.title == "Máy sấy chè dùng nhiệt thừa của lò")
        )
        assert ini is not None and ini.status == InitiativeStatus.REGISTERED
        ini_id, campaign_id = ini.id, ini.campaign_id
    p.evaluation.decisions.decide(
        DecisionInput(
            campaign_id=campaign_id,
            number="301/QĐ-LĐLĐ",
            signed_on=dt.date(2023, 1, 10),
            recognise=(ini_id,),
            accept_flagged=True,
        )
    )
    p_store.close()
    out2 = files / "p1.ssk"
    assert (
        run(capsys, "bundle", "export", "--to", "LC-TD", "--out", str(out2), "--db", province)[0]
        == 0
    )
    code, out, _ = run(capsys, "bundle", "import", str(out2), "--json", "--db", district)
    assert code == 0, out
    d_store = open_store(district)
    with d_store.session_factory() as s:
        ini = s.scalar(
            select(Initiative).where(Initiative.title == "Máy sấy chè dùng nhiệt thừa của lò")
        )
        assert ini is not None and ini.status == InitiativeStatus.RECOGNISED
        decision = s.scalar(select(Decision).where(Decision.number == "301/QĐ-LĐLĐ"))
        assert decision is not None
        assert [e.initiative_id for e in decision.entries] == [ini.id]
        ini_id = ini.id

    # The district changes the content after the decision: both offices see the conflict.
    d = Services.over(d_store)
    data = d.initiatives.get(ini_id).data
    d.initiatives.update(
        ini_id,
        replace(
            data,
            title="Máy sấy chè dùng nhiệt thừa của lò (bản sửa)",
            authors=(
                replace(data.authors[0], contribution_pct=Decimal(50)),
                AuthorInput(full_name="Tòng Văn Bình", contribution_pct=Decimal(50)),
            ),
        ),
    )
    d_store.close()
    out3 = files / "d2.ssk"
    code, out, _ = run(
        capsys, "bundle", "export", "--to", "LC", "--out", str(out3), "--db", district
    )
    assert code == 0
    assert "Sáng kiến: 0 mới, 1 đã sửa, 0 đã xoá" in out  # the province acknowledged it in p1
    code, out, _ = run(capsys, "bundle", "import", str(out3), "--json", "--db", province)
    report = json.loads(out)
    assert report["totals"]["conflicts"] == 1
    assert any("sau khi có quyết định" in n["reason"] for n in report["notes"])
    p_store = open_store(province)
    p = Services.over(p_store)
    [conflict] = p.bundles.conflicts()
    assert conflict.decided["title"] == "Máy sấy chè dùng nhiệt thừa của lò"
    assert conflict.current["title"].endswith("(bản sửa)")
    assert len(conflict.current["authors"]) == 2
    p_store.close()
    out4 = files / "p2.ssk"
    assert (
        run(capsys, "bundle", "export", "--to", "LC-TD", "--out", str(out4), "--db", province)[0]
        == 0
    )
    code, out, _ = run(capsys, "bundle", "import", str(out4), "--json", "--db", district)
    d_store = open_store(district)
    [dc] = Services.over(d_store).bundles.conflicts()
    assert dc.decided["title"] == "Máy sấy chè dùng nhiệt thừa của lò"
    assert dc.current["title"].endswith("(bản sửa)")
    d_store.close()

    # The province reconfirms its decision on the new content: the conflict clears on both sides.
    p_store = open_store(province)
    p = Services.over(p_store)
    p.bundles.resolve_conflict(conflict.id)
    assert p.bundles.conflicts() == []
    p_store.close()
    out5 = files / "p3.ssk"
    assert (
        run(capsys, "bundle", "export", "--to", "LC-TD", "--out", str(out5), "--db", province)[0]
        == 0
    )
    assert run(capsys, "bundle", "import", str(out5), "--db", district)[0] == 0
    d_store = open_store(district)
    assert Services.over(d_store).bundles.conflicts() == []
    history = Services.over(d_store).sync_history.list()
    assert len(history) >= 5
    d_store.close()


def test_a_refused_bundle_exits_non_zero_with_the_reason_and_writes_nothing(
    unenrolled, tmp_path, capsys
):
    dbs = copy_offices(unenrolled, tmp_path / "db")
    junk = tmp_path / "thu.ssk"
    junk.write_bytes(b"Kinh gui anh chi, day khong phai goi du lieu.")
    code, _out, err = run(capsys, "bundle", "import", str(junk), "--db", str(dbs["LC"]))
    assert code == 2
    assert "không phải gói dữ liệu" in err
    # A bundle from an office nobody enrolled is refused too.
    code, _, err = run(
        capsys,
        "bundle",
        "export",
        "--to",
        "LC",
        "--out",
        str(tmp_path / "x.ssk"),
        "--db",
        str(dbs["LC-TD"]),
    )
    assert code == 1 and "Không có văn phòng «LC» đã đăng ký" in err
