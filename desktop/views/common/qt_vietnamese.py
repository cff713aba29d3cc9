"""Qt's own words in Vietnamese: the standard buttons (OK, Cancel, Yes, No…), the text fields'
right-click menu and the file dialog's labels.

Qt ships no Vietnamese translation of its own texts (no ``qtbase_vi.qm``), so a person saw
"Cancel" and "Yes" beside Vietnamese questions. A translator installed on the application
answers Qt's contexts from the table below; anything not in it stays as Qt says it (None means
"not translated here" to Qt, an empty string would blank the button).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTranslator

_BUTTONS = {
    "OK": "Đồng ý",
    "Save": "Lưu",
    "Save All": "Lưu tất cả",
    "Open": "Mở",
    "&Yes": "&Có",
    "Yes to &All": "Có với &tất cả",
    "&No": "&Không",
    "N&o to All": "Không với tấ&t cả",
    "Abort": "Dừng",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Close": "Đóng",
    "Cancel": "Huỷ",
    "Discard": "Bỏ",
    "Help": "Trợ giúp",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Restore Defaults": "Khôi phục mặc định",
    "Don't Save": "Không lưu",
    "Close without Saving": "Đóng không lưu",
}

_TEXT_MENU = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "&Paste": "&Dán",
    "Delete": "Xoá",
    "Select All": "Chọn tất cả",
    "Copy &Link Location": "Sao chép địa chỉ &liên kết",
}

_FILE_DIALOG = {
    "Look in:": "Tìm trong:",
    "&Look in:": "&Tìm trong:",  # the labels of Qt's own dialog, now used on Linux and macOS
    "Files of &type:": "&Kiểu tệp:",
    "File name:": "Tên tệp:",
    "File &name:": "&Tên tệp:",
    "Files of type:": "Kiểu tệp:",
    "&Open": "&Mở",
    "&Save": "&Lưu",
    "&Choose": "&Chọn",
    "Cancel": "Huỷ",
    "Back": "Quay lại",
    "Forward": "Tiếp",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "New Folder": "Thư mục mới",
    "List View": "Xem danh sách",
    "Detail View": "Xem chi tiết",
    "Name": "Tên",
    "Size": "Cỡ",
    "Type": "Kiểu",
    "Date Modified": "Ngày sửa",
    "My Computer": "Máy tính",
    "Computer": "Máy tính",
    "All Files (*)": "Mọi tệp (*)",
    "Directories": "Thư mục",
    "Directory:": "Thư mục:",
    "Recent Places": "Nơi dùng gần đây",
    "Show &hidden files": "Hiện tệp &ẩn",
    "&Rename": "Đổi &tên",
    "&Delete": "&Xoá",
    "&New Folder": "Thư mục &mới",
}

_MESSAGE_BOX = {
    "Show Details...": "Xem chi tiết…",
    "Hide Details...": "Ẩn chi tiết…",
}

TABLE: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QLineEdit": _TEXT_MENU,
    "QWidgetTextControl": _TEXT_MENU,
    "QFileDialog": _FILE_DIALOG,
    "QFileSystemModel": _FILE_DIALOG,
    "QMessageBox": {**_MESSAGE_BOX, **_BUTTONS},
}


class QtVietnamese(QTranslator):
    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        return TABLE.get(context, {}).get(source_text)

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication, parent: QObject | None = None) -> QtVietnamese:
    translator = QtVietnamese(parent or app)
    app.installTranslator(translator)
    return translator
