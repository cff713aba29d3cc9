"""The council panel at an office that does not own evaluation: it shows the councils, the
results and the decisions that came down, says who evaluates, and offers no change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.models import DossierKind, UnitKind
from desktop.services.campaigns.service import CampaignInput, PeriodInput
from desktop.services.evaluation.councils import CouncilInput, MemberInput
from desktop.services.evaluation.decisions import DecisionInput
from desktop.services.initiatives.listing import ListQuery
from desktop.services.initiatives.service import AuthorInput, DossierInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common import dialogs
from desktop.views.reports.page import ReportsPage

NOTICE = "do LĐLĐ tỉnh thực hiện"


def _open_council_tab(qtbot, services, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, title=None: shown.append(text))
    monkeypatch.setattr(dialogs, "info", lambda parent, text, title=None: shown.append(text))
    page = ReportsPage(services)
    page.shown = shown
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert page.tabs.currentWidget() is page.council_panel
    return page


def _writes_offered(panel) -> list[str]:
    """The buttons a person could press on the panel."""
    return [b.text() for b in panel.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]


@pytest.fixture
def offices(sync_offices_template, tmp_path):
    """The province and the district LC-TD (each its demo store and key), enrolled."""
    from support.sync_fixtures import copy_offices

    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    yield p, d
    p.store.close()
    d.store.close()


def test_a_district_sees_the_decisions_that_came_down_and_offers_only_its_own_council(
    qtbot, offices, monkeypatch, tmp_path
):
    province, district = offices
    # the district sends its initiatives up; the province decides on two; its bundle comes down
    province.bundles.import_(district.bundles.export("LC", tmp_path / "d1.ssk").path)
    trieu = province.campaigns.by_code("01TRIEU-2022")
    q = ListQuery(campaign_id=trieu.id)
    sent_up = {r.uid for r in district.initiatives.rows(district.initiatives.ids(q))}
    chosen = [
        r.id for r in province.initiatives.rows(province.initiatives.ids(q)) if r.uid in sent_up
    ]
    assert len(chosen) >= 2
    province.evaluation.decisions.decide(
        DecisionInput(
            trieu.id,
            "401/QĐ-LĐLĐ",
            dt.date(2023, 12, 20),
            recognise=(chosen[0],),
            decline={chosen[1]: "Chưa chứng minh được hiệu quả áp dụng thực tế."},
            accept_flagged=True,
        )
    )
    page = _open_council_tab(qtbot, district, monkeypatch)
    panel = page.council_panel
    panel.campaign.setCurrentIndex(panel.campaign.findData(trieu.id))
    assert panel.decisions.count() == 0  # nothing has come down yet
    district.bundles.import_(province.bundles.export("LC-TD", tmp_path / "p1.ssk").path)
    # back from another tab, the panel shows what the bundle brought
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert panel.notice.isVisible()
    assert NOTICE in panel.notice.text() and "gói dữ liệu của tỉnh" in panel.notice.text()
    assert _writes_offered(panel) == ["Lập hội đồng…"]  # a council of its own only
    assert not panel.decision_box.isVisible()
    assert panel.council.count() == 0 and not panel.sheet.isVisible()  # councils stay up
    assert "LĐLĐ tỉnh" in panel.summary.text()
    # the decision on this district's initiatives is listed
    listed = [panel.decisions.item(i).text() for i in range(panel.decisions.count())]
    assert "401/QĐ-LĐLĐ ngày 20/12/2023: công nhận 1, không công nhận 1" in listed
    assert page.grab().save(str(tmp_path / "council_district.png"))
    assert page.shown == []


def _world(services, office: str):
    """A council of the province with one full sheet and a decision, then this PC becomes
    ``office`` (as a district would hold it after the province's bundle)."""
    units = services.units
    prov = units.create("P", "Liên đoàn Lao động tỉnh Thử", UnitKind.PROVINCE, None, "LĐLĐ tỉnh")
    dist = units.create("P-A", "Liên đoàn Lao động huyện Ân Thi", UnitKind.DISTRICT, prov.id)
    g1 = units.create("P-A-1", "Công đoàn cơ sở Trường Ánh Dương", UnitKind.GRASSROOTS, dist.id)
    camp = services.campaigns.create(
        CampaignInput(
            code="C75",
            name="75 nghìn sáng kiến",
            periods=(PeriodInput("Năm 2021", dt.date(2021, 2, 1), dt.date(2021, 5, 31)),),
        ),
        [prov.id, dist.id],
    )
    ids = [
        services.initiatives.create(
            InitiativeInput(
                campaign_id=camp.id,
                unit_id=g1.id,
                title=f"Sáng kiến số {i + 1}",
                authors=(AuthorInput("Nguyễn Thị Ánh Tuyết"),),
                dossier=tuple(DossierInput(k, dt.date(2021, 4, 1)) for k in DossierKind),
            )
        ).id
        for i in range(2)
    ]
    ev = services.evaluation
    council = ev.councils.create(
        CouncilInput(
            camp.id,
            "Hội đồng thẩm định",
            pass_mark=Decimal(50),
            members=(MemberInput("Hoàng Minh Đức"), MemberInput("Lò Văn Khánh")),
        )
    )
    ev.councils.add_reviews(council.id, ids)
    points = (25, 24, 20, 12)
    ev.scoring.set_scores(
        council.members[0].id,
        ids[0],
        {k.id: p for k, p in zip(council.criteria, points, strict=True)},
    )
    ev.decisions.decide(
        DecisionInput(camp.id, "125/QĐ-LĐLĐ", dt.date(2021, 6, 1), recognise=(ids[1],))
    )
    services.office.set_up(prov.id if office == "province" else dist.id)
    return council, ids


def test_a_district_sees_the_council_and_its_sheets_read_only(qtbot, services, monkeypatch):
    council, ids = _world(services, "district")
    page = _open_council_tab(qtbot, services, monkeypatch)
    panel = page.council_panel
    assert panel.notice.isVisible() and NOTICE in panel.notice.text()
    assert panel.council.currentText() == "Hội đồng thẩm định"
    assert panel.sheet.isVisible()
    rows = {r.title: r for r in panel.model.rows}
    assert rows["Sáng kiến số 1"].scored_text == "1/2"
    assert panel.table.isColumnHidden(0)  # nothing to choose for a decision here
    # the first member's sheet shows their points, and typing over them changes nothing
    row = next(i for i, r in enumerate(panel.model.rows) if r.initiative_id == ids[0])
    panel.table.selectRow(row)
    panel.sheet.member.setCurrentIndex(panel.sheet.member.findData(council.members[0].id))
    assert panel.sheet.total.text() == "81,0"
    box = panel.sheet.point_boxes[0][1]
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "9")
    assert box.value() == 25 and panel.sheet.total.text() == "81,0"
    assert _writes_offered(panel) == ["Lập hội đồng…"]  # a council of its own only
    assert panel.make_edit_dialog() is None
    assert [panel.decisions.item(i).text() for i in range(panel.decisions.count())] == [
        "125/QĐ-LĐLĐ ngày 01/06/2021: công nhận 1, không công nhận 0"
    ]
    assert services.evaluation.scoring.sheet(council.id, ids[0])[council.members[0].id][
        council.criteria[0].id
    ] == Decimal(25)
    assert page.shown == []


def test_the_province_gets_every_write_and_no_notice(qtbot, services, monkeypatch):
    _world(services, "province")
    page = _open_council_tab(qtbot, services, monkeypatch)
    panel = page.council_panel
    assert not panel.notice.isVisible()
    offered = set(_writes_offered(panel))
    assert {
        "Lập hội đồng…",
        "Sửa thành viên, tiêu chí…",
        "Lưu phiếu chấm",
        "Lập quyết định",
        "Đề nghị cấp trên các sáng kiến đã chọn",
    } <= offered
    assert not panel.table.isColumnHidden(0)
    assert not panel.sheet.point_boxes[0][1].isReadOnly()
