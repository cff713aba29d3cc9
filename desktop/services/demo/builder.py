"""Build the demo province: Lai Châu's units, the seeds' campaigns and quotas, and a few hundred
plausible initiatives, so a newcomer sees a living application at once.

``as_unit`` builds the store as one district-level office holds it: the province and that
district with its grassroots unions, its own quotas and initiatives, and its own key. Its
initiatives are registered or have their dossier sent, nothing more: evaluation and decisions
are the province's, and reach a district only in the province's bundle (ownership.py).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import (
    Campaign,
    Decision,
    DecisionEntry,
    DossierKind,
    Initiative,
    InitiativeStatus,
    Period,
    Quota,
    Sector,
    Unit,
    UnitKind,
)
from desktop.services.campaigns.deadlines import end_of_day
from desktop.services.campaigns.dossier_items import DEFAULT_ITEMS, PROPOSAL_ITEMS
from desktop.services.campaigns.service import (
    CampaignInput,
    CampaignRow,
    CampaignService,
    DeadlineInput,
    FieldInput,
    PeriodInput,
)
from desktop.services.common import ServiceError, tick
from desktop.services.demo import data
from desktop.services.initiatives.service import (
    AuthorInput,
    DossierInput,
    InitiativeInput,
    apply_input,
)
from desktop.services.rules.deadline import is_late
from desktop.services.rules.ownership import DISTRICT_STATUSES
from desktop.services.store.info import get_meta, set_meta
from desktop.services.sync.office import OfficeService
from desktop.services.units.tree import insert_unit

# A few hundred initiatives, spread unevenly so that some districts are clearly behind.
DEFAULT_INITIATIVES = 360
CAMPAIGN_SHARE = {"01TRIEU-2022": 0.72, "75NGHIN-2021": 0.16, "DKST-2024": 0.12}
STATUS_WEIGHTS = (
    (InitiativeStatus.REGISTERED, 30),
    (InitiativeStatus.DOSSIER_SENT, 22),
    (InitiativeStatus.UNDER_EVALUATION, 12),
    (InitiativeStatus.RECOGNISED, 24),
    (InitiativeStatus.NOT_RECOGNISED, 5),
    (InitiativeStatus.COMMENDED, 4),
    (InitiativeStatus.NOMINATED, 3),
)
# A campaign in its first year: nothing decided yet.
RUNNING_STATUS_WEIGHTS = (
    (InitiativeStatus.REGISTERED, 50),
    (InitiativeStatus.DOSSIER_SENT, 35),
    (InitiativeStatus.UNDER_EVALUATION, 15),
)
SPLITS = {1: (100,), 2: (60, 40), 3: (50, 30, 20), 4: (40, 30, 20, 10)}
ENTERPRISE_WORDS = ("công ty", "hợp tác xã", "nhà máy", "doanh nghiệp")


@dataclass(frozen=True)
class DemoSummary:
    office_name: str
    units: int
    campaigns: int
    initiatives: int


def _refuse_if_used(s: Session) -> None:
    if s.scalar(select(func.count()).select_from(Unit)):
        raise ServiceError(
            "Cơ sở dữ liệu này đã có dữ liệu; dữ liệu mẫu chỉ được tạo trong một cơ sở dữ liệu "
            "trống. Hãy chọn tệp khác bằng --db."
        )


def _unit(
    s: Session,
    code: str,
    name: str,
    kind: UnitKind,
    parent: Unit | None,
    short_name: str | None = None,
    sector: Sector | None = None,
) -> Unit:
    return insert_unit(
        s,
        code=code,
        name=name,
        kind=kind,
        parent_id=parent.id if parent else None,
        short_name=short_name,
        sector=sector,
        valid_from=dt.date(2021, 1, 1),
        note="Dữ liệu mẫu",
        uid=demo_uid(f"unit:{code}"),
    )


def demo_uid(key: str) -> str:
    """The demo's catalogue rows get the same uid in every office's demo store, so that a
    district built with ``--as`` and the province recognise each other's units and campaigns."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sangkien-demo:{key}"))


