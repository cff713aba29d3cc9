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

import hashlib
import os
import subprocess
import sys
import venv
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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"start", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "start":
        py = ensure_venv("")
        return subprocess.call([str(py), "-m", "desktop", *rest], cwd=ROOT)
    py = ensure_venv("test")
    if code := run_checks(py):
        return code
    print("[dev] pytest", flush=True)
    return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
