"""Whose books are kept where, on the units page of the demo province: a district federation
that does not run the program has its books kept («Giữ sổ hộ»), its grassroots unions become
the province's to write; once its office is enrolled, «Bàn giao sổ…» writes the bundle."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.models import UnitKind
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common import dialogs
from desktop.views.units.page import UNIT_ID_ROLE, UnitsPage
from support.sync_fixtures import fingerprint

CODE = "LC-TD"
BOOKS_COLUMN = 3


def _page(qtbot, services):
    page = UnitsPage(services)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _select(page, code):
    unit_id = page._services.units.by_code(code).id
    hits = page.tree_model.match(
        page.tree_model.index(0, 0),
        UNIT_ID_ROLE,
        unit_id,
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )
    assert hits, code
    page.tree.setCurrentIndex(hits[0])
    return hits[0]


def _books_cell(page, code) -> str:
    index = _select(page, code)
    return index.siblingAtColumn(BOOKS_COLUMN).data()


def _button(page, name) -> QPushButton:
    return page.findChild(QPushButton, name)


def test_keep_a_districts_books_then_hand_them_over(qtbot, demo_services, tmp_path, monkeypatch):
    services = demo_services
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, text, _t=None: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "info", lambda _p, text, _t=None: asked.append(text))
    page = _page(qtbot, services)
    assert _books_cell(page, "LC") == "Văn phòng này"
    assert _books_cell(page, CODE) == ""
    school = services.units.list(parent_id=services.units.by_code(CODE).id)[0]
    assert school.id not in page._editable  # the district's to write, not the province's

    _select(page, CODE)
    keep = _button(page, "keepBooks")
    assert keep.isEnabled() and keep.text() == "Giữ sổ hộ…"
    assert not _button(page, "handOverBooks").isEnabled()
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert "Giữ sổ hộ" in asked[-1]
    assert _books_cell(page, CODE) == "Giữ sổ hộ"
    assert school.id in page._editable  # typed here now
    assert "văn phòng này giữ sổ hộ từ ngày" in page.unit_detail.toPlainText()
    assert _button(page, "keepBooks").text() == "Thôi giữ sổ hộ…"

    # A grassroots union's books cannot be kept apart: the button says why.
    _select(page, school.code)
    assert not _button(page, "keepBooks").isEnabled()
    assert "công đoàn cơ sở" in _button(page, "keepBooks").toolTip()

    # The district installs the program and is enrolled: hand the books over.
    district = Services.over(open_store(str(tmp_path / "td.db")))
    lc = district.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    td = district.units.create(CODE, "Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT, lc.id)
    district.office.set_up(td.id)
    services.enrolment.enrol(district.enrolment.enrolment_file(), fingerprint(district))
    district.enrolment.enrol(services.enrolment.enrolment_file(), fingerprint(services))
    from desktop.views.sync.page import SyncPage

    sync = SyncPage(services)
    qtbot.addWidget(sync)
    rows = [
        " ".join(sync.peers.item(r, c).text() for c in range(sync.peers.columnCount()))
        for r in range(sync.peers.rowCount())
    ]
    assert any("đang giữ sổ hộ" in row for row in rows), rows  # the sync page says it too
    page.reload()
    _select(page, CODE)
    hand = _button(page, "handOverBooks")
    assert hand.isEnabled()
    out = tmp_path / "usb"
    out.mkdir()
    monkeypatch.setattr(dialogs, "choose_folder", lambda *_a, **_k: str(out))
    qtbot.mouseClick(hand, Qt.MouseButton.LeftButton)
    assert "Bàn giao sổ của Tam Đường" in asked[-2] or "Bàn giao sổ" in asked[-2]
    assert "Đã bàn giao sổ" in asked[-1]
    bundle = page.books.last_result
    assert bundle is not None and Path(bundle.path).exists()
    assert _books_cell(page, CODE) == "Đã bàn giao"
    page.reload()
    assert school.id not in page._editable
    report = district.bundles.import_(bundle.path)
    assert report.totals.get("rejected", 0) == 0, report.notes
    district.store.close()
