"""Pictures for the user guide (resources/guide/anh/*.png), made from the real program.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/guide_screenshots.py [OUT_DIR]

Builds the demo province in a temporary store, makes two backups so the backup list is not
empty, opens the real first-run dialog and main window, and grabs each screen the guide shows.
Pictures are scaled to GUIDE_WIDTH pixels so they fit the guide window without scrolling
sideways. Run it again whenever a screen changes; the guide's text names the same files.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common.icon import app_icon
from desktop.views.common.settings import AppSettings
from desktop.views.settings.page import SettingsPage
from desktop.views.shell.first_run import FirstRunDialog
from desktop.views.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
GUIDE_WIDTH = 860
PAGE_SIZE = (1120, 660)  # what is left of a 1366 x 768 screen beside the navigation
CROP_WIDTH = 1150
PAGES = {  # page key -> picture name used in resources/guide/*.md
    "initiatives": "sang-kien.png",
    "dashboard": "tien-do.png",
    "sync": "dong-bo.png",
    "reports": "bao-cao.png",
}
# Pages shown as a district office sees them (the chapter on entering initiatives is about the
# district's work; at the province the list is read-only).
AT_DISTRICT = {"initiatives"}


def settle(app: QApplication) -> None:
    for _ in range(8):
        app.processEvents()


def save(widget: QWidget, path: Path, width: int = GUIDE_WIDTH, crop: int = 0) -> None:
    pixmap: QPixmap = widget.grab()
    if crop and pixmap.width() > crop:
        pixmap = pixmap.copy(0, 0, crop, pixmap.height())
    if pixmap.width() > width:
        pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    pixmap.save(str(path), "PNG")
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "resources" / "guide" / "anh")
    parser.add_argument("--campaign", default="01TRIEU-2022")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    app.setWindowIcon(app_icon())
    tmp = Path(tempfile.mkdtemp(prefix="sangkien-guide-"))
    store = open_store(str(tmp / "sangkien.db"))
    build_demo(store.session_factory)
    services = Services.over(store)
    district_store = open_store(str(tmp / "huyen.db"))
    build_demo(district_store.session_factory, as_unit="LC-TD")
    district = Services.over(district_store)
    services.backup.daily()
    services.backup.before_import()

    first_run = FirstRunDialog()
    first_run.resize(820, 560)
    first_run.show()
    settle(app)
    save(first_run, args.out / "thiet-lap-lan-dau.png", width=720)
    first_run.close()

    settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    campaign = services.campaigns.by_code(args.campaign)
    if campaign is not None:
        settings.set("initiatives/campaign_id", campaign.id)
    window = MainWindow(services, settings)
    window.show()
    settle(app)
    # Each page on its own, at the size an office screen (1366 x 768) gives it: the main window
    # is as wide as its widest page, and a whole-window picture shrunk to the guide's width
    # would be unreadable. A page wider than that is cut at CROP_WIDTH (its left part).
    for key, name in PAGES.items():
        office = district if key in AT_DISTRICT else services
        page = type(window.pages[key])(office)
        page.resize(max(PAGE_SIZE[0], page.minimumSizeHint().width()), PAGE_SIZE[1])
        page.show()
        combo = getattr(page, "campaign", None)
        shown = office.campaigns.by_code(args.campaign)
        if combo is not None and shown is not None:
            index = combo.findData(shown.id)
            if index >= 0:
                combo.setCurrentIndex(index)
        settle(app)
        save(page, args.out / name, crop=CROP_WIDTH)
        page.close()
    window.close()
    # The settings page on its own, at a size an office screen gives it (the main window is as
    # wide as its widest page), so the backup list reads without scaling.
    page = SettingsPage(services)
    page.resize(900, 720)
    page.show()
    settle(app)
    save(page.backups, args.out / "sao-luu.png")
    page.close()
    store.close()
    district_store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
