"""Write the program's icon (drawn by desktop/views/common/icon.py) as PNG and ICO files.

    python installer/make_icons.py OUT_DIR      -> OUT_DIR/sangkien.png (256 px), sangkien.ico

The ICO holds every size as an embedded PNG (allowed since Windows Vista), written by hand:
Qt's ICO writer stores one image only.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.views.common.icon import SIZES, icon_image  # noqa: E402


def _png_bytes(size: int) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    icon_image(size).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(sizes: tuple[int, ...] = SIZES) -> bytes:
    images = [(size, _png_bytes(size)) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def write_icons(out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication([])
    png = out / "sangkien.png"
    png.write_bytes(_png_bytes(256))
    ico = out / "sangkien.ico"
    ico.write_bytes(ico_bytes())
    del app
    return png, ico


if __name__ == "__main__":
    for path in write_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")):
        print(path)
