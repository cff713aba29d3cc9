"""What a store holds, in a few numbers: for ``sangkien info`` and the status bar."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import AppMeta, Campaign, Initiative, UnitKind
from desktop.services.store.opening import Store, current_revision, head_revision
from desktop.services.sync.office import OfficeInfo, OfficeService
from desktop.services.units.tree import UnitService


@dataclass(frozen=True)
class CampaignSummary:
    code: str
    name: str
    initiatives: int


@dataclass(frozen=True)
class StoreInfo:
    database: str
    schema_revision: str | None
    schema_head: str
    office: OfficeInfo | None
    units_by_kind: dict[str, int]
    district_level_units: int
    campaigns: list[CampaignSummary]
    initiatives: int
    is_demo: bool

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.office:
            data["office"]["unit_kind"] = self.office.unit_kind
        return data


def get_meta(sf: sessionmaker[Session], key: str) -> str | None:
    with sf() as s:
        row = s.get(AppMeta, key)
        return row.value if row else None


def set_meta(s: Session, key: str, value: str) -> None:
    s.merge(AppMeta(key=key, value=value))


def store_info(store: Store) -> StoreInfo:
    sf = store.session_factory
    by_kind = UnitService(sf).counts_by_kind()
    with sf() as s:
        per_campaign = s.execute(
            select(Campaign.code, Campaign.name, func.count(Initiative.id))
            .outerjoin(
                Initiative,
                (Initiative.campaign_id == Campaign.id) & Initiative.deleted_at.is_(None),
            )
            .group_by(Campaign.id, Campaign.code, Campaign.name)
            .order_by(Campaign.starts_on.desc())
        ).all()
        total = s.scalar(
            select(func.count()).select_from(Initiative).where(Initiative.deleted_at.is_(None))
        )
    return StoreInfo(
        database=store.description,
        schema_revision=current_revision(store.engine),
        schema_head=head_revision(),
        office=OfficeService(sf).local(),
        units_by_kind={k.value: by_kind.get(k, 0) for k in UnitKind},
        district_level_units=sum(n for k, n in by_kind.items() if k.is_district_level),
        campaigns=[CampaignSummary(c, n, k) for c, n, k in per_campaign],
        initiatives=total or 0,
        is_demo=get_meta(sf, "demo") == "1",
    )
