"""The evaluation council: its members, its scoring criteria, and which initiatives it
reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from desktop.models import (
    Campaign,
    Council,
    CouncilMember,
    CouncilReview,
    Criterion,
    Initiative,
    InitiativeStatus,
    Period,
    Score,
    Unit,
)
from desktop.services.common import (
    NotFound,
    ServiceError,
    audit,
    check_version,
    guard_conflicts,
    local_office,
    tick,
)
from desktop.services.evaluation.base import EvaluationPart, move_status
from desktop.services.rules.ownership import NotOwner, Ownership, ownership
from desktop.text.normalise import clean, fold
from desktop.text.numbers import format_number

DEFAULT_CRITERIA: tuple[tuple[str, int], ...] = (
    ("Tính mới", 30),
    ("Tính hiệu quả", 30),
    ("Khả năng áp dụng", 25),
    ("Phạm vi ảnh hưởng", 15),
)

# What a district office is told it may not do (``Ownership.province_only``): evaluation is the
# province's, and its decisions reach the districts in the province's bundle.
COUNCIL_WORK = "lập hội đồng thẩm định sáng kiến"
COUNCIL_EDIT = "sửa thành viên và tiêu chí chấm điểm của hội đồng thẩm định"
COUNCIL_NOUN = "hội đồng này"  # in EditConflict: «Hội đồng này vừa được … sửa lúc …»
REVIEW_WORK = "chọn sáng kiến đưa ra hội đồng thẩm định"


# ---- input -------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemberInput:
    full_name: str
    role: str | None = None
    workplace: str | None = None


@dataclass(frozen=True)
class CriterionInput:
    name: str
    max_points: int


@dataclass(frozen=True)
class CouncilInput:
    campaign_id: int
    name: str
    period_id: int | None = None
    unit_id: int | None = None
    established_on: dt.date | None = None
    dossier_due_on: dt.date | None = None
    pass_mark: Decimal | None = None
    members: tuple[MemberInput, ...] = ()
    criteria: tuple[CriterionInput, ...] = tuple(CriterionInput(n, p) for n, p in DEFAULT_CRITERIA)


# ---- output ------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemberRow:
    id: int
    full_name: str
    role: str | None
    workplace: str | None


@dataclass(frozen=True)
class CriterionRow:
    id: int
    name: str
    max_points: int


@dataclass(frozen=True)
class CouncilRow:
    id: int
    uid: str
    campaign_id: int
    period_id: int | None
    unit_id: int | None
    name: str
    established_on: dt.date | None
    dossier_due_on: dt.date | None
    pass_mark: Decimal | None
    members: tuple[MemberRow, ...]
    criteria: tuple[CriterionRow, ...]
    reviewed: int
    # The council's edit version when read (members and criteria are covered by it): send
    # it back with CouncilService.edit / set_criteria (common.EditConflict).
    edit_version: int = 0

    @property
    def total_points(self) -> int:
        return sum(c.max_points for c in self.criteria)


def council_row(s: Session, c: Council) -> CouncilRow:
    reviewed = (
        s.scalar(
            select(func.count()).select_from(CouncilReview).where(CouncilReview.council_id == c.id)
        )
        or 0
    )
    return CouncilRow(
        id=c.id,
        uid=c.uid,
        campaign_id=c.campaign_id,
        period_id=c.period_id,
        unit_id=c.unit_id,
        name=c.name,
        established_on=c.established_on,
        dossier_due_on=c.dossier_due_on,
        pass_mark=Decimal(c.pass_mark) if c.pass_mark is not None else None,
        members=tuple(MemberRow(m.id, m.full_name, m.role, m.workplace) for m in c.members),
        criteria=tuple(CriterionRow(k.id, k.name, k.max_points) for k in c.criteria),
        reviewed=reviewed,
        edit_version=c.edit_version,
    )


def load_council(s: Session, council_id: int) -> Council:
    c = s.get(Council, council_id)
    if c is None:
        raise NotFound("Không tìm thấy hội đồng.")
    return c


def check_council_input(data: CouncilInput) -> None:
    if not clean(data.name):
        raise ServiceError("Tên hội đồng không được để trống.")
    if not data.criteria:
        raise ServiceError("Hội đồng cần ít nhất một tiêu chí chấm điểm.")
    names = [clean(c.name) for c in data.criteria]
    if any(not n for n in names):
        raise ServiceError("Tiêu chí chấm điểm phải có tên.")
    if len({fold(n) for n in names}) != len(names):
        raise ServiceError("Hai tiêu chí chấm điểm trùng tên.")
    for c in data.criteria:
        if c.max_points <= 0:
            raise ServiceError(f"Điểm tối đa của tiêu chí «{clean(c.name)}» phải lớn hơn 0.")
    if any(not clean(m.full_name) for m in data.members):
        raise ServiceError("Thành viên hội đồng phải có họ tên.")
    total = sum(c.max_points for c in data.criteria)
    if data.pass_mark is not None and not 0 <= data.pass_mark <= total:
        raise ServiceError(f"Điểm đạt phải từ 0 đến {total} (tổng điểm các tiêu chí).")


def _apply_criteria(
    s: Session, c: Council, criteria: Sequence[tuple[int | None, str, int]]
) -> None:
    """Rename, reweight, add (id None) or remove the council's criteria, refusing a weight
    below points already given and the removal of a criterion with points."""
    data = CouncilInput(
        c.campaign_id, c.name, criteria=tuple(CriterionInput(n, p) for _, n, p in criteria)
    )
    check_council_input(data)
    existing = {k.id: k for k in c.criteria}
    kept = {cid for cid, _, _ in criteria if cid is not None}
    if kept - existing.keys():
        raise NotFound("Không tìm thấy tiêu chí chấm điểm.")
    for k in list(c.criteria):
        if k.id not in kept:
            if s.scalar(select(func.count()).where(Score.criterion_id == k.id)):
                raise ServiceError(f"Tiêu chí «{k.name}» đã có điểm chấm; không xoá được.")
            c.criteria.remove(k)
    for i, (cid, name, points) in enumerate(criteria):
        if cid is None:
            k = Criterion(seq=i, name=clean(name), max_points=points)
            c.criteria.append(k)
        else:
            k = existing[cid]
            top = s.scalar(select(func.max(Score.points)).where(Score.criterion_id == cid))
            if top is not None and points < top:
                raise ServiceError(
                    f"Tiêu chí «{clean(name)}»: đã có phiếu chấm {format_number(top, 2)}"
                    f" điểm, không thể hạ điểm tối đa xuống {points}."
                )
            k.seq, k.name, k.max_points = i, clean(name), points
        tick(s, k)
    total = sum(points for _, _, points in criteria)
    if c.pass_mark is not None and c.pass_mark > total:
        raise ServiceError(
            f"Điểm đạt của hội đồng là {format_number(c.pass_mark, 2)}, lớn hơn tổng điểm"
            f" các tiêu chí ({total})."
        )


def _apply_members(
    s: Session,
    c: Council,
    members: Sequence[tuple[int | None, MemberInput]],
    remove_scored: bool,
) -> list[str]:
    """Keep, reorder, add (id None) and remove the council's members; returns the names of
    those removed. A member who has scored goes only with ``remove_scored``, sheets and all."""
    existing = {m.id: m for m in c.members}
    kept = {mid for mid, _ in members if mid is not None}
    if kept - existing.keys():
        raise NotFound("Không tìm thấy thành viên hội đồng.")
    removed_names = []
    for m in list(c.members):
        if m.id in kept:
            continue
        n = s.scalar(
            select(func.count(func.distinct(Score.initiative_id))).where(Score.member_id == m.id)
        )
        if n and not remove_scored:
            raise ServiceError(
                f"Thành viên {m.full_name} đã chấm {n} sáng kiến; xoá thành viên này"
                " thì các phiếu chấm của họ cũng bị xoá."
            )
        if n:
            s.execute(delete(Score).where(Score.member_id == m.id))
        removed_names.append(m.full_name)
        c.members.remove(m)
    for i, (mid, data) in enumerate(members):
        if mid is None:
            m = CouncilMember(seq=i)
            c.members.append(m)
        else:
            m = existing[mid]
        m.seq = i
        m.full_name = clean(data.full_name)
        m.role = clean(data.role) or None
        m.workplace = clean(data.workplace) or None
        tick(s, m)
    return removed_names


class CouncilService(EvaluationPart):
    """Councils, their members and criteria, and the initiatives each one reviews."""

    # ---- the council ---------------------------------------------------------------------
    def create(self, data: CouncilInput) -> CouncilRow:
        self._refuse_unless_owner(COUNCIL_WORK, council=True)
        check_council_input(data)
        with self._sf.begin() as s:
            campaign = s.get(Campaign, data.campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            if data.period_id is not None:
                period = s.get(Period, data.period_id)
                if period is None or period.campaign_id != campaign.id:
                    raise ServiceError("Giai đoạn không thuộc chương trình đã chọn.")
            c = Council(
                campaign_id=data.campaign_id,
                period_id=data.period_id,
                unit_id=data.unit_id,
                name=clean(data.name),
                established_on=data.established_on,
                dossier_due_on=data.dossier_due_on,
                pass_mark=data.pass_mark,
            )
            tick(s, c)
            for i, m in enumerate(data.members):
                member = CouncilMember(
                    seq=i,
                    full_name=clean(m.full_name),
                    role=clean(m.role) or None,
                    workplace=clean(m.workplace) or None,
                )
                tick(s, member)
                c.members.append(member)
            for i, k in enumerate(data.criteria):
                crit = Criterion(seq=i, name=clean(k.name), max_points=k.max_points)
                tick(s, crit)
                c.criteria.append(crit)
            s.add(c)
            s.flush()
            audit(s, "council", c.uid, "create", f"Lập hội đồng «{c.name}»")
            return council_row(s, c)

    def all(self, campaign_id: int | None = None) -> list[CouncilRow]:
        q = select(Council).options(selectinload(Council.members), selectinload(Council.criteria))
        if campaign_id is not None:
            q = q.where(Council.campaign_id == campaign_id)
        with self._sf() as s:
            return [council_row(s, c) for c in s.scalars(q.order_by(Council.id))]

    def get(self, council_id: int) -> CouncilRow:
        with self._sf() as s:
            return council_row(s, load_council(s, council_id))

    # ---- members and criteria ------------------------------------------------------------
    def add_member(self, council_id: int, member: MemberInput) -> MemberRow:
        self._refuse_unless_owner(COUNCIL_EDIT, council=True, council_id=council_id)
        if not clean(member.full_name):
            raise ServiceError("Thành viên hội đồng phải có họ tên.")
        with self._sf.begin() as s:
            c = load_council(s, council_id)
            m = CouncilMember(
                seq=len(c.members),
                full_name=clean(member.full_name),
                role=clean(member.role) or None,
                workplace=clean(member.workplace) or None,
            )
            tick(s, m)
            c.members.append(m)
            s.flush()
            audit(s, "council", c.uid, "member", f"Thêm thành viên {m.full_name}")
            return MemberRow(m.id, m.full_name, m.role, m.workplace)

    def set_criteria(
        self,
        council_id: int,
        criteria: Sequence[tuple[int | None, str, int]],
        expected_version: int | None = None,
    ) -> None:
        """Rename, reweight, add (id None) or remove criteria. A weight cannot drop below
        points already given; a criterion with points cannot be removed."""
        self._refuse_unless_owner(COUNCIL_EDIT, council=True, council_id=council_id)
        with (
            guard_conflicts(self._sf, Council, council_id, COUNCIL_NOUN, "council"),
            self._sf.begin() as s,
        ):
            c = load_council(s, council_id)
            check_version(s, c, expected_version, COUNCIL_NOUN, "council")
            _apply_criteria(s, c, criteria)
            tick(s, c)
            audit(s, "council", c.uid, "criteria", f"Sửa tiêu chí chấm điểm của «{c.name}»")

    def edit(
        self,
        council_id: int,
        members: Sequence[tuple[int | None, MemberInput]],
        criteria: Sequence[tuple[int | None, str, int]],
        remove_scored: bool = False,
        expected_version: int | None = None,
    ) -> CouncilRow:
        """Save the members and criteria of a council at once (all or nothing).

        ``members``: (id or None for a new member, values), in their order; a member left out
        is removed. A member who has scored is removed only with ``remove_scored`` (their
        sheets go with them, so the averages change)."""
        self._refuse_unless_owner(COUNCIL_EDIT, council=True, council_id=council_id)
        if not members:
            raise ServiceError("Hội đồng cần ít nhất một thành viên.")
        if any(not clean(m.full_name) for _, m in members):
            raise ServiceError("Thành viên hội đồng phải có họ tên.")
        # the criteria as typed first, before any question about the members
        check_council_input(
            CouncilInput(0, "-", criteria=tuple(CriterionInput(n, p) for _, n, p in criteria))
        )
        with (
            guard_conflicts(self._sf, Council, council_id, COUNCIL_NOUN, "council"),
            self._sf.begin() as s,
        ):
            c = load_council(s, council_id)
            check_version(s, c, expected_version, COUNCIL_NOUN, "council")
            removed_names = _apply_members(s, c, members, remove_scored)
            _apply_criteria(s, c, criteria)
            tick(s, c)
            s.flush()
            what = f"Sửa thành viên, tiêu chí của «{c.name}»"
            if removed_names:
                what += "; bỏ " + ", ".join(removed_names)
            audit(s, "council", c.uid, "edit", what)
            s.refresh(c)
            return council_row(s, c)

    # ---- which initiatives the council reviews -------------------------------------------
    def add_reviews(self, council_id: int, initiative_ids: Iterable[int]) -> int:
        self._refuse_unless_owner(REVIEW_WORK, council=True, council_id=council_id)
        with self._sf.begin() as s:
            c = load_council(s, council_id)
            have = set(
                s.scalars(
                    select(CouncilReview.initiative_id).where(CouncilReview.council_id == c.id)
                )
            )
            ids = [i for i in dict.fromkeys(initiative_ids) if i not in have]
            rows = s.execute(
                select(Initiative.id, Initiative.campaign_id, Initiative.title).where(
                    Initiative.id.in_(ids)
                )
            ).all()
            if len(rows) != len(ids):
                raise NotFound("Không tìm thấy một số sáng kiến.")
            own = ownership(s)
            for iid, cid, title in rows:
                if cid != c.campaign_id:
                    raise ServiceError(
                        f"Sáng kiến «{title}» không thuộc chương trình của hội đồng."
                    )
                if not own.owns_evaluation and not _writes_content_of(s, own, iid):
                    raise NotOwner(
                        f"Sáng kiến «{title}» không thuộc các công đoàn cơ sở của văn phòng "
                        f"{own.name or 'này'}: hội đồng của văn phòng chỉ thẩm định sáng kiến "
                        "của các đơn vị trực thuộc."
                    )
                r = CouncilReview(council_id=c.id, initiative_id=iid)
                tick(s, r)
                s.add(r)
            # The official status moves at the authority's council only: an upper-level
            # union's own council screens before proposing, the province still evaluates.
            if own.owns_evaluation:
                for ini in s.scalars(select(Initiative).where(Initiative.id.in_(ids))):
                    if ini.status in (InitiativeStatus.REGISTERED, InitiativeStatus.DOSSIER_SENT):
                        move_status(s, ini, InitiativeStatus.UNDER_EVALUATION, f"council:{c.uid}")
            return len(ids)

    def is_own(self, council_id: int) -> bool:
        """Does this office write this council (an authority: every one; a direct upper-level
        union: the ones it set up)?"""
        with self._sf() as s:
            own = ownership(s)
            if own.owns_evaluation:
                return True
            if not own.owns_councils:
                return False
            origin = s.scalar(select(Council.origin_office_uid).where(Council.id == council_id))
            me = local_office(s)
            return me is not None and origin == me.uid

    def candidates(self, campaign_id: int, period_id: int | None = None) -> list[int]:
        """Initiatives whose dossier was sent (or already under evaluation) that no council of
        the campaign reviews yet: what a new council takes on."""
        with self._sf() as s:
            reviewed = (
                select(CouncilReview.initiative_id)
                .join(Council, Council.id == CouncilReview.council_id)
                .where(Council.campaign_id == campaign_id)
            )
            q = select(Initiative.id).where(
                Initiative.campaign_id == campaign_id,
                Initiative.deleted_at.is_(None),
                Initiative.status.in_(
                    [InitiativeStatus.DOSSIER_SENT, InitiativeStatus.UNDER_EVALUATION]
                ),
                Initiative.id.not_in(reviewed),
            )
            if period_id is not None:
                q = q.where(Initiative.period_id == period_id)
            ids = list(s.scalars(q.order_by(Initiative.title_key, Initiative.id)))
            own = ownership(s)
            if own.owns_evaluation:
                return ids
            # An upper-level union's own council: the initiatives of its own unions.
            return [i for i in ids if _writes_content_of(s, own, i)]

    def remove_review(self, council_id: int, initiative_id: int) -> None:
        self._refuse_unless_owner(REVIEW_WORK, council=True, council_id=council_id)
        with self._sf.begin() as s:
            if s.scalar(
                select(func.count())
                .select_from(Score)
                .join(CouncilMember, CouncilMember.id == Score.member_id)
                .where(CouncilMember.council_id == council_id, Score.initiative_id == initiative_id)
            ):
                raise ServiceError("Sáng kiến đã có phiếu chấm điểm; không bỏ khỏi hội đồng được.")
            s.execute(
                delete(CouncilReview).where(
                    CouncilReview.council_id == council_id,
                    CouncilReview.initiative_id == initiative_id,
                )
            )

    def reviewed_ids(self, council_id: int) -> list[int]:
        with self._sf() as s:
            return list(
                s.scalars(
                    select(CouncilReview.initiative_id)
                    .join(Initiative, Initiative.id == CouncilReview.initiative_id)
                    .where(CouncilReview.council_id == council_id)
                    .order_by(Initiative.title_key, Initiative.id)
                )
            )


def _writes_content_of(s: Session, own: Ownership, initiative_id: int) -> bool:
    unit = s.scalar(
        select(Unit)
        .join(Initiative, Initiative.unit_id == Unit.id)
        .where(Initiative.id == initiative_id)
    )
    return unit is not None and own.owns_content(unit.parent_id, unit.id)
