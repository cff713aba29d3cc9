"""Scoring: each council member's sheet of points per initiative, and the council's results.

Scoring rule (as councils apply it): a member has scored an initiative when they have given
points for every criterion; the initiative's score is the average of those members' totals,
dropping the single highest and the single lowest total when five or more members scored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.models import (
    Council,
    CouncilMember,
    CouncilReview,
    Criterion,
    Field,
    Initiative,
    InitiativeStatus,
    Score,
    Unit,
)
from desktop.services.common import EditConflict, NotFound, ServiceError, audit, last_change, tick
from desktop.services.evaluation.base import EvaluationPart
from desktop.services.evaluation.councils import load_council
from desktop.services.evaluation.dossiers import DossierCheck, dossier_checks
from desktop.services.units.tree import short_unit_name
from desktop.text.numbers import format_number

TRIM_FROM = 5  # with this many members or more, the highest and lowest totals are dropped
TWO = Decimal("0.01")
SCORE_WORK = "chấm điểm sáng kiến"


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


def _sheet_scores(s: Session, member_id: int, initiative_id: int) -> dict[int, Score]:
    """{criterion id: the stored points} of one member's sheet for one initiative."""
    return {
        sc.criterion_id: sc
        for sc in s.scalars(
            select(Score).where(Score.member_id == member_id, Score.initiative_id == initiative_id)
        )
    }


def _refuse_changed_points(
    s: Session,
    member_id: int,
    initiative_id: int,
    points: Mapping[int, object],
    loaded: Mapping[int, int],
) -> None:
    now = _sheet_scores(s, member_id, initiative_id)
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


def _write_point(
    s: Session,
    sc: Score | None,
    k: Criterion,
    value: Decimal | int,
    member_id: int,
    initiative_id: int,
) -> None:
    """Set one criterion's points on a sheet, within the criterion's weight."""
    v = Decimal(value)
    if v < 0 or v > k.max_points:
        # Refused, never cut to the weight: the message says what was typed.
        raise ServiceError(
            f"Điểm «{k.name}» phải từ 0 đến {format_number(k.max_points)}; "
            f"đã nhập {format_number(v, 2 if v != int(v) else 0)}."
        )
    if sc is None:
        sc = Score(member_id=member_id, initiative_id=initiative_id, criterion_id=k.id)
        s.add(sc)
    sc.points = v
    tick(s, sc)


def _per_initiative_sheets(s: Session, c: Council) -> dict[int, dict[int, dict[int, Decimal]]]:
    """{initiative id: {member id: {criterion id: points}}} of every sheet of the council."""
    sheets: dict[int, dict[int, dict[int, Decimal]]] = {}
    for mid, iid, cid, pts in s.execute(
        select(Score.member_id, Score.initiative_id, Score.criterion_id, Score.points)
        .join(CouncilMember, CouncilMember.id == Score.member_id)
        .where(CouncilMember.council_id == c.id)
    ):
        sheets.setdefault(iid, {}).setdefault(mid, {})[cid] = Decimal(pts)
    return sheets


class ScoringService(EvaluationPart):
    def sheet_versions(self, member_id: int, initiative_id: int) -> dict[int, int]:
        """{criterion id: edit version} of one member's points for one initiative, to send
        back with ``set_scores`` (a criterion not scored yet is absent)."""
        with self._sf() as s:
            return {
                cid: version
                for cid, version in s.execute(
                    select(Score.criterion_id, Score.edit_version).where(
                        Score.member_id == member_id, Score.initiative_id == initiative_id
                    )
                )
            }

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
        self._refuse_unless_owner(SCORE_WORK, council=True, member_id=member_id)
        try:
            self._set_scores(member_id, initiative_id, points, loaded)
        except (StaleDataError, IntegrityError):  # lost a race inside the write: say to whom
            if loaded is None:
                raise
            with self._sf() as s:
                _refuse_changed_points(s, member_id, initiative_id, points, loaded)
            raise

    def _set_scores(
        self,
        member_id: int,
        initiative_id: int,
        points: Mapping[int, Decimal | int | None],
        loaded: Mapping[int, int] | None,
    ) -> None:
        with self._sf.begin() as s:
            if loaded is not None:
                _refuse_changed_points(s, member_id, initiative_id, points, loaded)
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
            existing = _sheet_scores(s, member_id, initiative_id)
            for cid, value in points.items():
                k = criteria.get(cid)
                if k is None:
                    raise ServiceError("Tiêu chí không thuộc hội đồng này.")
                sc = existing.get(cid)
                if value is not None:
                    _write_point(s, sc, k, value, member_id, initiative_id)
                elif sc is not None:
                    s.delete(sc)
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

    def results(self, council_id: int) -> list[ResultRow]:
        """Every reviewed initiative with its average, "scored/members" and dossier check."""
        with self._sf() as s:
            c = load_council(s, council_id)
            member_ids = [m.id for m in c.members]
            crit_ids = {k.id for k in c.criteria}
            sheets = _per_initiative_sheets(s, c)
            ids = list(
                s.scalars(
                    select(CouncilReview.initiative_id).where(CouncilReview.council_id == c.id)
                )
            )
            checks = {ch.initiative_id: ch for ch in dossier_checks(s, ids, c.dossier_due_on)}
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
