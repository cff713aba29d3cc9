"""Pictures of every page and every dialog of the real program, at an office screen's size.

    .venv/bin/python tools/screenshots.py OUT_DIR [--size 1366x700]

The size is what a maximised window gets on a 1366 x 768 screen with the Windows taskbar. The
main window of a province and of a district office is drawn at that size once per page
(``cua-so-tinh-<page>.png``, as the officer sees it); then each dialog of tools/screens.py is
drawn alone at the size it opens at. A screen that needs or opens at more than the size is
reported, and the exit status is 1: the rule tests/views/test_screen_fit.py checks.

Runs on the display it is given: Xvfb with a screen of 1366 x 768 less the taskbar, which
Xvfb has not (``xvfb-run -s "-screen 0 1366x728x24" .venv/bin/python tools/screenshots.py
OUT``), or QT_QPA_PLATFORM=offscreen, which then gets the same screen as the tests
(tests/support/office_screen.json).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import os

# Offscreen, Qt's screen is 800 x 800: use the office laptop's (what the tests use too).
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    _screen = Path(__file__).resolve().parents[1] / "tests" / "support" / "office_screen.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from tools.screens import CLIENT_AREA, PAGE_KEYS, SCREENS, WINDOWS, Stage


def settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def parse_size(text: str) -> QSize:
    width, _, height = text.lower().partition("x")
    return QSize(int(width), int(height))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=parse_size, default=QSize(*CLIENT_AREA))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    stage = Stage.build()
    too_big: list[str] = []

    for screen in SCREENS[:WINDOWS]:
        window = screen.open(stage)
        window.resize(args.size)
        window.show()
        settle(app)
        for key in PAGE_KEYS:
            window.show_page(key)  # type: ignore[attr-defined]
            settle(app)
            _save(window, args.out / f"{screen.name}-{key}.png")
        window.close()

    for screen in SCREENS[WINDOWS:]:
        allowed = args.size
        widget = screen.open(stage)
        widget.show()
        settle(app)
        needed = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        if needed.width() > allowed.width() or needed.height() > allowed.height():
            too_big.append(
                f"{screen.name}: cần {needed.width()}×{needed.height()}, "
                f"màn hình chỉ có {allowed.width()}×{allowed.height()}"
            )
        # At the size it opens at, as the officer first sees it.
        if widget.width() > allowed.width() or widget.height() > allowed.height():
            too_big.append(
                f"{screen.name}: mở ra ở cỡ {widget.width()}×{widget.height()}, "
                f"màn hình chỉ có {allowed.width()}×{allowed.height()}"
            )
        settle(app)
        _save(widget, args.out / f"{screen.name}.png")
        widget.close()
    stage.close()
    for line in too_big:
        print("QUÁ CỠ  " + line, file=sys.stderr)
    return 1 if too_big else 0


def _save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


if __name__ == "__main__":
    raise SystemExit(main())
