"""Campaigns with their periods, deadlines, fields, participating units and quotas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from desktop.models import (
    Campaign,
    DatePrecision,
    Deadline,
    Field,
    Initiative,
    Office,
    Period,
    Quota,
    Unit,
)
from desktop.services.campaigns.closing import refuse_if_closed
from desktop.services.campaigns.dossier_items import DossierItemSpec, items_of, normalised
from desktop.services.campaigns.windows import counts_in
from desktop.services.common import (
    NotFound,
    ServiceError,
    ValidationFailed,
    audit,
    check_version,
    guard_conflicts,
    local_office,
    tick,
)
from desktop.services.rules.ownership import NotOwner, Ownership, ownership
from desktop.services.rules.records import check_campaign, check_quota
from desktop.services.units.tree import catalogue_owner, short_unit_name
from desktop.text.normalise import clean


@dataclass(frozen=True)
class DeadlineInput:
    label: str
    due_on: dt.date


@dataclass(frozen=True)
class PeriodInput:
    name: str
    count_from: dt.date | None
    count_to: dt.date | None
    deadlines: tuple[DeadlineInput, ...] = ()
    id: int | None = None  # an existing period being edited (keeps its quotas)
    target_on: dt.date | None = None  # "phấn đấu đến ngày": the target's date
    entries_close_at: dt.datetime | None = None  # entries close (aware; campaigns/deadlines.py)


@dataclass(frozen=True)
class FieldInput:
    code: str
    name: str


@dataclass(frozen=True)
class CampaignInput:
    code: str
    name: str
    plan_number: str | None = None
    plan_date: dt.date | None = None
    plan_issuer: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    nomination_limit: int | None = None
    min_per_grassroots: int | None = None
    description_limit: int = 1000
    notes: str | None = None
    periods: tuple[PeriodInput, ...] = ()
    fields: tuple[FieldInput, ...] = ()
    # The dossier's papers (dossier_items.py); None: the recognition plans' four.
    dossier_items: tuple[DossierItemSpec, ...] | None = None


@dataclass(frozen=True)
class DeadlineRow:
    id: int
    label: str
    due_on: dt.date


@dataclass(frozen=True)
class PeriodRow:
    id: int
    uid: str
    seq: int
    name: str
    count_from: dt.date | None
    count_to: dt.date | None
    deadlines: tuple[DeadlineRow, ...] = ()
    target_on: dt.date | None = None
    entries_close_at: dt.datetime | None = None

    def counts(self, day: dt.date | None, precision: DatePrecision | None = None) -> bool:
        """Whether an initiative first applied on ``day`` (a month, quarter or year with
        ``precision``) counts in this period (``windows.counts_in``: never without a date)."""
        return counts_in(day, self.count_from, self.count_to, precision)


@dataclass(frozen=True)
class FieldRow:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class CampaignRow:
    id: int
    uid: str
    code: str
    name: str
    plan_number: str | None
    plan_date: dt.date | None
    plan_issuer: str | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    nomination_limit: int | None
    min_per_grassroots: int | None
    description_limit: int
    notes: str | None
    periods: tuple[PeriodRow, ...] = ()
    fields: tuple[FieldRow, ...] = ()
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    # The row's edit version when read: send it back with ``update`` (common.EditConflict).
    edit_version: int = 0
    closed_at: dt.datetime | None = None  # khoá sổ (campaigns/closing.py)
    dossier_items: tuple[DossierItemSpec, ...] = ()

    def period_for(
        self, day: dt.date | None, precision: DatePrecision | None = None
    ) -> PeriodRow | None:
        return next((p for p in self.periods if p.counts(day, precision)), None)


def _row(c: Campaign) -> CampaignRow:
    return CampaignRow(
        id=c.id,
        uid=c.uid,
        code=c.code,
        name=c.name,
        plan_number=c.plan_number,
        plan_date=c.plan_date,
        plan_issuer=c.plan_issuer,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        nomination_limit=c.nomination_limit,
        min_per_grassroots=c.min_per_grassroots,
        description_limit=c.description_limit,
        notes=c.notes,
        periods=tuple(
            PeriodRow(
                p.id,
                p.uid,
                p.seq,
                p.name,
                p.count_from,
                p.count_to,
                tuple(DeadlineRow(d.id, d.label, d.due_on) for d in p.deadlines),
                p.target_on,
                p.entries_close_at,
            )
            for p in c.periods
        ),
        fields=tuple(FieldRow(f.id, f.code, f.name) for f in c.fields),
        unit_ids=frozenset(u.id for u in c.units),
        edit_version=c.edit_version,
        closed_at=c.closed_at,
        dossier_items=items_of(c.dossier_items),
    )


def _update_periods(s: Session, c: Campaign, periods: Sequence[PeriodInput]) -> None:
    """The campaign's periods as edited: kept by id (with their quotas), new ones added, and
    those left out removed unless an initiative belongs to one; deadlines replaced when they
    changed."""
    old = {p.id: p for p in c.periods}
    kept = {p.id for p in periods if p.id is not None}
    for pid, gone in old.items():
        if pid not in kept:
            used = s.scalar(
                select(func.count()).select_from(Initiative).where(Initiative.period_id == pid)
            )
            if used:
                raise ServiceError(
                    f"Không xoá được «{gone.name}»: đã có {used} sáng kiến thuộc giai đoạn này."
                )
            c.periods.remove(gone)
    for i, p in enumerate(periods):
        period = old.get(p.id) if p.id is not None else None
        if period is None:
            period = Period(seq=i, name=clean(p.name))
            c.periods.append(period)
        period.seq, period.name = i, clean(p.name)
        period.count_from, period.count_to = p.count_from, p.count_to
        period.target_on, period.entries_close_at = p.target_on, p.entries_close_at
        tick(s, period)
        wanted = [(clean(d.label), d.due_on) for d in p.deadlines]
        if [(d.label, d.due_on) for d in period.deadlines] != wanted:
            period.deadlines.clear()
            for label, due in wanted:
                deadline = Deadline(label=label, due_on=due)
                tick(s, deadline)
                period.deadlines.append(deadline)


def _update_fields(s: Session, c: Campaign, fields: Sequence[FieldInput]) -> None:
    """The campaign's fields as edited, kept by code."""
    old_fields = {f.code: f for f in c.fields}
    new_codes = [clean(f.code) for f in fields]
    for code_, old_field in old_fields.items():
        if code_ not in new_codes:
            c.fields.remove(old_field)
    for i, f in enumerate(fields):
        fld = old_fields.get(clean(f.code))
        if fld is None:
            fld = Field(code=clean(f.code), name=clean(f.name))
            c.fields.append(fld)
        fld.seq, fld.name = i, clean(f.name)
        tick(s, fld)


