"""Evaluation and recognition: the council, its scores, the dossier check, decisions and
nominations to the level above.

Scoring rule (as councils apply it): a member has scored an initiative when they have given
points for every criterion; the initiative's score is the average of those members' totals,
dropping the single highest and the single lowest total when five or more members scored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop.models import (
    Campaign,
    Council,
    CouncilMember,
    CouncilReview,
    Criterion,
    Decision,
    DecisionEntry,
    DossierIssue,
    DossierIssueKind,
    DossierItem,
    DossierKind,
    Field,
    Initiative,
    InitiativeStatus,
    Nomination,
    Period,
    Score,
    Unit,
    UnitKind,
    utcnow,
)
from desktop.services import labels
from desktop.services.common import (
    EditConflict,
    NotFound,
    ServiceError,
    audit,
    check_version,
    guard_conflicts,
    last_change,
    tick,
)
from desktop.services.initiatives import service as initiatives
from desktop.services.rules.ownership import ownership
from desktop.services.units.tree import short_unit_name
from desktop.text.dates import format_date
from desktop.text.normalise import clean, fold, nfc
from desktop.text.numbers import format_number

DEFAULT_CRITERIA: tuple[tuple[str, int], ...] = (
    ("Tính mới", 30),
    ("Tính hiệu quả", 30),
    ("Khả năng áp dụng", 25),
    ("Phạm vi ảnh hưởng", 15),
)
TRIM_FROM = 5  # with this many members or more, the highest and lowest totals are dropped
REQUIRED_DOSSIER = (
    DossierKind.LETTER,
    DossierKind.APPLICATION,
    DossierKind.DESCRIPTION,
    DossierKind.OTHER,
)
ISSUE_KIND = {
    DossierIssueKind.COMPLAINT: "Khiếu nại về nội dung, kết quả",
    DossierIssueKind.AUTHORSHIP: "Tranh chấp về quyền tác giả",
}
DECIDED = (
    InitiativeStatus.RECOGNISED,
    InitiativeStatus.NOT_RECOGNISED,
    InitiativeStatus.COMMENDED,
    InitiativeStatus.NOMINATED,
)
NOMINABLE = (InitiativeStatus.RECOGNISED, InitiativeStatus.COMMENDED, InitiativeStatus.NOMINATED)
TWO = Decimal("0.01")

# What a district office is told it may not do (``Ownership.province_only``): evaluation is the
# province's, and its decisions reach the districts in the province's bundle.
COUNCIL_WORK = "lập hội đồng thẩm định sáng kiến"
COUNCIL_EDIT = "sửa thành viên và tiêu chí chấm điểm của hội đồng thẩm định"
COUNCIL_NOUN = "hội đồng này"  # in EditConflict: «Hội đồng này vừa được … sửa lúc …»


class ScoreConflict(EditConflict):
    """Points of this sheet were changed since it was loaded: nothing is saved.

    ``cells``: the criterion ids; ``now``: what they hold in the store now (None: none)."""

    def __init__(
        self,
        now: Mapping[int, Decimal | None],
        names: Mapping[int, str],
        who: str | None,
        when: dt.datetime | None,
    ) -> None:
        self.cells = tuple(now)
        self.now = dict(now)
        lines = [
            f"– {names.get(k, '?')}: nay là "
            + (format_number(v, 2 if v != int(v) else 0) if v is not None else "chưa chấm")
            for k, v in now.items()
        ]
        super().__init__("phiếu chấm điểm này", who, when, what="\n".join(lines))


REVIEW_WORK = "chọn sáng kiến đưa ra hội đồng thẩm định"
SCORE_WORK = "chấm điểm sáng kiến"
ISSUE_WORK = "ghi và giải quyết khiếu nại, tranh chấp về hồ sơ sáng kiến"
DECISION_WORK = "ra quyết định công nhận sáng kiến"
NOMINATION_WORK = "đề nghị cấp trên xét sáng kiến"


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


@dataclass(frozen=True)
class DecisionInput:
    campaign_id: int
    number: str
    signed_on: dt.date
    signer_name: str | None = None
    signer_title: str | None = None
    period_id: int | None = None
    issuer_unit_id: int | None = None
    recognise: tuple[int, ...] = ()
    decline: Mapping[int, str] = field(default_factory=dict)  # initiative id -> reason
    accept_flagged: bool = False  # recognise even dossiers that the check flags


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
    # it back with edit_council / set_criteria (common.EditConflict).
    edit_version: int = 0

    @property
    def total_points(self) -> int:
        return sum(c.max_points for c in self.criteria)


@dataclass(frozen=True)
class Flag:
    """One condition of a valid dossier: ``ok`` or not, with the reason shown to the person."""

    code: str  # on_time, complete, no_complaint, no_dispute
    label: str
    ok: bool
    reason: str


@dataclass(frozen=True)
class DossierCheck:
    initiative_id: int
    flags: tuple[Flag, ...]

    @property
    def valid(self) -> bool:
        return all(f.ok for f in self.flags)

    @property
    def problems(self) -> str:
        return "; ".join(f.reason for f in self.flags if not f.ok)


@dataclass(frozen=True)
class ResultRow:
    initiative_id: int
    title: str
    authors_text: str
    unit_name: str
    field_name: str | None
    status: InitiativeStatus
    scored: int
    members: int
    average: Decimal | None
    trimmed: bool  # the highest and lowest totals were dropped
    totals: tuple[Decimal, ...]  # each scoring member's total, in member order
    check: DossierCheck

    @property
    def scored_text(self) -> str:
        return f"{self.scored}/{self.members}"


@dataclass(frozen=True)
class DecisionEntryRow:
    initiative_id: int
    recognised: bool
    reason: str | None


@dataclass(frozen=True)
class DecisionRow:
    id: int
    uid: str
    campaign_id: int
    period_id: int | None
    issuer_unit_id: int | None
    number: str
    signed_on: dt.date | None
    signer_name: str | None
    signer_title: str | None
    recognised: int
    declined: int
    entries: tuple[DecisionEntryRow, ...] = ()


@dataclass(frozen=True)
class NominationRow:
    id: int
    initiative_id: int
    title: str
    unit_id: int
    unit_name: str
    nominated_on: dt.date | None


@dataclass(frozen=True)
class IssueRow:
    id: int
    initiative_id: int
    kind: DossierIssueKind
    reason: str
    raised_on: dt.date | None
    resolved: bool
    resolution: str | None


def average_score(totals: Sequence[Decimal]) -> tuple[Decimal | None, bool]:
    """The council's score from the members' totals, and whether the extremes were dropped."""
    if not totals:
        return None, False
    values = sorted(totals)
    trimmed = len(values) >= TRIM_FROM
    if trimmed:
        values = values[1:-1]
    avg = sum(values, Decimal(0)) / len(values)
    return avg.quantize(TWO, rounding=ROUND_HALF_UP), trimmed


def move_status(s: Session, ini: Initiative, status: InitiativeStatus, why: str = "") -> None:
    """Change an initiative's status inside the caller's transaction: the one routine of
    ``initiatives.move_status`` (ownership, clock tick, province's status version, audit)."""
    initiatives.move_status(s, ini, status, why)


def _council_row(s: Session, c: Council) -> CouncilRow:
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


def _decision_row(d: Decision, with_entries: bool = False) -> DecisionRow:
    entries = tuple(DecisionEntryRow(e.initiative_id, e.recognised, e.reason) for e in d.entries)
    return DecisionRow(
        id=d.id,
        uid=d.uid,
        campaign_id=d.campaign_id,
        period_id=d.period_id,
        issuer_unit_id=d.issuer_unit_id,
        number=d.number,
        signed_on=d.signed_on,
        signer_name=d.signer_name,
        signer_title=d.signer_title,
        recognised=sum(1 for e in entries if e.recognised),
        declined=sum(1 for e in entries if not e.recognised),
        entries=entries if with_entries else (),
    )


def district_of(
    parents: Mapping[int, int | None], kinds: Mapping[int, UnitKind], unit_id: int
) -> int:
    """The district-level unit above a grassroots union (itself if it is one)."""
    cur: int | None = unit_id
    while cur is not None:
        if kinds.get(cur) is not None and kinds[cur].is_district_level:
            return cur
        cur = parents.get(cur)
    return unit_id


class EvaluationService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    # ---- who may write -------------------------------------------------------------------
    def owns_evaluation(self) -> bool:
        """May this office set up councils, score, decide and nominate? Only the province (or
        a PC with no office set up); elsewhere the window only shows what came down."""
        with self._sf() as s:
            return ownership(s).owns_evaluation

    def _refuse_unless_owner(self, what: str) -> None:
        """A Vietnamese :class:`NotOwner` before anything else is checked or written: a change
        made at an office that does not own evaluation would never reach the province."""
        with self._sf() as s:
            own = ownership(s)
        if not own.owns_evaluation:
            raise own.province_only(what)

    # ---- councils ------------------------------------------------------------------------
    @staticmethod
    def _check_input(data: CouncilInput) -> None:
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

    def create_council(self, data: CouncilInput) -> CouncilRow:
        self._refuse_unless_owner(COUNCIL_WORK)
        self._check_input(data)
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
            return _council_row(s, c)

    def councils(self, campaign_id: int | None = None) -> list[CouncilRow]:
        q = select(Council).options(selectinload(Council.members), selectinload(Council.criteria))
        if campaign_id is not None:
            q = q.where(Council.campaign_id == campaign_id)
        with self._sf() as s:
            return [_council_row(s, c) for c in s.scalars(q.order_by(Council.id))]

    def council(self, council_id: int) -> CouncilRow:
        with self._sf() as s:
            return _council_row(s, self._council(s, council_id))

    @staticmethod
    def _council(s: Session, council_id: int) -> Council:
        c = s.get(Council, council_id)
        if c is None:
            raise NotFound("Không tìm thấy hội đồng.")
        return c

    def add_member(self, council_id: int, member: MemberInput) -> MemberRow:
        self._refuse_unless_owner(COUNCIL_EDIT)
        if not clean(member.full_name):
            raise ServiceError("Thành viên hội đồng phải có họ tên.")
        with self._sf.begin() as s:
            c = self._council(s, council_id)
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
        self._refuse_unless_owner(COUNCIL_EDIT)
        with (
            guard_conflicts(self._sf, Council, council_id, COUNCIL_NOUN, "council"),
            self._sf.begin() as s,
        ):
            c = self._council(s, council_id)
            check_version(s, c, expected_version, COUNCIL_NOUN, "council")
            self._apply_criteria(s, c, criteria)
            tick(s, c)
            audit(s, "council", c.uid, "criteria", f"Sửa tiêu chí chấm điểm của «{c.name}»")

    def _apply_criteria(
        self, s: Session, c: Council, criteria: Sequence[tuple[int | None, str, int]]
    ) -> None:
        data = CouncilInput(
            c.campaign_id, c.name, criteria=tuple(CriterionInput(n, p) for _, n, p in criteria)
        )
        self._check_input(data)
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

    def scored_sheets(self, council_id: int) -> dict[int, int]:
        """Member id -> how many initiatives that member has already scored."""
        with self._sf() as s:
            rows = s.execute(
                select(Score.member_id, func.count(func.distinct(Score.initiative_id)))
                .join(CouncilMember, CouncilMember.id == Score.member_id)
                .where(CouncilMember.council_id == council_id)
                .group_by(Score.member_id)
            ).all()
        return {member_id: n for member_id, n in rows}

    def edit_council(
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
        self._refuse_unless_owner(COUNCIL_EDIT)
        if not members:
            raise ServiceError("Hội đồng cần ít nhất một thành viên.")
        if any(not clean(m.full_name) for _, m in members):
            raise ServiceError("Thành viên hội đồng phải có họ tên.")
        # the criteria as typed first, before any question about the members
        self._check_input(
            CouncilInput(0, "-", criteria=tuple(CriterionInput(n, p) for _, n, p in criteria))
        )
        with (
            guard_conflicts(self._sf, Council, council_id, COUNCIL_NOUN, "council"),
            self._sf.begin() as s,
        ):
            c = self._council(s, council_id)
            check_version(s, c, expected_version, COUNCIL_NOUN, "council")
            existing = {m.id: m for m in c.members}
            kept = {mid for mid, _ in members if mid is not None}
            if kept - existing.keys():
                raise NotFound("Không tìm thấy thành viên hội đồng.")
            removed_names = []
            for m in list(c.members):
                if m.id in kept:
                    continue
                n = s.scalar(
                    select(func.count(func.distinct(Score.initiative_id))).where(
                        Score.member_id == m.id
                    )
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
            self._apply_criteria(s, c, criteria)
            tick(s, c)
            s.flush()
            what = f"Sửa thành viên, tiêu chí của «{c.name}»"
            if removed_names:
                what += "; bỏ " + ", ".join(removed_names)
            audit(s, "council", c.uid, "edit", what)
            s.refresh(c)
            return _council_row(s, c)

    # ---- which initiatives the council reviews -------------------------------------------
    def add_reviews(self, council_id: int, initiative_ids: Iterable[int]) -> int:
        self._refuse_unless_owner(REVIEW_WORK)
        with self._sf.begin() as s:
            c = self._council(s, council_id)
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
            for iid, cid, title in rows:
                if cid != c.campaign_id:
                    raise ServiceError(
                        f"Sáng kiến «{title}» không thuộc chương trình của hội đồng."
                    )
                r = CouncilReview(council_id=c.id, initiative_id=iid)
                tick(s, r)
                s.add(r)
            for ini in s.scalars(select(Initiative).where(Initiative.id.in_(ids))):
                if ini.status in (InitiativeStatus.REGISTERED, InitiativeStatus.DOSSIER_SENT):
                    move_status(s, ini, InitiativeStatus.UNDER_EVALUATION, f"council:{c.uid}")
            return len(ids)

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
            return list(s.scalars(q.order_by(Initiative.title_key, Initiative.id)))

    def remove_review(self, council_id: int, initiative_id: int) -> None:
        self._refuse_unless_owner(REVIEW_WORK)
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

    # ---- scores --------------------------------------------------------------------------
    def sheet_versions(self, member_id: int, initiative_id: int) -> dict[int, int]:
        """{criterion id: edit version} of one member's points for one initiative, to send
        back with ``set_scores`` (a criterion not scored yet is absent)."""
        with self._sf() as s:
            return dict(
                s.execute(
                    select(Score.criterion_id, Score.edit_version).where(
                        Score.member_id == member_id, Score.initiative_id == initiative_id
                    )
                ).all()
            )

    def set_scores(
        self,
        member_id: int,
        initiative_id: int,
        points: Mapping[int, Decimal | int | None],
        loaded: Mapping[int, int] | None = None,
    ) -> None:
        """One member's sheet for one initiative: {criterion id: points, or None to clear}.

        ``loaded``: ``sheet_versions`` when the sheet was shown. Points of this sheet set,
        changed or cleared since (by someone else, or a bundle) raise :class:`ScoreConflict`
        naming the criteria, and nothing is saved."""
        self._refuse_unless_owner(SCORE_WORK)
        try:
            self._set_scores(member_id, initiative_id, points, loaded)
        except (StaleDataError, IntegrityError):  # lost a race inside the write: say to whom
            if loaded is None:
                raise
            with self._sf() as s:
                self._refuse_changed_points(s, member_id, initiative_id, points, loaded)
            raise

    def _refuse_changed_points(
        self,
        s: Session,
        member_id: int,
        initiative_id: int,
        points: Mapping[int, object],
        loaded: Mapping[int, int],
    ) -> None:
        now = {
            sc.criterion_id: sc
            for sc in s.scalars(
                select(Score).where(
                    Score.member_id == member_id, Score.initiative_id == initiative_id
                )
            )
        }
        changed = {
            cid: (Decimal(now[cid].points) if cid in now else None)
            for cid in points
            if (now[cid].edit_version if cid in now else 0) != loaded.get(cid, 0)
        }
        if not changed:
            return
        member = s.get(CouncilMember, member_id)
        council = member.council if member else None
        names = {k.id: k.name for k in council.criteria} if council else {}
        who, when, _ = last_change(s, "council", council.uid if council else None)
        raise ScoreConflict(changed, names, who, when)

    def _set_scores(
        self,
        member_id: int,
        initiative_id: int,
        points: Mapping[int, Decimal | int | None],
        loaded: Mapping[int, int] | None,
    ) -> None:
        with self._sf.begin() as s:
            if loaded is not None:
                self._refuse_changed_points(s, member_id, initiative_id, points, loaded)
            member = s.get(CouncilMember, member_id)
            if member is None:
                raise NotFound("Không tìm thấy thành viên hội đồng.")
            council = member.council
            if not s.scalar(
                select(func.count())
                .select_from(CouncilReview)
                .where(
                    CouncilReview.council_id == council.id,
                    CouncilReview.initiative_id == initiative_id,
                )
            ):
                raise ServiceError("Sáng kiến này không nằm trong danh sách hội đồng thẩm định.")
            criteria = {k.id: k for k in council.criteria}
            existing = {
                sc.criterion_id: sc
                for sc in s.scalars(
                    select(Score).where(
                        Score.member_id == member_id, Score.initiative_id == initiative_id
                    )
                )
            }
            for cid, value in points.items():
                k = criteria.get(cid)
                if k is None:
                    raise ServiceError("Tiêu chí không thuộc hội đồng này.")
                sc = existing.get(cid)
                if value is None:
                    if sc is not None:
                        s.delete(sc)
                    continue
                v = Decimal(value)
                if v < 0 or v > k.max_points:
                    raise ServiceError(
                        f"Điểm tiêu chí «{k.name}» phải từ 0 đến {k.max_points} "
                        f"(đã nhập {format_number(v, 2 if v != int(v) else 0)})."
                    )
                if sc is None:
                    sc = Score(member_id=member_id, initiative_id=initiative_id, criterion_id=cid)
                    s.add(sc)
                sc.points = v
                tick(s, sc)
            audit(
                s,
                "council",
                council.uid,
                "score",
                f"{member.full_name} chấm điểm sáng kiến #{initiative_id}",
                {str(k): str(v) for k, v in points.items()},
            )

    def sheet(self, council_id: int, initiative_id: int) -> dict[int, dict[int, Decimal]]:
        """{member id: {criterion id: points}} for one initiative."""
        with self._sf() as s:
            out: dict[int, dict[int, Decimal]] = {}
            rows = s.execute(
                select(Score.member_id, Score.criterion_id, Score.points)
                .join(CouncilMember, CouncilMember.id == Score.member_id)
                .where(CouncilMember.council_id == council_id, Score.initiative_id == initiative_id)
            )
            for mid, cid, pts in rows:
                out.setdefault(mid, {})[cid] = Decimal(pts)
            return out

    def results(self, council_id: int) -> list[ResultRow]:
        """Every reviewed initiative with its average, "scored/members" and dossier check."""
        with self._sf() as s:
            c = self._council(s, council_id)
            member_ids = [m.id for m in c.members]
            crit_ids = {k.id for k in c.criteria}
            sheets: dict[int, dict[int, dict[int, Decimal]]] = {}
            for mid, iid, cid, pts in s.execute(
                select(Score.member_id, Score.initiative_id, Score.criterion_id, Score.points)
                .join(CouncilMember, CouncilMember.id == Score.member_id)
                .where(CouncilMember.council_id == c.id)
            ):
                sheets.setdefault(iid, {}).setdefault(mid, {})[cid] = Decimal(pts)
            ids = [
                r
                for r in s.scalars(
                    select(CouncilReview.initiative_id).where(CouncilReview.council_id == c.id)
                )
            ]
            checks = {ch.initiative_id: ch for ch in self._checks(s, ids, c.dossier_due_on)}
            stmt = (
                select(
                    Initiative.id,
                    Initiative.title,
                    Initiative.authors_text,
                    Unit.name,
                    Unit.short_name,
                    Field.name,
                    Initiative.status,
                )
                .join(Unit, Unit.id == Initiative.unit_id)
                .outerjoin(Field, Field.id == Initiative.field_id)
                .where(Initiative.id.in_(ids))
                .order_by(Initiative.title_key, Initiative.id)
            )
            out = []
            for iid, title, authors, uname, ushort, fname, status in s.execute(stmt):
                per_member = sheets.get(iid, {})
                totals = tuple(
                    sum(per_member[m].values(), Decimal(0))
                    for m in member_ids
                    if m in per_member and crit_ids <= set(per_member[m])
                )
                avg, trimmed = average_score(totals)
                out.append(
                    ResultRow(
                        initiative_id=iid,
                        title=title,
                        authors_text=authors,
                        unit_name=short_unit_name(uname, ushort),
                        field_name=fname,
                        status=status,
                        scored=len(totals),
                        members=len(member_ids),
                        average=avg,
                        trimmed=trimmed,
                        totals=totals,
                        check=checks[iid],
                    )
                )
            return out

    # ---- the dossier check ----------------------------------------------------------------
    def check_dossiers(
        self, initiative_ids: Sequence[int], due_on: dt.date | None = None
    ) -> list[DossierCheck]:
        with self._sf() as s:
            return self._checks(s, initiative_ids, due_on)

    @staticmethod
    def _dossier_deadline(s: Session, period_ids: set[int]) -> dict[int, dt.date]:
        """The dossier deadline of each period: its deadline whose label speaks of "hồ sơ"."""
        out: dict[int, dt.date] = {}
        for period in s.scalars(select(Period).where(Period.id.in_(period_ids))):
            dues = [d.due_on for d in period.deadlines if "ho so" in fold(d.label)]
            if dues:
                out[period.id] = max(dues)
        return out

    def _checks(
        self, s: Session, initiative_ids: Sequence[int], due_on: dt.date | None
    ) -> list[DossierCheck]:
        ids = list(initiative_ids)
        if not ids:
            return []
        items: dict[int, dict[DossierKind, dt.date | None]] = {}
        for iid, kind, received in s.execute(
            select(DossierItem.initiative_id, DossierItem.kind, DossierItem.received_on).where(
                DossierItem.initiative_id.in_(ids)
            )
        ):
            have = items.setdefault(iid, {})
            prev = have.get(kind)
            have[kind] = received if prev is None or (received and received > prev) else prev
        issues: dict[int, dict[DossierIssueKind, list[str]]] = {}
        for iid, kind, reason in s.execute(
            select(DossierIssue.initiative_id, DossierIssue.kind, DossierIssue.reason).where(
                DossierIssue.initiative_id.in_(ids), DossierIssue.resolved_at.is_(None)
            )
        ):
            issues.setdefault(iid, {}).setdefault(kind, []).append(reason)
        periods: dict[int, int | None] = {
            iid: pid
            for iid, pid in s.execute(
                select(Initiative.id, Initiative.period_id).where(Initiative.id.in_(ids))
            )
        }
        deadlines = {} if due_on else self._dossier_deadline(s, {p for p in periods.values() if p})
        out = []
        for iid in ids:
            have = items.get(iid, {})
            flags = []
            due = due_on or deadlines.get(periods.get(iid) or -1)
            received = [d for d in have.values() if d is not None]
            last = max(received) if received else None
            if due is None:
                flags.append(Flag("on_time", "Đúng hạn", True, "Không quy định hạn nộp hồ sơ."))
            elif last is None:
                flags.append(Flag("on_time", "Đúng hạn", False, "Chưa ghi ngày nhận hồ sơ."))
            elif last > due:
                flags.append(
                    Flag(
                        "on_time",
                        "Đúng hạn",
                        False,
                        f"Nộp muộn: nhận ngày {format_date(last)}, hạn {format_date(due)}.",
                    )
                )
            else:
                flags.append(Flag("on_time", "Đúng hạn", True, f"Nhận ngày {format_date(last)}."))
            missing = [labels.DOSSIER_KIND[k] for k in REQUIRED_DOSSIER if k not in have]
            flags.append(
                Flag(
                    "complete",
                    "Đầy đủ",
                    not missing,
                    "Thiếu: " + ", ".join(missing) + "." if missing else "Đủ 4 thành phần hồ sơ.",
                )
            )
            for code, label, kind in (
                ("no_complaint", "Không khiếu nại", DossierIssueKind.COMPLAINT),
                ("no_dispute", "Không tranh chấp tác giả", DossierIssueKind.AUTHORSHIP),
            ):
                open_ = issues.get(iid, {}).get(kind, [])
                flags.append(
                    Flag(
                        code,
                        label,
                        not open_,
                        f"{ISSUE_KIND[kind]}: " + "; ".join(open_) if open_ else "Không có.",
                    )
                )
            out.append(DossierCheck(iid, tuple(flags)))
        return out

    def raise_issue(
        self,
        initiative_id: int,
        kind: DossierIssueKind,
        reason: str,
        raised_on: dt.date | None = None,
    ) -> IssueRow:
        self._refuse_unless_owner(ISSUE_WORK)
        if not clean(reason):
            raise ServiceError("Hãy ghi nội dung khiếu nại hoặc tranh chấp.")
        with self._sf.begin() as s:
            ini = s.get(Initiative, initiative_id)
            if ini is None:
                raise NotFound("Không tìm thấy sáng kiến.")
            issue = DossierIssue(
                initiative_id=ini.id, kind=kind, reason=nfc(reason).strip(), raised_on=raised_on
            )
            tick(s, issue)
            s.add(issue)
            s.flush()
            audit(s, "initiative", ini.uid, "dossier_issue", f"{ISSUE_KIND[kind]}: {issue.reason}")
            return IssueRow(issue.id, ini.id, kind, issue.reason, raised_on, False, None)

    def resolve_issue(self, issue_id: int, resolution: str) -> None:
        self._refuse_unless_owner(ISSUE_WORK)
        with self._sf.begin() as s:
            issue = s.get(DossierIssue, issue_id)
            if issue is None:
                raise NotFound("Không tìm thấy khiếu nại, tranh chấp.")
            issue.resolved_at = utcnow()
            issue.resolution = nfc(resolution).strip() or None
            tick(s, issue)

    def issues(self, initiative_id: int) -> list[IssueRow]:
        with self._sf() as s:
            return [
                IssueRow(
                    i.id,
                    i.initiative_id,
                    i.kind,
                    i.reason,
                    i.raised_on,
                    i.resolved_at is not None,
                    i.resolution,
                )
                for i in s.scalars(
                    select(DossierIssue)
                    .where(DossierIssue.initiative_id == initiative_id)
                    .order_by(DossierIssue.id)
                )
            ]

    # ---- decisions -----------------------------------------------------------------------
    def decide(self, data: DecisionInput) -> DecisionRow:
        """One decision recognising and declining many initiatives at once."""
        self._refuse_unless_owner(DECISION_WORK)
        number = clean(data.number)
        if not number:
            raise ServiceError("Chưa nhập số quyết định (ví dụ 125/QĐ-LĐLĐ).")
        if "/" not in number:
            raise ServiceError(
                f"Số quyết định «{number}» chưa đúng dạng số/ký hiệu (ví dụ 125/QĐ-LĐLĐ)."
            )
        if not data.recognise and not data.decline:
            raise ServiceError(
                "Quyết định chưa có sáng kiến nào được công nhận hoặc không công nhận."
            )
        both = set(data.recognise) & set(data.decline)
        if both:
            raise ServiceError(
                "Một sáng kiến không thể vừa được công nhận vừa không được công nhận."
            )
        missing_reason = [i for i, r in data.decline.items() if not clean(r)]
        with self._sf.begin() as s:
            if s.scalar(
                select(Decision.id).where(
                    Decision.campaign_id == data.campaign_id, Decision.number == number
                )
            ):
                raise ServiceError(f"Đã có quyết định số {number} trong chương trình này.")
            ids = list(data.recognise) + list(data.decline)
            inis = {i.id: i for i in s.scalars(select(Initiative).where(Initiative.id.in_(ids)))}
            if len(inis) != len(set(ids)):
                raise NotFound("Không tìm thấy một số sáng kiến.")
            if missing_reason:
                titles = ", ".join(f"«{inis[i].title}»" for i in missing_reason[:3])
                raise ServiceError(f"Hãy ghi lý do không công nhận cho {titles}.")
            for ini in inis.values():
                if ini.campaign_id != data.campaign_id:
                    raise ServiceError(f"Sáng kiến «{ini.title}» không thuộc chương trình này.")
                if ini.deleted_at is not None:
                    raise ServiceError(f"Sáng kiến «{ini.title}» đã bị xoá.")
            already = s.execute(
                select(Initiative.title, Decision.number)
                .join(DecisionEntry, DecisionEntry.initiative_id == Initiative.id)
                .join(Decision, Decision.id == DecisionEntry.decision_id)
                .where(Initiative.id.in_(ids))
            ).first()
            if already:
                raise ServiceError(
                    f"Sáng kiến «{already[0]}» đã có trong quyết định số {already[1]}."
                )
            if not data.accept_flagged and data.recognise:
                flagged = [c for c in self._checks(s, list(data.recognise), None) if not c.valid]
                if flagged:
                    lines = [f"«{inis[c.initiative_id].title}»: {c.problems}" for c in flagged[:5]]
                    more = f" (và {len(flagged) - 5} sáng kiến khác)" if len(flagged) > 5 else ""
                    raise ServiceError(
                        f"{len(flagged)} hồ sơ chưa hợp lệ{more}:\n"
                        + "\n".join(lines)
                        + "\nHãy bỏ các sáng kiến này hoặc xác nhận vẫn công nhận."
                    )
            d = Decision(
                campaign_id=data.campaign_id,
                period_id=data.period_id,
                issuer_unit_id=data.issuer_unit_id,
                number=number,
                signed_on=data.signed_on,
                signer_name=clean(data.signer_name) or None,
                signer_title=clean(data.signer_title) or None,
            )
            tick(s, d)
            s.add(d)
            s.flush()
            for iid in data.recognise:
                e = DecisionEntry(initiative_id=iid, recognised=True)
                tick(s, e)
                d.entries.append(e)
                move_status(s, inis[iid], InitiativeStatus.RECOGNISED, f"decision:{number}")
            for iid, reason in data.decline.items():
                e = DecisionEntry(initiative_id=iid, recognised=False, reason=nfc(reason).strip())
                tick(s, e)
                d.entries.append(e)
                move_status(s, inis[iid], InitiativeStatus.NOT_RECOGNISED, f"decision:{number}")
            s.flush()
            audit(
                s,
                "decision",
                d.uid,
                "create",
                f"Quyết định {number}: công nhận {len(data.recognise)}, "
                f"không công nhận {len(data.decline)} sáng kiến",
            )
            return _decision_row(d, with_entries=True)

    def decisions(self, campaign_id: int | None = None) -> list[DecisionRow]:
        q = select(Decision).options(selectinload(Decision.entries))
        if campaign_id is not None:
            q = q.where(Decision.campaign_id == campaign_id)
        with self._sf() as s:
            return [
                _decision_row(d) for d in s.scalars(q.order_by(Decision.signed_on, Decision.id))
            ]

    def decision(self, decision_id: int) -> DecisionRow:
        with self._sf() as s:
            d = s.get(Decision, decision_id)
            if d is None:
                raise NotFound("Không tìm thấy quyết định.")
            return _decision_row(d, with_entries=True)

    def decision_by_number(self, campaign_id: int, number: str) -> DecisionRow:
        with self._sf() as s:
            d = s.scalar(
                select(Decision).where(
                    Decision.campaign_id == campaign_id, Decision.number == clean(number)
                )
            )
            if d is None:
                known = ", ".join(
                    s.scalars(select(Decision.number).where(Decision.campaign_id == campaign_id))
                )
                raise NotFound(
                    f"Không có quyết định số «{clean(number)}» trong chương trình."
                    + (f" Các quyết định có: {known}." if known else "")
                )
            return _decision_row(d, with_entries=True)

    # ---- nominations ---------------------------------------------------------------------
    def nominate(
        self, campaign_id: int, initiative_ids: Sequence[int], nominated_on: dt.date | None = None
    ) -> list[NominationRow]:
        """Propose recognised initiatives to the level above, within the campaign's limit per
        district-level unit; nothing is saved if one unit would go over it."""
        self._refuse_unless_owner(NOMINATION_WORK)
        with self._sf.begin() as s:
            campaign = s.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("Không tìm thấy chương trình.")
            parents = dict(s.execute(select(Unit.id, Unit.parent_id)).all())
            kinds = dict(s.execute(select(Unit.id, Unit.kind)).all())
            names = {
                uid_: short_unit_name(n, sn)
                for uid_, n, sn in s.execute(select(Unit.id, Unit.name, Unit.short_name))
            }
            inis = list(s.scalars(select(Initiative).where(Initiative.id.in_(initiative_ids))))
            if len(inis) != len(set(initiative_ids)):
                raise NotFound("Không tìm thấy một số sáng kiến.")
            have = {
                n.initiative_id: n.unit_id
                for n in s.scalars(select(Nomination).where(Nomination.campaign_id == campaign_id))
            }
            count: dict[int, int] = {}
            for unit_id in have.values():
                count[unit_id] = count.get(unit_id, 0) + 1
            new: list[tuple[Initiative, int]] = []
            for ini in inis:
                if ini.campaign_id != campaign_id:
                    raise ServiceError(f"Sáng kiến «{ini.title}» không thuộc chương trình này.")
                if ini.id in have:
                    continue
                if ini.status not in NOMINABLE:
                    raise ServiceError(
                        f"Sáng kiến «{ini.title}» chưa được công nhận "
                        f"({labels.STATUS[ini.status].lower()}); chỉ đề nghị cấp trên các sáng "
                        "kiến đã được công nhận."
                    )
                district = district_of(parents, kinds, ini.unit_id)
                count[district] = count.get(district, 0) + 1
                new.append((ini, district))
            limit = campaign.nomination_limit
            if limit is not None:
                over = sorted(u for u, n in count.items() if n > limit)
                if over:
                    u = over[0]
                    raise ServiceError(
                        f"{names[u]} sẽ có {count[u]} sáng kiến đề nghị cấp trên, vượt giới hạn "
                        f"{limit} sáng kiến mỗi đơn vị của chương trình «{campaign.name}». "
                        "Hãy bớt sáng kiến của đơn vị này."
                    )
            out = []
            for ini, district in new:
                n = Nomination(
                    campaign_id=campaign_id,
                    initiative_id=ini.id,
                    unit_id=district,
                    nominated_on=nominated_on,
                )
                tick(s, n)
                s.add(n)
                move_status(s, ini, InitiativeStatus.NOMINATED, "nomination")
                s.flush()
                out.append(
                    NominationRow(n.id, ini.id, ini.title, district, names[district], nominated_on)
                )
            return out

    def nominations(self, campaign_id: int) -> list[NominationRow]:
        with self._sf() as s:
            rows = s.execute(
                select(Nomination, Initiative.title, Unit.name, Unit.short_name)
                .join(Initiative, Initiative.id == Nomination.initiative_id)
                .join(Unit, Unit.id == Nomination.unit_id)
                .where(Nomination.campaign_id == campaign_id)
                .order_by(Unit.name_key, Initiative.title_key)
            ).all()
            return [
                NominationRow(
                    n.id, n.initiative_id, t, n.unit_id, short_unit_name(un, us), n.nominated_on
                )
                for n, t, un, us in rows
            ]
