"""``sangkien bundle whole-store`` and ``sangkien bundle take-in`` in a subprocess: the other
province's office writes its whole store for the merged office, which previews and takes it."""

from __future__ import annotations

import json

from test_cli_and_smoke import run

from desktop.models.enums import UnitKind
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.sync_fixtures import fingerprint


def test_a_province_sends_its_whole_store_and_the_merged_office_takes_it_in(tmp_path):
    lc_db = str(tmp_path / "lc.db")
    assert run("demo", "--db", lc_db, "--initiatives", "30").returncode == 0
    ld_db = str(tmp_path / "ld.db")
    ld = Services.over(open_store(ld_db))
    ld.office.set_up(
        ld.units.create("LD", "Liên đoàn Lao động tỉnh Lâm Đồng", UnitKind.PROVINCE).id
    )
    card = tmp_path / "LD.ssk-dangky"
    card.write_bytes(ld.enrolment.enrolment_file())
    ld_fp = fingerprint(ld)
    ld.store.close()
    lc = Services.over(open_store(lc_db))
    lc_fp = fingerprint(lc)
    lc.store.close()

    out = tmp_path / "lai-chau-toan-bo.ssk"
    wrong = run(
        "bundle",
        "whole-store",
        "--db",
        lc_db,
        "--card",
        str(card),
        "--fingerprint",
        "AAAA-BBBB",
        "--out",
        str(out),
    )
    assert wrong.returncode != 0 and "Mã nhận dạng không khớp" in wrong.stderr
    sent = run(
        "bundle",
        "whole-store",
        "--db",
        lc_db,
        "--card",
        str(card),
        "--fingerprint",
        ld_fp,
        "--out",
        str(out),
    )
    assert sent.returncode == 0, sent.stderr

    preview = run(
        "bundle",
        "take-in",
        str(out),
        "--db",
        ld_db,
        "--fingerprint",
        lc_fp,
        "--effective",
        "01/07/2025",
        "--dry-run",
        "--json",
    )
    assert preview.returncode == 0, preview.stderr
    seen = json.loads(preview.stdout)
    assert seen["dry_run"] and seen["counts"]["initiatives"] == 30
    listed = run("units", "list", "--json", "--db", ld_db)
    assert [u["code"] for u in json.loads(listed.stdout)] == ["LD"]  # the preview wrote nothing

    took = run(
        "bundle",
        "take-in",
        str(out),
        "--db",
        ld_db,
        "--fingerprint",
        lc_fp,
        "--effective",
        "01/07/2025",
    )
    assert took.returncode == 0, took.stderr
    assert "Liên đoàn Lao động tỉnh Lai Châu" in took.stdout
    on_the_day = {
        u["code"]: u
        for u in json.loads(run("units", "list", "--json", "--all", "--db", ld_db).stdout)
    }
    assert on_the_day["LC"]["valid_to"] == "2025-07-01"
    assert on_the_day["LC-TD"]["parent_code"] == "LD"