def _catalogue_uids(s: Session, code: str | None = None) -> None:
    q = select(Campaign) if code is None else select(Campaign).where(Campaign.code == code)
    for c in s.scalars(q):
        c.uid = demo_uid(f"campaign:{c.code}")
        for p in c.periods:
            p.uid = demo_uid(f"period:{c.code}:{p.seq}")
            for i, d in enumerate(p.deadlines):
                d.uid = demo_uid(f"deadline:{c.code}:{p.seq}:{i}")
        for f in c.fields:
            f.uid = demo_uid(f"field:{c.code}:{f.code}")


def _campaign_input(spec: data.CampaignSpec) -> CampaignInput:
    return CampaignInput(
        code=spec.code,
        name=spec.name,
        plan_number=spec.plan_number,
        plan_date=spec.plan_date,
        plan_issuer=spec.plan_issuer,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        nomination_limit=spec.nomination_limit,
        min_per_grassroots=spec.min_per_grassroots,
        description_limit=spec.description_limit,
        notes=spec.notes,
        periods=tuple(
            PeriodInput(
                p.name,
                p.count_from,
                p.count_to,
                tuple(DeadlineInput(d.label, d.due_on) for d in p.deadlines),
                target_on=p.target_on,
                entries_close_at=end_of_day(p.entries_close_on) if p.entries_close_on else None,
            )
            for p in spec.periods
        ),
        fields=tuple(FieldInput(f.code, f.name) for f in spec.fields),
        dossier_items=PROPOSAL_ITEMS if spec.dossier == "submission" else DEFAULT_ITEMS,
    )


District = tuple[data.UnitSpec, Unit, list[Unit]]  # its plan, its row, its grassroots unions


