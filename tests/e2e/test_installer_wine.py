"""The Windows setup compiled by Inno Setup's own compiler and run as an office PC would run it,
under Wine: installed silently for the current user, the bundle association in place, then
uninstalled with the data kept; refused on an older and on a 32-bit Windows.

Needs Wine (``apt-get install wine wine64 wine32``), Xvfb, and ISCC.exe of Inno Setup 6.4:
``npm install innosetup`` in any folder outside the repository and set SANGKIEN_ISCC to its
``node_modules/innosetup/bin/ISCC.exe``. Skipped, saying which is missing, when one is absent.

The program itself is not built here (PyInstaller takes minutes): the setup packs a small
stand-in folder of the same shape (SoSangKien.exe, _internal/) and the real icon. Wine 8 cannot
expand {autopf} for a per-user install (FOLDERID_UserProgramFiles), so the script's InstallDir
define names the same folder as {localappdata}\\Programs\\SoSangKien.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ISCC = os.environ.get("SANGKIEN_ISCC", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("wine"), reason="Wine is not installed"),
    pytest.mark.skipif(not shutil.which("Xvfb"), reason="Xvfb is not installed"),
    pytest.mark.skipif(
        not (ISCC and Path(ISCC).is_file()),
        reason="ISCC.exe not found: `npm install innosetup` outside the repo, then set "
        "SANGKIEN_ISCC=…/node_modules/innosetup/bin/ISCC.exe",
    ),
]


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "sk_installer_build", ROOT / "installer" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def winpath(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")


class Wine:
    def __init__(self, prefix: Path, display: str, arch: str) -> None:
        self.prefix = prefix
        self.env = {
            **os.environ,
            "WINEPREFIX": str(prefix),
            "WINEARCH": arch,
            "WINEDEBUG": "-all",
            "DISPLAY": display,
        }
        self.run("wineboot", "-i")
        self.wait()

    def run(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["wine", *args] if args[0] != "wineboot" else list(args),
            env=self.env,
            capture_output=True,
            timeout=timeout,
        )

    def wait(self) -> None:
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=300)

    def windows(self, version: str) -> None:
        self.run("winecfg", "/v", version)
        self.wait()

    def home(self) -> Path:
        users = self.prefix / "drive_c" / "users"
        return next(p for p in users.iterdir() if p.name not in ("Public", "public"))

    def reg(self, key: str) -> str:
        out = self.run("reg", "query", key)
        return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else ""


@pytest.fixture(scope="module")
def display():
    xvfb = subprocess.Popen(["Xvfb", ":93", "-screen", "0", "1366x768x24"])
    time.sleep(1)
    yield ":93"
    xvfb.terminate()
    xvfb.wait(10)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory, display):
    """ISCC on installer/sangkien.iss with the build's own arguments, over a stand-in folder."""
    build = _build_module()
    base = tmp_path_factory.mktemp("iss")
    dist, work = base / "dist", base / "work"
    app = dist / "SoSangKien"
    (app / "_internal").mkdir(parents=True)
    (app / "SoSangKien.exe").write_bytes(b"MZ stand-in for the frozen program")
    (app / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    (work / "icons").mkdir(parents=True)
    subprocess.run(
        [sys.executable, str(ROOT / "installer" / "make_icons.py"), str(work / "icons")],
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    wine = Wine(base / "prefix64", display, "win64")
    args = build.iscc_arguments(dist, work, "9.8.7", None, path=winpath)
    args.insert(0, "/DInstallDir={localappdata}\\Programs\\SoSangKien")
    out = wine.run(ISCC, *args)
    log = out.stdout.decode("utf-8", "replace") + out.stderr.decode("utf-8", "replace")
    setup = dist / "SoSangKien-9.8.7-setup.exe"
    return wine, setup, log, out.returncode, base


def test_iscc_compiles_the_script_without_a_warning(compiled):
    _wine, setup, log, code, _base = compiled
    assert code == 0, log
    assert "Successful compile" in log and setup.is_file()
    assert "Warning" not in log, log  # an unknown message name is a warning, among others


def test_silent_install_then_uninstall_keeps_the_data(compiled):
    wine, setup, log, code, base = compiled
    assert code == 0, log
    wine.windows("win10")
    out = wine.run(
        winpath(setup), "/VERYSILENT", "/SUPPRESSMSGBOXES", f"/LOG={winpath(base / 'i.log')}"
    )
    wine.wait()
    assert out.returncode == 0, (base / "i.log").read_text("utf-8-sig", "replace")
    home = wine.home()
    folder = home / "AppData" / "Local" / "Programs" / "SoSangKien"
    assert (folder / "SoSangKien.exe").is_file() and (folder / "_internal").is_dir()
    assert (folder / "unins000.exe").is_file()
    start_menu = home / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert (start_menu / "Sổ Sáng Kiến.lnk").is_file()
    command = wine.reg(r"HKCU\Software\Classes\SoSangKien.Bundle\shell\open\command")
    assert '\\SoSangKien.exe" --open "%1"' in command
    assert "SoSangKien.Bundle" in wine.reg(r"HKCU\Software\Classes\.ssk")

    data = home / "AppData" / "Local" / "SoSangKien"  # made by the program, never by the setup
    data.mkdir(parents=True, exist_ok=True)
    (data / "sosangkien.db").write_bytes(b"the office's data")
    out = wine.run(winpath(folder / "unins000.exe"), "/VERYSILENT", "/SUPPRESSMSGBOXES")
    wine.wait()
    assert out.returncode == 0
    assert not (folder / "SoSangKien.exe").exists()
    assert wine.reg(r"HKCU\Software\Classes\SoSangKien.Bundle") == ""
    assert (data / "sosangkien.db").read_bytes() == b"the office's data"


def _refused(wine: Wine, setup: Path, log: Path) -> str:
    out = wine.run(winpath(setup), "/VERYSILENT", "/SUPPRESSMSGBOXES", f"/LOG={winpath(log)}")
    wine.wait()
    assert out.returncode != 0
    text = log.read_text("utf-8-sig", "replace")
    assert "Installation process succeeded" not in text
    return text


def test_an_older_windows_is_refused_in_vietnamese(compiled):
    wine, setup, _log, code, base = compiled
    assert code == 0
    wine.windows("win81")
    try:
        text = _refused(wine, setup, base / "old.log")
    finally:
        wine.windows("win10")
    assert "Windows version: 6.3" in text
    assert "Cần Windows 10 64-bit phiên bản 1809 trở lên" in text


def test_a_32_bit_windows_is_refused_in_vietnamese(compiled, display):
    _wine, setup, _log, code, base = compiled
    assert code == 0
    wine32 = Wine(base / "prefix32", display, "win32")
    wine32.windows("win10")
    text = _refused(wine32, setup, base / "x86.log")
    assert "Windows architecture: x86 (32-bit)" in text
    assert "Sổ Sáng Kiến" in text and "64-bit" in text
