#!/usr/bin/env python3
"""Set up and run Sổ Sáng Kiến from a source checkout, with nothing but Python 3.11+.

    python3 dev.py start [ARGS...]   create .venv if needed, install, open the program
    python3 dev.py test  [PYTEST ARGS...]   create .venv if needed, install test tools,
                                           run the checks, then the tests

The checks run first, in this order, and the first that fails stops the command with one line
saying which (its own output above it says where): ruff check, ruff format --check, lint-imports
(the layer contracts in pyproject.toml) and mypy (its settings in pyproject.toml). Then pytest
runs with the given arguments. .pre-commit-config.yaml runs the same checks before a commit.

The virtual environment is rebuilt only when pyproject.toml changes (its hash is kept in
.venv/.installed), so the second call starts at once. Works the same on Windows and Linux.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import subprocess
import sys
import venv
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def venv_script(name: str) -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / f"{name}.exe"
    return VENV / "bin" / name


# (what is said, the command): each must exit 0 before the tests run. The file lists and the
# settings are in pyproject.toml, so a person runs the same command by hand.
SOURCES = ["desktop", "tests", "bench", "installer", "tools", "dev.py"]


def checks(py: Path) -> list[tuple[str, list[str]]]:
    return [
        ("ruff check", [str(py), "-m", "ruff", "check", *SOURCES]),
        ("ruff format --check", [str(py), "-m", "ruff", "format", "--check", *SOURCES]),
        ("lint-imports", [str(venv_script("lint-imports"))]),
        ("mypy", [str(py), "-m", "mypy"]),
    ]


def run_checks(py: Path) -> int:
    for name, command in checks(py):
        print(f"[dev] {name}", flush=True)
        code = subprocess.call(command, cwd=ROOT)
        if code != 0:
            print(
                f"[dev] DỪNG: «{name}» không đạt (mã {code}); sửa các lỗi in ở trên rồi chạy "
                "lại. Chưa chạy các bài kiểm thử.",
                file=sys.stderr,
                flush=True,
            )
            return code
    return 0


def ensure_venv(extras: str) -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        found = sys.version.split()[0]
        sys.exit(f"Sổ Sáng Kiến cần Python 3.11 trở lên (đang chạy {found}).")
    py = venv_python()
    if not py.exists():
        print(f"[dev] tạo môi trường ảo {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / ".installed"
    done = stamp.read_text().split() if stamp.exists() else []
    if digest not in done:
        print(f"[dev] cài đặt các gói ({extras or 'ứng dụng'})", flush=True)
        target = f".[{extras}]" if extras else "."
        subprocess.check_call(
            [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target],
            cwd=ROOT,
        )
        stamp.write_text("\n".join([*done, digest]))
    return py


# The shared libraries Qt's X11 (xcb) platform plugin and QtGui load, as ctypes names them, and
# the Debian/Ubuntu package of each (Debian 11-13, Ubuntu 20.04-24.04). A fresh desktop lacks
# several of the xcb ones, and Qt then names only libxcb-cursor0, in English.
LINUX_LIBRARIES = {
    "xcb": "libxcb1",
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-image": "libxcb-image0",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-randr": "libxcb-randr0",
    "xcb-render": "libxcb-render0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-shm": "libxcb-shm0",
    "xcb-sync": "libxcb-sync1",
    "xcb-util": "libxcb-util1",
    "xcb-xfixes": "libxcb-xfixes0",
    "xcb-xkb": "libxcb-xkb1",
    "X11": "libx11-6",
    "X11-xcb": "libx11-xcb1",
    "xkbcommon": "libxkbcommon0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "GL": "libgl1",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
    "freetype": "libfreetype6",
    "glib-2.0": "libglib2.0-0",
    "dbus-1": "libdbus-1-3",
}


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will start on X11 here: Linux, and neither another platform asked for
    (QT_QPA_PLATFORM) nor a Wayland session, where Qt uses its own Wayland plugin."""
    if not platform.startswith("linux"):
        return False
    asked = env.get("QT_QPA_PLATFORM", "")
    if asked:
        return asked.split(";")[0].split(":")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")


def missing_linux_packages(
    find: Callable[[str], str | None] | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> list[str]:
    """The Debian/Ubuntu packages to install before Qt can open a window ([] = none)."""
    if not uses_xcb(os.environ if env is None else env, platform or sys.platform):
        return []
    find = find or ctypes.util.find_library
    return sorted({package for name, package in LINUX_LIBRARIES.items() if not find(name)})


def linux_libraries_message(packages: list[str]) -> str:
    return (
        "Máy còn thiếu một số thư viện hệ thống mà giao diện (Qt, trên X11) cần, nên chương "
        "trình chưa mở được cửa sổ.\nTrên Debian/Ubuntu, hãy cài bằng lệnh sau (cần quyền "
        "quản trị), rồi chạy lại:\n\n"
        f"    sudo apt-get install {' '.join(packages)}\n"
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"start", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "start":
        if packages := missing_linux_packages():
            print(linux_libraries_message(packages), file=sys.stderr)
            return 3
        py = ensure_venv("")
        return subprocess.call([str(py), "-m", "desktop", *rest], cwd=ROOT)
    py = ensure_venv("test")
    if code := run_checks(py):
        return code
    print("[dev] pytest", flush=True)
    return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
