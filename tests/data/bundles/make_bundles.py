"""Make the fixture bundles of one bundle format, with the stores that can take them in.

Run from the repository root with the release whose format is to be kept readable (the
program and the tests' support package on the path; on Windows separate them with ";"):

    PYTHONPATH=.:tests python3 tests/data/bundles/make_bundles.py tests/data/bundles/v1

It writes, in the given folder:

* ``district-to-province.ssk``: the district LC-TD's first bundle to the province (one new
  initiative besides the district's demo data), and ``province.db.gz``, the province's store
  just before it imported that bundle (its key, its enrolment of the district);
* ``province-to-district.ssk``: the province's answer (catalogue, acknowledgement), and
  ``district.db.gz``, the district's store just before it imported that answer;
* ``expected.json``: what the release that made them reported on import.

Later releases must import both bundles into (migrated) copies of these stores
(tests/services/test_bundle_formats.py). The stores are committed, not rebuilt, because the
bundles name the uids and keys of the offices that made them.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

import desktop
from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.sync_fixtures import add_initiative, fingerprint

TITLE = "Máy tách hạt ngô cải tiến cho hợp tác xã (gói mẫu định dạng cũ)"


def _vacuum_copy(src: Path, dest: Path) -> None:
    """``dest`` (``….db.gz``): a compacted, gzipped copy of the SQLite store ``src``."""
    plain = dest.with_suffix("")
    con = sqlite3.connect(src)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.unlink(missing_ok=True)
        con.execute("VACUUM INTO ?", (str(plain),))
    finally:
        con.close()
    with gzip.GzipFile(dest, "wb", compresslevel=9, mtime=0) as f:
        f.write(plain.read_bytes())
    plain.unlink()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        stores = {}
        for code, as_unit in (("LC", None), ("LC-TD", "LC-TD")):
            store = open_store(str(tmp / f"{code}.db"))
            build_demo(store.session_factory, initiatives=4, as_unit=as_unit)
            stores[code] = Services.over(store)
        province, district = stores["LC"], stores["LC-TD"]
        province.enrolment.enrol(district.enrolment.enrolment_file(), fingerprint(district))
        district.enrolment.enrol(province.enrolment.enrolment_file(), fingerprint(province))
        add_initiative(district, "LC-TD-02", TITLE)
        up = district.bundles.export("LC", out / "district-to-province.ssk")
        province.store.close()
        _vacuum_copy(tmp / "LC.db", out / "province.db.gz")
        province = Services.over(open_store(str(tmp / "LC.db")))
        report_up = province.bundles.import_(up.path)
        down = province.bundles.export("LC-TD", out / "province-to-district.ssk")
        district.store.close()
        _vacuum_copy(tmp / "LC-TD.db", out / "district.db.gz")
        district = Services.over(open_store(str(tmp / "LC-TD.db")))
        report_down = district.bundles.import_(down.path)
        expected = {
            "program_version": desktop.__version__,
            "title": TITLE,
            "district-to-province.ssk": {"totals": report_up.totals},
            "province-to-district.ssk": {"totals": report_down.totals},
        }
        (out / "expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        for s in (province, district):
            s.store.close()
    shutil.rmtree(out / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
