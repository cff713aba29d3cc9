"""`python3 dev.py start` on a fresh Debian/Ubuntu desktop: the missing X11 libraries are named,
in Vietnamese, with the one apt-get line that installs them, before Qt says anything in English."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dev():
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fresh_desktop(missing: set[str]):
    """A library finder for a PC where ``missing`` (ctypes names) are not installed."""
    return lambda name: None if name in missing else f"lib{name}.so"


X11 = {"DISPLAY": ":0"}


def test_start_stops_with_the_apt_get_line_for_every_missing_library(dev, monkeypatch, capsys):
    finder = fresh_desktop({"xcb-icccm", "xcb-keysyms", "xcb-cursor", "xcb-render-util"})
    monkeypatch.setattr(dev.ctypes.util, "find_library", finder)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(dev, "ensure_venv", lambda extras: pytest.fail("must stop before"))

    code = dev.main(["start"])

    err = capsys.readouterr().err
    assert code != 0
    assert (
        "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-render-util0\n"
        in err
    )
    assert "Máy còn thiếu" in err and "thư viện" in err


def test_nothing_is_said_when_the_libraries_are_there_or_qt_does_not_use_x11(dev):
    everything = fresh_desktop(set())
    nothing = fresh_desktop(set(dev.LINUX_LIBRARIES))
    assert dev.missing_linux_packages(everything, X11, "linux") == []
    assert dev.missing_linux_packages(nothing, X11, "win32") == []
    assert dev.missing_linux_packages(nothing, {"WAYLAND_DISPLAY": "wayland-0"}, "linux") == []
    assert dev.missing_linux_packages(nothing, {"QT_QPA_PLATFORM": "offscreen"}, "linux") == []
    # Asked for X11 in a Wayland session: checked.
    asked = {"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}
    assert "libxcb-cursor0" in dev.missing_linux_packages(nothing, asked, "linux")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux")
def test_this_machine_has_what_the_real_qt_plugin_needs(dev):
    """The table names every library Qt's xcb plugin really links (read from the wheel)."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so"
    if not plugin.exists():
        pytest.skip(reason="the xcb platform plugin is unavailable in this PySide6 (not Linux)")
    data = plugin.read_bytes()
    for name in dev.LINUX_LIBRARIES:
        if name in {"EGL", "fontconfig", "freetype", "glib-2.0", "dbus-1"}:
            continue  # QtGui's or D-Bus's, not the plugin's own
        assert f"lib{name}.so".encode() in data, name
