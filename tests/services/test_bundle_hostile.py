"""A catalogue of broken and hostile bundles (sync.md, points 3, 7 and 8): each is refused
with its own Vietnamese message, the refusal is kept in the sync history, and every other
table is exactly as it was."""

from __future__ import annotations

import base64
import io
import json
import stat
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sync_fixtures import add_initiative, copy_offices, table_hashes

from desktop.models import Office, SyncLogEntry
from desktop.services.bundles import BundleRefused
from desktop.services.bundles import container as c
from desktop.services.common import local_office
from desktop.services.registry import Services
from desktop.services.store import open_store


@pytest.fixture
def template(sync_offices_template) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    return sync_offices_template


@pytest.fixture
def world(template, tmp_path):  # type: ignore[no-untyped-def]
    dbs = copy_offices(template, tmp_path / "db")
    province = Services.over(open_store(str(dbs["LC"])))
    district = Services.over(open_store(str(dbs["LC-TD"])))
    add_initiative(district, "LC-TD-02", "Bếp đun tiết kiệm củi cho bếp ăn bán trú")
    good = district.bundles.export("LC", tmp_path / "good.ssk")
    yield province, district, good.path.read_bytes(), tmp_path
    province.store.close()
    district.store.close()


def _zip(entries: list[tuple[str, bytes]], mode: int = 0o644) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we want
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, payload in entries:
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = mode << 16
                zf.writestr(info, payload)
    return out.getvalue()


