"""The packaging files agree with the program (fast checks; the real build is in
test_installer_build.py). The Windows script cannot be compiled here, so what can be checked
without Inno Setup is checked: per-user install, the bundle extension the program writes, the
command line the association passes, every custom message defined, the data never deleted."""

from __future__ import annotations

import importlib.util
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from desktop.cli import build_parser
from desktop.services.sync.files import EXTENSION

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def _load(name: str):
    """installer/<name>.py under a name no installed package uses ("build" is one on PyPI)."""
    spec = importlib.util.spec_from_file_location(f"sk_installer_{name}", INSTALLER / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load("build")
make_icons = _load("make_icons")


def iss() -> str:
    raw = (INSTALLER / "sangkien.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads UTF-8 only with a BOM"
    return raw.decode("utf-8-sig")


def section(text: str, name: str) -> list[str]:
    match = re.search(rf"^\[{re.escape(name)}\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    assert match, name
    return [ln for ln in match.group(1).splitlines() if ln.strip() and not ln.startswith(";")]


def test_every_qt_module_the_program_imports_is_kept_in_the_frozen_build():
    spec = (INSTALLER / "sangkien.spec").read_text(encoding="utf-8")
    keep = set(re.findall(r'^\s+"(Qt\w+)",$', spec.split("QT_KEEP = {")[1].split("}")[0], re.M))
    used = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
        used |= {
            name
            for names in re.findall(r"from PySide6 import ([\w, ]+)", path.read_text("utf-8"))
            for name in re.findall(r"Qt\w+", names)
        }
    assert used and used <= keep, f"left out of the build but imported: {used - keep}"


def test_windows_installer_is_per_user_and_never_touches_the_data():
    text = iss()
    setup = "\n".join(section(text, "Setup"))
    assert re.search(r"^PrivilegesRequired=lowest$", setup, re.M)
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # no way to turn it into admin
    assert re.search(r"^DefaultDirName=\{#InstallDir\}$", setup, re.M)
    assert re.search(r'^  #define InstallDir "\{autopf\}\\SoSangKien"$', text, re.M)
    assert re.search(r"^AppId=\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}$", setup, re.M)
    assert "ChangesAssociations=yes" in setup
    for line in section(text, "Registry"):
        assert line.startswith("Root: HKA;"), line  # HKCU in non administrative mode
    # Nothing deletes the user's data folder (%LOCALAPPDATA%\SoSangKien) or settings.
    assert "[UninstallDelete]" not in text
    for line in section(text, "InstallDelete"):
        assert "{app}" in line and "localappdata" not in line.lower()
    icons = section(text, "Icons")
    assert any(ln.startswith('Name: "{autoprograms}') for ln in icons)
    assert any(ln.startswith('Name: "{autodesktop}') and "Tasks: desktopicon" in ln for ln in icons)


def test_windows_bundle_association_uses_the_programs_extension_and_command_line():
    text = iss()
    assert re.search(rf'#define BundleExt "{re.escape(EXTENSION)}"', text)
    command = next(ln for ln in section(text, "Registry") if "shell\\open\\command" in ln)
    assert 'ValueData: """{app}\\{#AppExe}"" --open ""%1"""' in command
    args = build_parser().parse_args(["--open", r"C:\Users\a\Downloads\goi du lieu.ssk"])
    assert args.open == r"C:\Users\a\Downloads\goi du lieu.ssk" and args.command is None
    assert build_parser().parse_args(["--open"]).open is None  # the Linux menu entry, no file


def test_every_custom_message_the_script_uses_is_defined_in_vietnamese():
    text = iss()
    defined = {ln.split("=", 1)[0] for ln in section(text, "CustomMessages")}
    used = set(re.findall(r"\{cm:(\w+)", text)) | set(re.findall(r"CustomMessage\('(\w+)'\)", text))
    assert used and used <= defined, used - defined
    messages = dict(ln.split("=", 1) for ln in section(text, "Messages"))
    for key in ("ButtonNext", "ButtonInstall", "ButtonCancel", "WelcomeLabel1", "FinishedLabel"):
        assert key in messages and re.search(r"[ăâđêôơưạ-ỹ]", messages[key].lower()), key
    assert "LanguageID=$042A" in text


def test_linux_menu_entry_and_bundle_type(tmp_path):
    entry = build.desktop_entry()
    assert "Exec=SoSangKien --open %f" in entry and "Icon=sangkien" in entry
    assert f'glob pattern="*{EXTENSION}"' in build.mime_xml()
    validate = shutil.which("desktop-file-validate")
    if validate:
        (tmp_path / "sangkien.desktop").write_text(entry, encoding="utf-8")
        out = subprocess.run([validate, str(tmp_path / "sangkien.desktop")], capture_output=True)
        assert out.returncode == 0, out.stdout + out.stderr


def test_the_icon_drawn_by_code_becomes_a_multi_size_ico(qapp):
    data = make_icons.ico_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 7)
    sizes = []
    for i in range(count):
        w, _h, _c, _r, _p, _b, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(w or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


@pytest.mark.parametrize("script", ["build_linux.sh", "linux/install.sh"])
def test_shell_scripts_are_executable_and_parse(script):
    path = INSTALLER / script
    assert path.stat().st_mode & 0o111
    assert subprocess.run(["sh", "-n", str(path)]).returncode == 0


def test_the_build_signs_only_when_a_certificate_is_given(tmp_path):
    """No certificate: nothing about signing reaches ISCC (the setup is unsigned). With one:
    the programs and, through ISCC's sign tool, the setup and its uninstaller are signed."""
    dist, work = tmp_path / "dist", tmp_path / "work"
    assert build.sign_command({}) is None
    plain = build.iscc_arguments(dist, work, "1.2.3", None)
    assert not any(a.startswith(("/S", "/DSignTool")) for a in plain)
    sign = build.sign_command(
        {
            "SANGKIEN_SIGN_CERT": r"C:\khoa\van-phong.pfx",
            "SANGKIEN_SIGN_PASSWORD": "mat khau",
            "SANGKIEN_SIGNTOOL": r"C:\Windows Kits\signtool.exe",
        }
    )
    assert sign is not None
    assert sign[:6] == [
        r"C:\Windows Kits\signtool.exe",
        "sign",
        "/fd",
        "SHA256",
        "/f",
        r"C:\khoa\van-phong.pfx",
    ]
    assert "/tr" in sign and "/p" in sign
    signed = build.iscc_arguments(dist, work, "1.2.3", sign)
    assert "/DSignTool=sangkien" in signed
    tool = next(a for a in signed if a.startswith("/Ssangkien="))
    assert tool.endswith(" $f") and '"C:\\Windows Kits\\signtool.exe" sign' in tool
    assert '"mat khau"' in tool
    text = iss()
    assert "#ifdef SignTool\n" in text and "SignTool={#SignTool}\nSignedUninstaller=yes" in text
