"""The reorganisation's preview in words: the counts, the problems, each change ("Chuyển CĐCS …
từ LĐLĐ huyện … sang Công đoàn phường …"), the quotas of the units that end, the open dossiers
of the moved unions and the offices to tell."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as _esc

from desktop.services import labels
from desktop.services.units.reorganise import (
    Action,
    PlannedChange,
    ReorganisationPlan,
    RowProblem,
)
from desktop.services.units.tree import short_unit_name
from desktop.text.dates import format_date
from desktop.text.numbers import format_number
from desktop.views.common.i18n import tr


def counts_text(plan: ReorganisationPlan) -> str:
    return ", ".join(
        f"{tr(a.value)} {format_number(plan.counts[a])}" for a in Action if plan.counts.get(a)
    )


def _short(name: str) -> str:
    return _esc(short_unit_name(name)) if name else tr("cấp cao nhất")


def change_text(c: PlannedChange) -> str:
    """One change in words (HTML-escaped): "Chuyển CĐCS … từ LĐLĐ huyện … sang …"."""
    unit = _short(c.unit_name)
    if c.action == Action.CREATE:
        return tr("Thành lập {unit} ({kind}, mã {code}), trực thuộc {parent}").format(
            kind=tr(labels.UNIT_KIND[c.kind]),
            unit=_esc(c.unit_name),
            code=_esc(c.code),
            parent=_short(c.parent_name),
        )
    if c.action == Action.MOVE:
        return tr("Chuyển {unit} từ {old} sang {new}").format(
            unit=unit, old=_short(c.old_parent_name), new=_short(c.parent_name)
        )
    if c.action == Action.RENAME:
        return tr("Đổi tên {unit} thành «{new}»").format(unit=unit, new=_esc(c.new_name))
    if c.action == Action.RECLASSIFY:
        new = tr(labels.UNIT_KIND[c.new_kind]) if c.new_kind else ""
        return tr("Đổi loại {unit} từ {old} thành {new}").format(
            unit=unit, old=tr(labels.UNIT_KIND[c.kind]), new=new
        )
    if c.action == Action.MERGE:
        return tr("Sáp nhập {unit} vào {target}").format(unit=unit, target=_short(c.parent_name))
    return tr("Giải thể {unit}").format(unit=unit)


def plan_html(plan: ReorganisationPlan, problems: Sequence[RowProblem]) -> str:
    """The preview: counts, problems, each change, quotas, open dossiers, offices to tell."""
    out = [
        "<p><b>"
        + tr("Từ ngày {date}").format(date=format_date(plan.effective))
        + ":</b> "
        + (_esc(counts_text(plan)) or tr("không có thay đổi nào"))
        + ".</p>"
    ]
    if problems:
        out.append(
            f"<h4 style='color:#a40000'>{tr('Vấn đề')} ({format_number(len(problems))})</h4><ul>"
        )
        out.extend(f"<li>{_esc(str(p))}</li>" for p in problems)
        out.append("</ul>")
    if plan.changes:
        out.append(f"<h4>{tr('Các thay đổi')}</h4><ol>")
        out.extend(f"<li>{change_text(c)}</li>" for c in plan.changes)
        out.append("</ol>")
    if plan.quotas:
        out.append(f"<h4>{tr('Chỉ tiêu của đơn vị kết thúc')}</h4><ul>")
        for q in plan.quotas:
            out.append(
                "<li>"
                + tr(
                    "{unit} — {campaign}, {period}: chỉ tiêu {target}, đã đạt {reached}, còn {rest}"
                ).format(
                    unit=_short(q.unit_name),
                    campaign=_esc(q.campaign_code),
                    period=_esc(q.period_name),
                    target=format_number(q.target),
                    reached=format_number(q.reached),
                    rest=format_number(q.remainder),
                )
                + "</li>"
            )
        out.append(
            "</ul><p><i>"
            + tr(
                "Chỉ tiêu vẫn thuộc đơn vị được giao. Sau khi áp dụng, phần còn lại có thể giao "
                "lại cho các đơn vị nhận (Chương trình thi đua → «Giao lại chỉ tiêu chưa đạt…»)."
            )
            + "</i></p>"
        )
    if plan.open_dossiers:
        out.append(f"<h4>{tr('Hồ sơ đang xét của đơn vị chuyển đi')}</h4><ul>")
        out.extend(
            "<li>"
            + tr("{unit}: {n} sáng kiến").format(unit=_short(u), n=format_number(n))
            + "</li>"
            for u, n in plan.open_dossiers
        )
        out.append("</ul>")
    if plan.offices:
        out.append(f"<h4>{tr('Văn phòng cần gửi gói dữ liệu')}</h4><p>")
        out.append(", ".join(_esc(o) for o in plan.offices) + "</p>")
    return "".join(out)