def _parts(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _key(services: Services) -> bytes:
    with services.store.session_factory() as s:
        office = local_office(s)
        assert office is not None and office.private_key is not None
        return office.private_key


def _resign(district: Services, good: bytes, data: bytes | None = None, **manifest) -> bytes:  # type: ignore[no-untyped-def]
    """A bundle correctly signed by the district, with a changed manifest or data."""
    parts = _parts(good)
    m = json.loads(parts["manifest.json"])
    m.update(manifest)
    return c.build(m, parts["data.json"] if data is None else data, _key(district))


def _replace(good: bytes, name: str, payload: bytes) -> bytes:
    parts = _parts(good)
    parts[name] = payload
    return _zip(list(parts.items()))


def _stranger(good: bytes, same_office: bool) -> bytes:
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    parts = _parts(good)
    m = json.loads(parts["manifest.json"])
    m["sender"] = dict(m["sender"], public_key=base64.b64encode(public).decode())
    if not same_office:
        m["sender"] = dict(
            m["sender"],
            office_uid="00000000-0000-4000-8000-000000000001",
            unit_uid="00000000-0000-4000-8000-000000000002",
            name="Văn phòng lạ",
        )
    return c.build(m, parts["data.json"], raw)


def _rot(good: bytes, crc_only: bool = False) -> bytes:
    """Bytes of data.json's compressed stream changed in place, as a failing stick does."""
    blob = bytearray(good)
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        info = zf.getinfo("data.json")
    start = info.header_offset + 30  # the local header: 30 bytes, then name and extra field
    name_len = int.from_bytes(blob[start - 4 : start - 2], "little")
    extra_len = int.from_bytes(blob[start - 2 : start], "little")
    data = start + name_len + extra_len
    if crc_only:  # the stored checksum itself: every byte decompresses, the CRC disagrees
        crc_at = info.header_offset + 14
        blob[crc_at] ^= 0xFF
        cd = good.find(b"PK\x01\x02")
        while good[cd + 46 : cd + 46 + int.from_bytes(good[cd + 28 : cd + 30], "little")] != (
            b"data.json"
        ):
            cd = good.find(b"PK\x01\x02", cd + 1)
        blob[cd + 16] ^= 0xFF  # the central directory's copy, which is the one checked
        return bytes(blob)
    middle = data + info.compress_size // 2
    for i in range(middle, middle + 64):
        blob[i] ^= 0xFF
    return bytes(blob)


def _bomb() -> bytes:
    return _zip(
        [
            ("manifest.json", b"{}"),
            ("manifest.sig", b"AAAA"),
            ("data.json", b"[" + b" " * (40 * 1024 * 1024) + b"]"),
        ]
    )


CASES: dict[str, tuple[str, Callable[[Services, bytes], bytes], str]] = {
    "plain text": ("not_bundle", lambda d, g: "Xin chào".encode(), "không phải gói dữ liệu"),
    "empty file": ("empty", lambda d, g: b"", "Tệp rỗng"),
    "truncated on the stick": ("truncated", lambda d, g: g[: len(g) // 2], "bị cắt cụt"),
    "path traversal": (
        "traversal",
        lambda d, g: _zip([*_parts(g).items(), ("../../khoi_dong.bat", b"x")]),
        "trỏ ra ngoài thư mục",
    ),
    "absolute path": (
        "absolute",
        lambda d, g: _zip([*_parts(g).items(), ("/etc/cron.d/x", b"x")]),
        "đường dẫn tuyệt đối",
    ),
    "symbolic link": (
        "link",
        lambda d, g: _zip([("lienket", b"/etc/passwd")], mode=stat.S_IFLNK | 0o777),
        "liên kết tượng trưng",
    ),
    "duplicate names": (
        "duplicate",
        lambda d, g: _zip([*_parts(g).items(), ("data.json", b"{}")]),
        "hai mục cùng tên",
    ),
    "zip bomb": ("bomb", lambda d, g: _bomb(), "bom nén"),
    "compressed bytes rotted": ("corrupt", lambda d, g: _rot(g), "Dữ liệu nén trong gói bị hỏng"),
    "too many entries": (
        "too_many",
        lambda d, g: _zip([(f"f{i}.json", b"{}") for i in range(40)]),
        "quá nhiều mục",
    ),
    "nested archive": (
        "nested",
        lambda d, g: _zip([*_parts(g).items(), ("them.zip", _zip([("a", b"a")]))]),
        "tệp nén lồng",
    ),
    "nested archive as data": (
        "nested",
        lambda d, g: _resign(d, g, data=_zip([("data.json", b"{}")])),
        "tệp nén lồng",
    ),
    "missing signature": (
        "missing",
        lambda d, g: _zip([(n, b) for n, b in _parts(g).items() if n != "manifest.sig"]),
        "thiếu mục",
    ),
    "unexpected entry": (
        "unexpected",
        lambda d, g: _zip([*_parts(g).items(), ("readme.txt", b"hi")]),
        "mục lạ",
    ),
    "invalid UTF-8": ("bad_utf8", lambda d, g: _resign(d, g, data=b'{"x":"\xff\xfe"}'), "UTF-8"),
    "invalid JSON": ("bad_json", lambda d, g: _resign(d, g, data=b'{"units": ['), "JSON"),
    "newer format": (
        "newer_format",
        lambda d, g: _replace(
            g,
            "manifest.json",
            json.dumps(dict(json.loads(_parts(g)["manifest.json"]), format_version=9)).encode(),
        ),
        "cập nhật Sổ Sáng Kiến",
    ),
    "one byte changed": (
        "tampered",
        lambda d, g: _replace(
            g, "data.json", _parts(g)["data.json"].replace(b"B\xe1\xba\xbfp", b"B\xe1\xba\xbfP", 1)
        ),
        "không khớp với bảng kê",
    ),
    "manifest edited, not re-signed": (
        "bad_signature",
        lambda d, g: _replace(
            g,
            "manifest.json",
            json.dumps(dict(json.loads(_parts(g)["manifest.json"]), ack=0, since=0)).encode()
            + b" ",
        ),
        "Chữ ký của gói không đúng",
    ),
    "unknown office": ("unknown_sender", lambda d, g: _stranger(g, False), "chưa đăng ký"),
    "changed key": ("changed_key", lambda d, g: _stranger(g, True), "khoá khác"),
    "wrong recipient": (
        "wrong_recipient",
        lambda d, g: _resign(
            d,
            g,
            recipient={
                "office_uid": "00000000-0000-4000-8000-00000000000f",
                "name": "LĐLĐ tỉnh Điện Biên",
            },
        ),
        "không phải văn phòng này",
    ),
    "bad structure": (
        "bad_data",
        lambda d, g: _resign(d, g, data=b'{"initiatives": 5}'),
        "cấu trúc",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_bundle_is_refused_with_its_own_message_and_changes_nothing(world, case):  # type: ignore[no-untyped-def]
    province, district, good, tmp = world
    code, make, words = CASES[case]
    path = tmp / "ke_la.ssk"
    path.write_bytes(make(district, good))
    before = table_hashes(province.store)
    for attempt in (province.bundles.preview, province.bundles.import_):
        with pytest.raises(BundleRefused) as info:
            attempt(path)
        assert info.value.code == code
        assert words in str(info.value)
    assert table_hashes(province.store) == before
    with province.store.session_factory() as s:
        log = list(s.scalars(select(SyncLogEntry).where(SyncLogEntry.accepted.is_(False))))
    assert len(log) == 2 and log[-1].reason == str(info.value)
    # The genuine bundle still goes in afterwards.
    assert province.bundles.import_(tmp / "good.ssk").totals["new"] >= 1


def test_every_refusal_has_its_own_message():
    codes = {code for code, _, _ in CASES.values()}
    assert len(codes) == len(CASES) - 1  # the two nested-archive forms share a reason


def test_a_checksum_that_disagrees_is_the_same_corruption(world):  # type: ignore[no-untyped-def]
    province, _district, good, tmp = world
    path = tmp / "crc.ssk"
    path.write_bytes(_rot(good, crc_only=True))
    before = table_hashes(province.store)
    with pytest.raises(BundleRefused) as info:
        province.bundles.import_(path)
    assert info.value.code == "corrupt"
    assert table_hashes(province.store) == before


def test_a_replayed_sequence_number_with_other_bytes_is_refused(world):  # type: ignore[no-untyped-def]
    province, district, good, tmp = world
    assert province.bundles.import_(tmp / "good.ssk").totals["new"] >= 1
    again = province.bundles.import_(tmp / "good.ssk")
    assert again.already_imported and "đã được nhập trước đây" in again.message
    forged = tmp / "goi_cu_sua.ssk"
    forged.write_bytes(_resign(district, good, created_at="2027-01-01T00:00:00+00:00"))
    before = table_hashes(province.store)
    with pytest.raises(BundleRefused) as info:
        province.bundles.import_(forged)
    assert info.value.code == "replayed" and "nội dung khác" in str(info.value)
    assert table_hashes(province.store) == before


def test_the_preview_never_writes(world):  # type: ignore[no-untyped-def]
    province, _, _, tmp = world
    before = table_hashes(province.store, skip=())
    report = province.bundles.preview(tmp / "good.ssk")
    assert report.dry_run and report.totals["new"] >= 1
    assert table_hashes(province.store, skip=()) == before


def test_a_refused_bundle_names_its_sender_in_the_history(world):  # type: ignore[no-untyped-def]
    province, district, good, tmp = world
    path = tmp / "sai_nguoi_nhan.ssk"
    path.write_bytes(CASES["wrong recipient"][1](district, good))
    with pytest.raises(BundleRefused):
        province.bundles.import_(path)
    [row] = [r for r in province.sync_history.list() if not r.accepted]
    assert row.peer_name == "Liên đoàn Lao động huyện Tam Đường"
    with province.store.session_factory() as s:
        assert s.scalar(select(Office).where(Office.is_local.is_(False))) is not None
