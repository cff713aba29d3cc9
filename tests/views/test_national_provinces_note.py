"""The national office's dashboard names the provinces of the shared list its catalogue lacks
(a missing province is not a province without initiatives)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from desktop.models import UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.units.excel_list import import_unit_list
from desktop.services.units.official_lists import national_preview
from desktop.views.campaigns.dashboard import DashboardPage


def _campaign(services: Services) -> None:
    services.campaigns.create(
        CampaignInput(
            code="TQ-2026",
            name="Phong trào sáng kiến toàn quốc năm 2026",
            periods=(PeriodInput("Năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),),
            fields=(FieldInput("ktxh", "Kinh tế - xã hội"),),
        )
    )


def _summary(qtbot, services: Services) -> str:
    page = DashboardPage(services)
    qtbot.addWidget(page)
    page.as_of.setDate(QDate(2026, 6, 30))
    page.refresh()
    return page.summary.text()


def test_a_national_catalogue_with_two_federations(qtbot, tmp_path):
    national = Services.over(open_store(str(tmp_path / "TLD.db")))
    tld = national.units.create("TLD", "Tổng Liên đoàn Lao động Việt Nam", UnitKind.NATIONAL)
    national.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE, tld.id)
    # Hà Giang's federation, before its merger: in 2026 it counts as Tuyên Quang's.
    national.units.create("HG", "Liên đoàn Lao động tỉnh Hà Giang", UnitKind.PROVINCE, tld.id)
    national.office.set_up(tld.id)
    _campaign(national)
    text = _summary(qtbot, national)
    assert "Danh mục chưa có 32 tỉnh, thành phố: Hà Nội, Huế, Điện Biên" in text
    assert "Tuyên Quang" not in text and "Lai Châu" not in text
    national.store.close()


def test_a_national_office_started_from_the_list_lacks_none(qtbot, tmp_path):
    national = Services.over(open_store(str(tmp_path / "TLD.db")))
    import_unit_list(national.store.session_factory, national_preview())
    national.office.set_up(national.units.by_code("TLD").id)
    _campaign(national)
    assert "Danh mục chưa có" not in _summary(qtbot, national)
    national.store.close()


def test_a_province_office_is_not_told(qtbot, tmp_path):
    province = Services.over(open_store(str(tmp_path / "LC.db")))
    lc = province.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    province.office.set_up(lc.id)
    _campaign(province)
    assert "Danh mục chưa có" not in _summary(qtbot, province)
    province.store.close()
