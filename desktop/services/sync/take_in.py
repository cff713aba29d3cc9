"""Provinces merge: the merged province's office takes in the other province's whole store.

When provinces merge (2025: 63 → 34), the office of the merged province takes in everything
the other province's office holds: its units and their history, its campaigns and quotas,
every initiative with its content and status, its decisions. Never from an unsigned copy of
the database: the other office writes a **whole-store bundle**, signed with its key and
sealed for this office (it needs this office's enrolment file), and this office checks the
fingerprint read out on the phone before anything is written (``export_whole_store``,
``take_in``). The import is previewed, then applied in one transaction:

* units, events, campaigns, quotas, initiatives and decisions keep their uids, so a unit the
  two offices both hold is kept once; a code that collides with one of this office's (both
  provinces ran 01TRIEU-2022) is kept apart by the other province's code
  ("01TRIEU-2022-DN"), and a campaign's name says whose it was;
* the other province's federation merges into this office's unit on the effective day: its
  units move under this office from then on, dated, so every campaign reads as it did there
  (the counting rule, ``services/units/dated.py``); its history stays;
* everything is written at this office's clock, so its bundles carry it on to its units.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import desktop
from desktop.models import (
    Campaign,
    Decision,
    Initiative,
    InitiativeStatus,
    Office,
    Quota,
    SyncDirection,
    SyncLogEntry,
    Unit,
    UnitEventKind,
    UnitKind,
    utcnow,
)
from desktop.services.common import ServiceError, audit, tick
from desktop.services.rules.ownership import DISTRICT_STATUSES
from desktop.services.sync import container
from desktop.services.sync.apply.campaigns import apply_campaign
from desktop.services.sync.apply.context import ApplyContext
from desktop.services.sync.apply.decisions import apply_decision
from desktop.services.sync.apply.initiative_rows import parse_initiative
from desktop.services.sync.apply.units import apply_unit
from desktop.services.sync.export import sender_section
from desktop.services.sync.files import copy_off, write_verified
from desktop.services.sync.keys import KeyRing
from desktop.services.sync.office import fingerprint_of, normalise_fingerprint, read_enrolment
from desktop.services.sync.payload import (
    _campaign_record,
    _quota_record,
    _uid_maps,
    _unit_records,
    decision_record,
    initiative_record,
    load_contents,
)
from desktop.services.sync.peers import signing_seed, this_office
from desktop.services.sync.returned import insert_children, store_returned
from desktop.services.units.tree import end_unit, move_unit, set_unit_name
from desktop.text.dates import format_date

KIND = "whole_store"


@dataclass(frozen=True)
class TakeInReport:
    """What taking in the other province's store did (or, previewed, would do)."""

    sender_name: str
    province_name: str
    effective: dt.date
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    renamed: tuple[tuple[str, str], ...] = ()  # (code held there, code kept here)

    def to_json(self) -> dict[str, object]:
        return {
            "sender": self.sender_name,
            "province": self.province_name,
            "effective": self.effective.isoformat(),
            "dry_run": self.dry_run,
            "counts": self.counts,
            "renamed": [list(r) for r in self.renamed],
        }


# ---- the other province: its whole store, for the merged office --------------------------------
def collect_whole(s: Session) -> dict[str, Any]:
    """Everything this office holds, as bundles carry each record."""
    maps = _uid_maps(s)
    units = s.scalars(select(Unit).order_by(Unit.id)).all()
    ids = list(s.scalars(select(Initiative.id).order_by(Initiative.id)))
    initiatives = []
    contents = load_contents(s, ids, maps)
    for iid in ids:
        c = contents[iid]
        status = c.get("status")
        record = initiative_record(dict(c))
        record["status"] = status.value if isinstance(status, InitiativeStatus) else status
        initiatives.append(record)
    ini_uid = dict(s.execute(select(Initiative.id, Initiative.uid)).all())
    return {
        KIND: True,
        "units": _unit_records(s, units, maps),
        "campaigns": [_campaign_record(s, c) for c in s.scalars(select(Campaign))],
        "quotas": [_quota_record(q, maps) for q in s.scalars(select(Quota))],
        "initiatives": initiatives,
        "decisions": [
            decision_record(d, d.entries, maps, ini_uid, d.version or 0)
            for d in s.scalars(select(Decision).order_by(Decision.id))
        ],
    }


