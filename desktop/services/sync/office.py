"""This installation's office: which unit it is, and its Ed25519 key pair."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

# cryptography loads when a key is made or used (an enrolment file signed or read), not
# with the program: the first page only asks which office this PC is.
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Office, Unit, UnitKind, UnitLevel, utcnow
from desktop.services.common import ServiceError, audit, local_office
from desktop.services.sync.keys import KeyRing, check_new_passphrase, is_protected, protect, unlock
from desktop.services.units.tree import set_unit_name
from desktop.text.dates import format_date


@dataclass(frozen=True)
class OfficeInfo:
    uid: str
    name: str
    unit_id: int | None
    unit_code: str | None
    unit_kind: UnitKind | None
    fingerprint: str | None

    @property
    def is_province(self) -> bool:
        """An authority office (province, central sector union, Tổng Liên đoàn)."""
        return self.unit_kind is not None and self.unit_kind.level <= UnitLevel.PROVINCE


def fingerprint_of(public_key_raw: bytes) -> str:
    """SHA-256 of the raw public key, in base32 groups of four: easy to read out on the phone."""
    digest = base64.b32encode(hashlib.sha256(public_key_raw).digest()).decode("ascii")
    text = digest[:24]
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _new_key_pair() -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return private, public


def _info(session: Session, office: Office) -> OfficeInfo:
    unit = session.get(Unit, office.unit_id) if office.unit_id else None
    return OfficeInfo(
        uid=office.uid,
        name=office.name,
        unit_id=office.unit_id,
        unit_code=unit.code if unit else None,
        unit_kind=unit.kind if unit else None,
        fingerprint=office.fingerprint,
    )


class OfficeService:
    def __init__(
        self, session_factory: sessionmaker[Session], keyring: KeyRing | None = None
    ) -> None:
        self._sf = session_factory
        self._keys = keyring or KeyRing()

    # ---- the office's key at rest (services/sync/keys.py) -------------------------------------
    def _stored_key(self, s: Session) -> tuple[Office, bytes]:
        office = local_office(s)
        if office is None or office.private_key is None:
            raise ServiceError("Máy này chưa được thiết lập văn phòng nên chưa có khoá.")
        return office, bytes(office.private_key)

    def key_protected(self) -> bool:
        """The office's key is sealed with a passphrase."""
        with self._sf() as s:
            office = local_office(s)
            return bool(office and is_protected(office.private_key))

    def key_locked(self) -> bool:
        """Signing or opening a bundle needs the passphrase first (this run has not had it)."""
        with self._sf() as s:
            office = local_office(s)
            if office is None or office.private_key is None:
                return False
            return not self._keys.is_unlocked(office.private_key)

    def unlock_key(self, passphrase: str) -> None:
        """Check the passphrase and keep the key unlocked for this run of the program."""
        with self._sf() as s:
            _office, stored = self._stored_key(s)
        self._keys.unlock(stored, passphrase)

    def protect_key(
        self, passphrase: str, again: str | None = None, old: str | None = None
    ) -> None:
        """Seal the office's key with ``passphrase`` (a new one replaces ``old``). The key and
        its fingerprint stay the same: no peer needs to re-enrol."""
        check_new_passphrase(passphrase, again)
        with self._sf.begin() as s:
            office, stored = self._stored_key(s)
            seed = self._keys.seed(stored) if not old else unlock(stored, old)
            office.private_key = protect(seed, passphrase)
            audit(s, "office", office.uid, "protect_key", "Đặt mật khẩu cho khoá của văn phòng")
        with self._sf() as s:
            _office, stored = self._stored_key(s)
        self._keys.unlock(stored, passphrase)

    def local(self) -> OfficeInfo | None:
        with self._sf() as s:
            office = local_office(s)
            return _info(s, office) if office else None

    def set_up(self, unit_id: int) -> OfficeInfo:
        """Make this PC the office of ``unit_id``, with a key pair: the Tổng Liên đoàn or a
        central sector union, a province, a direct upper-level union, or a large grassroots
        union that receives and sums up its members' initiatives itself (relations.py)."""
        with self._sf.begin() as s:
            if local_office(s) is not None:
                raise ServiceError("Máy này đã được thiết lập cho một văn phòng.")
            unit = s.get(Unit, unit_id)
            if unit is None:
                raise ServiceError("Không tìm thấy đơn vị đã chọn.")
            if unit.valid_to is not None and unit.valid_to <= utcnow().date():
                raise ServiceError(f"{unit.name} đã kết thúc hoạt động: không thể làm văn phòng.")
            private, public = _new_key_pair()
            office = Office(
                unit_id=unit.id,
                name=unit.name,
                is_local=True,
                private_key=private,
                public_key=public,
                fingerprint=fingerprint_of(public),
            )
            s.add(office)
            s.flush()
            # Records made before the office existed (the unit list itself) are now its own.
            for table in (Unit,):
                s.query(table).filter(table.origin_office_uid.is_(None)).update(
                    {table.origin_office_uid: office.uid}
                )
            return _info(s, office)