def _check(data: CampaignInput) -> None:
    """The campaign rules every entry path shares (rules.check_campaign)."""
    problems = check_campaign(data)
    if problems:
        raise ValidationFailed(problems)


CAMPAIGN_WRITES = "lập và sửa chương trình thi đua"
CAMPAIGN_NOUN = "chương trình thi đua này"


def _refuse_unless_owner(s: Session) -> None:
    own = ownership(s)
    if not own.owns_campaigns:
        raise own.province_only(CAMPAIGN_WRITES)


def quota_refusal(
    s: Session, own: Ownership, unit: Unit, campaign_id: int | None = None
) -> NotOwner | None:
    """Why this office may not set ``unit``'s quota (None: it may). In a campaign an office
    above set (the Tổng Liên đoàn's, received in its bundles), this office's own quota is
    the one that office gave."""
    if campaign_id is not None and unit.id == own.unit_id and not own.unrestricted:
        origin = s.scalar(select(Campaign.origin_office_uid).where(Campaign.id == campaign_id))
        me = local_office(s)
        if origin is not None and me is not None and origin != me.uid:
            giver = s.scalar(select(Office.name).where(Office.uid == origin)) or "cấp trên"
            return NotOwner(
                f"Chỉ tiêu của {short_unit_name(unit.name, unit.short_name)} trong chương trình "
                f"này do {giver} giao; văn phòng {own.name or 'này'} giao chỉ tiêu cho các đơn "
                "vị trực thuộc."
            )
    if own.owns_quota_of(unit.kind, unit.parent_id):
        return None
    owner = catalogue_owner(s, unit.kind, unit.parent_id)
    owner_name = short_unit_name(owner.name, owner.short_name) if owner else "cấp trên"
    return NotOwner(
        f"Chỉ tiêu của {short_unit_name(unit.name, unit.short_name)} do {owner_name} giao; "
        f"văn phòng {own.name or 'này'} chỉ xem và nhận chỉ tiêu này qua gói dữ liệu."
    )


_LOAD = (
    selectinload(Campaign.periods).selectinload(Period.deadlines),
    selectinload(Campaign.fields),
    selectinload(Campaign.units),
)


