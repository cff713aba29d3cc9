"""A unit's history in words, as an officer reads it: "Chuyển từ … sang … ngày 01/07/2025"."""

from __future__ import annotations

from desktop.models import UnitEventKind, UnitKind
from desktop.services import labels
from desktop.services.units.tree import UnitEventRow, UnitRow
from desktop.text.dates import format_date
from desktop.views.common.i18n import tr


def _kind(kind: UnitKind | None) -> str:
    return tr(labels.UNIT_KIND[kind]) if kind is not None else tr("(không rõ)")


def event_text(e: UnitEventRow) -> str:
    """One event, its date in it ("ngày …"; an event with no day: since always)."""
    on = " " + tr("ngày {date}").format(date=format_date(e.on_date)) if e.on_date else ""
    other = e.other_unit_name or tr("(đơn vị không còn trong danh mục)")
    if e.kind == UnitEventKind.CREATE:
        text = tr("Thành lập") + on
        if e.new_parent_name:
            text += " " + tr("(trực thuộc {parent})").format(parent=e.new_parent_name)
    elif e.kind == UnitEventKind.RENAME:
        text = tr("Đổi tên từ «{old}» thành «{new}»").format(
            old=e.old_name or "", new=e.new_name or ""
        )
        text += on
    elif e.kind == UnitEventKind.MOVE:
        text = tr("Chuyển từ {old} sang {new}").format(
            old=e.old_parent_name or tr("cấp cao nhất"), new=e.new_parent_name or tr("cấp cao nhất")
        )
        text += on
    elif e.kind == UnitEventKind.MERGE:
        if e.own:
            text = tr("Sáp nhập vào {unit}").format(unit=other) + on
        else:
            text = tr("Tiếp nhận {unit} sáp nhập vào").format(unit=other) + on
    elif e.kind == UnitEventKind.DISSOLVE:
        text = tr("Giải thể") + on
    else:  # RECLASSIFY
        text = tr("Đổi loại từ {old} thành {new}").format(
            old=_kind(e.old_kind), new=_kind(e.new_kind)
        )
        text += on
    if e.note:
        text += " — " + e.note
    return text


def ended_suffix(u: UnitRow) -> str:
    """What the tree adds to a unit that ended: "(đã giải thể ngày …)"; "" if it goes on."""
    if u.valid_to is None or u.active:
        return ""
    return " " + tr("(đã giải thể ngày {date})").format(date=format_date(u.valid_to))
