"""How long printing a 50-page list takes on a 1200 dpi printer, and how much spool a page
makes, against rendering the same pages to pictures with nothing sent anywhere (the floor).

    .venv/bin/python bench/bench_print.py [PAGES_OF_THE_OLD_WAY]

The printer is Qt's PDF printer at 1200 dpi (the resolution of the office laser printers the
issue was measured on); the file it writes stands for the spool. For reference, the old way
(every page a picture at the printer's resolution) is timed on its first pages (default 3)
and its figures per page are printed too: it needs ~557 MB a page in memory.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desktop.services.documents import Col, Letterhead, Signature, TableDocument
from desktop.services.documents.pdf import render_table_pdf
from desktop.views.reports.actions import PRINT_DPI, page_image, print_pages


def fifty_pages() -> bytes:
    doc = TableDocument(
        kind="registration-list",
        letterhead=Letterhead(
            "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
            "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ",
            "Số: 12/DS-LĐLĐ",
            "Phong Thổ, ngày 2 tháng 12 năm 2026",
        ),
        title="Danh sách",
        subject=("đăng ký sáng kiến",),
        columns=(
            Col("TT", 1, "center"),
            Col("Tên sáng kiến", 6),
            Col("Tác giả", 3),
            Col("Đơn vị", 4),
        ),
        rows=tuple(
            (
                i + 1,
                f"Ứng dụng công nghệ thông tin trong quản lý hồ sơ số {i + 1}",
                "Nguyễn Thị Hoà",
                "Công đoàn cơ sở Trường Tiểu học",
            )
            for i in range(1000)
        ),
        signature=Signature("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Người ký"),
    )
    return render_table_pdf(doc)


def printer_to(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(1200)
    printer.setFullPage(True)
    return printer


def load(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    pdf = QPdfDocument()
    pdf.load(buffer)
    return pdf, buffer


def old_way(data: bytes, printer: QPrinter, pages: int) -> None:
    pdf, _buffer = load(data)
    painter = QPainter(printer)
    for i in range(pages):
        if i:
            printer.newPage()
        rect = painter.viewport()
        painter.drawImage(rect, pdf.render(i, rect.size()))
    painter.end()


def main() -> int:
    old_pages = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    _app = QApplication([])
    data = fifty_pages()
    folder = Path(tempfile.mkdtemp())

    pdf, _buffer = load(data)
    n = pdf.pageCount()
    t = time.perf_counter()
    for i in range(n):
        page_image(pdf, i, PRINT_DPI, grey=False)
    floor = time.perf_counter() - t

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = folder / "new.pdf"
    t = time.perf_counter()
    sent = print_pages(data, printer_to(out))
    new = time.perf_counter() - t
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{sent} pages at {PRINT_DPI} dpi on a 1200 dpi printer: {new:.1f} s "
        f"({new / sent * 1000:.0f} ms a page), {out.stat().st_size / sent / 1e6:.2f} MB of "
        f"spool a page, peak memory +{(rss1 - rss0) / 1024:.0f} MB"
    )
    print(
        f"floor (the same pages rendered at {PRINT_DPI} dpi, nothing sent): {floor:.1f} s; "
        f"ratio {new / floor:.2f}"
    )

    if old_pages:
        old = folder / "old.pdf"
        t = time.perf_counter()
        old_way(data, printer_to(old), old_pages)
        took = time.perf_counter() - t
        rss2 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"old way (1200 dpi pictures), first {old_pages} pages: {took / old_pages:.1f} s "
            f"a page ({took / old_pages * sent:.0f} s for {sent}), "
            f"{old.stat().st_size / old_pages / 1e6:.2f} MB of spool a page, peak memory "
            f"{rss2 / 1024:.0f} MB; ratio old/new a page {took / old_pages / (new / sent):.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
