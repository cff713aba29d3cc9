"""The bundle file: a ZIP holding ``manifest.json`` (signed), ``manifest.sig`` and ``data.json``.

Reading treats the file as hostile (docs/sync-promises.md, point 8): it is never extracted to
disk; names,
links, duplicates, sizes, compression ratios, entry counts, nested archives, truncation, UTF-8,
JSON and the format version are all checked, each with its own Vietnamese message, and every
read is bounded in size (so in memory and time).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop.services.common import ServiceError
from desktop.services.sync import datastream, seal
from desktop.services.sync.counters import MAX_COUNTER

FORMAT = "sangkien-bundle"
# docs/bundle-format.md: the MAJOR version changes when an older program could misread a
# bundle (it refuses a newer major); the MINOR version when fields are only added (an older
# program ignores them, so it reads a newer minor). 1.0: program 0.1.0; 1.1: the manifest
# names the program version that made the bundle; 1.2: the manifest says which majors the
# sending program reads ("reads"). 2.0: the data is sealed for the recipient (seal.py); written
# only to a peer that said it reads 2, so an older program never receives one. 2.1: records
# gain fields an older program ignores: a decision's withdrawal, an initiative's date precision
# and late flag, a campaign's closing and dossier papers, a period's target date and entry
# deadline, an author's phone and e-mail, and a district's proposals. 1.3 and 2.2: the
# streamed layout ("layout": "stream"): data.json's sections in the order they are applied,
# the initiatives last, one record a line, and the manifest counts its records ("records"),
# so that a bundle of 1,000,000 initiatives is read record by record (datastream.py); an
# older program reads it as the JSON it still is.
FORMAT_VERSION = 2
FORMAT_MINOR = 2
READS = (1, 2)  # the majors this program reads, said in every bundle it writes
# The formats this program writes: the newest minor of each major.
WRITABLE = {1: 3, 2: 2}
STREAM_LAYOUT = "stream"
WRITABLE_MAJORS = tuple(WRITABLE)
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATA = "data.json"
EXPECTED = (MANIFEST, SIGNATURE, DATA)

# Bounds. A province-wide bundle of 1,000,000 initiatives is about 150-250 MB zipped and
# 1.5 GB unzipped; it is read from the local copy and streamed, never held whole.
MAX_FILE_BYTES = 4 * 1024 * 1024 * 1024
# Before the signature is checked only the ratio bounds an entry (and this ceiling, far above
# any office's data). After it, the signed manifest's own numbers do: data.json may be no
# larger than ALLOWANCE_BASE + ALLOWANCE_PER_RECORD per record it declares (an initiative is
# 1-2 KB), and no more records are read than it declares. A bundle written before the
# streamed layout declares no record count: it keeps the cap of its time, LEGACY_MAX.
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024 * 1024
ALLOWANCE_BASE = 64 * 1024 * 1024
ALLOWANCE_PER_RECORD = 32 * 1024
LEGACY_MAX = 768 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_ENTRIES = 16
MAX_RATIO = 100  # uncompressed / compressed; JSON compresses ~10:1, a bomb ~1000:1
ARCHIVE_MAGICS = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh")


class BundleRefused(ServiceError):
    """A bundle that is refused before anything is written; ``code`` names the reason."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Opened:
    """A bundle whose container and manifest were checked, its data not read yet: the
    signature is checked on these (small, bounded) parts before anything large is read."""

    manifest_bytes: bytes
    manifest: dict[str, Any]
    signature: bytes
    sha256: str  # of the whole file
    source: bytes | Path  # the bytes, or the local copy of the file


@dataclass(frozen=True)
class RawBundle:
    manifest_bytes: bytes
    manifest: dict[str, Any]
    signature: bytes
    data_bytes: bytes
    sha256: str  # of the whole file


