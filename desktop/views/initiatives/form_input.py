"""What the entry form's typed state means: the initiative it reads as, and the merge after a
reload. Pure functions over the state dictionary of ``InitiativeForm.state()`` (no widgets),
so each rule can be read, and tested, on its own.

The state is what the person typed, as typed (it goes to the draft file): ``title``,
``authors`` (the table's cells, row by row), ``unit`` (the text) and ``unit_id`` (the union
chosen), ``field_id``, ``sector``, ``description``, ``benefit``, ``applied_on``,
``confidential``, ``dossier`` ({kind: [ticked, date text]}) and ``notes``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.models import DossierKind, Sector
from desktop.services import labels
from desktop.services.campaigns.service import CampaignRow
from desktop.services.common import EditConflict
from desktop.services.initiatives.excel_plan import equal_shares
from desktop.services.initiatives.service import (
    AuthorInput,
    DossierInput,
    InitiativeDetail,
    InitiativeInput,
)
from desktop.text.dates import format_date, parse_date
from desktop.text.normalise import fold
from desktop.text.numbers import format_number, parse_amount, parse_number
from desktop.text.partial_dates import format_partial_date, parse_partial_date
from desktop.views.common.i18n import tr

AUTHOR_COLUMNS = (
    "Họ và tên",
    "Chức vụ",
    "Nơi công tác",
    "Đoàn viên (c/k)",
    "% đóng góp",
    "Điện thoại",
    "Email",
    # Mẫu 3 asks them: kept with the author, so a save from the window never drops them.
    "Ngày sinh",
    "Trình độ chuyên môn",
)
EMAIL_COLUMN = 6
# The fields of state(), as the form names them (the banner after a reload lists them).
FIELD_LABELS = {
    "title": "Tên sáng kiến",
    "authors": "Tác giả",
    "unit": "Công đoàn cơ sở",
    "field_id": "Lĩnh vực",
    "sector": "Khối",
    "description": "Mô tả tóm tắt",
    "benefit": "Giá trị làm lợi",
    "applied_on": "Ngày áp dụng lần đầu",
    "confidential": "Bảo mật",
    "dossier": "Hồ sơ",
    "notes": "Ghi chú",
}
UNIT_KEYS = ("unit", "unit_id")


# ---- reading what was typed ----------------------------------------------------------------
def read_input(st: dict[str, Any], campaign: CampaignRow) -> tuple[InitiativeInput, dict[str, str]]:
    """The input as typed, and the messages of what cannot even be read (by field)."""
    errors: dict[str, str] = {}
    authors = _authors(st["authors"], errors)
    unit_id = st["unit_id"]
    if unit_id is None:
        errors["unit_id"] = (
            tr("Chưa chọn công đoàn cơ sở: gõ một phần tên rồi chọn trong danh sách.")
            if st["unit"].strip()
            else tr("Chưa chọn công đoàn cơ sở.")
        )
    benefit = _benefit(st["benefit"], errors)
    applied_on, precision = None, None
    if st["applied_on"].strip():
        try:  # a day, or a month or quarter as lists write it ("03/2022", "Quý I/2022")
            applied_on, precision = parse_partial_date(st["applied_on"])
        except ValueError as exc:
            errors["applied_on"] = str(exc)
    dossier = _dossier(st["dossier"], errors)
    period = campaign.period_for(applied_on, precision)
    sector = st["sector"]
    data = InitiativeInput(
        campaign_id=campaign.id,
        unit_id=unit_id or 0,
        title=st["title"],
        authors=tuple(authors),
        field_id=st["field_id"],
        sector=Sector(sector) if sector else None,
        period_id=period.id if period else None,
        description=st["description"],
        benefit_vnd=benefit,
        applied_on=applied_on,
        applied_precision=precision,
        confidential=bool(st["confidential"]),
        notes=st["notes"] or None,
        dossier=tuple(dossier),
    )
    return data, errors


def _authors(cells: list[list[str]], errors: dict[str, str]) -> list[AuthorInput]:
    """The table's filled rows; shares split evenly when no row gives one."""
    authors = []
    # A draft saved before the phone and e-mail, or the birth date and qualification, columns
    # has fewer cells a row.
    width = len(AUTHOR_COLUMNS)
    rows = [(list(r) + [""] * width)[:width] for r in cells if any(c.strip() for c in r)]
    shares = equal_shares(len(rows))
    for i, (name, job, place, member, pct, phone, email, born, degree) in enumerate(rows):
        birth_date = None
        if born.strip():
            try:
                birth_date = parse_date(born)
            except ValueError:
                errors["authors"] = tr(
                    "Tác giả thứ {i}: không đọc được ngày sinh «{d}» (gõ ngày/tháng/năm)."
                ).format(i=i + 1, d=born)
        if pct.strip():
            try:
                value = Decimal(str(parse_number(pct.replace("%", "")) or 0))
            except (ValueError, InvalidOperation):
                errors["authors"] = tr("Tác giả thứ {i}: không đọc được tỷ lệ «{p}».").format(
                    i=i + 1, p=pct
                )
                value = Decimal(0)
        else:
            value = shares[i] if not any(r[4].strip() for r in rows) else Decimal(0)
        authors.append(
            AuthorInput(
                name,
                job or None,
                place or None,
                fold(member).strip() not in ("k", "khong", "0", "n"),
                value,
                phone=phone.strip() or None,
                email=email.strip() or None,
                birth_date=birth_date,
                qualification=degree.strip() or None,
            )
        )
    return authors


