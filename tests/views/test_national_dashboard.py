"""The Tổng Liên đoàn's dashboard, in the real window's page: one row per province, each with
the province's own figure and when its last bundle came; a province that has sent nothing
shows its quota and no bundle."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from desktop.models import UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.units.excel_list import import_unit_list, read_unit_list
from desktop.views.campaigns.dashboard import DashboardPage
from support.books_fixtures import BL, units_file
from support.sync_fixtures import fingerprint


def _enrol(a: Services, b: Services) -> None:
    a.enrolment.enrol(b.enrolment.enrolment_file(), fingerprint(b))
    b.enrolment.enrol(a.enrolment.enrolment_file(), fingerprint(a))


def test_the_national_dashboard_shows_each_province_as_it_counts_itself(qtbot, tmp_path):
    national = Services.over(open_store(str(tmp_path / "TLD.db")))
    tld = national.units.create("TLD", "Tổng Liên đoàn Lao động Việt Nam", UnitKind.NATIONAL)
    lc = national.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE, tld.id)
    hg = national.units.create("HG", "Liên đoàn Lao động tỉnh Hà Giang", UnitKind.PROVINCE, tld.id)
    national.office.set_up(tld.id)
    province = Services.over(open_store(str(tmp_path / "LC.db")))
    sf = province.store.session_factory
    import_unit_list(sf, read_unit_list(units_file(tmp_path / "dv.xlsx")))
    province.office.set_up(province.units.by_code("LC").id)
    _enrol(national, province)
    campaign = national.campaigns.create(
        CampaignInput(
            code="TQ-2026",
            name="Phong trào sáng kiến toàn quốc năm 2026",
            periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )
    national.campaigns.set_quota(campaign.id, lc.id, None, 10)
    national.campaigns.set_quota(campaign.id, hg.id, None, 8)
    province.bundles.import_(national.bundles.export("LC", tmp_path).path)
    union = province.units.by_code(BL)
    assert union is not None
    province.books.keep(union.id)
    at_p = province.campaigns.by_code("TQ-2026")
    for i in (1, 2, 3):
        school = province.units.by_code(f"{BL}-{i}")
        assert school is not None
        province.initiatives.create(
            InitiativeInput(
                campaign_id=at_p.id,
                unit_id=school.id,
                title=f"Sáng kiến {i}",
                authors=(AuthorInput(f"Tác giả {i}", contribution_pct=Decimal(100)),),
                field_id=at_p.fields[0].id,
                applied_on=dt.date(2026, 3, i),
            )
        )
    national.bundles.import_(province.bundles.export("TLD", tmp_path).path)

    page = DashboardPage(national)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    combo = page.findChild(QComboBox, "campaign")
    combo.setCurrentIndex(combo.findText("Phong trào sáng kiến toàn quốc năm 2026"))
    if shot := os.environ.get("NATIONAL_SCREENSHOT"):  # a path: the page is saved there
        page.grab().save(shot)
    m = page.model
    rows = {
        m.index(r, 0).data(): [m.index(r, c).data() for c in range(m.columnCount())]
        for r in range(m.rowCount())
    }
    report = province.progress.report(at_p.id, None, province.units.by_code("LC").id)
    lai_chau = next(v for k, v in rows.items() if "Lai Châu" in k)
    ha_giang = next(v for k, v in rows.items() if "Hà Giang" in k)
    assert (lai_chau[1], lai_chau[2]) == ("10", str(report.total.count)) == ("10", "3")
    assert (ha_giang[1], ha_giang[2]) == ("8", "0")
    assert lai_chau[8] != "chưa bao giờ" and ha_giang[8] == "chưa bao giờ"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", lai_chau[8])  # when, local time
    assert not page.table.isColumnHidden(8)  # a national office hears from the provinces
    assert (lai_chau[3], ha_giang[3]) == ("30,0%", "0,0%")
    # Sorted by the last bundle, the province that has sent nothing comes first (or last).
    page.table.sortByColumn(8, Qt.SortOrder.AscendingOrder)
    order = [m.index(r, 0).data() for r in range(m.rowCount())]
    assert "Hà Giang" in order[0] and "Lai Châu" in order[1]
    page.table.sortByColumn(8, Qt.SortOrder.DescendingOrder)
    assert "Lai Châu" in m.index(0, 0).data()
    province.store.close()
    national.store.close()
