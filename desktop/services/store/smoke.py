"""What ``--smoke-test`` checks besides the main window: the parts a frozen build most often
loses (migration scripts as data files, fonts, openpyxl's templates, the SQLite library).

In a temporary folder: create and migrate a store, write and read back a row; write a one-page
PDF with a Vietnamese sentence in a system font found by documents.fonts (the same discovery
the documents use); write an .xlsx with xlsx.py and read it back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.models import Unit
from desktop.models.enums import UnitKind
from desktop.services.common import ServiceError
from desktop.services.store.opening import current_revision, head_revision, open_store
from desktop.services.xlsx import DATE_FORMAT, Column, new_workbook, save_workbook, write_table
from desktop.text.normalise import fold, nfc

SENTENCE = "Công đoàn Việt Nam: mỗi sáng kiến được ghi nhận và tính đúng chỉ tiêu."


@dataclass(frozen=True)
class SmokeReport:
    store: str
    revision: str
    pdf: Path
    pdf_bytes: int
    font: str
    xlsx: Path


def _check_store(folder: Path) -> tuple[str, str]:
    store = open_store(str(folder / "smoke.db"))
    try:
        revision = current_revision(store.engine)
        if revision != head_revision():
            raise ServiceError(f"Lược đồ {revision} chưa phải bản mới nhất {head_revision()}.")
        name = "Công đoàn cơ sở Kiểm tra"
        with store.session_factory.begin() as session:
            session.add(
                Unit(
                    code="SMOKE",
                    name=name,
                    kind=UnitKind.GRASSROOTS,
                    name_folded=fold(name),
                    name_key=fold(name),
                )
            )
        with store.session_factory() as session:
            count = session.scalar(select(func.count()).select_from(Unit))
            read = session.scalar(select(Unit.name).where(Unit.code == "SMOKE"))
        if count != 1 or read != name:
            raise ServiceError("Không đọc lại được dữ liệu vừa ghi vào cơ sở dữ liệu thử.")
        return store.description, revision
    finally:
        store.close()


def _write_pdf(path: Path) -> tuple[int, str]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from desktop.services.documents.fonts import register_font

    font, family = register_font()
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle("Sổ Sáng Kiến — kiểm tra")
    canvas.setFont(font, 14)
    canvas.drawString(30 * mm, A4[1] - 30 * mm, "SỔ SÁNG KIẾN — KIỂM TRA BẢN CÀI ĐẶT")
    canvas.setFont(font, 13)
    canvas.drawString(30 * mm, A4[1] - 40 * mm, SENTENCE)
    canvas.showPage()
    canvas.save()
    data = path.read_bytes()
    if not data.startswith(b"%PDF") or b"/Page" not in data:
        raise ServiceError("Tệp PDF thử không hợp lệ.")
    return len(data), family.family


def _write_xlsx(path: Path) -> None:
    wb, ws = new_workbook("Kiểm tra")
    today = dt.date(2026, 1, 15)
    write_table(
        ws,
        [Column("Nội dung", wrap=True), Column("Ngày", number_format=DATE_FORMAT)],
        [(SENTENCE, today)],
    )
    save_workbook(wb, path)
    back = load_workbook(path, read_only=True)
    try:
        values = next(back.active.iter_rows(min_row=2, max_row=2, values_only=True))
    finally:
        back.close()
    if nfc(str(values[0])) != nfc(SENTENCE) or values[1].date() != today:
        raise ServiceError("Không đọc lại được tệp Excel thử.")


def run_checks(folder: Path) -> SmokeReport:
    """Run every check in ``folder`` (an empty temporary folder); raise ServiceError on failure."""
    folder = Path(folder)
    description, revision = _check_store(folder)
    pdf = folder / "kiem-tra.pdf"
    size, family = _write_pdf(pdf)
    xlsx = folder / "kiem-tra.xlsx"
    _write_xlsx(xlsx)
    return SmokeReport(
        store=description, revision=revision, pdf=pdf, pdf_bytes=size, font=family, xlsx=xlsx
    )