class CampaignService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def list(self, include_archived: bool = False) -> list[CampaignRow]:
        """Campaigns, newest first."""
        q = select(Campaign).options(*_LOAD).order_by(Campaign.starts_on.desc(), Campaign.id)
        if not include_archived:
            q = q.where(Campaign.archived.is_(False))
        with self._sf() as s:
            return [_row(c) for c in s.scalars(q)]

    def choices(self, include_archived: bool = False) -> Sequence[tuple[int, str]]:
        """(id, name) of the campaigns, in ``list``'s order: what a chooser shows, without
        their periods, fields and units (the first page's chooser at every start)."""
        q = select(Campaign.id, Campaign.name).order_by(Campaign.starts_on.desc(), Campaign.id)
        if not include_archived:
            q = q.where(Campaign.archived.is_(False))
        with self._sf() as s:
            return [(cid, name) for cid, name in s.execute(q)]

    def count(self, include_archived: bool = False) -> int:
        q = select(func.count()).select_from(Campaign)
        if not include_archived:
            q = q.where(Campaign.archived.is_(False))
        with self._sf() as s:
            return int(s.scalar(q) or 0)

    def get(self, campaign_id: int) -> CampaignRow:
        with self._sf() as s:
            c = s.scalar(select(Campaign).options(*_LOAD).where(Campaign.id == campaign_id))
            if c is None:
                raise NotFound("Không tìm thấy chương trình.")
            return _row(c)

    def by_code(self, code: str) -> CampaignRow:
        with self._sf() as s:
            c = s.scalar(select(Campaign).options(*_LOAD).where(Campaign.code == code))
            if c is None:
                raise NotFound(f"Không có chương trình mã «{code}».")
            return _row(c)

    def may_edit(self) -> bool:
        """Whether this office writes campaigns (the province, or no office set up yet)."""
        with self._sf() as s:
            return ownership(s).owns_campaigns

    def create(self, data: CampaignInput, unit_ids: Iterable[int] = ()) -> CampaignRow:
        with self._sf.begin() as s:
            _refuse_unless_owner(s)
            _check(data)
            if s.scalar(select(Campaign.id).where(Campaign.code == clean(data.code))):
                raise ServiceError(f"Mã chương trình «{clean(data.code)}» đã có.")
            c = Campaign(
                code=clean(data.code),
                name=clean(data.name),
                plan_number=clean(data.plan_number) or None,
                plan_date=data.plan_date,
                plan_issuer=clean(data.plan_issuer) or None,
                starts_on=data.starts_on,
                ends_on=data.ends_on,
                nomination_limit=data.nomination_limit,
                min_per_grassroots=data.min_per_grassroots,
                description_limit=data.description_limit,
                notes=clean(data.notes) or None,
                dossier_items=normalised(data.dossier_items),
            )
            tick(s, c)
            for i, p in enumerate(data.periods):
                period = Period(
                    seq=i,
                    name=clean(p.name),
                    count_from=p.count_from,
                    count_to=p.count_to,
                    target_on=p.target_on,
                    entries_close_at=p.entries_close_at,
                )
                tick(s, period)
                for d in p.deadlines:
                    deadline = Deadline(label=clean(d.label), due_on=d.due_on)
                    tick(s, deadline)
                    period.deadlines.append(deadline)
                c.periods.append(period)
            for i, f in enumerate(data.fields):
                fld = Field(seq=i, code=clean(f.code), name=clean(f.name))
                tick(s, fld)
                c.fields.append(fld)
            c.units = list(s.scalars(select(Unit).where(Unit.id.in_(list(unit_ids)))))
            s.add(c)
            s.flush()
            audit(s, "campaign", c.uid, "create", f"Thêm chương trình {c.name}")
            return _row(c)

    def update(
        self,
        campaign_id: int,
        data: CampaignInput,
        unit_ids: Iterable[int] | None = None,
        expected_version: int | None = None,
    ) -> CampaignRow:
        """Change a campaign: its plan, periods (kept by id, with their quotas), deadlines,
        fields and, when given, the participating units. ``expected_version``: the
        ``edit_version`` the editor loaded; a newer one raises EditConflict (the periods,
        deadlines, fields and units are covered by the campaign's version)."""
        with (
            guard_conflicts(self._sf, Campaign, campaign_id, CAMPAIGN_NOUN, "campaign"),
            self._sf.begin() as s,
        ):
            _refuse_unless_owner(s)
            _check(data)
            c = s.scalar(select(Campaign).options(*_LOAD).where(Campaign.id == campaign_id))
            if c is None:
                raise NotFound("Không tìm thấy chương trình.")
            check_version(s, c, expected_version, CAMPAIGN_NOUN, "campaign")
            refuse_if_closed(s, c.id)
            code = clean(data.code)
            other = s.scalar(select(Campaign.id).where(Campaign.code == code))
            if other is not None and other != c.id:
                raise ServiceError(f"Mã chương trình «{code}» đã có.")
            c.code, c.name = code, clean(data.name)
            c.plan_number = clean(data.plan_number) or None
            c.plan_date = data.plan_date
            c.plan_issuer = clean(data.plan_issuer) or None
            c.starts_on, c.ends_on = data.starts_on, data.ends_on
            c.nomination_limit = data.nomination_limit
            c.min_per_grassroots = data.min_per_grassroots
            c.description_limit = data.description_limit
            c.notes = clean(data.notes) or None
            if data.dossier_items is not None:
                c.dossier_items = normalised(data.dossier_items)
            tick(s, c)
            _update_periods(s, c, data.periods)
            _update_fields(s, c, data.fields)
            if unit_ids is not None:
                c.units = list(s.scalars(select(Unit).where(Unit.id.in_(list(unit_ids)))))
            s.flush()
            audit(s, "campaign", c.uid, "update", f"Sửa chương trình {c.name}")
            s.refresh(c)
            return _row(c)

    def copy_input(self, campaign_id: int, years: int = 1) -> CampaignInput:
        """A new campaign's input copied from an existing one, every date moved ``years``
        later (e.g. next year's cycle of a yearly campaign); save it with :meth:`create`."""
        c = self.get(campaign_id)

        def moved(d: dt.date) -> dt.date:
            try:
                return d.replace(year=d.year + years)
            except ValueError:  # 29 February
                return d.replace(year=d.year + years, day=28)

        def shift(d: dt.date | None) -> dt.date | None:
            return None if d is None else moved(d)

        def rename(text: str) -> str:
            for y in sorted({d.year for d in (c.starts_on, c.ends_on) if d}, reverse=True):
                text = text.replace(str(y), str(y + years))
            return text

        return CampaignInput(
            code=rename(c.code) if rename(c.code) != c.code else f"{c.code}-{years + 1}",
            name=rename(c.name),
            plan_number=c.plan_number,
            plan_date=shift(c.plan_date),
            plan_issuer=c.plan_issuer,
            starts_on=shift(c.starts_on),
            ends_on=shift(c.ends_on),
            nomination_limit=c.nomination_limit,
            min_per_grassroots=c.min_per_grassroots,
            description_limit=c.description_limit,
            notes=c.notes,
            periods=tuple(
                PeriodInput(
                    rename(p.name),
                    shift(p.count_from),
                    shift(p.count_to),
                    tuple(DeadlineInput(d.label, moved(d.due_on)) for d in p.deadlines),
                    target_on=shift(p.target_on),
                    entries_close_at=(
                        None
                        if p.entries_close_at is None
                        else p.entries_close_at
                        + (moved(p.entries_close_at.date()) - p.entries_close_at.date())
                    ),
                )
                for p in c.periods
            ),
            fields=tuple(FieldInput(f.code, f.name) for f in c.fields),
            dossier_items=c.dossier_items,
        )

    # ---- quotas --------------------------------------------------------------------------
    def set_quota(self, campaign_id: int, unit_id: int, period_id: int | None, target: int) -> None:
        """Set one quota; ``period_id`` None is the whole campaign."""
        problems = check_quota(target)
        if problems:
            raise ValidationFailed(problems)
        with self._sf.begin() as s:
            unit = s.get(Unit, unit_id)
            if unit is None:
                raise NotFound("Không tìm thấy đơn vị.")
            refusal = quota_refusal(s, ownership(s), unit, campaign_id)
            if refusal is not None:
                raise refusal
            q = s.scalar(
                select(Quota).where(
                    Quota.campaign_id == campaign_id,
                    Quota.unit_id == unit_id,
                    Quota.period_id.is_(None)
                    if period_id is None
                    else Quota.period_id == period_id,
                )
            )
            if q is None:
                q = Quota(campaign_id=campaign_id, unit_id=unit_id, period_id=period_id)
                s.add(q)
            q.target = target
            tick(s, q)

    def quotas(self, campaign_id: int) -> dict[tuple[int, int | None], int]:
        """All quotas of a campaign as {(unit_id, period_id or None for whole): target}."""
        with self._sf() as s:
            rows = s.execute(
                select(Quota.unit_id, Quota.period_id, Quota.target).where(
                    Quota.campaign_id == campaign_id
                )
            )
            return {(u, p): t for u, p, t in rows}