def export_whole_store(
    s: Session, keys: KeyRing, card_raw: bytes, fingerprint: str, out: Path
) -> Path:
    """Write this province's whole store for the merged province's office whose enrolment
    file is ``card_raw`` (its fingerprint read out on the phone: ``fingerprint``)."""
    me, my_unit = this_office(s)
    if my_unit.kind != UnitKind.PROVINCE:
        raise ServiceError("Chỉ văn phòng LĐLĐ tỉnh gửi toàn bộ dữ liệu khi sáp nhập tỉnh.")
    card = read_enrolment(card_raw)
    if normalise_fingerprint(fingerprint) != normalise_fingerprint(card.fingerprint):
        raise ServiceError(
            "Mã nhận dạng không khớp với tệp đăng ký: hãy đọc lại mã qua điện thoại với văn "
            "phòng nhận, không gửi dữ liệu."
        )
    if card.unit_kind != UnitKind.PROVINCE.value or card.office_uid == me.uid:
        raise ServiceError("Tệp đăng ký không phải của văn phòng LĐLĐ tỉnh sau sáp nhập.")
    data = collect_whole(s)
    manifest = {
        "kind": KIND,
        "sender": sender_section(me, my_unit),
        "recipient": {"office_uid": card.office_uid, "name": card.office_name},
        "created_at": utcnow().isoformat(),
        "counts": {k: len(v) for k, v in data.items() if isinstance(v, list)},
        "program_version": desktop.__version__,
    }
    blob = container.build(
        manifest,
        container.dumps(data),
        signing_seed(s, me, keys),
        version=container.format_for(card.reads_major),
        seal_for=card.public_key,
    )
    write_verified(out, blob, me.public_key or b"")
    s.add(
        SyncLogEntry(
            direction=SyncDirection.OUT,
            peer_office_uid=card.office_uid,
            peer_name=card.office_name,
            sequence=0,
            file_name=out.name,
            sha256=hashlib.sha256(blob).hexdigest(),
            accepted=True,
            reason="Toàn bộ dữ liệu gửi văn phòng tỉnh sau sáp nhập",
        )
    )
    return out


# ---- the merged province: taking it in --------------------------------------------------------
def _opened(s: Session, keys: KeyRing, raw: bytes, fingerprint: str) -> tuple[dict, dict]:
    """The manifest and data of a whole-store bundle, checked: its sender's key is the one
    read out on the phone, its signature holds, it is for this office, no byte changed."""
    rb = container.open_bundle(raw)
    m = rb.manifest
    if m.get("kind") != KIND:
        raise ServiceError(
            "Tệp này là gói dữ liệu thường, không phải toàn bộ dữ liệu của một tỉnh sáp nhập."
        )
    sender = container.section_of(m, "sender")
    try:
        public = base64.b64decode(str(sender.get("public_key") or ""), validate=True)
    except ValueError:
        raise ServiceError("Gói không ghi khoá của văn phòng gửi: bị từ chối.") from None
    if normalise_fingerprint(fingerprint) != normalise_fingerprint(fingerprint_of(public)):
        raise ServiceError(
            "Mã nhận dạng không khớp với khoá của văn phòng đã ký gói: không nhận. Hãy đọc "
            "lại mã qua điện thoại với văn phòng gửi."
        )
    if not container.verify(public, rb.signature, rb.manifest_bytes):
        raise ServiceError("Chữ ký của gói không đúng: gói đã bị sửa, không nhận.")
    me, _unit = this_office(s)
    recipient = container.section_of(m, "recipient")
    if recipient.get("office_uid") != me.uid:
        raise ServiceError(f"Gói này gửi cho {recipient.get('name') or 'văn phòng khác'}.")
    data_bytes = container.read_data(rb)
    if container.is_sealed(m):
        data_bytes = container.unseal(m, data_bytes, signing_seed(s, me, keys))
    data = container.parse_json(data_bytes, container.DATA)
    if not isinstance(data, dict) or data.get(KIND) is not True:
        raise ServiceError("Nội dung gói không đúng cấu trúc: bị từ chối.")
    return m, data