def sign(private_key: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(message)


def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def format_for(peer_reads: int | None) -> tuple[int, int]:
    """The (major, minor) format to write to a peer that reads majors up to ``peer_reads``
    (None: nothing from it yet, or it did not say): the newest both sides know. A peer that
    has not said what it reads gets major 1, which every release reads."""
    if peer_reads is None:
        return 1, WRITABLE[1]
    usable = [m for m in WRITABLE if m <= peer_reads]
    if not usable:
        raise BundleRefused(
            "old_peer_format",
            f"Văn phòng nhận dùng định dạng gói {peer_reads}, quá cũ để chương trình này "
            "ghi được; văn phòng đó cần cập nhật Sổ Sáng Kiến.",
        )
    major = max(usable)
    return major, WRITABLE[major]


def reads_of(manifest: dict[str, Any], major: int) -> int:
    """The newest major the sender of ``manifest`` reads: what it says, else what it wrote."""
    said = manifest.get("reads")
    if isinstance(said, list):
        known = [m for m in said if isinstance(m, int) and not isinstance(m, bool) and 0 < m < 100]
        if known:
            return max(max(known), major)
    return major


def build(
    manifest: dict[str, Any],
    data: bytes | Iterable[tuple[str, Any]],
    private_key: bytes,
    version: tuple[int, int] = (1, WRITABLE[1]),
    seal_for: bytes | None = None,
) -> bytes:
    """The bytes of a bundle (see :func:`write`)."""
    out = io.BytesIO()
    write(out, manifest, data, private_key, version, seal_for)
    return out.getvalue()


def _entry(name: str, how: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # same content, same bytes
    info.compress_type = how
    info.external_attr = 0o644 << 16
    return info


def streams(version: tuple[int, int]) -> bool:
    """Whether bundles of this format are written in the streamed layout."""
    return version >= (2, 2) or (version[0] == 1 and version[1] >= 3)


def write(
    out: IO[bytes],
    manifest: dict[str, Any],
    data: bytes | Iterable[tuple[str, Any]],
    private_key: bytes,
    version: tuple[int, int] = (1, WRITABLE[1]),
    seal_for: bytes | None = None,
    late: Callable[[], dict[str, Any]] | None = None,
) -> None:
    """Write a bundle to ``out``: the manifest lists ``data.json``'s size and SHA-256, and is
    signed.

    ``data`` is the JSON's bytes, or its sections, ``(key, records)`` in the order they are
    applied (records may be a generator: they are encoded as they come, never all held);
    ``late`` gives manifest fields known once the data is written (its counts). ``data.json``
    is the first entry so that it can be streamed before the manifest that lists it.

    From major 2 the data is sealed for the recipient whose Ed25519 public key is ``seal_for``
    (compressed, then encrypted; the manifest names the seal and the size to expect)."""
    manifest = dict(manifest)
    manifest["format"] = FORMAT
    manifest["format_version"], manifest["format_minor"] = version
    manifest["reads"] = list(READS)
    streamed = not isinstance(data, (bytes, bytearray))
    records = [0]
    pieces: Iterable[bytes] = (
        datastream.encode(data, tally=records) if streamed else (bytes(data),)  # type: ignore[arg-type]
    )
    digest, size = hashlib.sha256(), 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        if version[0] >= 2:
            if seal_for is None:
                raise ValueError("a bundle of format 2 is sealed for its recipient")
            packer, packed, plain_size = zlib.compressobj(6), bytearray(), 0
            for piece in pieces:
                plain_size += len(piece)
                packed += packer.compress(piece)
            packed += packer.flush()
            sealed = seal.seal(packed, seal_for, seal_context(manifest))  # type: ignore[arg-type]
            del packed
            manifest["seal"] = {
                "alg": seal.ALGORITHM,
                "epk": base64.b64encode(sealed.ephemeral_public).decode("ascii"),
                "nonce": base64.b64encode(sealed.nonce).decode("ascii"),
                "plain_size": plain_size,
            }
            # ciphertext does not compress
            zf.writestr(_entry(DATA, zipfile.ZIP_STORED), sealed.ciphertext)
            digest.update(sealed.ciphertext)
            size = len(sealed.ciphertext)
        else:
            with zf.open(_entry(DATA, zipfile.ZIP_DEFLATED), "w", force_zip64=streamed) as f:
                for piece in pieces:
                    f.write(piece)
                    digest.update(piece)
                    size += len(piece)
        if streamed and streams(version):
            manifest["layout"] = STREAM_LAYOUT
            manifest["records"] = records[0]
        elif not streamed:  # bytes as they are: read whole, as a bundle of before the layout
            manifest.pop("layout", None)
        if late is not None:
            manifest.update(late())
        manifest["files"] = [{"name": DATA, "size": size, "sha256": digest.hexdigest()}]
        manifest_bytes = dumps(manifest)
        signature = sign(private_key, manifest_bytes)
        zf.writestr(_entry(MANIFEST, zipfile.ZIP_DEFLATED), manifest_bytes)
        zf.writestr(_entry(SIGNATURE, zipfile.ZIP_DEFLATED), base64.b64encode(signature))


def section_of(manifest: dict[str, Any], key: str) -> dict[str, Any]:
    """A part of a manifest that is an object (``sender``, ``recipient``); {} if it is not."""
    value = manifest.get(key)
    return value if isinstance(value, dict) else {}


def seal_context(manifest: dict[str, Any]) -> bytes:
    """What a sealed payload is bound to: who sent it, to whom, which bundle. Moved into
    another bundle (or re-addressed) it does not open."""
    sender, recipient = section_of(manifest, "sender"), section_of(manifest, "recipient")
    return dumps(
        [
            str(sender.get("office_uid")),
            str(recipient.get("office_uid")),
            manifest.get("office_epoch", 0),
            manifest.get("sequence"),
        ]
    )


NOT_FOR_US = (
    "Không mở được gói: gói được mã hoá cho văn phòng nhận nhưng khoá của máy này không mở được "
    "(gói đã bị sửa, hoặc khoá của văn phòng đã đổi sau khi bên gửi đăng ký): bị từ chối."
)


def is_sealed(manifest: dict[str, Any]) -> bool:
    return int(manifest.get("format_version") or 1) >= 2


def unseal(manifest: dict[str, Any], stored: bytes, my_seed: bytes) -> bytes:
    """The data of a bundle read by :func:`read_data`: as it is for major 1, decrypted and
    decompressed (never beyond the signed ``plain_size``) for a sealed one."""
    if not is_sealed(manifest):
        return stored
    size = sealed_plain_size(manifest)
    packed = _opened_seal(manifest, manifest["seal"], stored, my_seed)
    inflater = zlib.decompressobj()
    try:
        plain = inflater.decompress(packed, size + 1)
    except zlib.error:
        raise _refuse("corrupt", CORRUPT) from None
    if len(plain) != size or inflater.unconsumed_tail or not inflater.eof:
        raise _refuse("tampered", TAMPERED)
    return plain


def sealed_plain_size(manifest: dict[str, Any]) -> int:
    """The size the signed manifest declares for a sealed bundle's data once unsealed."""
    info = manifest.get("seal")
    if not isinstance(info, dict) or info.get("alg") != seal.ALGORITHM:
        raise _refuse("bad_manifest", "Bảng kê của gói không hợp lệ (thông tin mã hoá).")
    size = info.get("plain_size")
    if (
        not isinstance(size, int)
        or isinstance(size, bool)
        or not 0 <= size <= MAX_UNCOMPRESSED_BYTES
    ):
        raise _refuse("bad_manifest", "Bảng kê của gói không hợp lệ (thông tin mã hoá).")
    _check_allowance(manifest, size)
    return size


def _opened_seal(
    manifest: dict[str, Any], info: dict[str, Any], stored: bytes, my_seed: bytes
) -> bytes:
    """The compressed payload of a sealed bundle (decrypted with this office's key)."""
    try:
        epk = base64.b64decode(str(info.get("epk")), validate=True)
        nonce = base64.b64decode(str(info.get("nonce")), validate=True)
        return seal.open_sealed(seal.Sealed(epk, nonce, stored), my_seed, seal_context(manifest))
    except (ValueError, seal.SealError):
        raise _refuse("unsealable", NOT_FOR_US) from None


CORRUPT = (
    "Dữ liệu nén trong gói bị hỏng (thường do USB lỗi hoặc thư điện tử làm hỏng tệp đính "
    "kèm); hãy chép lại tệp hoặc nhờ bên gửi xuất lại."
)


def _refuse(code: str, message: str) -> BundleRefused:
    return BundleRefused(code, message)


def _check_name(info: zipfile.ZipInfo, seen: set[str]) -> None:
    name = info.filename
    mode = info.external_attr >> 16
    if name in seen:
        raise _refuse("duplicate", f"Gói có hai mục cùng tên «{name}»: gói đã bị sửa hoặc hỏng.")
    seen.add(name)
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise _refuse(
            "absolute", f"Gói chứa đường dẫn tuyệt đối «{name}»: không an toàn, bị từ chối."
        )
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        raise _refuse(
            "traversal", f"Gói chứa tên tệp trỏ ra ngoài thư mục («{name}»): không an toàn."
        )
    if stat.S_ISLNK(mode):
        raise _refuse("link", f"Gói chứa liên kết tượng trưng «{name}»: không an toàn.")
    if info.is_dir():
        raise _refuse("unexpected", f"Gói chứa thư mục lạ «{name}».")
    if name.lower().endswith((".zip", ".gz", ".7z", ".rar", ".tar", ".bz2", ".xz")):
        raise _refuse("nested", f"Gói chứa một tệp nén lồng bên trong («{name}»): bị từ chối.")


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read one entry, never more than its declared size nor ``limit`` bytes."""
    if info.file_size > limit:
        raise _refuse(
            "too_big", f"Mục «{info.filename}» quá lớn ({info.file_size:,} byte): bị từ chối."
        )
    try:
        with zf.open(info) as f:
            chunks, total = [], 0
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                if total > info.file_size:
                    raise _refuse(
                        "bomb", "Gói khai sai kích thước nội dung (dấu hiệu tệp nén độc hại)."
                    )
                chunks.append(chunk)
    except BundleRefused:
        raise
    except zlib.error:
        raise _refuse("corrupt", CORRUPT) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        if "Overlapped" in str(exc):  # Python's own CVE-2024-0450 check
            raise _refuse("overlap", OVERLAP) from None
        if "CRC" in str(exc):  # the bytes are all there but some changed: bit rot on a stick
            raise _refuse("corrupt", CORRUPT) from None
        raise _refuse(
            "truncated",
            "Gói bị hỏng hoặc bị cắt cụt (có thể do USB lỗi hay tải về chưa xong); "
            f"hãy chép lại tệp hoặc nhờ bên gửi xuất lại. ({exc.__class__.__name__})",
        ) from None
    return b"".join(chunks)


OVERLAP = (
    "Các mục trong gói chồng lên nhau (hai tên cùng trỏ tới một phần dữ liệu): tệp đã bị sửa "
    "có chủ ý hoặc hỏng, bị từ chối."
)


def _size_of(source: bytes | Path) -> int:
    return len(source) if isinstance(source, bytes) else source.stat().st_size


def _read_at(source: bytes | Path, start: int, n: int) -> bytes:
    if isinstance(source, bytes):
        return source[start : start + n]
    with source.open("rb") as f:
        f.seek(start)
        return f.read(n)


def _zip_file(source: bytes | Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)


def _sha256_of(source: bytes | Path) -> str:
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    h = hashlib.sha256()
    with source.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _check_layout(source: bytes | Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Every entry's local header and data lie inside the file, before the next entry and the
    central directory: no two names share bytes (the CVE-2024-0450 overlap, checked here
    whatever the Python build)."""
    end_of_entries = getattr(zf, "start_dir", _size_of(source))
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for n, info in enumerate(ordered):
        start = info.header_offset
        limit = ordered[n + 1].header_offset if n + 1 < len(ordered) else end_of_entries
        header = _read_at(source, start, 30) if start >= 0 else b""
        if start < 0 or len(header) < 30 or not header.startswith(b"PK\x03\x04"):
            raise _refuse("overlap", OVERLAP)
        name_len = int.from_bytes(header[26:28], "little")
        extra_len = int.from_bytes(header[28:30], "little")
        if start + 30 + name_len + extra_len + info.compress_size > limit:
            raise _refuse("overlap", OVERLAP)


def open_bundle(data: bytes | Path, sha256: str | None = None) -> Opened:
    """Check the container and read the manifest and its signature (never more than a few
    kilobytes); the data is read by ``read_data`` or ``DataReader`` once the signature is
    verified. ``data``: the file's bytes, or the path of its local copy (read as needed)."""
    zf = _zip_of(data)
    with zf:
        infos = zf.infolist()
        _check_entries(infos)
        _check_layout(data, zf, infos)
        by_name = {i.filename: i for i in infos}
        manifest_bytes = _read_entry(zf, by_name[MANIFEST], MAX_MANIFEST_BYTES)
        signature_text = _read_entry(zf, by_name[SIGNATURE], 1024)
    manifest = parse_json(manifest_bytes, MANIFEST)
    _check_format(manifest)
    try:
        signature = base64.b64decode(signature_text, validate=True)
    except ValueError:
        raise _refuse("bad_signature", "Chữ ký của gói không hợp lệ: bị từ chối.") from None
    return Opened(manifest_bytes, manifest, signature, sha256 or _sha256_of(data), data)


def _zip_of(data: bytes | Path) -> zipfile.ZipFile:
    """The file as a ZIP archive, refused if too big, empty or not a ZIP."""
    size = _size_of(data)
    if size > MAX_FILE_BYTES:
        raise _refuse("file_too_big", "Tệp quá lớn để là một gói dữ liệu: bị từ chối.")
    if size == 0:
        raise _refuse("empty", "Tệp rỗng (0 byte): không phải gói dữ liệu.")
    if not _read_at(data, 0, 2).startswith(b"PK"):
        raise _refuse(
            "not_bundle",
            "Tệp này không phải gói dữ liệu Sổ Sáng Kiến (không phải tệp nén ZIP).",
        )
    try:
        return _zip_file(data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _refuse(
            "truncated",
            "Gói bị hỏng hoặc bị cắt cụt (có thể do USB lỗi hay tải về chưa xong); "
            "hãy chép lại tệp hoặc nhờ bên gửi xuất lại.",
        ) from None


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """The archive's entries: few, safely named, not a zip bomb, exactly the expected ones."""
    if len(infos) > MAX_ENTRIES:
        raise _refuse("too_many", f"Gói có quá nhiều mục ({len(infos)}): bị từ chối.")
    seen: set[str] = set()
    total = 0
    for info in infos:  # the ceiling of the file before its signature is checked
        _check_name(info, seen)
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise _refuse(
                "bomb",
                f"Mục «{info.filename}» có tỉ lệ nén bất thường (bom nén): bị từ chối.",
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse("bomb", "Nội dung giải nén của gói quá lớn (bom nén): bị từ chối.")
    for name in seen - set(EXPECTED):
        raise _refuse("unexpected", f"Gói chứa mục lạ «{name}»: bị từ chối.")
    for name in EXPECTED:
        if name not in seen:
            raise _refuse("missing", f"Gói thiếu mục «{name}»: gói đã bị sửa hoặc hỏng.")


def _check_format(manifest: Any) -> None:
    """The manifest names this format, in a version this program reads."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse("not_bundle", "Tệp này không phải gói dữ liệu Sổ Sáng Kiến.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse("bad_manifest", "Bảng kê của gói không hợp lệ (thiếu phiên bản).")
    if version > FORMAT_VERSION:
        program = manifest.get("program_version")
        made_by = f" (Sổ Sáng Kiến {str(program)[:40]})" if isinstance(program, str) else ""
        raise _refuse(
            "newer_format",
            f"Gói được tạo bằng phiên bản định dạng {version}{made_by}, mới hơn phiên bản "
            f"chương trình này hiểu ({FORMAT_VERSION}). Hãy cập nhật Sổ Sáng Kiến rồi nhập lại.",
        )


def _declared_data(manifest: dict[str, Any]) -> tuple[int, str]:
    """The size and SHA-256 the (signed) manifest declares for ``data.json``."""
    files = manifest.get("files")
    if not isinstance(files, list) or len(files) != 1 or not isinstance(files[0], dict):
        raise _refuse("bad_manifest", "Bảng kê của gói không hợp lệ (danh sách tệp).")
    entry = files[0]
    size, digest = entry.get("size"), entry.get("sha256")
    if (
        entry.get("name") != DATA
        or not isinstance(size, int)
        or isinstance(size, bool)
        or not isinstance(digest, str)
    ):
        raise _refuse("bad_manifest", "Bảng kê của gói không hợp lệ (danh sách tệp).")
    if not 0 <= size <= MAX_UNCOMPRESSED_BYTES:
        raise _refuse("too_big", f"Mục «{DATA}» quá lớn ({size:,} byte): bị từ chối.")
    if not is_sealed(manifest):  # sealed: the plain size is bounded when it is unsealed
        _check_allowance(manifest, size)
    return size, digest


def declared_records(manifest: dict[str, Any]) -> int | None:
    """How many records the signed manifest says data.json holds (None: a bundle written
    before the streamed layout, which does not say)."""
    n = manifest.get("records")
    if isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_COUNTER:
        return n
    return None


def allowance(manifest: dict[str, Any]) -> int:
    """The most bytes of JSON a bundle may hold, from what its signed manifest declares."""
    n = declared_records(manifest)
    if n is None:
        return LEGACY_MAX
    return min(MAX_UNCOMPRESSED_BYTES, ALLOWANCE_BASE + ALLOWANCE_PER_RECORD * n)


def _check_allowance(manifest: dict[str, Any], size: int) -> None:
    if size > allowance(manifest):
        n = declared_records(manifest)
        said = f"{n:,} bản ghi" if n is not None else "định dạng cũ"
        raise _refuse(
            "bomb",
            f"Gói khai nội dung {size:,} byte, quá lớn so với những gì bảng kê khai ({said}): "
            "dấu hiệu tệp nén độc hại (bom nén), bị từ chối.",
        )


TAMPERED = "Nội dung gói không khớp với bảng kê đã ký (tệp đã bị sửa hoặc hỏng): bị từ chối."


def read_data(opened: Opened) -> bytes:
    """``data.json``, read streaming: never more bytes than the signed manifest declares, and
    its SHA-256 checked against the manifest (call after the signature is verified)."""
    size, digest = _declared_data(opened.manifest)
    with _zip_file(opened.source) as zf:
        info = zf.getinfo(DATA)
        if info.file_size != size:
            raise _refuse("tampered", TAMPERED)
        head = b""
        try:
            with zf.open(info) as f:
                head = f.read(8)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error):
            head = b""  # _read_entry below says what is wrong with it
        if head.startswith(ARCHIVE_MAGICS):
            raise _refuse("nested", "Gói chứa một tệp nén lồng bên trong: bị từ chối.")
        data_bytes = _read_entry(zf, info, size)
    if hashlib.sha256(data_bytes).hexdigest() != digest:
        raise _refuse("tampered", TAMPERED)
    return data_bytes


def check_stored(opened: Opened) -> None:
    """data.json read to its end in pieces: its size and SHA-256 are those the manifest lists
    (a bundle read back after writing it)."""
    size, digest = _declared_data(opened.manifest)
    h, n = hashlib.sha256(), 0
    with _zip_file(opened.source) as zf, zf.open(DATA) as f:
        while chunk := f.read(1 << 20):
            n += len(chunk)
            if n > size:
                break
            h.update(chunk)
    if n != size or h.hexdigest() != digest:
        raise _refuse("tampered", TAMPERED)


def read(data: bytes) -> RawBundle:
    """Check the container and return its parts (a bundle this office wrote, or one whose
    signature the caller checks afterwards). Raises BundleRefused with a reason."""
    opened = open_bundle(data)
    try:
        data_bytes = read_data(opened)
    except BundleRefused as exc:
        if exc.code != "tampered":
            raise
        data_bytes = b""  # check_files says so
    return RawBundle(
        opened.manifest_bytes, opened.manifest, opened.signature, data_bytes, opened.sha256
    )


def format_of(manifest: dict[str, Any]) -> tuple[int, int]:
    """The (major, minor) format of a read manifest (1.0 bundles do not say their minor)."""
    minor = manifest.get("format_minor")
    major = int(manifest["format_version"])
    if isinstance(minor, int) and not isinstance(minor, bool) and 0 <= minor <= MAX_COUNTER:
        return major, minor
    return major, 0


def program_of(manifest: dict[str, Any]) -> str | None:
    """The program version that made the bundle (None: 0.1.0 and older did not say)."""
    value = manifest.get("program_version")
    if not isinstance(value, str) or not value.strip():
        return None
    return "".join(ch for ch in value.strip() if ch.isprintable())[:40] or None


def parse_json(raw: bytes, name: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse("bad_utf8", f"Mục «{name}» không phải văn bản UTF-8 hợp lệ.") from None

    def no_constants(value: str) -> Any:
        raise ValueError(value)

    try:
        return json.loads(text, parse_constant=no_constants)
    except (ValueError, RecursionError):
        raise _refuse("bad_json", f"Mục «{name}» không phải JSON hợp lệ.") from None


def check_files(raw: RawBundle) -> None:
    """The manifest lists data.json with its size and SHA-256: any byte changed is caught."""
    files = raw.manifest.get("files")
    if not isinstance(files, list) or len(files) != 1 or not isinstance(files[0], dict):
        raise _refuse("bad_manifest", "Bảng kê của gói không hợp lệ (danh sách tệp).")
    entry = files[0]
    if entry.get("name") != DATA:
        raise _refuse("bad_manifest", "Bảng kê của gói không hợp lệ (danh sách tệp).")
    if (
        entry.get("size") != len(raw.data_bytes)
        or entry.get("sha256") != hashlib.sha256(raw.data_bytes).hexdigest()
    ):
        raise _refuse(
            "tampered",
            "Nội dung gói không khớp với bảng kê đã ký (tệp đã bị sửa hoặc hỏng): bị từ chối.",
        )
