"""Bundle files: their names, copying one off a (maybe removable) drive, writing one so that it
is read back and verified, and the removable drives offered first when saving."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from desktop.services.common import ServiceError
from desktop.services.sync import container
from desktop.services.sync.container import BundleRefused
from desktop.text.normalise import fold

EXTENSION = ".ssk"


def _ascii(text: str) -> str:
    out = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in fold(text).upper())
    return "-".join(p for p in out.split("-") if p)[:40] or "VP"


def bundle_file_name(
    sender_code: str, recipient_code: str, sequence: int, when: dt.date, epoch: int = 0
) -> str:
    """A name a person recognises: sender, recipient, date, sequence number (after a restore
    the numbers start again, so the restore epoch is in the name: ``_kp1_so0001``)."""
    restored = f"_kp{epoch}" if epoch else ""
    return (
        f"SSK_{_ascii(sender_code)}_gui_{_ascii(recipient_code)}_{when:%Y-%m-%d}{restored}"
        f"_so{sequence:04d}{EXTENSION}"
    )


def file_sha256(path: Path) -> str:
    """The SHA-256 of a bundle file on disk, read a megabyte at a time (a national bundle is
    never held whole)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def copy_off(src: Path) -> bytes:
    """Copy the file off the (maybe removable) drive first, then read the copy, bounded."""
    with copied_off(src) as local:
        # In pieces: read(MAX_FILE_BYTES + 1) would allocate the cap whatever the file's size.
        chunks, total = [], 0
        with local.open("rb") as f:
            while total <= container.MAX_FILE_BYTES and (chunk := f.read(1 << 20)):
                chunks.append(chunk)
                total += len(chunk)
        return b"".join(chunks)


@contextlib.contextmanager
def copied_off(src: Path) -> Iterator[Path]:
    """The file copied off the (maybe removable) drive into a private temporary folder,
    removed afterwards: a bundle of a million initiatives is read from there, never held."""
    try:
        size = src.stat().st_size
    except OSError as exc:
        raise BundleRefused(
            "unreadable", f"Không đọc được tệp «{src.name}»: {exc.strerror or exc}."
        ) from None
    if size > container.MAX_FILE_BYTES:
        raise BundleRefused("file_too_big", "Tệp quá lớn để là một gói dữ liệu: bị từ chối.")
    if not src.is_file():
        raise BundleRefused("unreadable", f"«{src.name}» không phải một tệp.")
    with tempfile.TemporaryDirectory(prefix="ssk-in-") as tmp:
        local = Path(tmp) / "bundle.ssk"
        try:
            shutil.copyfile(src, local)
        except OSError as exc:
            raise BundleRefused(
                "unreadable",
                f"Không chép được tệp «{src.name}» từ ổ đĩa ({exc.strerror or exc}); "
                "hãy cắm lại USB và thử lại.",
            ) from None
        if local.stat().st_size > container.MAX_FILE_BYTES:  # it grew while being copied
            raise BundleRefused("file_too_big", "Tệp quá lớn để là một gói dữ liệu: bị từ chối.")
        yield local


def write_streamed(path: Path, write: Callable[[IO[bytes]], None], public_key: bytes) -> int:
    """Write a bundle with ``write`` (container.write) under a temporary name, flush, rename,
    then read it back from the drive and verify it (signature, every byte's SHA-256), as
    :func:`write_verified` does, without holding it: its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ServiceError(f"Không ghi được gói vào «{path}»: {exc.strerror or exc}.") from None
    try:
        opened = container.open_bundle(path)
        ok = container.verify(public_key, opened.signature, opened.manifest_bytes)
        if ok:
            container.check_stored(opened)
    except (BundleRefused, OSError, ValueError, zipfile.BadZipFile, zlib.error):
        ok = False
    if not ok:
        path.unlink(missing_ok=True)
        raise ServiceError(
            f"Gói ghi ra «{path}» đọc lại không khớp (ổ USB có thể bị lỗi). Hãy thử ổ khác."
        )
    return path.stat().st_size


def write_verified(path: Path, blob: bytes, public_key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        back = path.read_bytes()
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ServiceError(f"Không ghi được gói vào «{path}»: {exc.strerror or exc}.") from None
    ok = back == blob
    if ok:
        try:
            rb = container.read(back)
            container.check_files(rb)
            ok = container.verify(public_key, rb.signature, rb.manifest_bytes)
        except BundleRefused:
            ok = False
    if not ok:
        path.unlink(missing_ok=True)
        raise ServiceError(
            f"Gói ghi ra «{path}» đọc lại không khớp (ổ USB có thể bị lỗi). Hãy thử ổ khác."
        )


def removable_drives() -> list[Path]:
    """USB sticks and other removable drives, offered first when saving a bundle."""
    found: list[Path] = []
    if sys.platform == "win32":
        import ctypes
        import string

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        mask = kernel.GetLogicalDrives()
        for i, letter in enumerate(string.ascii_uppercase):
            if mask & (1 << i) and kernel.GetDriveTypeW(f"{letter}:\\") == 2:  # REMOVABLE
                found.append(Path(f"{letter}:\\"))
        return found
    user = os.environ.get("USER") or ""
    for base in (Path("/media") / user, Path("/run/media") / user, Path("/Volumes")):
        try:
            found += sorted(p for p in base.iterdir() if p.is_dir() and os.access(p, os.W_OK))
        except OSError:
            continue
    return found