def take_in(
    s: Session,
    keys: KeyRing,
    path: Path,
    fingerprint: str,
    effective: dt.date,
    dry_run: bool,
) -> TakeInReport:
    """Take in the other province's store (in the caller's transaction: the caller rolls a
    preview back)."""
    me, my_unit = this_office(s)
    if my_unit.kind != UnitKind.PROVINCE:
        raise ServiceError("Chỉ văn phòng LĐLĐ tỉnh nhận toàn bộ dữ liệu của tỉnh sáp nhập.")
    m, data = _opened(s, keys, copy_off(path), fingerprint)
    sender = container.section_of(m, "sender")
    units = [u for u in data.get("units") or [] if isinstance(u, dict)]
    top = next((u for u in units if u.get("uid") == sender.get("unit_uid")), None)
    if top is None or top.get("kind") != UnitKind.PROVINCE.value:
        raise ServiceError("Gói không có đơn vị LĐLĐ tỉnh của văn phòng gửi.")
    if top.get("uid") == my_unit.uid:
        raise ServiceError("Đây là dữ liệu của chính tỉnh này.")
    suffix = str(top.get("code") or "TINH")[:10]
    renamed = _keep_codes_apart(s, data, suffix, str(top.get("name") or ""))
    office = _sender_office(s, sender, top)
    ctx = ApplyContext(s, me, office, _clock(s, me), taking_in=True)
    for rec in _parents_first(units):
        apply_unit(ctx, rec)
    for rec in data.get("campaigns") or []:
        if isinstance(rec, dict):
            apply_campaign(ctx, rec)
    ctx.load_units()
    counts = {
        "units": len(units),
        "campaigns": len(data.get("campaigns") or []),
        "quotas": _quotas(ctx, data.get("quotas") or []),
        "initiatives": _initiatives(ctx, data.get("initiatives") or []),
    }
    for rec in data.get("decisions") or []:
        if isinstance(rec, dict):
            apply_decision(ctx, rec)
    counts["decisions"] = len(data.get("decisions") or [])
    province = s.scalar(select(Unit).where(Unit.uid == top["uid"]))
    assert province is not None  # written above
    _merge_into_mine(s, province, s.get(Unit, my_unit.id), effective)
    audit(
        s,
        "unit",
        province.uid,
        "take_in",
        f"Nhận toàn bộ dữ liệu của {province.name} (sáp nhập từ ngày {format_date(effective)})",
        {"counts": counts, "renamed": renamed},
    )
    report = TakeInReport(
        str(sender.get("name") or ""),
        province.name,
        effective,
        dry_run,
        counts,
        tuple((a, b) for a, b in renamed),
    )
    if not dry_run:
        s.add(
            SyncLogEntry(
                direction=SyncDirection.IN,
                peer_office_uid=office.uid,
                peer_name=office.name,
                sequence=0,
                file_name=path.name[:500],
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                accepted=True,
                reason=f"Nhận toàn bộ dữ liệu của tỉnh sáp nhập: {json.dumps(counts)}",
            )
        )
    return report


def _clock(s: Session, me: Office) -> int:
    me.clock = (me.clock or 0) + 1
    return me.clock


def _sender_office(s: Session, sender: dict[str, Any], top: dict[str, Any]) -> Office:
    """The other province's office, known here from now on (its history says whose data came).
    Its unit is written first, so that the import knows whom it speaks for."""
    office = s.scalar(select(Office).where(Office.uid == sender.get("office_uid")))
    unit = s.scalar(select(Unit).where(Unit.uid == top["uid"]))
    if unit is None:
        unit = Unit(uid=top["uid"], code=top["code"], kind=UnitKind.PROVINCE)
        set_unit_name(unit, str(top.get("name") or top["code"]))
        s.add(unit)
        s.flush()
    if office is None:
        office = Office(
            uid=str(sender.get("office_uid")),
            name=str(sender.get("name") or unit.name)[:300],
            is_local=False,
            public_key=base64.b64decode(str(sender.get("public_key") or "")),
            fingerprint=str(sender.get("fingerprint") or ""),
            unit_id=unit.id,
            note="Văn phòng tỉnh đã sáp nhập",
        )
        s.add(office)
        s.flush()
    return office


