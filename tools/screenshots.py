"""Screenshots of every page of the real main window on a demo store (for reviews and the guide).

    .venv/bin/python tools/screenshots.py OUT_DIR [--db DEMO.db]

Runs on the display it is given (Xvfb, or offscreen: QT_QPA_PLATFORM=offscreen also works).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop.services.demo.builder import build_demo
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.views.common.settings import AppSettings
from desktop.views.shell.main_window import PAGES, MainWindow


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--db")
    parser.add_argument("--campaign", default="01TRIEU-2022")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    tmp = Path(tempfile.mkdtemp())
    db = args.db or str(tmp / "demo.db")
    store = open_store(db)
    if not args.db:
        build_demo(store.session_factory)
    services = Services.over(store)
    settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    campaign = services.campaigns.by_code(args.campaign)
    settings.set("initiatives/campaign_id", campaign.id)
    window = MainWindow(services, settings)
    window.resize(1366, 768)
    window.show()
    for key, _label, _icon in PAGES:
        window.show_page(key)
        page = window.pages[key]
        combo = getattr(page, "campaign", None)
        if combo is not None:
            combo.setCurrentIndex(combo.findData(campaign.id))
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(args.out / f"{key}.png"))
        print(args.out / f"{key}.png")
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
