"""The office key's passphrase on the command line: from the caller's environment (an IT person
scripting 30 PCs) or typed at a prompt, never on the command line itself (it would stay in the
shell's history and in the process list)."""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from desktop.services.sync.keys import KeyLocked

if TYPE_CHECKING:
    from desktop.services.registry import Services

PASSPHRASE_ENV = "SANGKIEN_KEY_PASSPHRASE"
NEW_PASSPHRASE_ENV = "SANGKIEN_NEW_KEY_PASSPHRASE"


def ask(prompt: str, env: str) -> str | None:
    if env in os.environ:
        return os.environ[env]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def unlock(services: Services) -> None:
    """Unlock the office's key in ``services`` (for this run) when it has a passphrase."""
    office = services.office
    if office.key_locked():
        passphrase = ask("Mật khẩu khoá của văn phòng: ", PASSPHRASE_ENV)
        if not passphrase:
            raise KeyLocked(
                "Khoá của văn phòng được bảo vệ bằng mật khẩu: hãy chạy lệnh ở cửa sổ dòng lệnh "
                f"để nhập mật khẩu, hoặc đặt biến môi trường {PASSPHRASE_ENV}."
            )
        office.unlock_key(passphrase)
