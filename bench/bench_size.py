"""Size of what an office downloads: the one-folder program, the tarball, the Windows installer.

    .venv/bin/python bench/bench_size.py            measure dist/ (builds it first if missing)
    .venv/bin/python bench/bench_size.py --build    build afresh into a temporary folder

Baseline, measured in the same run: the installed size of the Qt for Python wheels in this
environment (PySide6 + shiboken6), i.e. what a build that kept every Qt module would carry
before Python, SQLAlchemy, ReportLab... The ratio shows what leaving out unused Qt modules
saves. The target is the issue's: the Windows installer well under 150 MB (the Linux tarball
is the closest figure measured here; Inno Setup's LZMA2 packs tighter than gzip).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 150.0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: int) -> float:
    return n / 2**20


def baseline_bytes() -> int:
    import PySide6
    import shiboken6

    return folder_bytes(Path(PySide6.__file__).parent) + folder_bytes(
        Path(shiboken6.__file__).parent
    )


def build_into(dist: Path, work: Path) -> None:
    subprocess.check_call(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            "--dist",
            str(dist),
            "--work",
            str(work),
            "--no-check",
        ],
        cwd=ROOT,
    )


def measure(dist: Path) -> None:
    folder = dist / "SoSangKien"
    size = folder_bytes(folder)
    base = baseline_bytes()
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"one-folder program: {mb(size):7.1f} MB in {files} files ({folder})")
    print(f"baseline (PySide6 + shiboken6 wheels installed): {mb(base):7.1f} MB")
    print(f"ratio one-folder / baseline: {size / base:.2f}")
    entries = [p for p in folder.glob("_internal/*") if not p.is_symlink()]
    sizes = [(folder_bytes(p) if p.is_dir() else p.stat().st_size, p) for p in entries]
    largest = sorted(sizes, reverse=True)[:5]
    for n, p in largest:
        print(f"  {mb(n):6.1f} MB  {p.relative_to(folder)}")
    for pattern, label in (("*-linux-*.tar.gz", "Linux tarball"), ("*-setup.exe", "installer")):
        for archive in sorted(dist.glob(pattern)):
            n = archive.stat().st_size
            print(
                f"{label}: {mb(n):7.1f} MB ({archive.name}); "
                f"ratio to the {TARGET_MB:.0f} MB target: {mb(n) / TARGET_MB:.2f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true", help="build afresh in a temporary folder")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    if args.build or not (args.dist / "SoSangKien").is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            build_into(Path(tmp) / "dist", Path(tmp) / "work")
            measure(Path(tmp) / "dist")
        return 0
    measure(args.dist)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