# ---- enrolment: exchanging public keys between offices ---------------------------------------
ENROLMENT_FORMAT = "sangkien-enrolment"
# The bundle format majors this program reads (sync/container.py READS; a test keeps the
# two equal without this module importing the bundle package).
BUNDLE_FORMATS_READ = (1, 2)
ENROLMENT_VERSION = 1
MAX_ENROLMENT_BYTES = 64 * 1024


@dataclass(frozen=True)
class PeerInfo:
    uid: str
    name: str
    unit_code: str | None
    unit_kind: UnitKind | None
    fingerprint: str | None
    enrolled_at: object
    note: str | None


@dataclass(frozen=True)
class EnrolmentCard:
    """What an enrolment file says, shown before the person confirms the fingerprint."""

    office_uid: str
    office_name: str
    unit_uid: str
    unit_code: str
    unit_name: str
    unit_kind: str
    public_key: bytes
    fingerprint: str
    # The newest bundle format major the office's program reads (None: an older program that
    # did not say): from 2, bundles to it are sealed from the very first one.
    reads_major: int | None = None


@dataclass(frozen=True)
class EnrolResult:
    peer: PeerInfo
    re_enrolled: bool
    already: bool


def normalise_fingerprint(text: str) -> str:
    """What a person typed, read out on the phone: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _canonical(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _peer_info(session: Session, office: Office) -> PeerInfo:
    unit = session.get(Unit, office.unit_id) if office.unit_id else None
    return PeerInfo(
        uid=office.uid,
        name=office.name,
        unit_code=unit.code if unit else None,
        unit_kind=unit.kind if unit else None,
        fingerprint=office.fingerprint,
        enrolled_at=office.enrolled_at,
        note=office.note,
    )


def _reads_major(value: object) -> int | None:
    if not isinstance(value, list):
        return None
    known = [m for m in value if isinstance(m, int) and not isinstance(m, bool) and 0 < m < 100]
    return max(known) if known else None


def read_enrolment(raw: bytes) -> EnrolmentCard:
    """Parse and self-check an enrolment file; a Vietnamese ServiceError if it is not one."""
    bad = ServiceError("Tệp này không phải tệp đăng ký văn phòng của Sổ Sáng Kiến.")
    if len(raw) > MAX_ENROLMENT_BYTES:
        raise bad
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise bad from None
    if not isinstance(doc, dict) or doc.get("format") != ENROLMENT_FORMAT:
        raise bad
    if not isinstance(doc.get("format_version"), int) or doc["format_version"] > ENROLMENT_VERSION:
        raise ServiceError(
            "Tệp đăng ký được tạo bằng phiên bản mới hơn; hãy cập nhật Sổ Sáng Kiến."
        )
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        body = {k: v for k, v in doc.items() if k != "signature"}
        office, unit = doc["office"], doc["unit"]
        public = base64.b64decode(doc["public_key"], validate=True)
        signature = base64.b64decode(doc["signature"], validate=True)
        card = EnrolmentCard(
            office_uid=str(office["uid"]),
            office_name=str(office["name"]),
            unit_uid=str(unit["uid"]),
            unit_code=str(unit["code"]),
            unit_name=str(unit["name"]),
            unit_kind=str(unit["kind"]),
            public_key=public,
            fingerprint=fingerprint_of(public),
            reads_major=_reads_major(doc.get("reads_bundle_formats")),
        )
        Ed25519PublicKey.from_public_bytes(public).verify(signature, _canonical(body))
    except (KeyError, TypeError, ValueError, InvalidSignature):
        raise ServiceError(
            "Tệp đăng ký bị hỏng hoặc đã bị sửa (chữ ký không khớp với khoá)."
        ) from None
    return card


class EnrolmentService:
    """Keys of this office and of the offices it exchanges bundles with."""

    def __init__(
        self, session_factory: sessionmaker[Session], keyring: KeyRing | None = None
    ) -> None:
        self._sf = session_factory
        self._keys = keyring or KeyRing()

    def enrolment_file(self) -> bytes:
        """This office's enrolment file: its identity and public key, self-signed."""
        with self._sf() as s:
            office = local_office(s)
            if office is None or office.public_key is None or office.private_key is None:
                raise ServiceError("Máy này chưa được thiết lập văn phòng nên chưa có khoá.")
            unit = s.get(Unit, office.unit_id) if office.unit_id else None
            if unit is None:
                raise ServiceError("Văn phòng này chưa gắn với đơn vị nào.")
            body = {
                "format": ENROLMENT_FORMAT,
                "format_version": ENROLMENT_VERSION,
                "office": {"uid": office.uid, "name": office.name},
                "unit": {
                    "uid": unit.uid,
                    "code": unit.code,
                    "name": unit.name,
                    "kind": unit.kind.value,
                },
                "public_key": base64.b64encode(office.public_key).decode("ascii"),
                "fingerprint": office.fingerprint,
                # Which bundle formats this program reads: the peer seals from the first one.
                "reads_bundle_formats": list(BUNDLE_FORMATS_READ),
            }
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            key = Ed25519PrivateKey.from_private_bytes(self._keys.seed(office.private_key))
            body["signature"] = base64.b64encode(key.sign(_canonical(body))).decode("ascii")
            return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")

    def read(self, raw: bytes) -> EnrolmentCard:
        return read_enrolment(raw)

    def peers(self) -> list[PeerInfo]:
        with self._sf() as s:
            rows = s.scalars(select(Office).where(Office.is_local.is_(False)).order_by(Office.name))
            return [_peer_info(s, o) for o in rows]

    def enrol(self, raw: bytes, fingerprint: str, re_enrol: bool = False) -> EnrolResult:
        """Enrol the office of an enrolment file if ``fingerprint`` (read out by that office on
        the phone or printed on a stamped letter) matches its key. A unit that is already
        enrolled with another key is replaced only with ``re_enrol`` (a lost or new PC)."""
        card = read_enrolment(raw)
        if normalise_fingerprint(fingerprint) != normalise_fingerprint(card.fingerprint):
            raise ServiceError(
                "Dấu vân tay không khớp với khoá trong tệp đăng ký. Không đăng ký: hãy gọi "
                "điện lại cho văn phòng đó để đối chiếu, tệp có thể đã bị tráo."
            )
        with self._sf.begin() as s:
            unit = _enrolment_unit(s, card)
            existing = s.scalar(
                select(Office).where(Office.is_local.is_(False), Office.unit_id == unit.id)
            ) or s.scalar(select(Office).where(Office.uid == card.office_uid))
            fp = fingerprint_of(card.public_key)
            if existing is not None and existing.public_key == card.public_key:
                if existing.uid != card.office_uid:
                    raise ServiceError("Tệp đăng ký mâu thuẫn với văn phòng đã đăng ký.")
                return EnrolResult(_peer_info(s, existing), re_enrolled=False, already=True)
            if existing is not None and not re_enrol:
                raise ServiceError(
                    f"«{existing.name}» đã được đăng ký với một khoá khác (dấu vân tay "
                    f"{existing.fingerprint}). Nếu văn phòng đó đã thay máy hoặc mất máy, hãy "
                    "chọn «Đăng ký lại»; việc này được ghi vào nhật ký."
                )
            if existing is None:
                return _enrol_new(s, card, unit, fp)
            return _re_enrol(s, card, existing, fp)


