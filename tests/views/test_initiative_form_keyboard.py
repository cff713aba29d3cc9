"""The entry form as a person who never takes the mouse uses it, on a small office screen:
the union found by typing without diacritics and shown with them, error messages that go as
soon as the field is right, and a form that fits 1366×700 with its buttons in view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.services.initiatives.drafts import DraftStore
from desktop.views.initiatives.form import InitiativeForm
from views.test_initiative_form import focused, no_real_message_boxes, show_active, type_text, world

__all__ = ["no_real_message_boxes", "world"]  # the fixtures, shared with the form's tests


def _form(qtbot, world, tmp_path) -> InitiativeForm:
    services, campaign, _school = world
    form = InitiativeForm(services, campaign.id, drafts=DraftStore(tmp_path / "drafts"))
    qtbot.addWidget(form)
    show_active(qtbot, form)
    return form


def _error(form: InitiativeForm, name: str) -> QLabel:
    label = form.findChild(QLabel, f"err_{name}")
    assert label is not None
    return label


def test_the_union_is_found_without_diacritics_and_shown_with_them(qtbot, world, tmp_path):
    form = _form(qtbot, world, tmp_path)
    form.unit.setFocus()
    qtbot.keyClicks(form.unit, "truong ban")
    popup = form._unit.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["Công đoàn cơ sở Trường Tiểu học Bản Bo"]  # as written, not folded
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.unit.text() == "CĐCS Trường Tiểu học Bản Bo"
    assert form.unit_name.text() == "Công đoàn cơ sở Trường Tiểu học Bản Bo"
    # Typed with diacritics, it matches too (the other union here).
    form.unit.clear()
    type_text(form.unit, "thủy")
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "Công đoàn cơ sở Công ty Thủy điện Nậm Đích"


def test_an_error_goes_as_soon_as_its_field_is_right(qtbot, world, tmp_path):
    form = _form(qtbot, world, tmp_path)
    qtbot.keyClicks(form.applied_on, "31/02/2022")
    qtbot.keyClick(form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    for name in ("title", "authors", "unit_id", "applied_on"):
        assert _error(form, name).isVisible(), name
    # The title typed: its message goes at once; the others stay until their field is right.
    form.title.setFocus()
    type_text(form.title, "Sáng kiến tiết kiệm điện")
    assert not _error(form, "title").isVisible()
    assert _error(form, "authors").isVisible() and _error(form, "unit_id").isVisible()
    # A date still wrong says what is wrong now; a right one clears it.
    form.applied_on.setFocus()
    form.applied_on.selectAll()
    qtbot.keyClicks(form.applied_on, "32/01/2022")
    assert _error(form, "applied_on").isVisible()
    assert "31/02" not in _error(form, "applied_on").text()
    form.applied_on.selectAll()
    qtbot.keyClicks(form.applied_on, "15/01/2022")
    assert not _error(form, "applied_on").isVisible()
    form.authors_line.setFocus()
    type_text(form.authors_line, "Lò Văn Inh")
    assert not _error(form, "authors").isVisible()
    form.unit.setFocus()
    qtbot.keyClicks(form.unit, "ban bo")
    qtbot.keyClick(form.unit, Qt.Key.Key_Tab)  # one match: chosen on leaving the field
    assert form.unit.text() == "CĐCS Trường Tiểu học Bản Bo"
    assert not _error(form, "unit_id").isVisible()
    qtbot.keyClick(form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not form.isVisible() and form.saved_count == 1


def _inside(form: InitiativeForm, button: QPushButton) -> bool:
    top_left = button.mapTo(form, QPoint(0, 0))
    return form.rect().contains(QRect(top_left, button.size()))


@pytest.mark.parametrize("size", [(1366, 700), (1024, 600)])
def test_the_form_fits_a_small_screen_with_its_errors_showing(qtbot, world, tmp_path, size):
    width, height = size
    form = _form(qtbot, world, tmp_path)
    assert form.height() <= 760 and form.width() <= 900
    form.resize(min(900, width), height)
    qtbot.keyClicks(form.description, "x" * 60)  # over the campaign's limit of 50
    qtbot.keyClicks(form.benefit, "muoi trieu")
    qtbot.keyClick(form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)  # the layout settles with every message shown
    errors = [n for n in ("title", "authors", "unit_id", "benefit_vnd", "description")]
    assert all(_error(form, n).isVisible() for n in errors)
    assert form.height() <= height and form.width() <= width
    assert form.minimumSizeHint().height() <= height
    for button in (form.save_button, form.save_new_button, form.close_button):
        assert button.isVisible() and _inside(form, button), button.text()
    # Every field can be reached: Tab scrolls the fields to the one it lands on.
    form.title.setFocus()
    for _ in range(30):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        w = focused()
        if w is form.notes:
            break
    assert focused() is form.notes
    viewport = form.fields_scroll.viewport()
    top_left = form.notes.mapTo(viewport, QPoint(0, 0))
    assert viewport.rect().intersects(QRect(top_left, form.notes.size()))