def _keep_codes_apart(
    s: Session, data: dict[str, Any], suffix: str, province_name: str
) -> list[tuple[str, str]]:
    """Codes of the other store that this store uses for another record get its province's
    code; a campaign's name says whose it was. Changes ``data`` in place."""
    renamed: list[tuple[str, str]] = []
    held_units = dict(s.execute(select(Unit.code, Unit.uid)).all())
    for rec in data.get("units") or []:
        if not isinstance(rec, dict):
            continue
        code = str(rec.get("code") or "")
        if code in held_units and held_units[code] != rec.get("uid"):
            new = f"{code}-{suffix}"[:40]
            renamed.append((code, new))
            rec["code"] = new
    held_campaigns = dict(s.execute(select(Campaign.code, Campaign.uid)).all())
    for rec in data.get("campaigns") or []:
        if not isinstance(rec, dict):
            continue
        code = str(rec.get("code") or "")
        if code in held_campaigns and held_campaigns[code] != rec.get("uid"):
            new = f"{code}-{suffix}"[:40]
            renamed.append((code, new))
            rec["code"] = new
            rec["name"] = f"{rec.get('name')} ({province_name})"[:300]
    return renamed


def _parents_first(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_uid = {u.get("uid"): u for u in units}
    out: list[dict[str, Any]] = []
    seen: set[object] = set()

    def visit(u: dict[str, Any], depth: int = 0) -> None:
        if u.get("uid") in seen or depth > 20:
            return
        parent = by_uid.get(u.get("parent_uid"))
        if parent is not None:
            visit(parent, depth + 1)
        seen.add(u.get("uid"))
        out.append(u)

    for u in units:
        visit(u)
    return out


def _quotas(ctx: ApplyContext, records: list[Any]) -> int:
    n = 0
    held = set(ctx.s.scalars(select(Quota.uid)))
    for rec in records:
        if not isinstance(rec, dict) or rec.get("uid") in held:
            continue
        unit = ctx.units.get(str(rec.get("unit_uid")))
        campaign = ctx.campaigns.get(str(rec.get("campaign_uid")))
        period = ctx.periods.get(str(rec.get("period_uid"))) if rec.get("period_uid") else None
        target = rec.get("target")
        if unit is None or campaign is None or not isinstance(target, int):
            continue
        q = Quota(
            uid=rec["uid"],
            campaign_id=campaign,
            unit_id=unit[0],
            period_id=period,
            target=target,
            origin_office_uid=ctx.sender.uid,
        )
        ctx.s.add(q)
        tick(ctx.s, q)
        n += 1
    ctx.s.flush()
    return n


def _initiatives(ctx: ApplyContext, records: list[Any]) -> int:
    held = set(ctx.s.scalars(select(Initiative.uid)))
    n = 0
    now = utcnow()
    for rec in records:
        if not isinstance(rec, dict) or rec.get("uid") in held:
            continue
        row, authors, dossier, _v = parse_initiative(ctx, rec)
        try:
            status = InitiativeStatus(str(rec.get("status")))
        except ValueError:
            status = InitiativeStatus.REGISTERED
        label = ctx.label(row["unit_id"])
        iid = store_returned(ctx, row, ctx.clock, status, None, label, now)
        insert_children(ctx, iid, authors, dossier, ctx.clock, ctx.sender.uid, now)
        ini = ctx.s.get(Initiative, iid)
        if ini is not None:
            ini.status = status
            ini.status_version = None if status in DISTRICT_STATUSES else ctx.clock
        n += 1
    ctx.s.flush()
    return n


def _merge_into_mine(s: Session, province: Unit, mine: Unit | None, on: dt.date) -> None:
    """The other federation's units go under this office's unit from ``on``; it ends."""
    assert mine is not None  # this office's unit
    if province.valid_to is not None:
        return
    for child in sorted(province.children, key=lambda c: c.name_key):
        if child.valid_to is None or child.valid_to > on:
            move_unit(s, child, mine, on, note=f"Do sáp nhập {province.name} vào {mine.name}")
    end_unit(s, province, on, UnitEventKind.MERGE, other=mine)


__all__ = ["KIND", "TakeInReport", "collect_whole", "export_whole_store", "take_in"]