def _enrolment_unit(s: Session, card: EnrolmentCard) -> Unit:
    """The unit an enrolment card names, if this office may enrol it (else ServiceError)."""
    me = local_office(s)
    if me is None:
        raise ServiceError("Hãy thiết lập văn phòng của máy này trước khi đăng ký.")
    if card.office_uid == me.uid or card.public_key == me.public_key:
        raise ServiceError("Đây là tệp đăng ký của chính văn phòng này.")
    from desktop.services.sync.relations import is_above, is_authority

    unit = s.scalar(select(Unit).where(Unit.uid == card.unit_uid)) or s.scalar(
        select(Unit).where(Unit.code == card.unit_code)
    )
    my_unit = s.get(Unit, me.unit_id) if me.unit_id else None
    if unit is None and my_unit is not None and _national_card(card, my_unit):
        # The Tổng Liên đoàn above a province whose catalogue starts at the province: its
        # signed card names it; its bundles bring the rest of the national catalogue.
        unit = Unit(uid=card.unit_uid, code=card.unit_code, kind=UnitKind.NATIONAL)
        set_unit_name(unit, card.unit_name)
        s.add(unit)
        s.flush()
    if unit is None:
        raise ServiceError(
            f"Đơn vị «{card.unit_name}» ({card.unit_code}) không có trong danh mục đơn "
            "vị của máy này; hãy nhận danh mục từ văn phòng cấp trên trước."
        )
    if my_unit is None or not (is_above(s, unit, my_unit) or is_above(s, my_unit, unit)):
        raise ServiceError(
            "Chỉ đăng ký giữa một văn phòng và văn phòng cấp trên hoặc cấp dưới của nó (theo "
            f"cây tổ chức): «{unit.name}» không ở trên hay dưới văn phòng này."
        )
    if (
        unit.uid != card.unit_uid
        and is_authority(unit.kind)
        and is_above(s, my_unit, unit)
        and s.scalar(select(Unit.id).where(Unit.uid == card.unit_uid)) is None
    ):
        # An authority below (a province under the Tổng Liên đoàn) keeps its own entry: the
        # same unit, known by code, goes by the uid its office gave it, so that the quotas
        # and campaigns sent to it name it as it knows itself.
        unit.uid = card.unit_uid
        s.flush()
    return unit


