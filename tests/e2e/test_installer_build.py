"""The Linux one-folder build, made as the README says and started as a person would start it.

Builds with installer/build.py into a temporary folder (about a minute on two cores), then runs
the FROZEN program, not the source tree: --version, --smoke-test (temporary store, PDF, .xlsx),
and an old-schema database upgraded by the frozen migrations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from desktop.services.store.backup import list_backups
from desktop.services.store.opening import head_revision
from support.old_store import OLD_REVISION, build_old_store

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build"),
]


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller", reason="PyInstaller is in the test extras")
    base = tmp_path_factory.mktemp("build")
    dist, work = base / "dist", base / "work"
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--dist",
            str(dist),
            "--work",
            str(work),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=600,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return dist


def frozen(dist: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    # A clean environment: no SANGKIEN_DB, a fresh HOME, nothing from the source tree.
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [str(dist / "SoSangKien" / "sangkien"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=home,
        env=env,
        timeout=180,
    )


def test_frozen_version_names_this_release_and_its_parts(build, tmp_path):
    out = frozen(build, "--version", home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert f"Sổ Sáng Kiến: {VERSION}" in out.stdout
    for part in ("Python", "Qt", "SQLAlchemy", "ReportLab", "openpyxl", "SQLite"):
        line = next(x for x in out.stdout.splitlines() if x.startswith(f"{part}:"))
        assert line.split(":", 1)[1].strip() not in {"", "?"}, line


def test_frozen_smoke_test_opens_a_store_and_writes_a_pdf_and_an_xlsx(build, tmp_path):
    out = frozen(build, "--smoke-test", "--db", str(tmp_path / "s.db"), home=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"(schema {head_revision()})" in out.stdout
    assert "pdf:" in out.stdout and "xlsx: ok" in out.stdout
    assert "smoke test ok" in out.stdout
    # The user's data folder of a fresh HOME was not needed: the store named by --db was used.
    assert (tmp_path / "s.db").exists()


def test_frozen_program_upgrades_an_old_database_and_backs_it_up(build, tmp_path):
    db = build_old_store(tmp_path / "old.db")
    out = frozen(build, "info", "--json", "--db", str(db), home=tmp_path)
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["schema_revision"] == head_revision() and info["initiatives"] == 2
    (copy,) = [b for b in list_backups(tmp_path / "backups") if b.reason == "truoc-nang-cap"]
    assert copy.schema_revision == OLD_REVISION and copy.initiatives == 2


def test_the_tarball_holds_the_program_the_menu_entry_and_the_icon(build):
    (tarball,) = build.glob(f"SoSangKien-{VERSION}-linux-*.tar.gz")
    assert tarball.stat().st_size < 150 * 2**20
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
        members = {m.name: m for m in tar.getmembers()}
    for name in ("SoSangKien", "sangkien", "sangkien.desktop", "sangkien.png", "install.sh"):
        assert f"SoSangKien/{name}" in names, name
    assert members["SoSangKien/SoSangKien"].mode & 0o111
    assert members["SoSangKien/install.sh"].mode & 0o111
    # Qt modules the program does not use stayed out.
    assert not any("QtWebEngine" in n or "libQt6Quick" in n or "/qml/" in n for n in names)


def test_install_script_adds_the_menu_entry_and_bundle_type_for_this_user_only(build, tmp_path):
    folder = build / "SoSangKien"
    data = tmp_path / "share"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(data)}
    out = subprocess.run(
        [str(folder / "install.sh")], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    entry = (data / "applications" / "sosangkien.desktop").read_text(encoding="utf-8")
    assert f'Exec="{folder}/SoSangKien" --open %f' in entry
    assert "MimeType=application/x-sosangkien-bundle;" in entry
    assert "*.ssk" in (data / "mime" / "packages" / "sosangkien.xml").read_text(encoding="utf-8")
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "sangkien.png").exists()
    removed = subprocess.run(
        [str(folder / "install.sh"), "--remove"], capture_output=True, text=True, env=env
    )
    assert removed.returncode == 0
    assert not (data / "applications" / "sosangkien.desktop").exists()
    assert "vẫn được giữ nguyên" in removed.stdout
