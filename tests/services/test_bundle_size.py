"""A district's full year (500 initiatives, no attachments) fits comfortably in an e-mail."""

from __future__ import annotations

from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store


def test_a_districts_year_makes_a_bundle_well_under_one_megabyte(tmp_path):
    p = Services.over(open_store(str(tmp_path / "LC.db")))
    d = Services.over(open_store(str(tmp_path / "TD.db")))
    build_demo(p.store.session_factory, initiatives=11)
    # --as keeps one district's share of the province's total: 5,500 / 11 = 500 initiatives.
    summary = build_demo(d.store.session_factory, initiatives=5500, as_unit="LC-TD")
    assert summary.initiatives == 500
    p.enrolment.enrol(d.enrolment.enrolment_file(), d.office.local().fingerprint)
    d.enrolment.enrol(p.enrolment.enrolment_file(), p.office.local().fingerprint)
    result = d.bundles.export("LC", tmp_path)
    print(f"500 initiatives: {result.size:,} bytes")
    assert result.counts["initiatives"] == 500
    assert result.size < 400_000 and not result.too_big_for_email
    report = p.bundles.import_(result.path)
    assert report.totals["new"] == 500 and report.totals["rejected"] == 0
    p.store.close()
    d.store.close()
