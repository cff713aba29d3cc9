"""``data.json`` of a bundle whose signature was checked, read as a stream of records.

Memory follows one record, not the bundle (docs/sync-promises.md, 14): the entry is read in
pieces, never beyond the size the signed manifest declares, hashed as it goes, and its
SHA-256 is compared with the manifest's when the stream ends, before the import commits; a
mismatch refuses the bundle and the transaction is rolled back (nothing unverified is ever
committed). No more records are read than the manifest declares.

A sealed bundle (format 2) is one ChaCha20-Poly1305 message: it is read whole (bounded,
hashed and authenticated first), then decompressed and parsed as a stream.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

from desktop.services.sync import container, datastream
from desktop.services.sync.container import CORRUPT, DATA, OVERLAP, TAMPERED, BundleRefused

_PIECE = 1 << 20


def _zip_error(exc: BaseException) -> BundleRefused:
    """What a failing read of the entry means, as ``container._read_entry`` says it."""
    if isinstance(exc, zlib.error) or "CRC" in str(exc):
        return BundleRefused("corrupt", CORRUPT)
    if "Overlapped" in str(exc):
        return BundleRefused("overlap", OVERLAP)
    return BundleRefused(
        "truncated",
        "Gói bị hỏng hoặc bị cắt cụt (có thể do USB lỗi hay tải về chưa xong); "
        f"hãy chép lại tệp hoặc nhờ bên gửi xuất lại. ({exc.__class__.__name__})",
    )


_ZIP_ERRORS = (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error, NotImplementedError)


class DataReader:
    """Open with ``with``; ``events()`` walks the data (datastream.events), checking at its
    end that every byte is the one the manifest signed."""

    def __init__(self, opened: container.Opened, seed: Callable[[], bytes]) -> None:
        self._opened = opened
        self._manifest = opened.manifest
        self._size, self._digest = container._declared_data(opened.manifest)
        self._declared = container.declared_records(opened.manifest)
        self._seed = seed
        self._hash = hashlib.sha256()
        self._n = 0
        self._done = False
        self._error: BundleRefused | None = None
        self._zf: zipfile.ZipFile | None = None
        self._f: IO[bytes] | None = None
        self.records = 0

    def __enter__(self) -> DataReader:
        try:
            self._zf = container._zip_file(self._opened.source)
            info = self._zf.getinfo(DATA)
            if info.file_size != self._size:
                raise BundleRefused("tampered", TAMPERED)
            self._f = self._zf.open(info)
        except BundleRefused:
            self.close()
            raise
        except (*_ZIP_ERRORS, KeyError) as exc:
            self.close()
            raise _zip_error(exc) from None
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
        if self._zf is not None:
            self._zf.close()
        self._f = self._zf = None

    def _read_stored(self, k: int) -> bytes:
        """Up to ``k`` bytes of the entry as stored, hashed; never past the declared size."""
        assert self._f is not None
        if self._error is not None:  # the entry already failed to read: it says so again
            raise self._error
        try:
            chunk = self._f.read(k)
        except _ZIP_ERRORS as exc:
            self._error = _zip_error(exc)
            raise self._error from None
        self._n += len(chunk)
        if self._n > self._size:
            self._error = BundleRefused(
                "bomb", "Gói khai sai kích thước nội dung (dấu hiệu tệp nén độc hại)."
            )
            raise self._error
        self._hash.update(chunk)
        return chunk

    def verify(self) -> None:
        """The rest of the entry read (bounded), and its size and SHA-256 compared."""
        if self._done:
            return
        while self._read_stored(_PIECE):
            pass
        self._done = True
        if self._n != self._size or self._hash.hexdigest() != self._digest:
            raise BundleRefused("tampered", TAMPERED)

    def _plain(self) -> Callable[[int], bytes]:
        """How the plain JSON is read: straight from the entry, or unsealed."""
        head = self._read_stored(8)
        if head.startswith(container.ARCHIVE_MAGICS):
            self.verify()
            raise BundleRefused("nested", "Gói chứa một tệp nén lồng bên trong: bị từ chối.")
        if not container.is_sealed(self._manifest):
            pending = [head]

            def read(k: int) -> bytes:
                if pending:
                    return pending.pop()
                return self._read_stored(k)

            return read
        plain_size = container.sealed_plain_size(self._manifest)
        parts = [head]
        while chunk := self._read_stored(_PIECE):
            parts.append(chunk)
        self.verify()  # the ciphertext is checked before a byte of it is decrypted
        stored = b"".join(parts)
        del parts
        seal_info = self._manifest["seal"]
        packed = container._opened_seal(self._manifest, seal_info, stored, self._seed())
        del stored
        return _inflating(packed, plain_size)

    def events(self) -> Iterator[datastream.Event]:
        name = DATA
        try:
            for event in datastream.events(self._plain()):
                if event[0] == "item":
                    self.records += 1
                    if self._declared is not None and self.records > self._declared:
                        raise BundleRefused(
                            "bomb",
                            f"Gói chứa nhiều bản ghi hơn bảng kê đã ký khai ({self._declared:,}):"
                            " bị từ chối.",
                        )
                yield event
        except datastream.StreamError as exc:
            self.verify()  # a changed byte says so first
            if exc.code == "bad_utf8":
                raise BundleRefused(
                    "bad_utf8", f"Mục «{name}» không phải văn bản UTF-8 hợp lệ."
                ) from None
            raise BundleRefused("bad_json", f"Mục «{name}» không phải JSON hợp lệ.") from None
        self.verify()


def _inflating(packed: bytes, plain_size: int) -> Callable[[int], bytes]:
    """Read the decompressed payload in pieces, never beyond ``plain_size``."""
    inflater = zlib.decompressobj()
    view = memoryview(packed)
    state = {"at": 0, "out": 0}

    def read(k: int) -> bytes:
        while True:
            if inflater.eof:
                if state["out"] != plain_size or inflater.unused_data:
                    raise BundleRefused("tampered", TAMPERED)
                return b""
            feed = inflater.unconsumed_tail
            if not feed:
                at = state["at"]
                if at >= len(view):
                    raise BundleRefused("tampered", TAMPERED)  # ends before the stream does
                feed = bytes(view[at : at + _PIECE])
                state["at"] = at + _PIECE
            try:
                out = inflater.decompress(feed, k)
            except zlib.error:
                raise BundleRefused("corrupt", CORRUPT) from None
            state["out"] += len(out)
            if state["out"] > plain_size:
                raise BundleRefused("tampered", TAMPERED)
            if out:
                return out

    return read


def uses_stream(manifest: dict[str, Any]) -> bool:
    """Whether the bundle says its data is in the streamed layout (signed)."""
    return manifest.get("layout") == container.STREAM_LAYOUT
