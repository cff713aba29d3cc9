"""Offices for the bundle tests: a province and districts, each its own SQLite file and key,
enrolled with each other; built once, copied per test."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

from sqlalchemy import inspect, select, text

from desktop.models import Campaign, Initiative, Unit
from desktop.services.demo.builder import build_demo
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.store.opening import Store, open_store


def fingerprint(services: Services) -> str:
    """The fingerprint of the office set up on ``services`` (read aloud when enrolling)."""
    office = services.office.local()
    assert office is not None and office.fingerprint, "no office set up"
    return office.fingerprint


def build_offices(
    folder: Path, districts: tuple[str, ...] = ("LC-TD",), enrol: bool = True
) -> dict[str, Path]:
    """``{"LC": province.db, "LC-TD": district.db, ...}``, all enrolled with the province."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"LC": folder / "LC.db", **{d: folder / f"{d}.db" for d in districts}}
    stores = {}
    for code, path in paths.items():
        store = open_store(str(path))
        build_demo(
            store.session_factory,
            initiatives=40 if code == "LC" else 20,
            as_unit=None if code == "LC" else code,
        )
        stores[code] = Services.over(store)
    province = stores["LC"]
    for code in districts if enrol else ():
        district = stores[code]
        province.enrolment.enrol(district.enrolment.enrolment_file(), fingerprint(district))
        district.enrolment.enrol(province.enrolment.enrolment_file(), fingerprint(province))
    for s in stores.values():
        s.store.close()
    return paths


def copy_offices(template: dict[str, Path], dest: Path) -> dict[str, Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    for code, path in template.items():
        target = dest / path.name
        shutil.copy(path, target)
        out[code] = target
    return out


def table_hashes(store: Store, skip: tuple[str, ...] = ("sync_log",)) -> dict[str, str]:
    """A hash of every table's rows (all columns, in primary-key order), but ``skip``."""
    out = {}
    with store.engine.connect() as conn:
        for name in sorted(inspect(conn).get_table_names()):
            if name in skip:
                continue
            rows = conn.execute(text(f'SELECT * FROM "{name}" ORDER BY 1')).all()
            out[name] = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
    return out


def add_initiative(services: Services, unit_code: str, title: str, author: str = "Lò Văn A") -> int:
    sf = services.store.session_factory
    with sf() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == unit_code))
        campaign = s.scalar(select(Campaign).where(Campaign.code == "01TRIEU-2022"))
        assert unit_id is not None and campaign is not None
        campaign_id, period_id = campaign.id, campaign.periods[0].id
        field_id = campaign.fields[0].id
    detail = services.initiatives.create(
        InitiativeInput(
            campaign_id=campaign_id,
            unit_id=unit_id,
            title=title,
            authors=(AuthorInput(full_name=author, contribution_pct=Decimal(100)),),
            field_id=field_id,
            period_id=period_id,
            description="Mô tả ngắn.",
            applied_on=dt.date(2022, 5, 1),
        )
    )
    return detail.id


def initiative_by_title(services: Services, title: str) -> Initiative | None:
    with services.store.session_factory() as s:
        return s.scalar(select(Initiative).where(Initiative.title == title))


def writes_format_1_to(services: Services, peer_code: str) -> None:
    """Make ``services`` write its bundles to ``peer_code`` in format 1 (unsealed), as it does
    to a peer of release 0.1 that never said it reads format 2. For the tests that edit a
    bundle's plaintext data and re-sign it, as a malicious or buggy peer could; the importer
    reads both formats and applies the same checks after unsealing."""
    from desktop.models import Office, SyncPeer

    with services.store.session_factory.begin() as s:
        uid = s.scalar(select(Office.uid).join(Unit).where(Unit.code == peer_code))
        peer = s.scalar(select(SyncPeer).where(SyncPeer.office_uid == uid))
        assert peer is not None, peer_code
        peer.reads_major = None
