"""The office's document settings: header texts, symbol, place, signer and recipients.

Kept in the store (table ``document_setting``) because they belong to the office, not to the
PC; the last values saved are the next defaults. Until saved, they are derived from the local
office's unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop.models import DocumentSetting, Unit, UnitKind
from desktop.services.common import EditConflict, audit, last_change, local_office
from desktop.text.normalise import clean, nfc, upper_vi

NATIONAL = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"


@dataclass(frozen=True)
class DocumentSettings:
    superior: str = NATIONAL  # cơ quan chủ quản, in capitals
    issuer: str = ""  # cơ quan ban hành, in capitals
    symbol: str = "LĐLĐ"  # the issuer's part of the symbol: 125/QĐ-LĐLĐ
    place: str = ""  # "Lai Châu"
    on_behalf: str = "TM. BAN THƯỜNG VỤ"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""
    recipients: str = ""  # one per line

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        return tuple(x for x in (clean(line) for line in self.recipients.splitlines()) if x)


LABELS = {
    "superior": "Cơ quan chủ quản",
    "issuer": "Cơ quan ban hành",
    "symbol": "Ký hiệu",
    "place": "Địa danh",
    "on_behalf": "Thay mặt",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Người ký",
    "recipients": "Nơi nhận",
}


class SettingsConflict(EditConflict):
    """Settings this save changes were changed by someone else since they were loaded:
    nothing is saved. ``cells``: their names; ``now``: their values in the store now."""

    def __init__(
        self,
        now: Mapping[str, str],
        who: str | None,
        when: dt.datetime | None,
        by_import: bool = False,
    ) -> None:
        self.cells = tuple(now)
        self.now = dict(now)
        lines = [f"– {LABELS.get(k, k)}: nay là «{v[:80]}»" for k, v in now.items()]
        super().__init__(
            "thiết lập văn bản này",
            who,
            when,
            None,
            by_import,
            "\n".join(lines),
        )


def _normal(name: str, value: str) -> str:
    return nfc(value).strip() if name == "recipients" else clean(value)


# A commune's, ward's or special zone's union writes its documents at that place ("Tân Phong,
# ngày …"); any other unit at its province (or old district, city, town) as its name says.
_OWN_PLACE = {
    UnitKind.COMMUNE: "xã ",
    UnitKind.WARD: "phường ",
    UnitKind.SPECIAL_ZONE: "đặc khu ",
}


def _place_of(unit: Unit) -> str:
    own = _OWN_PLACE.get(unit.kind)
    for word in (own,) if own else ("thành phố ", "tỉnh ", "huyện ", "thị xã "):
        i = unit.name.casefold().find(word)
        if i >= 0:
            return unit.name[i + len(word) :]
    return ""


def default_settings(s: Session) -> DocumentSettings:
    office = local_office(s)
    unit = s.get(Unit, office.unit_id) if office and office.unit_id else None
    if unit is None:
        return DocumentSettings(recipients="Như trên;\nLưu: VT.")
    parent = s.get(Unit, unit.parent_id) if unit.parent_id else None
    place_unit: Unit | None = unit
    while place_unit is not None and not _place_of(place_unit):
        place_unit = s.get(Unit, place_unit.parent_id) if place_unit.parent_id else None
    place = _place_of(place_unit) if place_unit else ""
    symbol = "LĐLĐ" if unit.name.startswith("Liên đoàn Lao động") else "CĐ"
    recipients = (
        "Tổng Liên đoàn Lao động Việt Nam (để b/c);\nThường trực LĐLĐ tỉnh;\n"
        "Các công đoàn cấp trên trực tiếp cơ sở;\nLưu: VT, CSPL&QHLĐ."
        if parent is None
        else f"{parent.name} (để b/c);\nCác công đoàn cơ sở trực thuộc;\nLưu: VT."
    )
    return DocumentSettings(
        superior=upper_vi(parent.name) if parent else NATIONAL,
        issuer=upper_vi(unit.name),
        symbol=symbol,
        place=place,
        recipients=recipients,
    )


class DocumentSettingsService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def load(self) -> DocumentSettings:
        with self._sf() as s:
            base = asdict(default_settings(s))
            saved = dict(s.execute(select(DocumentSetting.key, DocumentSetting.value)).all())
            for f in fields(DocumentSettings):
                if f.name in saved:
                    base[f.name] = saved[f.name]
            return DocumentSettings(**base)

    def versions(self) -> dict[str, int]:
        """{setting: edit version} of the settings saved so far, to send back with ``save``."""
        with self._sf() as s:
            return dict(s.execute(select(DocumentSetting.key, DocumentSetting.edit_version)).all())

    def save(
        self,
        settings: DocumentSettings,
        loaded: DocumentSettings | None = None,
        versions: Mapping[str, int] | None = None,
    ) -> DocumentSettings:
        """Keep ``settings`` as the office's. With ``loaded`` (what the window showed) only
        the settings changed in the window are written, so a window open for long does not
        put back an old value another officer has changed since; with ``versions`` (from
        :meth:`versions`, read with ``loaded``) a setting changed here AND there since raises
        :class:`SettingsConflict`, and nothing is saved."""
        try:
            with self._sf.begin() as s:
                clashes: dict[str, str] = {}
                writes: list[tuple[str, str, DocumentSetting | None]] = []
                for f in fields(DocumentSettings):
                    value = _normal(f.name, getattr(settings, f.name))
                    if loaded is not None and value == _normal(f.name, getattr(loaded, f.name)):
                        continue  # not changed in this window: the store's value stays
                    row = s.get(DocumentSetting, f.name)
                    if row is not None and row.value == value:
                        continue
                    version = row.edit_version if row is not None else 0
                    if versions is not None and version != versions.get(f.name, 0):
                        clashes[f.name] = row.value if row is not None else ""
                    writes.append((f.name, value, row))
                if clashes:
                    raise self._conflict(s, clashes)
                for name, value, row in writes:
                    if row is None:
                        s.add(DocumentSetting(key=name, value=value))
                    else:
                        row.value = value
                    audit(s, "document_setting", name, "update", f"{LABELS[name]}: «{value[:80]}»")
        except (StaleDataError, IntegrityError):  # lost a race inside the write
            if versions is None:
                raise
            with self._sf() as s:
                now = {
                    k: v for k, v in s.execute(select(DocumentSetting.key, DocumentSetting.value))
                }
                raise self._conflict(s, {k: now.get(k, "") for k in LABELS if k in now}) from None
        return self.load()

    @staticmethod
    def _conflict(s: Session, clashes: Mapping[str, str]) -> SettingsConflict:
        known = [
            (who, when)
            for who, when, _ in (last_change(s, "document_setting", k) for k in clashes)
            if when is not None
        ]
        who, when = max(known, key=lambda c: c[1]) if known else (None, None)
        return SettingsConflict(clashes, who, when)
