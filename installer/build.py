#!/usr/bin/env python3
"""Build the one-folder program (and the installer) from a clean clone, with only Python 3.11+.

    python3 installer/build.py            Linux:   dist/SoSangKien/ and
                                                   dist/SoSangKien-<version>-linux-x86_64.tar.gz
    py installer\\build.py                 Windows: dist\\SoSangKien\\ and, when Inno Setup 6 is
                                                   installed, dist\\SoSangKien-<version>-setup.exe

Options: --dist DIR / --work DIR (default dist/ and build/ beside this checkout),
--no-archive (skip the tarball / installer), --no-check (skip running the frozen program).

Steps: create .venv with the test extras (PyInstaller is one) as ``dev.py`` does, draw the
icons, run PyInstaller on installer/sangkien.spec, add the .desktop file (Linux) or run the
Inno Setup compiler (Windows), then start the frozen program with --version and --smoke-test
on a throw-away store: a build that cannot start is not handed out.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
APP = "SoSangKien"


def bundle_extension() -> str:
    """The extension of the files offices send each other (chosen by the bundles service)."""
    from desktop.services.sync.files import EXTENSION

    return EXTENSION


MIME_TYPE = "application/x-sosangkien-bundle"


def project_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def _in_venv() -> bool:
    return Path(sys.prefix).resolve() == (ROOT / ".venv").resolve()


def _reexec_in_venv(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    import dev  # the same venv and install rules as `python3 dev.py test`

    py = dev.ensure_venv("test")
    return subprocess.call([str(py), str(Path(__file__).resolve()), *argv], cwd=ROOT)


def frozen_program(dist: Path, console: bool = True) -> Path:
    name = "sangkien" if console else APP
    return dist / APP / (f"{name}.exe" if os.name == "nt" else name)


def run_pyinstaller(dist: Path, work: Path) -> Path:
    from make_icons import write_icons  # installer/ is on sys.path (this script's folder)

    icons = work / "icons"
    write_icons(icons)
    env = {**os.environ, "SANGKIEN_ICON_DIR": str(icons)}
    subprocess.check_call(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(INSTALLER / "sangkien.spec"),
        ],
        cwd=ROOT,
        env=env,
    )
    return dist / APP


def desktop_entry() -> str:
    # %f: the bundle file the person double-clicked; Exec is rewritten by install.sh.
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Sổ Sáng Kiến\n"
        "GenericName=Quản lý phong trào sáng kiến\n"
        "Comment=Nhập sáng kiến, theo dõi chỉ tiêu, gửi và nhận gói dữ liệu giữa các cấp\n"
        "Exec=SoSangKien --open %f\n"
        "Icon=sangkien\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        f"MimeType={MIME_TYPE};\n"
        "StartupWMClass=SoSangKien\n"
    )


def mime_xml() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">\n'
        f'  <mime-type type="{MIME_TYPE}">\n'
        "    <comment>Gói dữ liệu Sổ Sáng Kiến</comment>\n"
        f'    <glob pattern="*{bundle_extension()}"/>\n'
        "  </mime-type>\n"
        "</mime-info>\n"
    )


def add_linux_files(folder: Path, icons: Path) -> None:
    cli = folder / "sangkien"
    if not cli.exists():
        cli.symlink_to(APP)  # the same program; the name the README's commands use
    shutil.copy2(icons / "sangkien.png", folder / "sangkien.png")
    (folder / "sangkien.desktop").write_text(desktop_entry(), encoding="utf-8")
    (folder / "sangkien-mime.xml").write_text(mime_xml(), encoding="utf-8")
    install = folder / "install.sh"
    shutil.copy2(INSTALLER / "linux" / "install.sh", install)
    install.chmod(0o755)


def make_tarball(folder: Path, version: str) -> Path:
    machine = platform.machine().lower() or "unknown"
    out = folder.parent / f"{APP}-{version}-linux-{machine}.tar.gz"

    def keep_modes(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=APP, filter=keep_modes)
    return out


def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for base in (
        os.environ.get("PROGRAMFILES(X86)"),  # Windows environment names ignore case
        os.environ.get("PROGRAMFILES"),
        os.path.join(os.environ.get("LOCALAPPDATA", ""), "Programs"),
    ):
        if base:
            candidate = Path(base) / "Inno Setup 6" / "ISCC.exe"
            if candidate.exists():
                return candidate
    return None


SIGN_HELP = (
    "SANGKIEN_SIGN_CERT: the code-signing certificate (.pfx); SANGKIEN_SIGN_PASSWORD: its "
    "password (optional); SANGKIEN_SIGNTOOL: signtool.exe (default: the one on PATH); "
    "SANGKIEN_SIGN_TIMESTAMP: the RFC 3161 time-stamp server (default DigiCert's)."
)


def sign_command(env: dict[str, str] | None = None) -> list[str] | None:
    """The signtool command that signs one file (its name appended), when a certificate is
    given in SANGKIEN_SIGN_CERT; None when it is not (the build is then unsigned)."""
    env = dict(os.environ if env is None else env)
    cert = env.get("SANGKIEN_SIGN_CERT", "").strip()
    if not cert:
        return None
    tool = env.get("SANGKIEN_SIGNTOOL") or shutil.which("signtool") or "signtool.exe"
    command = [tool, "sign", "/fd", "SHA256", "/f", cert]
    if env.get("SANGKIEN_SIGN_PASSWORD"):
        command += ["/p", env["SANGKIEN_SIGN_PASSWORD"]]
    stamp = env.get("SANGKIEN_SIGN_TIMESTAMP") or "http://timestamp.digicert.com"
    return [*command, "/tr", stamp, "/td", "SHA256"]


def iscc_arguments(
    dist: Path,
    work: Path,
    version: str,
    sign: list[str] | None,
    path: Callable[[Path], str] = str,
) -> list[str]:
    """ISCC's arguments: the defines of sangkien.iss and, with ``sign``, the sign tool
    (``sangkien``, with $f for the file Inno Setup signs: the setup and its uninstaller).
    ``path`` writes a path as ISCC reads it (under Wine: Z:\\...)."""
    args = [
        f"/DAppVersion={version}",
        f"/DBundleExt={bundle_extension()}",
        f"/DSourceDir={path(dist / APP)}",
        f"/DIconFile={path(work / 'icons' / 'sangkien.ico')}",
        f"/DOutputDir={path(dist)}",
    ]
    if sign is not None:
        args += ["/DSignTool=sangkien", f"/Ssangkien={subprocess.list2cmdline(sign)} $f"]
    return [*args, path(INSTALLER / "sangkien.iss")]


def make_windows_installer(dist: Path, work: Path, version: str) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        print(
            "[build] Inno Setup 6 (ISCC.exe) không có trên máy: bỏ qua bước tạo bộ cài. "
            "Cài từ https://jrsoftware.org/isdl.php rồi chạy lại.",
            flush=True,
        )
        return None
    sign = sign_command()
    if sign is None:
        print(
            "[build] Không có chứng thư số (SANGKIEN_SIGN_CERT): bộ cài không được ký; "
            "SmartScreen sẽ cảnh báo (xem installer/README.md). " + SIGN_HELP,
            flush=True,
        )
    else:  # the programs first: they are what antivirus programs look at when they start
        for exe in sorted((dist / APP).glob("*.exe")):
            subprocess.check_call([*sign, str(exe)])
    subprocess.check_call([str(iscc), *iscc_arguments(dist, work, version, sign)])
    return dist / f"{APP}-{version}-setup.exe"


def check_frozen(dist: Path, version: str) -> None:
    """Start the frozen program as a user would, on a throw-away store: --version, --smoke-test."""
    exe = frozen_program(dist)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("SANGKIEN_DB", None)
    out = subprocess.run(
        [str(exe), "--version"], capture_output=True, text=True, encoding="utf-8", env=env
    )
    print(out.stdout, end="")
    if out.returncode != 0 or f"Sổ Sáng Kiến: {version}" not in out.stdout:
        raise SystemExit(f"[build] --version hỏng (mã {out.returncode}): {out.stderr}")
    with tempfile.TemporaryDirectory() as tmp:
        smoke = subprocess.run(
            [str(exe), "--smoke-test", "--db", str(Path(tmp) / "smoke.db")],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=300,
        )
    print(smoke.stdout, end="")
    if smoke.returncode != 0:
        raise SystemExit(f"[build] --smoke-test hỏng (mã {smoke.returncode}): {smoke.stderr}")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--no-archive", action="store_true")
    parser.add_argument("--no-check", action="store_true")
    args = parser.parse_args(argv)
    if not _in_venv():
        return _reexec_in_venv(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    version = project_version()
    print(f"[build] Sổ Sáng Kiến {version} → {dist / APP}", flush=True)
    folder = run_pyinstaller(dist, work)
    archive: Path | None = None
    if sys.platform.startswith("linux"):
        add_linux_files(folder, work / "icons")
    if not args.no_check:
        check_frozen(dist, version)
    if not args.no_archive:
        if sys.platform.startswith("linux"):
            archive = make_tarball(folder, version)
        elif os.name == "nt":
            archive = make_windows_installer(dist, work, version)
    print(f"[build] thư mục chương trình: {folder} ({folder_size(folder) / 2**20:.1f} MB)")
    if archive is not None and archive.exists():
        print(f"[build] gói phát hành: {archive} ({archive.stat().st_size / 2**20:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(INSTALLER))
    sys.exit(main(sys.argv[1:]))
