"""The user guide opens from the Help menu (and F1), chapter by chapter, with its pictures."""

from __future__ import annotations

import re

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage, QPixmap, QTextDocument
from PySide6.QtWidgets import QApplication

from desktop.views.common.settings import AppSettings
from desktop.views.shell.guide import GuideDialog, chapters, guide_dir
from desktop.views.shell.main_window import MainWindow

TOPICS = (
    "lần chạy đầu",
    "sáng kiến",
    "chỉ tiêu",
    "gói dữ liệu",
    "in",
    "sao lưu",
    "lỗi",
    "sắp xếp",
    "giữ sổ",
    "quyết định công nhận",
)


def test_the_guide_covers_the_first_hour_in_order_and_every_picture_exists():
    found = chapters()
    assert len(found) == len(TOPICS)
    for chapter, topic in zip(found, TOPICS, strict=True):
        assert topic in chapter.title.lower(), chapter.title
        text = chapter.path.read_text(encoding="utf-8")
        for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
            image = QImage(str(guide_dir() / picture))
            assert not image.isNull(), f"{chapter.key}: {picture}"
            assert image.width() <= 900, f"{picture} is too wide for the guide window"


def test_the_commands_the_reorganisation_chapter_shows_are_real():
    """Every ``sangkien …`` line of chapter 8 parses as the command line reads it."""
    from desktop.cli import build_parser

    chapter = next(c for c in chapters() if c.key == "08-sap-xep-don-vi")
    lines = [
        line.strip().split()[1:]
        for line in chapter.path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("sangkien ")
    ]
    assert len(lines) >= 6
    for argv in lines:
        args = build_parser().parse_args(argv)
        assert callable(args.func), argv


def test_the_commands_the_books_chapter_shows_are_real():
    """Every ``sangkien …`` command chapter 9 quotes parses as the command line reads it."""
    import shlex

    from desktop.cli import build_parser

    chapter = next(c for c in chapters() if c.key == "09-giu-so-ho")
    quoted = re.findall(r"`(sangkien [^`]+)`", chapter.path.read_text(encoding="utf-8"))
    assert len(quoted) >= 2
    for command in quoted:
        argv = shlex.split(command, posix=False)[1:]
        args = build_parser().parse_args([a.strip('"') for a in argv])
        assert callable(args.func), command


def test_f1_opens_the_guide_and_a_chapter_shows_its_text_and_pictures(
    qtbot, demo_services, tmp_path
):
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(demo_services, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if "giúp" in a.text())
    assert help_menu.actions()[0].text() == "&Hướng dẫn sử dụng"

    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.guide is not None and window.guide.isVisible())
    guide = window.guide
    assert isinstance(guide, GuideDialog)
    assert guide.toc.count() == len(TOPICS)
    assert "Cài đặt và lần chạy đầu tiên" in guide.browser.toPlainText()

    row = next(i for i in range(guide.toc.count()) if "Sao lưu" in guide.toc.item(i).text())
    rect = guide.toc.visualItemRect(guide.toc.item(row))
    qtbot.mouseClick(guide.toc.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = guide.browser.toPlainText()
    assert "Khôi phục" in text and "pg_dump" in text
    picture = guide.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, guide.browser.source().resolved("anh/sao-luu.png")
    )
    assert isinstance(picture, QImage | QPixmap) and not picture.isNull()
    assert picture.width() == QImage(str(guide_dir() / "anh" / "sao-luu.png")).width()


def test_a_missing_guide_folder_says_so_instead_of_an_empty_window(qtbot, tmp_path):
    dialog = GuideDialog(folder=tmp_path / "nowhere")
    qtbot.addWidget(dialog)
    assert "Không tìm thấy tài liệu hướng dẫn" in dialog.browser.toPlainText()
