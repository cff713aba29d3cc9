"""The user guide (resources/guide/*.md), shown inside the program from the Help menu.

One Markdown file per chapter, in the order of their names; the chapter list on the left comes
from each file's first heading. Pictures are PNG files beside the chapters (made from the real
program by tools/guide_screenshots.py), so the guide also reads well on any Markdown viewer.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.views.common.i18n import tr
from desktop.views.common.sizing import open_at


def guide_dir() -> Path:
    """resources/guide in the source tree, or inside the frozen program (PyInstaller)."""
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parents[3]
    return base / "resources" / "guide"


@dataclass(frozen=True)
class Chapter:
    key: str  # the file name without .md, e.g. "06-sao-luu"
    title: str
    path: Path


def chapters(folder: Path | None = None) -> list[Chapter]:
    folder = folder or guide_dir()
    out = []
    for path in sorted(folder.glob("*.md")):
        title = path.stem
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                break
        out.append(Chapter(path.stem, title, path))
    return out


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Hướng dẫn sử dụng Sổ Sáng Kiến"))
        # Pictures are at most 860 px wide (tools/guide_screenshots.py); the height is the screen's.
        open_at(self, 1200, 760)
        self._chapters = chapters(folder)
        self.toc = QListWidget()
        self.toc.setObjectName("guideChapters")
        self.toc.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 4px; }"
        )
        for chapter in self._chapters:
            item = QListWidgetItem(chapter.title)
            item.setData(Qt.ItemDataRole.UserRole, chapter.key)
            self.toc.addItem(item)
        self.toc.ensurePolished()  # the 11 pt style sheet must be in force before measuring
        # Wide enough for the longest chapter title: they must not be cut off.
        self.toc.setFixedWidth(max(230, self.toc.sizeHintForColumn(0) + 28))
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setStyleSheet("QTextBrowser { font-size: 11pt; padding: 8px; }")
        self.toc.currentRowChanged.connect(self._show_row)
        body = QHBoxLayout()
        body.addWidget(self.toc)
        body.addWidget(self.browser, 1)
        buttons = QDialogButtonBox()
        close = buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        if not self._chapters:
            missing = tr("Không tìm thấy tài liệu hướng dẫn ({folder}). Hãy cài lại chương trình.")
            self.browser.setPlainText(missing.format(folder=folder or guide_dir()))
        else:
            self.toc.setCurrentRow(0)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self._chapters):
            path = self._chapters[row].path
            # A file URL: pictures named relative to the chapter are found beside it.
            self.browser.setSource(
                QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource
            )

    def show_chapter(self, key: str) -> bool:
        for row, chapter in enumerate(self._chapters):
            if chapter.key == key or chapter.key.split("-", 1)[-1] == key:
                self.toc.setCurrentRow(row)
                return True
        return False