def build_demo(
    sf: sessionmaker[Session],
    seed: int = 2022,
    initiatives: int = DEFAULT_INITIATIVES,
    as_unit: str | None = None,
    reorganised: bool = False,
) -> DemoSummary:
    """Fill an empty store with the demo; refuse a store that already holds anything.

    ``reorganised``: the province after its 2025 reorganisation (``reorganisation.py``): the
    demo as always, then the decision effective 01/07/2025 applied through the reorganisation
    service, and the 2026 campaign DKST-2026 on the new tree. Only the province's office holds
    it (the decision is the province's)."""
    if reorganised and as_unit:
        raise ServiceError(
            "Dữ liệu mẫu sau sắp xếp chỉ tạo cho văn phòng LĐLĐ tỉnh; bỏ --as hoặc --after-2025."
        )
    rng = random.Random(seed)
    district_specs, office_code = _chosen_districts(as_unit)
    with sf.begin() as s:
        _refuse_if_used(s)
        province, districts = _build_tree(s, district_specs)
        set_meta(s, "demo", "1")
        office_unit_id = s.scalar(select(Unit.id).where(Unit.code == office_code))
    assert office_unit_id is not None
    campaigns = CampaignService(sf)
    all_units = [province.id] + [d.id for _, d, _ in districts]

    def make_campaigns() -> dict[str, CampaignRow]:
        return {
            spec.code: campaigns.create(_campaign_input(spec), all_units) for spec in data.CAMPAIGNS
        }

    if as_unit:
        # A district's campaigns come from the province (ownership.py): they exist before its
        # office, as at a real first run.
        created = make_campaigns()
        office = OfficeService(sf).set_up(office_unit_id)
    else:
        office = OfficeService(sf).set_up(office_unit_id)
        created = make_campaigns()

    with sf.begin() as s:
        _catalogue_uids(s)
        _demo_quotas(s, created, province, districts, whole_province=not as_unit)
        n_total = initiatives if not as_unit else max(20, initiatives // len(data.DISTRICT_UNITS))
        made = _demo_initiatives(s, rng, created, province, districts, n_total, bool(as_unit))
        n_units = s.scalar(select(func.count()).select_from(Unit)) or 0
        n_campaigns = s.scalar(select(func.count()).select_from(Campaign)) or 0
    if not as_unit:
        from desktop.services.demo.evaluation import (
            build_demo_council,  # issue 6: council, scores, settings
        )

        build_demo_council(sf, seed)
    if reorganised:
        n_units, n_campaigns, more = _reorganise(sf, seed, created)
        made += more
    return DemoSummary(office.name, n_units, n_campaigns, made)


def _reorganise(
    sf: sessionmaker[Session], seed: int, created: dict[str, CampaignRow]
) -> tuple[int, int, int]:
    """The 2025 story on the built demo: DKST-2024's district targets of 2025, the decision
    effective 01/07/2025 (applied as an officer would, by the reorganisation service), then
    DKST-2026 with quotas and initiatives under the new tree. Returns the units, campaigns and
    initiatives it leaves / made."""
    from desktop.services.demo import reorganisation as reorg
    from desktop.services.units.reorganise import ReorganisationService

    dkst = created["DKST-2024"]
    year_2025 = next(p for p in dkst.periods if p.count_from == dt.date(2025, 1, 1))
    with sf.begin() as s:
        for code, target in reorg.DKST_2025_DISTRICT_QUOTAS.items():
            unit_id = s.scalar(select(Unit.id).where(Unit.code == code))
            assert unit_id is not None
            _quota(s, dkst.id, unit_id, year_2025.id, target)
    ReorganisationService(sf).apply(reorg.change_rows(), reorg.EFFECTIVE)

    spec = reorg.DKST_2026
    quotas = {u.code: u.quota_2026 for u in reorg.NEW_UNIONS}
    quotas.update(reorg.DKST_2026_UNCHANGED_QUOTAS)
    ids = {code: _unit_id(sf, code) for code in (data.PROVINCE.code, *quotas)}
    campaign = CampaignService(sf).create(_campaign_input(spec), ids.values())
    period = campaign.periods[0]
    rng = random.Random(seed + 2026)  # apart from the first draw: the old figures stay alike
    with sf.begin() as s:
        _catalogue_uids(s, spec.code)
        _quota(s, campaign.id, ids[data.PROVINCE.code], None, sum(quotas.values()))
        holders: list[tuple[Unit, list[Unit]]] = []
        for code, target in quotas.items():
            unit = s.get(Unit, ids[code])
            assert unit is not None
            _quota(s, campaign.id, unit.id, None, target)
            _quota(s, campaign.id, unit.id, period.id, target)
            alive = sorted((c for c in unit.children if c.valid_to is None), key=lambda c: c.code)
            if alive:
                holders.append((unit, alive))
        weights = [quotas[u.code] * rng.uniform(0.5, 1.5) for u, _ in holders]
        for _ in range(reorg.DKST_2026_INITIATIVES):
            _, grassroots = rng.choices(holders, weights=weights)[0]
            _initiative(
                s,
                rng,
                spec,
                campaign.id,
                campaign.fields,
                period,
                rng.choice(grassroots),
                statuses=RUNNING_STATUS_WEIGHTS,
            )
        n_units = s.scalar(select(func.count()).select_from(Unit)) or 0
        n_campaigns = s.scalar(select(func.count()).select_from(Campaign)) or 0
    return n_units, n_campaigns, reorg.DKST_2026_INITIATIVES


def _unit_id(sf: sessionmaker[Session], code: str) -> int:
    with sf() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == code))
    assert unit_id is not None
    return unit_id


def _chosen_districts(as_unit: str | None) -> tuple[list[data.UnitSpec], str]:
    """The districts the demo builds and the unit of its office: the province and all its
    districts, or one district (``as_unit``: its code, name or short name) as its own office."""
    district_specs = list(data.DISTRICT_UNITS)
    if not as_unit:
        return district_specs, data.PROVINCE.code
    wanted = [d for d in district_specs if as_unit in {d.code, d.name, d.short_name}]
    if not wanted:
        raise ServiceError(
            f"Không có đơn vị cấp huyện «{as_unit}» trong dữ liệu mẫu. Các mã có: "
            + ", ".join(d.code for d in district_specs)
        )
    return wanted, wanted[0].code