def _benefit(text: str, errors: dict[str, str]) -> int | None:
    if not text.strip():
        return None
    try:
        n = parse_number(text.replace("đồng", "").replace("đ", ""))
    except ValueError:
        n = _in_words(text)  # "2,5 triệu", "1,2 tỷ": the Excel import's reading
    if n is None or n != int(n):
        errors["benefit_vnd"] = tr(
            "Không đọc được số tiền «{t}». Hãy nhập như 1.500.000 hoặc 2,5 triệu."
        ).format(t=text)
        return None
    return int(n)


def _in_words(text: str) -> int | None:
    try:
        return parse_amount(text)
    except ValueError:
        return None


def _dossier(ticked: dict[str, list[Any]], errors: dict[str, str]) -> list[DossierInput]:
    dossier = []
    for kind in DossierKind:
        checked, date = ticked.get(kind.value, [False, ""])
        if not checked:
            continue
        received = None
        if date.strip():
            try:
                received = parse_date(date)
            except ValueError as exc:
                errors["dossier"] = f"{tr(labels.DOSSIER_KIND[kind])}: {exc}"
        dossier.append(DossierInput(kind, received))
    return dossier


# ---- a stored initiative, as the form shows it --------------------------------------------
def state_of(detail: InitiativeDetail, unit_text: str) -> dict[str, Any]:
    """The state that shows ``detail`` (``unit_text``: its union's display name)."""
    d = detail.data
    authors = [
        [
            a.full_name,
            a.job_title or "",
            a.workplace or "",
            "c" if a.is_member else "k",
            format_number(a.contribution_pct, 2).rstrip("0").rstrip(","),
            a.phone or "",
            a.email or "",
            format_date(a.birth_date),
            a.qualification or "",
        ]
        for a in d.authors
    ]
    received = {item.kind: format_date(item.received_on) for item in d.dossier}
    return {
        "title": d.title,
        "authors": authors or [[""] * len(AUTHOR_COLUMNS)],
        "unit": unit_text,
        "unit_id": d.unit_id,
        "field_id": d.field_id,
        "sector": d.sector.value if d.sector else None,
        "description": d.description,
        "benefit": format_number(d.benefit_vnd) if d.benefit_vnd is not None else "",
        "applied_on": format_partial_date(d.applied_on, d.applied_precision),
        "confidential": d.confidential,
        "dossier": {k.value: [k in received, received.get(k, "")] for k in DossierKind},
        "notes": d.notes or "",
    }


# ---- a reload over what was typed ---------------------------------------------------------
def merge_typed(
    typed: dict[str, Any],
    base: dict[str, Any],
    fresh: dict[str, Any],
    shown_as: Callable[[str, Any], str],
) -> tuple[dict[str, Any], list[str], list[str]]:
    """The fresh state with the person's own changes over it, the fields kept, the clashes.

    A field only they changed (``typed`` differs from ``base``, ``fresh`` does not) is typed in
    again; a field the other person changed too keeps the fresh value, and what was typed is
    listed (``shown_as(key, value)`` says a combo's value as its text).
    """
    merged, kept, clashed = dict(fresh), [], []
    for key, label in FIELD_LABELS.items():
        group = UNIT_KEYS if key == "unit" else (key,)
        if all(typed[k] == base[k] for k in group):
            continue
        if all(fresh[k] == base[k] for k in group):
            merged.update({k: typed[k] for k in group})
            kept.append(tr(label))
        elif any(fresh[k] != typed[k] for k in group):
            clashed.append(f"{tr(label)}: «{_shown(shown_as(key, typed[key]))}»")
    return merged, kept, clashed


def reload_banner(why: EditConflict | None, kept: list[str], clashed: list[str]) -> str:
    lines = [tr("Đã tải lại bản mới nhất.")]
    if why is not None:
        lines[0] = tr("Đã tải lại bản mới nhất") + (
            tr(" (do {who} sửa).").format(who=why.who) if why.who else "."
        )
    if kept:
        lines.append(
            tr("Phần anh/chị đã sửa được giữ lại để xem và lưu: {fields}.").format(
                fields=", ".join(kept)
            )
        )
    if clashed:
        lines.append(
            tr("Người kia cũng sửa các ô sau; đang hiện bản mới, anh/chị đã nhập:")
            + "\n"
            + "\n".join(clashed)
        )
    return "\n".join(lines)


def _shown(value: Any) -> str:
    """A field's typed value, short, for the banner after a reload."""
    if isinstance(value, list):  # the authors table: their names
        value = ", ".join(row[0] for row in value if row and row[0].strip())
    elif isinstance(value, dict):  # the dossier: the items ticked
        value = ", ".join(labels.DOSSIER_KIND[DossierKind(k)] for k, (on, _) in value.items() if on)
    elif isinstance(value, bool):
        value = "có" if value else "không"
    text = str(value if value is not None else "").strip()
    return text if len(text) <= 120 else text[:119] + "…"
