"""The office's document settings: header texts, symbol, place, signer and recipients.

Kept in the store (table ``document_setting``) because they belong to the office, not to the
PC; the last values saved are the next defaults. Until saved, they are derived from the local
office's unit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import DocumentSetting, Unit

from ..common import local_office
from ..vietnamese import clean, nfc, upper_vi

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


def _place_of(name: str) -> str:
    for word in ("thành phố ", "tỉnh ", "huyện ", "thị xã "):
        i = name.casefold().find(word)
        if i >= 0:
            return name[i + len(word) :]
    return ""


def default_settings(s: Session) -> DocumentSettings:
    office = local_office(s)
    unit = s.get(Unit, office.unit_id) if office and office.unit_id else None
    if unit is None:
        return DocumentSettings(recipients="Như trên;\nLưu: VT.")
    parent = s.get(Unit, unit.parent_id) if unit.parent_id else None
    place_unit = unit
    while place_unit is not None and not _place_of(place_unit.name):
        place_unit = s.get(Unit, place_unit.parent_id) if place_unit.parent_id else None
    place = _place_of(place_unit.name) if place_unit else ""
    symbol = "LĐLĐ" if unit.name.startswith("Liên đoàn Lao động") else "CĐ"
    recipients = (
        "Tổng Liên đoàn Lao động Việt Nam (để b/c);\nThường trực LĐLĐ tỉnh;\n"
        "Các LĐLĐ huyện, thành phố, công đoàn ngành;\nLưu: VT, CSPL&QHLĐ."
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

    def save(self, settings: DocumentSettings) -> DocumentSettings:
        with self._sf.begin() as s:
            for f in fields(DocumentSettings):
                value = getattr(settings, f.name)
                value = nfc(value).strip() if f.name == "recipients" else clean(value)
                row = s.get(DocumentSetting, f.name)
                if row is None:
                    s.add(DocumentSetting(key=f.name, value=value))
                else:
                    row.value = value
        return self.load()