def _build_tree(s: Session, district_specs: list[data.UnitSpec]) -> tuple[Unit, list[District]]:
    """The province, its districts and their grassroots unions, each with its CREATE event."""
    province = _unit(
        s,
        data.PROVINCE.code,
        data.PROVINCE.name,
        UnitKind.PROVINCE,
        None,
        data.PROVINCE.short_name,
    )
    districts: list[District] = []
    for spec in district_specs:
        d = _unit(s, spec.code, spec.name, UnitKind(spec.kind), province, spec.short_name)
        grassroots = []
        for i, name in enumerate(data.grassroots_names(spec), start=1):
            sector = (
                Sector.ENTERPRISE
                if any(w in name.casefold() for w in ENTERPRISE_WORDS)
                else Sector.ADMINISTRATIVE
            )
            grassroots.append(
                _unit(s, f"{spec.code}-{i:02d}", name, UnitKind.GRASSROOTS, d, sector=sector)
            )
        districts.append((spec, d, grassroots))
    return province, districts


def _demo_quotas(
    s: Session,
    created: dict[str, CampaignRow],
    province: Unit,
    districts: list[District],
    whole_province: bool,
) -> None:
    """The plans' targets: the province's for every campaign (at the province's own office),
    and each district's for 01TRIEU-2022, whole and per year."""
    trieu = created["01TRIEU-2022"]
    p1, p2 = trieu.periods[0].id, trieu.periods[1].id
    if whole_province:
        for cspec in data.CAMPAIGNS:
            c = created[cspec.code]
            if cspec.province_target:
                _quota(s, c.id, province.id, None, cspec.province_target)
            for period_spec, period in zip(cspec.periods, c.periods, strict=True):
                if period_spec.target:
                    _quota(s, c.id, province.id, period.id, period_spec.target)
    for spec, d, _ in districts:
        _quota(s, trieu.id, d.id, None, spec.quota_whole)
        _quota(s, trieu.id, d.id, p1, spec.quota_2022)
        _quota(s, trieu.id, d.id, p2, spec.quota_2023)


_DECIDED = (
    InitiativeStatus.RECOGNISED,
    InitiativeStatus.COMMENDED,
    InitiativeStatus.NOMINATED,
    InitiativeStatus.NOT_RECOGNISED,
)


def _demo_initiatives(
    s: Session,
    rng: random.Random,
    created: dict[str, CampaignRow],
    province: Unit,
    districts: list[District],
    n_total: int,
    at_district: bool,
) -> int:
    """``n_total`` plausible initiatives spread over the campaigns and the grassroots unions
    (busier districts get more), with the decisions of those already decided. Returns how
    many were made."""
    # How busy each district is: some far ahead, some behind.
    pace = {d.id: rng.uniform(0.4, 1.6) for _, d, _ in districts}
    weights = [pace[d.id] * spec.quota_whole for spec, d, _ in districts]
    made = 0
    decisions: dict[int, Decision] = {}
    for code, share in CAMPAIGN_SHARE.items():
        campaign = created[code]
        cspec = data.campaign(code)
        count = round(n_total * share) if code != "DKST-2024" else n_total - made
        for _ in range(count):
            _, _, grassroots = rng.choices(districts, weights=weights)[0]
            unit = rng.choice(grassroots)
            period = campaign.periods[rng.randrange(len(campaign.periods))]
            ini = _initiative(
                s, rng, cspec, campaign.id, campaign.fields, period, unit, at_district
            )
            made += 1
            if ini.status in _DECIDED:
                decision = decisions.get(period.id)
                if decision is None:
                    decision = _decision(s, campaign.id, period, province.id, len(decisions))
                    decisions[period.id] = decision
                _decision_entry(s, decision, ini)
    return made


def _decision_entry(s: Session, decision: Decision, ini: Initiative) -> None:
    refused = ini.status == InitiativeStatus.NOT_RECOGNISED
    entry = DecisionEntry(
        initiative_id=ini.id,
        recognised=not refused,
        reason="Chưa chứng minh được hiệu quả áp dụng thực tế." if refused else None,
    )
    tick(s, entry)
    decision.entries.append(entry)


def _quota(s: Session, campaign_id: int, unit_id: int, period_id: int | None, target: int) -> None:
    q = Quota(
        uid=demo_uid(f"quota:{_quota_key(s, campaign_id, unit_id, period_id)}"),
        campaign_id=campaign_id,
        unit_id=unit_id,
        period_id=period_id,
        target=target,
    )
    tick(s, q)
    s.add(q)


