"""The district records its proposals to the province where it prints their papers (Báo cáo,
in ấn → «Đề xuất lên LĐLĐ tỉnh»): ticks two, proposes them, is refused the third with the
campaign's limit, withdraws one; the province sees what came, with no button to change it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.reports.page import ReportsPage
from support.proposal_fixtures import TITLE_B, TITLES_A, build


def _open(qtbot, services, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, title=None: shown.append(text))
    monkeypatch.setattr(dialogs, "info", lambda parent, text, title=None: shown.append(text))
    page = ReportsPage(services)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    panel = page.proposals_panel
    assert page.tabs.currentWidget() is panel
    panel.campaign.setCurrentIndex(
        panel.campaign.findText("75 nghìn sáng kiến, vượt khó, phát triển")
    )
    panel.page = page  # the page has no parent: the test holds it
    return panel, shown


def _tick(qtbot, panel, title: str) -> None:
    """Select the line of ``title`` with the mouse and tick it with the space bar."""
    lst = panel.candidates
    item = next(lst.item(i) for i in range(lst.count()) if lst.item(i).text().startswith(title))
    qtbot.mouseClick(
        lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center()
    )
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked


def _lines(lst) -> list[str]:
    return [lst.item(i).text() for i in range(lst.count())]


@pytest.fixture
def district(sqlite_store):
    services = Services.over(sqlite_store)
    w = build(services)
    services.office.set_up(w.district_a.id)
    return services, w


def test_the_district_proposes_within_the_limit(qtbot, district, monkeypatch):
    services, w = district
    panel, shown = _open(qtbot, services, monkeypatch)
    # Only its own unions' initiatives are offered; the other district's are not.
    offered = _lines(panel.candidates)
    assert len(offered) == 3 and not any(TITLE_B in t for t in offered)
    assert "Mỗi đơn vị đề xuất không quá 02 sáng kiến; đã đề xuất 0, còn 2." in (
        panel.limit_label.text()
    )
    # The filter takes words without diacritics, as the list of initiatives does.
    qtbot.keyClicks(panel.filter, "may tach")
    assert [panel.candidates.item(i).isHidden() for i in range(3)].count(False) == 1
    panel.filter.clear()
    _tick(qtbot, panel, TITLES_A[0])
    _tick(qtbot, panel, TITLES_A[1])
    qtbot.mouseClick(panel.propose_button, Qt.MouseButton.LeftButton)
    assert shown == []
    assert len(_lines(panel.proposed)) == 2
    assert "đã đề xuất 2, còn 0" in panel.limit_label.text()
    assert [r.title for r in services.evaluation.proposals.all(w.nghin75.id)] == sorted(
        TITLES_A[:2]
    )
    # The third is refused with the campaign's limit; its tick stays.
    _tick(qtbot, panel, TITLES_A[2])
    qtbot.mouseClick(panel.propose_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "vượt giới hạn 02 sáng kiến mỗi đơn vị" in shown[0]
    assert panel.candidates.item(0).checkState() == Qt.CheckState.Checked
    assert len(services.evaluation.proposals.all(w.nghin75.id)) == 2
    # Withdraw one, and the third goes through.
    lst = panel.proposed
    qtbot.mouseClick(
        lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(0)).center()
    )
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert len(_lines(panel.proposed)) == 1
    _tick(qtbot, panel, TITLES_A[2])
    qtbot.mouseClick(panel.propose_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    assert len(services.evaluation.proposals.all(w.nghin75.id)) == 2


def test_the_province_only_sees_the_proposals(qtbot, sqlite_store, monkeypatch):
    services = Services.over(sqlite_store)
    w = build(services)
    services.evaluation.proposals.propose(w.nghin75.id, w.a_ids[:1], unit_id=w.district_a.id)
    services.office.set_up(w.province.id)
    panel, _shown = _open(qtbot, services, monkeypatch)
    assert not panel.candidates.isVisible()
    offered = [b.text() for b in panel.findChildren(QPushButton) if b.isVisible()]
    assert offered == []
    assert _lines(panel.proposed) == [
        f"LĐLĐ huyện Đắk Glong: {TITLES_A[0]} — Trần Thị Hồng Nhung "
        "(CĐCS Trường Tiểu học Quảng Sơn)"
    ]


def test_the_province_sees_the_proposals_in_the_import_preview(
    qtbot, sync_offices_template, tmp_path
):
    from desktop.services.store.opening import open_store
    from desktop.views.sync.dialogs import ImportPreviewDialog
    from support.proposal_fixtures import BUNDLE_TITLES, campaign_75, district_initiatives
    from support.sync_fixtures import copy_offices

    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    try:
        ids = district_initiatives(d)
        d.evaluation.proposals.propose(campaign_75(d), ids[:2])
        path = str(d.bundles.export("LC", tmp_path / "d.ssk").path)
        dialog = ImportPreviewDialog(p, path, p.bundles.preview(path))
        qtbot.addWidget(dialog)
        dialog.show()
        lines = sorted(_lines(dialog.proposals))
        assert lines == sorted(
            f"[LĐLĐ huyện Tam Đường] {t} — Lò Thị Mai" for t in BUNDLE_TITLES[:2]
        )
        assert dialog.proposals.isVisible()
    finally:
        p.store.close()
        d.store.close()


def test_the_form_ticks_the_campaigns_own_papers(qtbot, district, tmp_path, monkeypatch):
    """The 75 nghìn form offers its Tờ trình and Bảng tổng hợp; the recognition campaign its
    four, the last one "(nếu có)"; a saved dossier is read back as ticked."""
    from desktop.services.initiatives.drafts import DraftStore
    from desktop.views.initiatives.form import InitiativeForm

    services, w = district
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))

    def shown_papers(campaign_id: int, initiative_id: int | None = None) -> list[str]:
        form = InitiativeForm(
            services, campaign_id, initiative_id, drafts=DraftStore(tmp_path / "drafts")
        )
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
        box = form.fields.dossier
        return [
            f"{c.text()}{' ✓' if c.isChecked() else ''}"
            for c in box.checks.values()
            if c.isVisible()
        ]

    assert shown_papers(w.nghin75.id, w.a_ids[0]) == [
        "Tờ trình của ban thường vụ công đoàn cấp trên ✓",
        "Bảng tổng hợp tóm tắt sáng kiến ✓",
    ]
    assert shown_papers(w.recognition.id) == [
        "Công văn đề nghị của công đoàn cấp trên",
        "Đơn đề nghị công nhận (Mẫu 3)",
        "Báo cáo mô tả sáng kiến (Mẫu 4)",
        "Tài liệu chứng minh khác (nếu có)",
    ]
