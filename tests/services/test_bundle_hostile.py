"""A catalogue of broken and hostile bundles (docs/sync-promises.md, points 3, 7 and 8): each is
refused
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

from desktop.models import Office, SyncLogEntry
from desktop.services.common import local_office
from desktop.services.registry import Services
from desktop.services.store.opening import open_store
from desktop.services.sync import BundleRefused
from desktop.services.sync import container as c
from support.sync_fixtures import (
    add_initiative,
    copy_offices,
    initiative_by_title,
    table_hashes,
    writes_format_1_to,
)


@pytest.fixture
def template(sync_offices_template) -> dict[str, Path]:
    return sync_offices_template


@pytest.fixture
def world(template, tmp_path):
    dbs = copy_offices(template, tmp_path / "db")
    province = Services.over(open_store(str(dbs["LC"])))
    district = Services.over(open_store(str(dbs["LC-TD"])))
    writes_format_1_to(district, "LC")  # the cases below edit the plaintext and re-sign it
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


def _resign(district: Services, good: bytes, data: bytes | None = None, **manifest) -> bytes:
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


# ---- hostile numbers, overlapping entries, and bounded reading (docs/sync-promises.md, 8, 14) --
def _overlapped(good: bytes) -> bytes:
    """A ZIP built by hand whose ``data.json`` entry covers the local entry of
    ``manifest.sig``: two names for overlapping bytes (Python builds with the CVE-2024-0450
    check raise ``BadZipFile: Overlapped entries`` on opening the entry)."""
    import zlib

    parts = _parts(good)

    def local(name: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(payload)
        return (
            b"PK\x03\x04"
            + (20).to_bytes(2, "little")
            + b"\x00\x00\x00\x00"  # flags, method 0 (stored)
            + b"\x00\x00\x21\x00"  # time, date (1980-01-01)
            + crc.to_bytes(4, "little")
            + len(payload).to_bytes(4, "little") * 2
            + len(name).to_bytes(2, "little")
            + b"\x00\x00"
            + name
            + payload
        )

    def central(name: bytes, payload: bytes, offset: int) -> bytes:
        crc = zlib.crc32(payload)
        return (
            b"PK\x01\x02"
            + (20).to_bytes(2, "little") * 2
            + b"\x00\x00\x00\x00\x00\x00\x21\x00"
            + crc.to_bytes(4, "little")
            + len(payload).to_bytes(4, "little") * 2
            + len(name).to_bytes(2, "little")
            + b"\x00\x00" * 3  # extra, comment, disk
            + b"\x00\x00"  # internal attributes
            + (0o100644 << 16).to_bytes(4, "little")
            + offset.to_bytes(4, "little")
            + name
        )

    manifest = local(b"manifest.json", parts["manifest.json"])
    sig = local(b"manifest.sig", parts["manifest.sig"])
    data_header = 30 + len(b"data.json")
    # data.json's bytes ARE the manifest.sig entry (plus the real data after it).
    data_payload = sig + parts["data.json"]
    data = local(b"data.json", data_payload)
    body = manifest + data
    sig_offset = len(manifest) + data_header
    cd = (
        central(b"manifest.json", parts["manifest.json"], 0)
        + central(b"manifest.sig", parts["manifest.sig"], sig_offset)
        + central(b"data.json", data_payload, len(manifest))
    )
    end = (
        b"PK\x05\x06\x00\x00\x00\x00"
        + (3).to_bytes(2, "little") * 2
        + len(cd).to_bytes(4, "little")
        + len(body).to_bytes(4, "little")
        + b"\x00\x00"
    )
    return body + cd + end


CASES.update(
    {
        "sequence number of 31 digits": (
            "bad_number",
            lambda d, g: _resign(d, g, sequence=10**30),
            "số quá lớn",
        ),
        "clock value of 31 digits": (
            "bad_number",
            lambda d, g: _resign(d, g, upto=10**30, ack=10**30),
            "số quá lớn",
        ),
        "overlapping entries": ("overlap", lambda d, g: _overlapped(g), "chồng lên nhau"),
    }
)


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_bundle_is_refused_with_its_own_message_and_changes_nothing(world, case):
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


def test_every_refusal_has_its_own_message(world):
    """What the program says, not what the table above expects: each reason it refuses a bundle
    for has a message no other reason uses, so the officer can tell a tampered bundle from one
    meant for another office, or from a damaged copy (and a support call can too)."""
    province, district, good, tmp = world
    said: dict[str, set[str]] = {}
    for n, (_code, make, _words) in enumerate(CASES.values()):
        path = tmp / f"ke_la_{n}.ssk"
        path.write_bytes(make(district, good))
        with pytest.raises(BundleRefused) as info:
            province.bundles.preview(path)
        message = str(info.value).replace(path.name, "TỆP")
        assert message.strip(), f"«{info.value.code}» is refused without a word"
        said.setdefault(info.value.code, set()).add(message)
    # The program tells as many reasons apart as there are kinds of hostile bundle here...
    assert len(said) == len({code for code, _, _ in CASES.values()})
    # ...and no message stands for two reasons.
    owners: dict[str, str] = {}
    for code, messages in said.items():
        for message in messages:
            assert owners.setdefault(message, code) == code, (
                f"«{message}» is said for both {owners[message]} and {code}"
            )


def test_a_checksum_that_disagrees_is_the_same_corruption(world):
    province, _district, good, tmp = world
    path = tmp / "crc.ssk"
    path.write_bytes(_rot(good, crc_only=True))
    before = table_hashes(province.store)
    with pytest.raises(BundleRefused) as info:
        province.bundles.import_(path)
    assert info.value.code == "corrupt"
    assert table_hashes(province.store) == before


def test_a_replayed_sequence_number_with_other_bytes_is_refused(world):
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


def test_the_preview_never_writes(world):
    province, _, _, tmp = world
    before = table_hashes(province.store, skip=())
    report = province.bundles.preview(tmp / "good.ssk")
    assert report.dry_run and report.totals["new"] >= 1
    assert table_hashes(province.store, skip=()) == before


def test_a_refused_bundle_names_its_sender_in_the_history(world):
    province, district, good, tmp = world
    path = tmp / "sai_nguoi_nhan.ssk"
    path.write_bytes(CASES["wrong recipient"][1](district, good))
    with pytest.raises(BundleRefused):
        province.bundles.import_(path)
    [row] = [r for r in province.sync_history.list() if not r.accepted]
    assert row.peer_name == "Liên đoàn Lao động huyện Tam Đường"
    with province.store.session_factory() as s:
        assert s.scalar(select(Office).where(Office.is_local.is_(False))) is not None


# ---- bad records in a signed bundle (docs/sync-promises.md, 11): refused alone, the rest applies
NEW_TITLE = "Bếp đun tiết kiệm củi cho bếp ăn bán trú"


def _other_uids(province: Services) -> dict[str, str | None]:
    """Uids the province already holds for records of OTHER initiatives and offices."""
    from desktop.models import Author, DossierItem, Initiative, Unit

    with province.store.session_factory() as s:
        district_unit = s.scalar(select(Unit.id).where(Unit.code == "LC-TD"))
        foreign = select(Initiative.id).where(
            Initiative.unit_id.in_(select(Unit.id).where(Unit.parent_id != district_unit))
        )
        return {
            "author": s.scalar(select(Author.uid).where(Author.initiative_id.in_(foreign))),
            "dossier": s.scalar(
                select(DossierItem.uid).where(DossierItem.initiative_id.in_(foreign))
            ),
            "initiative": s.scalar(select(Initiative.uid).where(Initiative.id.in_(foreign))),
        }


def _edit(good: bytes, edit: Callable[[dict, dict[str, str]], None], uids: dict[str, str]) -> bytes:
    data = json.loads(_parts(good)["data.json"])
    inis = data["initiatives"]
    bad = next(i for i in inis if i["title"] == NEW_TITLE)
    edit({"bad": bad, "all": inis}, uids)
    return c.dumps(data)


def _author_of_other(x: dict, uids: dict[str, str]) -> None:
    x["bad"]["authors"][0]["uid"] = uids["author"]


def _dossier_of_other(x: dict, uids: dict[str, str]) -> None:
    x["bad"]["dossier"] = [{"uid": uids["dossier"], "kind": "application", "note": None}]


def _initiative_of_other(x: dict, uids: dict[str, str]) -> None:
    x["bad"]["uid"] = uids["initiative"]


def _author_twice(x: dict, uids: dict[str, str]) -> None:
    other = next(i for i in x["all"] if i is not x["bad"] and i["authors"])
    x["bad"]["authors"][0]["uid"] = other["authors"][0]["uid"]


def _author_twice_in_one(x: dict, uids: dict[str, str]) -> None:
    a = x["bad"]["authors"][0]
    x["bad"]["authors"].append(dict(a, full_name="Lò Thị B", contribution_pct="0"))


def _initiative_twice(x: dict, uids: dict[str, str]) -> None:
    twin = dict(x["bad"], title=NEW_TITLE + " (bản sao)")
    x["all"].append(twin)
    x["bad"]["uid"] = twin["uid"]


def _huge_amount(x: dict, uids: dict[str, str]) -> None:
    x["bad"]["benefit_vnd"] = 10**30


def _huge_version(x: dict, uids: dict[str, str]) -> None:
    x["bad"]["v"] = 10**30


def _huge_share(x: dict, uids: dict[str, str]) -> None:
    x["bad"]["authors"][0]["contribution_pct"] = 10**30


def _unknown_precision(x: dict, uids: dict[str, str]) -> None:
    x["bad"]["applied_precision"] = "week"


def _quarter_not_on_its_first_day(x: dict, uids: dict[str, str]) -> None:
    x["bad"]["applied_on"], x["bad"]["applied_precision"] = "2022-05-17", "quarter"


RECORD_CASES: dict[str, tuple[Callable[[dict, dict[str, str]], None], str]] = {
    "author uid of another initiative": (_author_of_other, "mã tác giả"),
    "dossier item uid of another initiative": (_dossier_of_other, "mã hồ sơ"),
    "initiative uid of another office": (_initiative_of_other, "không quản lý"),
    "one author uid in two initiatives": (_author_twice, "mã tác giả"),
    "one author uid twice in an initiative": (_author_twice_in_one, "mã tác giả"),
    "one initiative uid twice": (_initiative_twice, "trùng mã"),
    "amount of 31 digits": (_huge_amount, "không phải số nguyên hợp lệ"),
    "version of 31 digits": (_huge_version, "không phải số nguyên hợp lệ"),
    "author share of 31 digits": (_huge_share, "tỷ lệ đóng góp"),
    "a precision of a date that is none": (_unknown_precision, "applied_precision"),
    "a quarter kept on another day than its first": (
        _quarter_not_on_its_first_day,
        "theo tháng, quý hoặc năm không hợp lệ",
    ),
}


@pytest.mark.parametrize("case", list(RECORD_CASES))
def test_a_bad_record_is_refused_alone_and_the_rest_applies(world, case):
    """A signed peer can be malicious or buggy: its bad record is rejected with its reason,
    the rest of the bundle goes in, the history says so, and the next bundle (which carries
    the same record again) is not blocked."""
    province, district, good, tmp = world
    edit, words = RECORD_CASES[case]
    uids = _other_uids(province)
    data = _edit(good, edit, uids)
    first, second = tmp / "mot.ssk", tmp / "hai.ssk"
    first.write_bytes(_resign(district, good, data=data))
    second.write_bytes(_resign(district, good, data=data, sequence=2))
    preview = province.bundles.preview(first)
    report = province.bundles.import_(first)
    assert report.totals == preview.totals
    assert report.totals["new"] >= 20  # the district's other initiatives went in
    bad = [n for n in report.notes if n.kind in {"rejected", "ignored"}]
    assert bad and any(words in n.reason for n in bad), report.notes
    assert report.totals["rejected"] + report.totals["ignored"] >= 1
    with province.store.session_factory() as s:
        [line] = list(s.scalars(select(SyncLogEntry).where(SyncLogEntry.sequence == 1)))
    assert line.accepted and "bị từ chối" in (line.reason or "")
    assert "Bị từ chối: " in (line.reason or "") or not report.totals["rejected"]
    assert words in (line.reason or "") or not report.totals["rejected"]
    if case != "one initiative uid twice":  # the twin that came first is a good record
        assert initiative_by_title(province, NEW_TITLE) is None
    # The other office's record is untouched.
    from desktop.models import Author, DossierItem, Initiative

    with province.store.session_factory() as s:
        assert s.scalar(select(Author.id).where(Author.uid == uids["author"])) is not None
        assert s.scalar(select(DossierItem.id).where(DossierItem.uid == uids["dossier"]))
        assert s.scalar(select(Initiative.id).where(Initiative.uid == uids["initiative"]))
    again = province.bundles.import_(second)
    assert not again.already_imported and again.sequence == 2
    assert any(words in n.reason for n in again.notes)


def test_a_record_the_database_refuses_is_rejected_alone(world, monkeypatch):
    """Past the checks: if the database itself refuses a record (here a clashing author uid the
    checks were told to miss), only that record is undone (SAVEPOINT) and rejected."""
    from desktop.services.sync.apply import initiatives

    province, district, good, tmp = world
    monkeypatch.setattr(initiatives, "without_uid_clashes", lambda ctx, n, u, v: (n, u))
    path = tmp / "mot.ssk"
    path.write_bytes(
        _resign(district, good, data=_edit(good, _author_of_other, _other_uids(province)))
    )
    report = province.bundles.import_(path)
    assert report.totals["rejected"] == 1 and report.totals["new"] >= 20
    [note] = [n for n in report.notes if n.kind == "rejected"]
    assert note.reason == "mã định danh đã dùng cho một bản ghi khác"
    assert initiative_by_title(province, NEW_TITLE) is None
    # The batch written in one go and undone (SQLite, no savepoint) left nothing behind: no
    # author without its initiative, one search row per initiative, the other office's author.
    from sqlalchemy import func, text

    from desktop.models import Author, Initiative

    other = _other_uids(province)["author"]
    with province.store.session_factory() as s:
        ids = set(s.scalars(select(Initiative.id)))
        assert set(s.scalars(select(Author.initiative_id))) <= ids
        searched = s.scalars(text("SELECT initiative_id FROM initiative_search")).all()
        assert sorted(searched) == sorted(ids)
        assert s.scalar(select(func.count()).where(Author.uid == other)) == 1


def test_an_unexpected_error_refuses_the_bundle_and_changes_nothing(world, monkeypatch):
    from desktop.services.sync.apply import Applier

    province, _district, _good, tmp = world
    run, run_stream = Applier.run, Applier.run_stream

    def run_then_fail(self, data):
        (run if isinstance(data, dict) else run_stream)(self, data)  # everything written…
        raise RuntimeError("lỗi thử")  # …then something nobody foresaw

    monkeypatch.setattr(Applier, "run", run_then_fail)
    monkeypatch.setattr(Applier, "run_stream", run_then_fail)
    before = table_hashes(province.store)
    with pytest.raises(BundleRefused) as info:
        province.bundles.import_(tmp / "good.ssk")
    assert info.value.code == "internal"
    assert "lỗi không lường trước (RuntimeError: lỗi thử)" in str(info.value)
    assert "không thay đổi" in str(info.value)
    assert table_hashes(province.store) == before
    [row] = [r for r in province.sync_history.list() if not r.accepted]
    assert row.reason == str(info.value) and row.sequence == 1
    monkeypatch.setattr(Applier, "run", run)
    monkeypatch.setattr(Applier, "run_stream", run_stream)
    assert province.bundles.import_(tmp / "good.ssk").totals["new"] >= 1


def test_a_huge_sequence_number_costs_what_was_received(world):
    """A sequence of 20,000,000 (a peer's bug, or a forgery): the gap is found from the
    bundles received, in ranges, not from a set of every number below it."""
    import time
    import tracemalloc

    province, district, good, tmp = world
    path = tmp / "so_lon.ssk"
    path.write_bytes(_resign(district, good, sequence=20_000_000))
    tracemalloc.start()
    started = time.monotonic()
    try:
        report = province.bundles.import_(path)
        peers = province.bundles.peers()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 10
    assert peak < 64 * 1024 * 1024
    assert report.sequence == 20_000_000 and report.totals["new"] >= 1
    assert report.gap is not None and "1–19999999" in report.gap
    [peer] = peers
    assert peer.missing_ranges == ((1, 19_999_999),)
    assert peer.missing == tuple(range(1, 51))


def _unsigned_big(good: bytes, megabytes: int, manifest: bytes | None = None) -> bytes:
    """The genuine manifest and signature, with a ``data.json`` of ``megabytes`` × 90 MB of
    unsigned bytes (compressing about 90:1, under the bomb ratio): the signature is right for
    the manifest, but the manifest does not list these bytes."""
    import os

    parts = _parts(good)
    parts["manifest.json"] = manifest or parts["manifest.json"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("manifest.json", "manifest.sig"):
            zf.writestr(name, parts[name])
        info = zipfile.ZipInfo("data.json", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = (os.urandom(1024) + b" " * 89 * 1024) * 1024  # 90 MB, ~1 MB compressed
        with zf.open(info, "w", force_zip64=True) as f:
            for _ in range(megabytes):
                f.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize("resigned", [False, True], ids=["unsigned data", "badly signed"])
def test_a_few_megabytes_unsigned_are_refused_before_they_are_read(world, resigned):
    import tracemalloc

    province, _district, good, tmp = world
    edited = json.dumps(dict(json.loads(_parts(good)["manifest.json"]), ack=0)).encode()
    # 2 MB of file, 180 MB unzipped; badly signed: a manifest edited after signing.
    blob = _unsigned_big(good, 2, edited if resigned else None)
    assert len(blob) < 8 * 1024 * 1024
    path = tmp / "lon.ssk"
    path.write_bytes(blob)
    del blob
    before = table_hashes(province.store)
    tracemalloc.start()
    try:
        with pytest.raises(BundleRefused) as info:
            province.bundles.import_(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.code == ("bad_signature" if resigned else "tampered")
    assert peak < 48 * 1024 * 1024  # the file (a few MB), a copy or two: never its 180 MB
    assert table_hashes(province.store) == before


def test_a_catalogue_record_with_a_clashing_uid_is_refused_alone(world):
    """The province's bundle, signed by it: a campaign whose period takes the uid of another
    campaign's period is rejected alone (the database refuses it inside a SAVEPOINT); the
    other campaigns and the units still apply, and the next bundle is not blocked."""
    province, district, _good, tmp = world
    writes_format_1_to(province, "LC-TD")  # its plaintext is edited and re-signed below
    down = province.bundles.export("LC-TD", tmp / "xuong.ssk").path.read_bytes()
    data = json.loads(_parts(down)["data.json"])
    first, second = data["campaigns"][:2]
    second["periods"][0]["uid"] = first["periods"][0]["uid"]
    path = tmp / "trung_ma.ssk"
    path.write_bytes(_resign(province, down, data=c.dumps(data)))
    report = district.bundles.import_(path)
    [note] = [n for n in report.notes if n.kind == "rejected"]
    assert note.what == f"chương trình {second['name'][:100]}"
    assert note.reason == "mã định danh đã dùng cho một bản ghi khác"
    assert report.totals["rejected"] == 1
    assert report.totals["new"] + report.totals["updated"] + report.totals["unchanged"] > 5
    again = tmp / "trung_ma_2.ssk"
    again.write_bytes(_resign(province, down, data=c.dumps(data), sequence=2))
    assert district.bundles.import_(again).totals["rejected"] == 1


def test_missing_sequence_numbers_are_ranges_of_what_was_received():
    from desktop.services.sync.peers import missing_ranges, ranges_text

    assert missing_ranges([], 0) == []
    assert missing_ranges([1, 2, 3], 3) == []
    assert missing_ranges([2, 5, 6, 9], 10) == [(1, 1), (3, 4), (7, 8), (10, 10)]
    assert missing_ranges([1, 2], 20_000_000) == [(3, 20_000_000)]
    assert missing_ranges([4, 30], 10) == [(1, 3), (5, 10)]  # numbers past ``upto`` ignored
    assert ranges_text([(1, 1), (3, 4)]) == "1, 3–4"
    many = [(n, n) for n in range(1, 40, 2)]
    assert ranges_text(many).endswith("và 10 khoảng khác")


# ---- the bomb guard follows what the signed manifest declares (docs/bundle-format.md) --------
def _streamed(district: Services, good: bytes, **late) -> bytes:
    """The good bundle's data re-signed in the streamed layout; ``late``: manifest fields
    overridden after the data is written (a manifest that lies about it)."""
    parts = _parts(good)
    m = json.loads(parts["manifest.json"])
    data = json.loads(parts["data.json"])
    sections = [(k, v) for k, v in data.items() if k != "initiatives"]
    sections.append(("initiatives", data.get("initiatives", [])))
    out = io.BytesIO()
    c.write(out, m, sections, _key(district), late=(lambda: late) if late else None)
    return out.getvalue()


def test_a_manifest_that_declares_more_bytes_than_its_records_fill_is_refused(world, monkeypatch):
    """Signed, but data.json is larger than the records the manifest declares can be: refused
    after the signature, before the data is read, and nothing changes."""
    province, district, good, tmp = world
    monkeypatch.setattr(c, "ALLOWANCE_BASE", 1024)
    monkeypatch.setattr(c, "ALLOWANCE_PER_RECORD", 1024)
    path = tmp / "khai_sai.ssk"
    path.write_bytes(_streamed(district, good, records=1))
    before = table_hashes(province.store)
    with pytest.raises(BundleRefused) as info:
        province.bundles.import_(path)
    assert info.value.code == "bomb"
    assert "quá lớn so với những gì bảng kê khai (1 bản ghi)" in str(info.value)
    assert table_hashes(province.store) == before


def test_more_records_than_the_manifest_declares_are_refused_and_nothing_is_written(world):
    province, district, good, tmp = world
    records = json.loads(_parts(good)["manifest.json"]).get("records")
    assert isinstance(records, int) and records > 1  # the district writes the streamed layout
    path = tmp / "them_ban_ghi.ssk"
    path.write_bytes(_streamed(district, good, records=1))
    before = table_hashes(province.store)
    with pytest.raises(BundleRefused) as info:
        province.bundles.import_(path)
    assert info.value.code == "bomb"
    assert "nhiều bản ghi hơn bảng kê đã ký khai (1)" in str(info.value)
    assert table_hashes(province.store) == before


def test_a_big_honest_bundle_is_accepted_where_the_old_fixed_cap_refuses(world, monkeypatch):
    """The cap scales with the records declared: with a fixed cap smaller than the data, the
    streamed bundle (which declares its records) is still taken in; the same data without a
    record count (a bundle of before) is held to the old cap."""
    province, district, good, tmp = world
    data_size = len(_parts(good)["data.json"])
    monkeypatch.setattr(c, "LEGACY_MAX", data_size // 2)
    assert c.allowance({"records": 1_000_000}) > 1_500_000_000  # a province of a million
    old = tmp / "cu.ssk"
    old.write_bytes(_resign(district, good, records=None))
    with pytest.raises(BundleRefused) as info:
        province.bundles.import_(old)
    assert info.value.code == "bomb"
    honest = tmp / "that.ssk"
    honest.write_bytes(_streamed(district, good))
    assert province.bundles.import_(honest).totals["new"] >= 1


def test_a_changed_byte_in_a_streamed_bundle_is_refused_after_it_was_read(world):
    """The streamed layout is applied as it is read: a byte changed on the stick is found at
    the end of the stream, and the import is rolled back."""
    province, _district, good, tmp = world
    parts = _parts(good)
    assert b'"initiatives":[\n' in parts["data.json"]
    changed = parts["data.json"].replace(b"B\xe1\xba\xbfp", b"B\xe1\xba\xbfP", 1)
    assert changed != parts["data.json"]
    path = tmp / "sua.ssk"
    path.write_bytes(_replace(good, "data.json", changed))
    before = table_hashes(province.store)
    with pytest.raises(BundleRefused) as info:
        province.bundles.import_(path)
    assert info.value.code == "tampered"
    assert table_hashes(province.store) == before