def _quota_key(s: Session, campaign_id: int, unit_id: int, period_id: int | None) -> str:
    period = s.get(Period, period_id) if period_id else None
    campaign, unit = s.get(Campaign, campaign_id), s.get(Unit, unit_id)
    return f"{campaign.code if campaign else ''}:{unit.code if unit else ''}:" + (
        str(period.seq) if period else "*"
    )


def _decision(s: Session, campaign_id: int, period: object, issuer_id: int, n: int) -> Decision:
    signed = getattr(period, "count_to", None) or dt.date.today()
    d = Decision(
        campaign_id=campaign_id,
        period_id=getattr(period, "id", None),
        issuer_unit_id=issuer_id,
        number=f"{125 + 40 * n}/QĐ-LĐLĐ",
        signed_on=min(signed + dt.timedelta(days=45), dt.date.today()),
        signer_title="Chủ tịch",
    )
    tick(s, d)
    s.add(d)
    return d


def _initiative(
    s: Session,
    rng: random.Random,
    spec: data.CampaignSpec,
    campaign_id: int,
    fields: tuple,
    period: object,
    unit: Unit,
    district_office: bool = False,
    statuses: tuple[tuple[InitiativeStatus, int], ...] = STATUS_WEIGHTS,
) -> Initiative:
    fld = rng.choice(fields)
    title = data.initiative_title(rng, fld.code)
    n_authors = rng.choices((1, 2, 3, 4), weights=(62, 20, 12, 6))[0]
    authors = tuple(
        AuthorInput(
            full_name=data.person_name(rng),
            job_title=data.job_title(rng, unit.name),
            workplace=unit.name.removeprefix("Công đoàn cơ sở "),
            is_member=rng.random() < 0.93,
            contribution_pct=Decimal(pct),
        )
        for pct in SPLITS[n_authors]
    )
    start = getattr(period, "count_from", None) or spec.starts_on
    end = min(getattr(period, "count_to", None) or spec.ends_on, dt.date.today())
    applied = start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))
    status = rng.choices([w[0] for w in statuses], weights=[w[1] for w in statuses])[0]
    if district_office and status not in DISTRICT_STATUSES:
        status = InitiativeStatus.DOSSIER_SENT  # the province has not evaluated anything yet
    dossier: tuple[DossierInput, ...] = ()
    if status != InitiativeStatus.REGISTERED:
        received = min(applied + dt.timedelta(days=rng.randint(10, 60)), dt.date.today())
        kinds = (
            (DossierKind.SUBMISSION, DossierKind.SUMMARY)
            if spec.dossier == "submission"
            else (DossierKind.LETTER, DossierKind.APPLICATION, DossierKind.DESCRIPTION)
        )
        dossier = tuple(DossierInput(k, received) for k in kinds)
    data_in = InitiativeInput(
        campaign_id=campaign_id,
        unit_id=unit.id,
        title=title,
        authors=authors,
        field_id=fld.id,
        sector=unit.sector,
        period_id=getattr(period, "id", None),
        description=data.description(rng, title),
        benefit_vnd=data.benefit_vnd(rng, fld.code),
        applied_on=applied,
        registered_on=max(start, applied - dt.timedelta(days=rng.randint(0, 30))),
        confidential=rng.random() < 0.02,
        dossier=dossier,
    )
    ini = Initiative(status=status)
    s.add(ini)
    apply_input(s, ini, data_in)
    # Typed back then, on its registration day; late only if that was past the period's entry
    # deadline, as every office judges the record it receives (rules/deadline.py).
    assert data_in.registered_on is not None
    entered = dt.datetime.combine(data_in.registered_on, dt.time(9), tzinfo=dt.UTC)
    ini.created_at = entered
    ini.entered_late = is_late(getattr(period, "entries_close_at", None), entered)
    tick(s, ini)
    if status not in DISTRICT_STATUSES:  # the province has evaluated it (ownership.py)
        ini.status_version = ini.version
    s.flush()
    return ini


def is_demo(sf: sessionmaker[Session]) -> bool:
    return get_meta(sf, "demo") == "1"
