"""The office's private key at rest: sealed with a passphrase only its officers know.

The key signs every bundle the office sends (and opens the ones sealed for it). Kept as a plain
column, anyone who can read the database (a PostgreSQL login shared by an office, a copied
backup) could sign bundles in the office's name. So the stored value is the 32-byte Ed25519
seed encrypted with a key derived from a passphrase by scrypt, with ChaCha20-Poly1305:

    b"SSKKEY1" | scrypt log2(n), r, p (3 bytes) | salt (16) | nonce (12) | ciphertext + tag

The passphrase is asked when a bundle is signed (once per run of the program) and never
stored. Every PC of an office sharing one PostgreSQL store signs with the same sealed key; the
store's backups carry it sealed. A forgotten passphrase cannot be recovered: the office makes a
new key and its peers re-enrol it by its new fingerprint, as for a lost PC.
"""

from __future__ import annotations

import os

# cryptography loads with the first key sealed or unlocked, not with the program's start.
from desktop.services.common import ServiceError

MAGIC = b"SSKKEY1"
MIN_PASSPHRASE = 8
# scrypt with n = 2^15, r = 8: 32 MiB and about 0.1 s on an office PC, once per run.
_LOG_N, _R, _P = 15, 8, 1


class KeyLocked(ServiceError):
    """The office's key is protected and no (or a wrong) passphrase was given."""


class KeyUnprotected(ServiceError):
    """A key without a passphrase where that is not allowed (a shared PostgreSQL server)."""


def is_protected(stored: bytes | None) -> bool:
    return bool(stored) and bytes(stored).startswith(MAGIC)  # type: ignore[arg-type]


def _derive(passphrase: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**log_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def check_new_passphrase(passphrase: str, again: str | None = None) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ServiceError(f"Mật khẩu khoá phải có ít nhất {MIN_PASSPHRASE} ký tự.")
    if again is not None and again != passphrase:
        raise ServiceError("Hai lần nhập mật khẩu khoá không giống nhau.")


def protect(seed: bytes, passphrase: str) -> bytes:
    """The stored form of ``seed`` sealed with ``passphrase``."""
    check_new_passphrase(passphrase)
    salt, nonce = os.urandom(16), os.urandom(12)
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    key = _derive(passphrase, salt, _LOG_N, _R, _P)
    body = ChaCha20Poly1305(key).encrypt(nonce, seed, MAGIC)
    return MAGIC + bytes([_LOG_N, _R, _P]) + salt + nonce + body


def unlock(stored: bytes, passphrase: str | None) -> bytes:
    """The 32-byte seed from its stored form; a legacy unprotected seed is returned as is."""
    stored = bytes(stored)
    if not is_protected(stored):
        return stored
    if not passphrase:
        raise KeyLocked("Khoá của văn phòng được bảo vệ bằng mật khẩu: hãy nhập mật khẩu khoá.")
    head = len(MAGIC)
    if len(stored) < head + 3 + 16 + 12 + 16:
        raise KeyLocked("Khoá lưu trong cơ sở dữ liệu bị hỏng.")
    log_n, r, p = stored[head], stored[head + 1], stored[head + 2]
    if not (10 <= log_n <= 22 and 1 <= r <= 32 and 1 <= p <= 4):
        raise KeyLocked("Khoá lưu trong cơ sở dữ liệu bị hỏng.")
    salt = stored[head + 3 : head + 19]
    nonce = stored[head + 19 : head + 31]
    body = stored[head + 31 :]
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    key = _derive(passphrase, salt, log_n, r, p)
    try:
        return ChaCha20Poly1305(key).decrypt(nonce, body, MAGIC)
    except InvalidTag:
        raise KeyLocked("Sai mật khẩu khoá của văn phòng.") from None


class KeyRing:
    """The office's key, unlocked for this run of the program and never written anywhere.

    One per ``Services``: the window asks the passphrase once, the command line takes it from
    its caller, and every service that signs or opens a bundle asks the ring for the seed."""

    def __init__(self) -> None:
        self._stored: bytes | None = None
        self._seed: bytes | None = None

    def unlock(self, stored: bytes, passphrase: str | None) -> bytes:
        seed = unlock(stored, passphrase)
        self._stored, self._seed = bytes(stored), seed
        return seed

    def seed(self, stored: bytes) -> bytes:
        """The seed of ``stored``: at once for an unprotected key, from this run's unlock for a
        protected one, else :class:`KeyLocked`."""
        stored = bytes(stored)
        if not is_protected(stored):
            return stored
        if self._seed is not None and self._stored == stored:
            return self._seed
        raise KeyLocked("Khoá của văn phòng được bảo vệ bằng mật khẩu: hãy nhập mật khẩu khoá.")

    def is_unlocked(self, stored: bytes | None) -> bool:
        return stored is not None and (
            not is_protected(stored) or (self._seed is not None and self._stored == bytes(stored))
        )

    def forget(self) -> None:
        self._stored = self._seed = None
