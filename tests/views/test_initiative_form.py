"""The entry form driven as a person would: keyboard only, twenty initiatives in a row."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.models import DatePrecision, Sector, UnitKind
from desktop.services.campaigns.service import CampaignInput, FieldInput, PeriodInput
from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.listing import ListQuery
from desktop.services.registry import Services
from desktop.views.common import dialogs
from desktop.views.initiatives.form import InitiativeForm


@pytest.fixture(autouse=True)
def no_real_message_boxes(monkeypatch):
    """A modal box would wait for a person forever; tests that care patch these again."""
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: None)


@pytest.fixture
def world(sqlite_store):
    services = Services.over(sqlite_store)
    u = services.units
    province = u.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    district = u.create(
        "LC-TD", "Liên đoàn Lao động huyện Tam Đường", UnitKind.DISTRICT, province.id
    )
    school = u.create(
        "LC-TD-01",
        "Công đoàn cơ sở Trường Tiểu học Bản Bo",
        UnitKind.GRASSROOTS,
        district.id,
        sector=Sector.ADMINISTRATIVE,
    )
    u.create(
        "LC-TD-02",
        "Công đoàn cơ sở Công ty Thủy điện Nậm Đích",
        UnitKind.GRASSROOTS,
        district.id,
        sector=Sector.ENTERPRISE,
    )
    # The campaign (the province's) is there before the district's office is set up.
    campaign = services.campaigns.create(
        CampaignInput(
            code="01TRIEU",
            name="01 triệu sáng kiến",
            description_limit=50,
            periods=(PeriodInput("Giai đoạn 1", dt.date(2021, 9, 1), dt.date(2022, 5, 31)),),
            fields=(
                FieldInput("dich", "Phòng, chống dịch"),
                FieldInput("ktxh", "Kinh tế - xã hội"),
            ),
        )
    )
    services.office.set_up(district.id)
    return services, campaign, school


def show_active(qtbot, widget):
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def focused():
    return QApplication.focusWidget()


def tab(qtbot, form):
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def type_into_focus(qtbot, text):
    # Key by key into whatever has the focus, as a keyboard does.
    for ch in text:
        type_text(focused(), ch)


def type_text(widget, text):
    """Like qtbot.keyClicks, also for Vietnamese letters (QTest refuses non-ASCII keys): a
    Unikey-style keyboard delivers each composed letter as one key event with its text."""
    for ch in text:
        if ch.isascii():
            QTest.keyClick(widget, ch)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                ch,
                Qt.KeyboardModifier.NoModifier,
            )


def test_twenty_initiatives_in_a_row_with_the_keyboard(qtbot, world, tmp_path):
    services, campaign, school = world
    form = InitiativeForm(services, campaign.id, drafts=DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: focused() is form.title)
    for i in range(20):
        assert focused() is form.title
        type_into_focus(qtbot, f"Sang kien so {i + 1} ve tiet kiem dien")
        tab(qtbot, form)  # -> authors, one line
        assert focused() is form.authors_line
        type_into_focus(qtbot, f"Nguyễn Văn {chr(65 + i)}")
        tab(qtbot, form)  # -> the authors' details, in the order they are read
        assert focused() is form.authors
        if i == 0:  # a position typed in the table, then Tab goes on from its cell
            qtbot.keyClick(focused(), Qt.Key.Key_Right)
            type_into_focus(qtbot, "Giáo viên")
            tab(qtbot, form)  # the cell is kept; the next cell is current
            assert focused() is form.authors and form.authors.currentColumn() == 2
        tab(qtbot, form)  # -> unit
        assert focused() is form.unit
        if i == 0:
            type_into_focus(qtbot, "ban bo")  # part of the name, without diacritics
            tab(qtbot, form)
            # exactly one match: chosen
            assert form.unit.text() == "CĐCS Trường Tiểu học Bản Bo"
            assert focused() is form.field
            qtbot.keyClick(focused(), Qt.Key.Key_Down)
        else:
            tab(qtbot, form)  # unit, field and sector were kept from the previous one
        tab(qtbot, form)  # -> sector (filled from the unit)
        tab(qtbot, form)  # -> description
        type_into_focus(qtbot, "Giảm chi phí")
        tab(qtbot, form)  # -> benefit
        type_into_focus(qtbot, "1500000")
        tab(qtbot, form)  # -> applied on
        assert form.benefit.text() == "1.500.000"
        type_into_focus(qtbot, "5/1/2022")
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda n=i: form.saved_count == n + 1)
    rows = services.initiatives.rows_slice(ListQuery(campaign_id=campaign.id), 0, 50)
    assert len(rows) == 20
    one = services.initiatives.get(rows[0].id).data
    assert one.unit_id == school.id and one.field_id == campaign.fields[0].id
    assert one.sector == Sector.ADMINISTRATIVE and one.benefit_vnd == 1_500_000
    assert one.applied_on == dt.date(2022, 1, 5) and one.period_id == campaign.periods[0].id
    assert one.authors[0].contribution_pct == 100
    assert one.authors[0].job_title == "Giáo viên"
    assert one.authors[0].job_title == "Giáo viên"
    assert {r.authors_text for r in rows} == {f"Nguyễn Văn {chr(65 + i)}" for i in range(20)}


def test_errors_are_shown_next_to_the_field_and_nothing_typed_is_lost(
    qtbot, world, tmp_path, monkeypatch
):
    services, campaign, _school = world
    drafts = DraftStore(tmp_path / "drafts")
    form = InitiativeForm(services, campaign.id, drafts=drafts)
    qtbot.addWidget(form)
    show_active(qtbot, form)
    type_text(form.title, "Sáng kiến cải tiến")
    qtbot.keyClicks(form.applied_on, "31/02/2022")
    qtbot.keyClicks(form.description, "x" * 60)
    assert "60/50" in form.description_count.text()
    qtbot.keyClick(form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible()
    assert "tác giả" in form.findChild(type(form.banner), "err_authors").text()
    assert "công đoàn cơ sở" in form.findChild(type(form.banner), "err_unit_id").text()
    assert "tháng 2 không có ngày 31" in form.findChild(type(form.banner), "err_applied_on").text()
    assert form.title.text() == "Sáng kiến cải tiến"
    # A crash now: the draft holds what was typed, and a new form brings it back.
    saved = drafts.load(f"new-{campaign.id}")
    assert saved and saved["applied_on"] == "31/02/2022"
    again = InitiativeForm(services, campaign.id, drafts=drafts)
    qtbot.addWidget(again)
    assert again.title.text() == "Sáng kiến cải tiến" and again.banner.text()
    # Esc asks first; "No" keeps the form open with its text.
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: asked.append(a) or False)
    show_active(qtbot, again)
    qtbot.keyClick(again.title, Qt.Key.Key_Escape)
    assert asked and again.isVisible()
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    qtbot.keyClick(again.title, Qt.Key.Key_Escape)
    assert not again.isVisible() and drafts.load(f"new-{campaign.id}") is None


def test_similar_titles_are_shown_while_typing(qtbot, world, tmp_path):
    services, campaign, school = world
    from desktop.services.initiatives.service import AuthorInput, InitiativeInput

    services.initiatives.create(
        InitiativeInput(
            campaign.id,
            school.id,
            "Sáng kiến cải tiến quy trình đón trẻ",
            (AuthorInput("Lò Văn Inh"),),
        )
    )
    import threading

    threads = []
    look_up = services.initiatives.similar

    def watched(*args, **kwargs):
        threads.append(threading.get_ident())
        return look_up(*args, **kwargs)

    services.initiatives.similar = watched
    form = InitiativeForm(services, campaign.id, drafts=DraftStore(tmp_path / "d"))
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.title, "sang kien cai tien quy trinh don tre")
    qtbot.waitUntil(lambda: form.similar.isVisible())
    assert "Sáng kiến cải tiến quy trình đón trẻ" in form.similar.text()
    # Looked up off the UI thread (100-200 ms on a big store), so typing never stutters.
    assert threads and threading.get_ident() not in threads


# A date known only to the month or quarter ("03/2022", "Quý I/2022") and a benefit in words
# of scale ("2,5 triệu") are read by the same rules as the Excel import.
def test_a_quarter_and_an_amount_in_words_are_typed_and_saved(qtbot, world, tmp_path):
    services, campaign, _school = world
    form = InitiativeForm(services, campaign.id, drafts=DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(form)
    show_active(qtbot, form)
    type_text(form.title, "Sáng kiến sổ theo dõi sức khoẻ")
    type_text(form.authors_line, "Nguyễn Văn An")
    form.unit.setFocus()
    type_into_focus(qtbot, "ban bo")  # part of the name: one match, chosen on Tab
    tab(qtbot, form)
    assert form.unit.text() == "CĐCS Trường Tiểu học Bản Bo"
    type_text(form.benefit, "2,5 triệu")
    form.benefit.editingFinished.emit()
    assert form.benefit.text() == "2.500.000"
    type_text(form.applied_on, "quý 1/2022")
    form.applied_on.editingFinished.emit()
    assert form.applied_on.text() == "Quý I/2022"
    warning = form.findChild(type(form.banner), "err_applied_on")
    assert "chỉ ghi quý (Quý I/2022)" in warning.text() and warning.isVisible()
    qtbot.keyClick(form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: services.initiatives.count(ListQuery(campaign_id=campaign.id)) == 1)
    [row] = services.initiatives.rows_slice(ListQuery(campaign_id=campaign.id), 0, 5)
    data = services.initiatives.get(row.id).data
    assert (data.applied_on, data.applied_precision) == (dt.date(2022, 1, 1), DatePrecision.QUARTER)
    assert data.benefit_vnd == 2_500_000 and data.period_id == campaign.periods[0].id
    # Opened again, the form shows the date as it was typed.
    again = InitiativeForm(services, campaign.id, row.id, drafts=DraftStore(tmp_path / "d2"))
    qtbot.addWidget(again)
    assert again.applied_on.text() == "Quý I/2022"