def _national_card(card: EnrolmentCard, my_unit: Unit) -> bool:
    return card.unit_kind == UnitKind.NATIONAL.value and my_unit.kind in (
        UnitKind.PROVINCE,
        UnitKind.CENTRAL_SECTOR,
    )


def _enrol_new(s: Session, card: EnrolmentCard, unit: Unit, fp: str) -> EnrolResult:
    """A first enrolment: the peer office and its sync state."""
    from desktop.models import SyncPeer

    office = Office(
        uid=card.office_uid,
        unit_id=unit.id,
        name=card.office_name,
        is_local=False,
        public_key=card.public_key,
        fingerprint=fp,
    )
    s.add(office)
    state = s.scalar(select(SyncPeer).where(SyncPeer.office_uid == card.office_uid))
    if state is None:
        state = SyncPeer(office_uid=card.office_uid)
        s.add(state)
    state.reads_major = card.reads_major
    s.flush()
    audit(s, "office", office.uid, "enrol", f"Đăng ký văn phòng {office.name} ({fp})")
    return EnrolResult(_peer_info(s, office), re_enrolled=False, already=False)


def _re_enrol(s: Session, card: EnrolmentCard, existing: Office, fp: str) -> EnrolResult:
    """A unit's office on a new key (a lost or new PC): the sync state starts afresh."""
    from desktop.models import SyncPeer

    old_uid, old_fp = existing.uid, existing.fingerprint
    peer = s.scalar(select(SyncPeer).where(SyncPeer.office_uid == old_uid))
    existing.uid = card.office_uid
    existing.name = card.office_name
    existing.public_key = card.public_key
    existing.fingerprint = fp
    existing.enrolled_at = utcnow()
    stamp = format_date(utcnow().date())
    existing.note = (
        (existing.note or "") + f"\nĐăng ký lại ngày {stamp}; khoá cũ {old_fp}."
    ).strip()
    if peer is None:
        peer = SyncPeer(office_uid=card.office_uid)
        s.add(peer)
    # A new PC starts with nothing: the next bundle to it carries everything, and its
    # bundles are numbered and clocked afresh.
    peer.office_uid = card.office_uid
    peer.reads_major = card.reads_major  # the new PC's program says what it reads
    peer.acked_clock = 0
    peer.received_clock = 0
    peer.last_sequence_in = 0
    peer.epoch = (peer.epoch or 0) + 1
    s.flush()
    audit(
        s,
        "office",
        existing.uid,
        "re-enrol",
        f"Đăng ký lại văn phòng {existing.name}: khoá {old_fp} → {fp}",
        {"old_uid": old_uid, "old_fingerprint": old_fp, "new_fingerprint": fp},
    )
    return EnrolResult(_peer_info(s, existing), re_enrolled=True, already=False)


def read_enrolment_file(path: str | os.PathLike[str]) -> EnrolmentCard:
    """Read an enrolment file from disk (bounded) and check it."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            raw = f.read(MAX_ENROLMENT_BYTES + 1)
    except OSError as exc:
        raise ServiceError(f"Không đọc được «{p.name}»: {exc.strerror or exc}.") from None
    return read_enrolment(raw)


def enrol_file(
    service: EnrolmentService, path: str | os.PathLike[str], fingerprint: str, re_enrol: bool
) -> EnrolResult:
    p = Path(path)
    try:
        with p.open("rb") as f:
            raw = f.read(MAX_ENROLMENT_BYTES + 1)
    except OSError as exc:
        raise ServiceError(f"Không đọc được «{p.name}»: {exc.strerror or exc}.") from None
    return service.enrol(raw, fingerprint, re_enrol=re_enrol)


def write_enrolment_file(service: EnrolmentService, path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    raw = service.enrolment_file()
    try:
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_bytes(raw)
        os.replace(tmp, p)
    except OSError as exc:
        raise ServiceError(f"Không ghi được «{p}»: {exc.strerror or exc}.") from None
    return p
