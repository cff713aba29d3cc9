"""The author's phone and e-mail typed in the entry form's authors table, with the keyboard:
kept, shown again when the initiative is opened, and a wrong one said under the authors with
nothing lost. Made-up number and address."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_initiative_form import (  # noqa: F401
    focused,
    show_active,
    type_into_focus,
    type_text,
    world,
)

from desktop.services.initiatives.drafts import DraftStore
from desktop.services.initiatives.listing import ListQuery
from desktop.views.common import dialogs
from desktop.views.initiatives.form import InitiativeForm
from desktop.views.initiatives.form_input import AUTHOR_COLUMNS

PHONE = "0912 345 678"
EMAIL = "tacgia@example.vn"


@pytest.fixture(autouse=True)
def no_real_message_boxes(monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: pytest.fail(f"error box: {a[1:]}"))
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: None)


def _fill(qtbot, form, email: str) -> None:
    type_text(form.title, "Sổ liên lạc điện tử cho phụ huynh")
    form.authors_line.setFocus()
    type_text(form.authors_line, "Lò Văn Tư")
    qtbot.keyClick(form.authors_line, Qt.Key.Key_Tab)
    assert focused() is form.authors
    phone_col = AUTHOR_COLUMNS.index("Điện thoại")
    for _ in range(phone_col):
        qtbot.keyClick(form.authors, Qt.Key.Key_Right)
    type_into_focus(qtbot, PHONE)  # typing starts the cell's editor
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # kept; on to the e-mail cell
    assert form.authors.currentColumn() == phone_col + 1
    type_into_focus(qtbot, email)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # out of the table: the cell is kept
    form.unit.setFocus()
    type_text(form.unit, "ban bo")
    qtbot.keyClick(form.unit, Qt.Key.Key_Tab)
    form.applied_on.setFocus()
    type_text(form.applied_on, "5/1/2022")


def test_phone_and_email_typed_in_the_authors_table(qtbot, world, tmp_path):  # noqa: F811
    services, campaign, _ = world
    assert AUTHOR_COLUMNS[5:7] == ("Điện thoại", "Email")
    form = InitiativeForm(services, campaign.id, drafts=DraftStore(tmp_path / "d"))
    qtbot.addWidget(form)
    show_active(qtbot, form)
    headers = [form.authors.horizontalHeaderItem(c).text() for c in range(7)]
    assert headers[-2:] == ["Điện thoại", "Email"]
    _fill(qtbot, form, EMAIL)
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.saved_count == 1)
    [row] = services.initiatives.rows_slice(ListQuery(campaign_id=campaign.id), 0, 5)
    [author] = services.initiatives.get(row.id).data.authors
    assert (author.full_name, author.phone, author.email) == ("Lò Văn Tư", PHONE, EMAIL)
    # Opened again, the table shows them where they were typed.
    again = InitiativeForm(services, campaign.id, row.id, drafts=DraftStore(tmp_path / "d"))
    qtbot.addWidget(again)
    assert again.authors.item(0, 5).text() == PHONE
    assert again.authors.item(0, 6).text() == EMAIL


def test_a_wrong_email_is_said_under_the_authors_and_nothing_is_lost(qtbot, world, tmp_path):  # noqa: F811
    services, campaign, _ = world
    drafts = DraftStore(tmp_path / "d")
    form = InitiativeForm(services, campaign.id, drafts=drafts)
    qtbot.addWidget(form)
    show_active(qtbot, form)
    _fill(qtbot, form, "tacgia@example")
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible() and form.saved_count == 0
    shown = form.findChild(type(form.banner), "err_authors").text()
    assert "email «tacgia@example» không hợp lệ" in shown and "tacgia@example.vn" in shown
    assert form.authors.item(0, 6).text() == "tacgia@example"
    assert services.initiatives.rows_slice(ListQuery(campaign_id=campaign.id), 0, 5) == []
    # The draft keeps what was typed, phone included.
    saved = drafts.load(f"new-{campaign.id}")
    assert saved and saved["authors"][0][5:7] == [PHONE, "tacgia@example"]


def test_a_draft_from_before_the_new_columns_still_reads(world):  # noqa: F811
    from desktop.views.initiatives.form_input import read_input

    services, campaign, school = world
    state = {
        "title": "Sổ cũ",
        "authors": [["Lò Văn Tư", "", "", "c", ""]],  # five cells, as drafts used to be
        "unit": "",
        "unit_id": school.id,
        "field_id": None,
        "sector": None,
        "description": "",
        "benefit": "",
        "applied_on": "",
        "confidential": False,
        "dossier": {},
        "notes": "",
    }
    data, errors = read_input(state, services.campaigns.get(campaign.id))
    assert errors == {} and data.authors[0].phone is None and data.authors[0].full_name


def test_a_save_from_the_window_keeps_the_birth_date_and_qualification(qtbot, world, tmp_path):  # noqa: F811
    """Mẫu 3 prints each author's birth date and qualification: they come from a list or a
    bundle, are shown in the authors table, and a save from the window keeps them (it used
    to drop them: the table had no column for them)."""
    import datetime as dt

    from desktop.services.initiatives.service import AuthorInput, InitiativeInput

    services, campaign, school = world
    camp = services.campaigns.get(campaign.id)
    made = services.initiatives.create(
        InitiativeInput(
            campaign_id=campaign.id,
            unit_id=school.id,
            title="Sổ tay điện tử cho giáo viên",
            authors=(
                AuthorInput("Lò Văn Tư", birth_date=dt.date(1985, 3, 12), qualification="Cử nhân"),
            ),
            field_id=camp.fields[0].id,
            period_id=camp.periods[0].id,
            applied_on=dt.date(2022, 1, 5),
        )
    )
    form = InitiativeForm(services, campaign.id, made.id, drafts=DraftStore(tmp_path / "d"))
    qtbot.addWidget(form)
    show_active(qtbot, form)
    born, degree = AUTHOR_COLUMNS.index("Ngày sinh"), AUTHOR_COLUMNS.index("Trình độ chuyên môn")
    assert form.authors.item(0, born).text() == "12/03/1985"
    assert form.authors.item(0, degree).text() == "Cử nhân"
    form.title.setFocus()
    type_text(form.title, " (bản sửa)")
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.saved_count == 1)
    [author] = services.initiatives.get(made.id).data.authors
    assert (author.birth_date, author.qualification) == (dt.date(1985, 3, 12), "Cử nhân")
