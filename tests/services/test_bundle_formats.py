"""Bundles made by an earlier release still import (docs/bundle-format.md).

``tests/data/bundles/v1`` was made by ``make_bundles.py`` with the release before format
1.1 (program 0.1.0): two bundles and the stores of the offices they were sent to. Every later
release must open those stores (migrating them) and import the bundles with the same result.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.sync_fixtures import initiative_by_title

DATA = Path(__file__).parents[1] / "data" / "bundles"
RELEASES = sorted(p.name for p in DATA.iterdir() if (p / "expected.json").is_file())


def _store(release: str, name: str, tmp: Path) -> Services:
    db = tmp / name
    with gzip.open(DATA / release / f"{name}.gz", "rb") as src, db.open("wb") as dest:
        shutil.copyfileobj(src, dest)
    return Services.over(open_store(str(db)))


@pytest.mark.parametrize("release", RELEASES)
def test_bundles_of_an_earlier_release_still_import(release, tmp_path):
    expected = json.loads((DATA / release / "expected.json").read_text(encoding="utf-8"))
    province = _store(release, "province.db", tmp_path)
    district = _store(release, "district.db", tmp_path)
    try:
        up = province.bundles.import_(DATA / release / "district-to-province.ssk")
        assert up.totals == expected["district-to-province.ssk"]["totals"]
        assert initiative_by_title(province, expected["title"]) is not None
        again = province.bundles.import_(DATA / release / "district-to-province.ssk")
        assert again.already_imported
        down = district.bundles.import_(DATA / release / "province-to-district.ssk")
        assert down.totals == expected["province-to-district.ssk"]["totals"]
    finally:
        province.store.close()
        district.store.close()


def test_there_is_a_fixture_release():
    assert "v1" in RELEASES


def _unzip(release: str, name: str, dest: Path) -> Path:
    with gzip.open(DATA / release / f"{name}.gz", "rb") as src, dest.open("wb") as out:
        shutil.copyfileobj(src, out)
    return dest


def test_every_bundle_names_the_program_and_the_province_sees_who_runs_what(tmp_path):
    import zipfile

    import desktop

    province = _store("v1", "province.db", tmp_path)
    district = _store("v1", "district.db", tmp_path)
    try:
        province.bundles.import_(DATA / "v1" / "district-to-province.ssk")
        [peer] = province.bundles.peers()
        assert (peer.bundle_format, peer.program_version) == ("1.0", None)  # 0.1.0 did not say
        assert peer.last_import_at is not None
        # The district upgrades: its bundles name the program that made them.
        report = district.bundles.import_(DATA / "v1" / "province-to-district.ssk")
        assert report.sender_format == "1.0" and report.sender_program is None
        sent = district.bundles.export("LC", tmp_path / "len.ssk")
        with zipfile.ZipFile(sent.path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
        assert manifest["program_version"] == desktop.__version__
        # The province has not said what it reads (0.1.0): format 1, which every release reads.
        assert (manifest["format_version"], manifest["format_minor"]) == (1, 3)
        got = province.bundles.import_(sent.path)
        assert got.sender_program == desktop.__version__ and got.sender_format == "1.3"
        [peer] = province.bundles.peers()
        assert (peer.bundle_format, peer.program_version) == ("1.3", desktop.__version__)
        [line] = [r for r in province.sync_history.list() if r.sequence == sent.sequence]
        assert f"Sổ Sáng Kiến {desktop.__version__}" in (line.reason or "")
    finally:
        province.store.close()
        district.store.close()


def test_office_peers_json_lists_each_peers_program_version(tmp_path, capsys):
    from desktop.cli import main

    db = _unzip("v1", "province.db", tmp_path / "province.db")
    assert (
        main(["bundle", "import", str(DATA / "v1" / "district-to-province.ssk"), "--db", str(db)])
        == 0
    )
    capsys.readouterr()
    assert main(["office", "peers", "--json", "--db", str(db)]) == 0
    [peer] = json.loads(capsys.readouterr().out)
    assert peer["unit_code"] == "LC-TD" and peer["bundle_format"] == "1.0"
    assert peer["program_version"] is None and peer["last_import_at"]
    assert main(["office", "peers", "--db", str(db)]) == 0
    assert "Sổ Sáng Kiến 0.1.0 trở về trước" in capsys.readouterr().out


def test_a_newer_minor_format_with_unknown_fields_is_read(tmp_path):
    """A minor change only adds fields: a program reads a newer minor, ignoring what it does
    not know (in the manifest, in the data, in a record)."""
    import zipfile

    from desktop.services.common import local_office
    from desktop.services.sync import container as c

    province = _store("v1", "province.db", tmp_path)
    district = _store("v1", "district.db", tmp_path)
    try:
        with zipfile.ZipFile(DATA / "v1" / "district-to-province.ssk") as zf:
            manifest = json.loads(zf.read("manifest.json"))
            data = json.loads(zf.read("data.json"))
        manifest.update(program_version="9.3.0", tuong_lai={"x": 1})
        data["tuong_lai"] = [{"uid": "x" * 36}]
        for rec in data["initiatives"]:
            rec["truong_moi"] = "giá trị mới"
        with district.store.session_factory() as s:
            key = local_office(s).private_key
        path = tmp_path / "moi_hon.ssk"
        path.write_bytes(c.build(manifest, c.dumps(data), key, version=(1, 7)))
        report = province.bundles.import_(path)
        assert report.totals["new"] >= 1 and report.totals["rejected"] == 0
        assert report.sender_format == "1.7" and report.sender_program == "9.3.0"
    finally:
        province.store.close()
        district.store.close()


BASE = "8ff31991b1c40316ee5fc9af5dce85aca422cfa0"  # the commit that made tests/data/bundles/v1


def test_a_program_of_the_earlier_release_reads_what_this_one_writes(tmp_path):
    """The province upgrades first: program 0.1.0 at the district imports its bundle."""
    import os
    import subprocess
    import sys

    root = Path(__file__).parents[2]
    old = tmp_path / "old"
    old.mkdir()
    archive = subprocess.run(
        ["git", "archive", BASE, "desktop"], cwd=root, capture_output=True, check=False
    )
    if archive.returncode != 0:
        pytest.skip(reason=f"git history unavailable: release {BASE[:8]} is not in this clone")
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    province = _store("v1", "province.db", tmp_path)
    try:
        province.bundles.import_(DATA / "v1" / "district-to-province.ssk")
        sent = province.bundles.export("LC-TD", tmp_path / "xuong.ssk").path
    finally:
        province.store.close()
    db = _unzip("v1", "district.db", tmp_path / "district.db")
    env = dict(os.environ, PYTHONPATH=str(old))
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "bundle", "import", str(sent), "--db", str(db), "--json"],
        cwd=old,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert "sender_program" not in report  # it was the earlier release that read it
    assert not report["already_imported"] and report["totals"]["rejected"] == 0
