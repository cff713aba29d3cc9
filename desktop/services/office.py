"""This installation's office: which unit it is, and its Ed25519 key pair."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Office, Unit, UnitKind

from .common import ServiceError, local_office


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
        return self.unit_kind == UnitKind.PROVINCE


def fingerprint_of(public_key_raw: bytes) -> str:
    """SHA-256 of the raw public key, in base32 groups of four: easy to read out on the phone."""
    digest = base64.b32encode(hashlib.sha256(public_key_raw).digest()).decode("ascii")
    text = digest[:24]
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _new_key_pair() -> tuple[bytes, bytes]:
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
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def local(self) -> OfficeInfo | None:
        with self._sf() as s:
            office = local_office(s)
            return _info(s, office) if office else None

    def set_up(self, unit_id: int) -> OfficeInfo:
        """Make this PC the office of ``unit_id`` (province or district level), with a key pair."""
        with self._sf.begin() as s:
            if local_office(s) is not None:
                raise ServiceError("Máy này đã được thiết lập cho một văn phòng.")
            unit = s.get(Unit, unit_id)
            if unit is None:
                raise ServiceError("Không tìm thấy đơn vị đã chọn.")
            if unit.kind == UnitKind.GRASSROOTS:
                raise ServiceError(
                    "Văn phòng phải là LĐLĐ tỉnh hoặc công đoàn cấp trên trực tiếp cơ sở, "
                    "không phải công đoàn cơ sở."
                )
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
