"""The program's icon, drawn by code (no image file to license or to lose).

A red rounded square (the colour of the trade union's banners) with a yellow light bulb: an
initiative is an idea. ``installer/make_icons.py`` writes the same drawing to PNG and ICO for
the Linux .desktop file and the Windows installer.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QPainter, QPainterPath, QPen, QPixmap

RED = QColor("#b3261e")
YELLOW = QColor("#ffd54a")
CREAM = QColor("#fff6d6")
SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_image(size: int) -> QImage:
    """The icon as a transparent ``size`` x ``size`` image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0
    p.scale(s, s)
    # Background.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(RED))
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 48, 48)
    # Rays.
    pen = QPen(YELLOW, 12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    centre = QPointF(128, 104)
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (-0.72, -0.72), (0.72, -0.72)):
        p.drawLine(centre + QPointF(dx * 70, dy * 70), centre + QPointF(dx * 86, dy * 86))
    # Bulb: a circle narrowing into a neck.
    bulb = QPainterPath()
    bulb.addEllipse(centre, 56, 56)
    neck = QPainterPath()
    neck.moveTo(98, 140)
    neck.lineTo(158, 140)
    neck.lineTo(150, 178)
    neck.lineTo(106, 178)
    neck.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(YELLOW))
    p.drawPath(bulb.united(neck))
    # Shine, and the screw base.
    p.setBrush(QBrush(CREAM))
    p.drawEllipse(QPointF(108, 86), 14, 18)
    p.setBrush(QBrush(QColor("#e0e0e0")))
    for i, width in enumerate((48, 44, 32)):
        p.drawRoundedRect(QRectF(128 - width / 2, 184 + i * 14, width, 10), 5, 5)
    p.end()
    return image


def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(QPixmap.fromImage(icon_image(size)))
    return icon
