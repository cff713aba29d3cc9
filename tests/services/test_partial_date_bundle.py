"""A date known only to the month or quarter travels in a bundle with its precision, is
flagged for checking where it arrives, and a change of precision alone is a change."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop.models import DatePrecision
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from support.sync_fixtures import add_initiative, copy_offices, initiative_by_title

TITLE = "Sổ theo dõi sức khoẻ học sinh bán trú"


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d, tmp_path
    p.store.close()
    d.store.close()


def test_the_precision_travels_and_is_flagged_where_it_arrives(offices):
    province, district, tmp = offices
    iid = add_initiative(district, "LC-TD-01", TITLE)
    data = district.initiatives.get(iid).data
    district.initiatives.update(
        iid,
        replace(data, applied_on=dt.date(2022, 3, 1), applied_precision=DatePrecision.MONTH),
    )
    path = district.bundles.export("LC", tmp / "d1.ssk").path

    preview = province.bundles.preview(path)
    flagged = [n for n in preview.notes if n.kind == "warning" and TITLE in n.what]
    assert flagged and "chỉ ghi tháng (03/2022)" in flagged[0].reason, preview.notes
    province.bundles.import_(path)
    stored = initiative_by_title(province, TITLE)
    assert stored is not None
    assert (stored.applied_on, stored.applied_precision) == (
        dt.date(2022, 3, 1),
        DatePrecision.MONTH,
    )
    assert "chỉ ghi tháng" in (province.sync_history.list()[0].reason or "")

    # The officer learns it was the first quarter: only the precision changes, and travels.
    detail = district.initiatives.get(iid)
    district.initiatives.update(
        iid,
        replace(
            detail.data, applied_on=dt.date(2022, 1, 1), applied_precision=DatePrecision.QUARTER
        ),
    )
    report = province.bundles.import_(district.bundles.export("LC", tmp / "d2.ssk").path)
    assert report.totals["updated"] == 1, report.totals
    stored = initiative_by_title(province, TITLE)
    assert stored is not None and stored.applied_precision == DatePrecision.QUARTER

    # And back to a day: the precision is cleared at the other end too.
    detail = district.initiatives.get(iid)
    district.initiatives.update(
        iid, replace(detail.data, applied_on=dt.date(2022, 2, 14), applied_precision=None)
    )
    province.bundles.import_(district.bundles.export("LC", tmp / "d3.ssk").path)
    stored = initiative_by_title(province, TITLE)
    assert stored is not None
    assert (stored.applied_on, stored.applied_precision) == (dt.date(2022, 2, 14), None)
