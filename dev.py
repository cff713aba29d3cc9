#!/usr/bin/env python3
"""Set up and run Sổ Sáng Kiến from a source checkout, with nothing but Python 3.11+.

    python3 dev.py start [ARGS...]   create .venv if needed, install, open the program
    python3 dev.py test  [PYTEST ARGS...]   create .venv if needed, install test tools,
                                           run the tests

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
    return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
