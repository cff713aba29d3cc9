"""What every document builder reads the same way: the campaign, the decision, the units and
their districts, the issuer's name, the letterhead and signature, the initiatives in scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    Campaign,
    Decision,
    Initiative,
    InitiativeStatus,
    Period,
    Unit,
)
from desktop.services.campaigns.progress import campaign_root, window_of
from desktop.services.campaigns.windows import counted_in
from desktop.services.common import NotFound, ServiceError, local_office
from desktop.services.documents.kinds import DocumentRequest
from desktop.services.documents.model import GroupRow, Letterhead, Signature
from desktop.services.documents.settings import DocumentSettings
from desktop.services.evaluation.decisions import in_force, refuse_unless_in_force
from desktop.services.units.dated import DatedTree, UnitAt
from desktop.text.dates import document_date_line
from desktop.text.normalise import clean, fold, upper_vi

# One row of a table, made from its number, the initiative and its grassroots unit as it
# stood on the initiative's date.
MakeRow = Callable[[int, Initiative, UnitAt], tuple[Any, ...]]


def signature(cfg: DocumentSettings) -> Signature:
    return Signature(cfg.on_behalf, cfg.signer_title, cfg.signer_name)


def decision_signature(cfg: DocumentSettings, d: Decision) -> Signature:
    """The signer of a decision, else the office's signer."""
    return Signature(
        cfg.on_behalf,
        d.signer_title or cfg.signer_title,
        d.signer_name or cfg.signer_name,
    )


def blank_number(symbol: str) -> str:
    return f"Số:        /{symbol}"


def campaign_of(s: Session, campaign_id: int) -> Campaign:
    c = s.get(Campaign, campaign_id)
    if c is None:
        raise NotFound("Không tìm thấy chương trình.")
    return c


def letterhead(cfg: DocumentSettings, number: str, on: dt.date) -> Letterhead:
    return Letterhead(
        upper_vi(cfg.superior),
        upper_vi(cfg.issuer),
        number,
        document_date_line(cfg.place, on),
    )


def decision_of(s: Session, req: DocumentRequest) -> Decision:
    if req.decision_id is None:
        latest = s.scalar(
            select(Decision)
            .where(Decision.campaign_id == req.campaign_id, in_force())
            .order_by(Decision.signed_on.desc(), Decision.id.desc())
        )
        if latest is None:
            raise ServiceError(
                "Chương trình chưa có quyết định công nhận nào; hãy lập quyết định trước."
            )
        return latest
    d = s.get(Decision, req.decision_id)
    if d is None or d.campaign_id != req.campaign_id:
        raise NotFound("Không tìm thấy quyết định của chương trình.")
    refuse_unless_in_force(s, d)
    return d


def report_day(s: Session, req: DocumentRequest) -> dt.date:
    """The day whose tree a document shows: the end of the counting window of its period (of
    the whole campaign when none is chosen), or today when that comes first."""
    today = dt.date.today()
    campaign = s.get(Campaign, req.campaign_id)
    if campaign is None:
        return today
    period = s.get(Period, req.period_id) if req.period_id is not None else None
    _start, end = window_of(campaign, period)
    return min(end, today) if end else today


def issuer_name(s: Session, cfg: DocumentSettings) -> str:
    """The issuer as a sentence names it ("Liên đoàn Lao động tỉnh Lai Châu"): the unit
    whose name in capitals is the header's issuer, else the header's text."""
    name = clean(cfg.issuer)
    office = local_office(s)
    for unit_id in (office.unit_id if office else None,):
        unit = s.get(Unit, unit_id) if unit_id else None
        if unit is not None and upper_vi(unit.name) == upper_vi(name):
            return unit.name
    found = s.scalar(select(Unit.name).where(Unit.name_folded.startswith(fold(name))))
    return found if found and upper_vi(found) == upper_vi(name) else name


def scoped_initiatives(
    s: Session, req: DocumentRequest, statuses: Iterable[InitiativeStatus] | None = None
) -> list[Initiative]:
    q = select(Initiative).where(
        Initiative.campaign_id == req.campaign_id, Initiative.deleted_at.is_(None)
    )
    if statuses is not None:
        q = q.where(Initiative.status.in_(list(statuses)))
    if req.period_id is not None:
        period = s.get(Period, req.period_id)
        if period is None:
            raise NotFound("Không tìm thấy giai đoạn.")
        q = q.where(
            counted_in(
                Initiative.applied_on,
                period.count_from,
                period.count_to,
                Initiative.applied_precision,
            )
        )
    return list(s.scalars(q))


def scope_unit(s: Session, req: DocumentRequest) -> int | None:
    """The district-level unit whose initiatives go in: asked for, else this office's own
    when it is a district-level office, else all."""
    if req.unit_id is not None:
        return req.unit_id
    office = local_office(s)
    if office and office.unit_id:
        unit = s.get(Unit, office.unit_id)
        if unit is not None and unit.kind.is_district_level:
            return unit.id
    return None


def grouped(
    s: Session, req: DocumentRequest, inis: Iterable[Initiative], make_row: MakeRow
) -> tuple[list[Any], int, Unit | None]:
    """The rows by district (a group row heads each, unless one district is in scope), by
    author and title within: the rows, how many initiatives, and the district in scope."""
    dated = DatedTree.load(s)
    day = report_day(s, req)
    scope = scope_unit(s, req)
    period = s.get(Period, req.period_id) if req.period_id is not None else None
    opens = period.count_from if period is not None else None

    def counted_on(ini: Initiative) -> dt.date:
        """The day it counts by: its first day inside the period (a month or quarter begun
        before the window opened counts from the window's first day, as the dashboard)."""
        if ini.applied_on is None:
            return day
        return max(ini.applied_on, opens) if opens is not None else ini.applied_on

    groups: dict[int, list[Initiative]] = {}
    for ini in inis:
        # Its upper-level union then: where it counted (services/units/dated.py).
        g = dated.upper_on(ini.unit_id, counted_on(ini))
        if scope is not None and g != scope:
            continue
        groups.setdefault(g, []).append(ini)
    heads = {g: dated.at(g, dated.last_day(g, day)) for g in groups}
    body: list[Any] = []
    n = 0
    for gid in sorted(groups, key=lambda g: heads[g].name_key):
        if scope is None:
            body.append(GroupRow(heads[gid].name))
        for ini in sorted(groups[gid], key=lambda i: (i.authors_key, i.title_key, i.id)):
            n += 1
            body.append(make_row(n, ini, dated.at(ini.unit_id, counted_on(ini))))
    return body, n, (s.get(Unit, scope) if scope is not None else None)


def parent_unit(s: Session, campaign_id: int | None = None) -> Unit:
    """The unit whose children the quota and progress tables list: this office's (for a
    campaign of a province it took in: that province's federation), else the root."""
    office = local_office(s)
    if office and office.unit_id:
        unit_id = office.unit_id
        if campaign_id is not None:
            unit_id = campaign_root(s, campaign_id, unit_id)
        unit = s.get(Unit, unit_id)
        if unit is not None:
            return unit
    root = s.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    if root is None:
        raise ServiceError("Chưa có đơn vị nào.")
    return root
