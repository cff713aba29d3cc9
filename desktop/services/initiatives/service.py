"""Initiatives: validate, create, read, update, delete (tombstone) and restore, list in pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, SQLColumnExpression, case, func, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from desktop.models import (
    AuditEntry,
    Author,
    AuthorKind,
    Campaign,
    DossierItem,
    DossierKind,
    Field,
    Initiative,
    InitiativeSearch,
    InitiativeStatus,
    Period,
    Sector,
    Unit,
    UnitKind,
    utcnow,
)
from desktop.services import labels
from desktop.services.campaigns.windows import counted_in
from desktop.services.common import (
    NotFound,
    ServiceError,
    ValidationFailed,
    audit,
    check_version,
    guard_conflicts,
    tick,
)
from desktop.services.rules.ownership import DISTRICT_STATUSES, NotOwner, ownership
from desktop.services.rules.records import CampaignRules, Issue, Severity, check_initiative
from desktop.services.units.tree import short_unit_name
from desktop.text.collation import collation_key, person_sort_key
from desktop.text.normalise import clean, fold, nfc


# ---- input -------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuthorInput:
    full_name: str
    job_title: str | None = None
    workplace: str | None = None
    is_member: bool = True
    contribution_pct: Decimal = Decimal(100)
    birth_date: dt.date | None = None
    qualification: str | None = None


@dataclass(frozen=True)
class DossierInput:
    kind: DossierKind
    received_on: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class InitiativeInput:
    campaign_id: int
    unit_id: int
    title: str
    authors: tuple[AuthorInput, ...]
    field_id: int | None = None
    sector: Sector | None = None
    period_id: int | None = None
    description: str = ""
    benefit_vnd: int | None = None
    benefit_note: str | None = None
    applied_on: dt.date | None = None
    registered_on: dt.date | None = None
    confidential: bool = False
    notes: str | None = None
    dossier: tuple[DossierInput, ...] = ()


# ---- output ------------------------------------------------------------------------------
@dataclass(frozen=True)
class InitiativeRow:
    """One line of the list."""

    id: int
    uid: str
    title: str
    authors_text: str
    unit_id: int
    unit_name: str
    field_name: str | None
    sector: Sector | None
    status: InitiativeStatus
    applied_on: dt.date | None
    benefit_vnd: int | None
    deleted: bool
    unit_full_name: str = ""
    confidential: bool = False


@dataclass(frozen=True)
class InitiativeDetail:
    id: int
    uid: str
    data: InitiativeInput
    status: InitiativeStatus
    author_kind: AuthorKind
    unit_name: str
    origin_office_uid: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None
    # What this office may do with it (services/rules/ownership.py): edit, delete and restore the
    # content; the statuses it may move it to; why it may not, to show in the window.
    editable: bool = True
    status_moves: tuple[InitiativeStatus, ...] = ()
    read_only_reason: str | None = None
    # The row's edit version when this was read: send it back with ``update`` so that a save
    # over someone else's newer change is refused (common.EditConflict), never made unseen.
    edit_version: int = 0


class SortKey(StrEnum):
    TITLE = "title"
    AUTHORS = "authors"
    UNIT = "unit"
    APPLIED_ON = "applied_on"
    STATUS = "status"
    BENEFIT = "benefit"
    CREATED = "created"


@dataclass(frozen=True)
class ListQuery:
    campaign_id: int | None = None
    period_id: int | None = None  # counted in this period's window (by date of first application)
    unit_ids: frozenset[int] | None = None
    field_id: int | None = None
    sector: Sector | None = None
    status: InitiativeStatus | None = None
    search: str = ""
    deleted: bool = False  # True: the bin (tombstones) instead of live initiatives
    sort: SortKey = SortKey.TITLE
    descending: bool = False


@dataclass(frozen=True)
class SimilarTitle:
    """An initiative whose title looks like the one being typed."""

    id: int
    title: str
    authors_text: str
    unit_name: str
    score: float  # 0..1, 1 = the same title once folded


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor: str
    action: str
    summary: str


# The life of an initiative: the moves a person is offered from each status.
NEXT_STATUSES: dict[InitiativeStatus, tuple[InitiativeStatus, ...]] = {
    InitiativeStatus.REGISTERED: (InitiativeStatus.DOSSIER_SENT,),
    InitiativeStatus.DOSSIER_SENT: (
        InitiativeStatus.UNDER_EVALUATION,
        InitiativeStatus.REGISTERED,
    ),
    InitiativeStatus.UNDER_EVALUATION: (
        InitiativeStatus.RECOGNISED,
        InitiativeStatus.NOT_RECOGNISED,
        InitiativeStatus.DOSSIER_SENT,
    ),
    InitiativeStatus.RECOGNISED: (
        InitiativeStatus.COMMENDED,
        InitiativeStatus.NOMINATED,
        InitiativeStatus.UNDER_EVALUATION,
    ),
    InitiativeStatus.NOT_RECOGNISED: (InitiativeStatus.UNDER_EVALUATION,),
    InitiativeStatus.COMMENDED: (InitiativeStatus.NOMINATED, InitiativeStatus.RECOGNISED),
    InitiativeStatus.NOMINATED: (InitiativeStatus.COMMENDED, InitiativeStatus.RECOGNISED),
}


@dataclass
class Page:
    rows: list[InitiativeRow] = field(default_factory=list)
    total: int = 0


def validate(
    data: InitiativeInput,
    campaign_limit: int = 1000,
    window: tuple[dt.date | None, dt.date | None] | None = None,
) -> list[Issue]:
    """Everything wrong with ``data``, each with the field it belongs to, in Vietnamese.

    The rules are those of :func:`rules.check_initiative`, shared with the Excel import and
    the bundle importer (docs/sync-promises.md, promise 11)."""
    # InitiativeLike declares settable members; a frozen input is read-only but reads the same.
    return check_initiative(data, CampaignRules(campaign_limit, window))  # type: ignore[arg-type]


def authors_display(authors: Sequence[AuthorInput]) -> str:
    return ", ".join(clean(a.full_name) for a in authors if clean(a.full_name))


def apply_input(s: Session, ini: Initiative, data: InitiativeInput) -> None:
    """Copy ``data`` onto ``ini`` (NFC, derived keys, authors and dossier replaced whole)."""
    ini.campaign_id = data.campaign_id
    ini.unit_id = data.unit_id
    ini.field_id = data.field_id
    ini.sector = data.sector
    ini.period_id = data.period_id
    ini.title = clean(data.title)
    ini.description = nfc(data.description).strip()
    ini.benefit_vnd = data.benefit_vnd
    ini.benefit_note = clean(data.benefit_note) or None
    ini.applied_on = data.applied_on
    ini.registered_on = data.registered_on
    ini.confidential = data.confidential
    ini.notes = nfc(data.notes).strip() or None
    names = [a for a in data.authors if clean(a.full_name)]
    ini.author_kind = AuthorKind.GROUP if len(names) > 1 else AuthorKind.PERSON
    ini.authors_text = authors_display(names)
    ini.search_text = fold(f"{ini.title} | {ini.authors_text}")
    ini.title_key = collation_key(ini.title)
    ini.authors_key = person_sort_key(clean(names[0].full_name)) if names else ""
    # Authors and dossier items are replaced as a whole: they are edited as one table.
    ini.authors.clear()
    ini.dossier_items.clear()
    s.flush()
    for i, a in enumerate(names):
        author = Author(
            seq=i,
            full_name=clean(a.full_name),
            name_key=person_sort_key(clean(a.full_name)),
            job_title=clean(a.job_title) or None,
            workplace=clean(a.workplace) or None,
            qualification=clean(a.qualification) or None,
            birth_date=a.birth_date,
            is_member=a.is_member,
            contribution_pct=a.contribution_pct,
        )
        tick(s, author)
        ini.authors.append(author)
    for d in data.dossier:
        item = DossierItem(kind=d.kind, received_on=d.received_on, note=clean(d.note) or None)
        tick(s, item)
        ini.dossier_items.append(item)


def _input_of(ini: Initiative) -> InitiativeInput:
    return InitiativeInput(
        campaign_id=ini.campaign_id,
        unit_id=ini.unit_id,
        title=ini.title,
        authors=tuple(
            AuthorInput(
                a.full_name,
                a.job_title,
                a.workplace,
                a.is_member,
                Decimal(a.contribution_pct),
                a.birth_date,
                a.qualification,
            )
            for a in ini.authors
        ),
        field_id=ini.field_id,
        sector=ini.sector,
        period_id=ini.period_id,
        description=ini.description,
        benefit_vnd=ini.benefit_vnd,
        benefit_note=ini.benefit_note,
        applied_on=ini.applied_on,
        registered_on=ini.registered_on,
        confidential=ini.confidential,
        notes=ini.notes,
        dossier=tuple(DossierInput(d.kind, d.received_on, d.note) for d in ini.dossier_items),
    )


def owner_name(s: Session, unit: Unit) -> str | None:
    """The unit whose office enters the initiatives of grassroots union ``unit``."""
    parent = s.get(Unit, unit.parent_id) if unit.parent_id else None
    return short_unit_name(parent.name, parent.short_name) if parent else None


def move_status(s: Session, ini: Initiative, status: InitiativeStatus, why: str = "") -> None:
    """Change an initiative's status, audited, inside the caller's transaction.

    Refused (``NotOwner``) when this office may not set it; at the province the status becomes
    the province's own (``status_version``), which wins over the district's registration steps
    from then on.
    """
    if ini.status == status:
        return
    own = ownership(s)
    parent_id = s.scalar(select(Unit.parent_id).where(Unit.id == ini.unit_id))
    if not own.may_set_status(parent_id, ini.status_version is not None, ini.status, status):
        if own.owns_content(parent_id) and ini.status_version is None:
            raise NotOwner(
                f"Văn phòng {own.name or 'này'} chuyển sáng kiến giữa «Đã đăng ký» và «Đã gửi hồ "
                f"sơ»; từ «{labels.STATUS[status]}» trở đi trạng thái do LĐLĐ tỉnh quyết định "
                "(thẩm định, công nhận) và gửi về qua gói dữ liệu."
            )
        if own.owns_content(parent_id):
            raise NotOwner(
                f"LĐLĐ tỉnh đã tiếp nhận sáng kiến «{ini.title}» "
                f"({labels.STATUS[ini.status].lower()}); từ nay trạng thái do tỉnh quyết định "
                "và gửi về qua gói dữ liệu."
            )
        raise NotOwner(
            f"Văn phòng {own.name or 'này'} không đổi được trạng thái sáng kiến «{ini.title}»: "
            "trạng thái do LĐLĐ tỉnh quyết định."
        )
    old = ini.status
    ini.status = status
    tick(s, ini)
    if own.is_province or (own.unrestricted and status not in DISTRICT_STATUSES):
        ini.status_version = ini.version
    detail: dict[str, str] = {"from": old.value, "to": status.value}
    if why:
        detail["by"] = why
    audit(
        s,
        "initiative",
        ini.uid,
        "status",
        f"«{ini.title}»: {labels.STATUS[old]} → {labels.STATUS[status]}",
        detail,
    )


NOUN = "sáng kiến này"  # in EditConflict: «Sáng kiến này vừa được … sửa lúc …»


class InitiativeService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    # ---- validation ----------------------------------------------------------------------
    def check(self, data: InitiativeInput) -> list[Issue]:
        with self._sf() as s:
            return self._check(s, data)

    def _check(self, s: Session, data: InitiativeInput) -> list[Issue]:
        campaign = s.get(Campaign, data.campaign_id)
        if campaign is None:
            return [Issue("campaign_id", "Chưa chọn chương trình thi đua.")]
        window = None
        if data.period_id is not None:
            period = s.get(Period, data.period_id)
            if period is None or period.campaign_id != campaign.id:
                return [Issue("period_id", "Giai đoạn không thuộc chương trình đã chọn.")]
            window = (period.count_from, period.count_to)
        issues = validate(data, campaign.description_limit, window)
        unit = s.get(Unit, data.unit_id)
        if unit is None:
            issues.append(Issue("unit_id", "Chưa chọn công đoàn cơ sở."))
        elif unit.kind != UnitKind.GRASSROOTS:
            issues.append(Issue("unit_id", "Đơn vị của sáng kiến phải là một công đoàn cơ sở."))
        if data.field_id is not None:
            fld = s.get(Field, data.field_id)
            if fld is None or fld.campaign_id != campaign.id:
                issues.append(Issue("field_id", "Lĩnh vực không thuộc chương trình đã chọn."))
        return issues

    def _raise_errors(self, issues: list[Issue]) -> None:
        errors = [i for i in issues if i.severity == Severity.ERROR]
        if errors:
            raise ValidationFailed(errors)

    # ---- create, read, update ------------------------------------------------------------
    def create(self, data: InitiativeInput) -> InitiativeDetail:
        with self._sf.begin() as s:
            self._require_unit_owner(s, data.unit_id)
            self._raise_errors(self._check(s, data))
            ini = Initiative(status=InitiativeStatus.REGISTERED)
            s.add(ini)
            apply_input(s, ini, data)
            tick(s, ini)
            s.flush()
            audit(s, "initiative", ini.uid, "create", f"Thêm sáng kiến «{ini.title}»")
            return self._detail(s, ini)

    def get(self, initiative_id: int) -> InitiativeDetail:
        with self._sf() as s:
            return self._detail(s, self._load(s, initiative_id))

    def update(
        self, initiative_id: int, data: InitiativeInput, expected_version: int | None = None
    ) -> InitiativeDetail:
        """Save ``data`` over the initiative. ``expected_version``: the ``edit_version`` of the
        detail the window loaded; a newer one in the store (another officer, a bundle) refuses
        the save with :class:`EditConflict` naming who and when."""
        with (
            guard_conflicts(self._sf, Initiative, initiative_id, NOUN, "initiative"),
            self._sf.begin() as s,
        ):
            ini = self._load(s, initiative_id)
            check_version(s, ini, expected_version, NOUN, "initiative")
            self._require_content_owner(s, ini)
            if ini.deleted_at is not None:
                raise ServiceError("Sáng kiến đã bị xoá; hãy khôi phục trước khi sửa.")
            self._require_unit_owner(s, data.unit_id)  # nor move it to a unit of another office
            self._raise_errors(self._check(s, data))
            before = _input_of(ini)
            apply_input(s, ini, data)
            ini.updated_at = utcnow()  # the row itself changes (and its version) even when
            tick(s, ini)  # only an author or a dossier item did: they are covered by it
            changed = sorted(
                k
                for k in InitiativeInput.__dataclass_fields__
                if getattr(before, k) != getattr(_input_of(ini), k)
            )
            audit(
                s,
                "initiative",
                ini.uid,
                "update",
                f"Sửa sáng kiến «{ini.title}»",
                {"changed": changed},
            )
            s.flush()  # the UPDATE, checked against the version loaded here: edit_version + 1
            return self._detail(s, ini)

    def set_status(self, initiative_id: int, status: InitiativeStatus) -> None:
        with self._sf.begin() as s:
            move_status(s, self._load(s, initiative_id), status)

    def delete(self, initiative_id: int) -> None:
        """Move to the bin: a tombstone that can travel in a bundle and be undone."""
        with self._sf.begin() as s:
            ini = self._load(s, initiative_id)
            self._require_content_owner(s, ini)
            if ini.deleted_at is not None:
                return
            ini.deleted_at = utcnow()
            tick(s, ini)
            audit(s, "initiative", ini.uid, "delete", f"Xoá sáng kiến «{ini.title}»")

    def restore(self, initiative_id: int) -> None:
        with self._sf.begin() as s:
            ini = self._load(s, initiative_id)
            self._require_content_owner(s, ini)
            if ini.deleted_at is None:
                return
            ini.deleted_at = None
            tick(s, ini)
            audit(s, "initiative", ini.uid, "restore", f"Khôi phục sáng kiến «{ini.title}»")

    # ---- lists ---------------------------------------------------------------------------
    def _filtered(self, s: Session, q: ListQuery) -> Select[int]:
        words = fold(q.search).split()
        if words:
            # Search: scan the narrow search table once (10x faster than the wide rows), keep
            # its hits in a materialised CTE and look each hit up by primary key from there.
            hits = select(InitiativeSearch.initiative_id)
            if q.campaign_id is not None:
                hits = hits.where(InitiativeSearch.campaign_id == q.campaign_id)
            for word in words:
                hits = hits.where(InitiativeSearch.text.contains(word, autoescape=True))
            found = hits.cte("hits").prefix_with("MATERIALIZED")
            stmt = (
                select(Initiative.id)
                .select_from(found)
                .join(Initiative, Initiative.id == found.c.initiative_id)
            )
        else:
            stmt = select(Initiative.id)
        stmt = stmt.where(
            Initiative.deleted_at.is_not(None) if q.deleted else Initiative.deleted_at.is_(None)
        )
        if q.campaign_id is not None:
            stmt = stmt.where(Initiative.campaign_id == q.campaign_id)
        if q.period_id is not None:
            period = s.get(Period, q.period_id)
            if period is None:
                raise NotFound("Không tìm thấy giai đoạn.")
            stmt = stmt.where(counted_in(Initiative.applied_on, period.count_from, period.count_to))
        if q.unit_ids is not None:
            stmt = stmt.where(Initiative.unit_id.in_(sorted(q.unit_ids)))
        if q.field_id is not None:
            stmt = stmt.where(Initiative.field_id == q.field_id)
        if q.sector is not None:
            stmt = stmt.where(Initiative.sector == q.sector)
        if q.status is not None:
            stmt = stmt.where(Initiative.status == q.status)
        return stmt

    def count(self, q: ListQuery) -> int:
        with self._sf() as s:
            stmt = select(func.count()).select_from(self._filtered(s, q).subquery())
            return s.scalar(stmt) or 0

    def _ordered(self, s: Session, q: ListQuery) -> Select[int]:
        order = {
            SortKey.TITLE: Initiative.title_key,
            SortKey.AUTHORS: Initiative.authors_key,
            SortKey.APPLIED_ON: Initiative.applied_on,
            SortKey.BENEFIT: Initiative.benefit_vnd,
            SortKey.CREATED: Initiative.id,
            SortKey.STATUS: case(
                {st: i for i, st in enumerate(InitiativeStatus)}, value=Initiative.status
            ),
        }
        stmt = self._filtered(s, q)
        col: SQLColumnExpression[Any]
        if q.sort == SortKey.UNIT:
            stmt = stmt.join(Unit, Unit.id == Initiative.unit_id)
            col = Unit.name_key
        else:
            col = order[q.sort]
        tie = Initiative.id.desc() if q.descending else Initiative.id.asc()
        return stmt.order_by(col.desc() if q.descending else col.asc(), tie)

    def ids(self, q: ListQuery) -> list[int]:
        """Ids of every matching initiative in display order."""
        with self._sf() as s:
            return list(s.scalars(self._ordered(s, q)))

    def position(self, q: ListQuery, initiative_id: int) -> int | None:
        """The row of ``initiative_id`` in the list of ``q`` (None when it is not in it)."""
        try:
            return self.ids(q).index(initiative_id)
        except ValueError:
            return None

    def ids_slice(self, q: ListQuery, offset: int, limit: int) -> list[int]:
        """One slice of the ids in display order: the table fetches pages as it scrolls."""
        with self._sf() as s:
            return list(s.scalars(self._ordered(s, q).offset(offset).limit(limit)))

    def rows_slice(self, q: ListQuery, offset: int, limit: int) -> list[InitiativeRow]:
        return self.rows(self.ids_slice(q, offset, limit))

    def search(self, text: str, campaign_id: int | None = None, limit: int = 50) -> Page:
        """Live initiatives whose title or authors hold every typed word (diacritics ignored)."""
        q = ListQuery(campaign_id=campaign_id, search=text)
        return Page(self.rows_slice(q, 0, limit), self.count(q))

    def similar(
        self,
        campaign_id: int,
        title: str,
        exclude_id: int | None = None,
        limit: int = 5,
        threshold: float = 0.8,
    ) -> list[SimilarTitle]:
        """Initiatives of the campaign whose title is close to ``title`` (advisory only).

        Titles are compared folded (NFC, no diacritics, no case), so "Sáng kiến" and "sang
        kien" are the same, and with a similarity ratio, so a small typo still matches.
        Candidates come from the narrow search table; words in common pick the best few dozen,
        a character ratio decides.
        """
        key = fold(title)
        words = sorted({w for w in key.split() if len(w) >= 3}, key=len, reverse=True)[:6]
        if len(key) < 6 or not words:
            return []
        # Candidates hold one of the two longest words (a typo in one of them still leaves
        # the other); the words in common are then counted in Python.
        anchor = or_(*(InitiativeSearch.text.contains(w, autoescape=True) for w in words[:2]))
        mine = set(key.split())
        with self._sf() as s:
            stmt = (
                select(InitiativeSearch.initiative_id, InitiativeSearch.text)
                .where(InitiativeSearch.campaign_id == campaign_id, anchor)
                .limit(20000)
            )
            if exclude_id is not None:
                stmt = stmt.where(InitiativeSearch.initiative_id != exclude_id)
            # Cheap first: words in common (Jaccard) on the folded title held by the search
            # table; the costlier character ratio only for the best few dozen.
            scored = []
            for ini_id, text in s.execute(stmt):
                other = text.split(" | ", 1)[0]
                theirs = set(other.split())
                jaccard = len(mine & theirs) / len(mine | theirs)
                if jaccard >= 0.4:
                    scored.append((jaccard, ini_id, other))
            scored.sort(reverse=True)
            best = []
            for _j, ini_id, other in scored[:40]:
                ratio = SequenceMatcher(None, key, other, autojunk=False).ratio()
                if ratio >= threshold:
                    best.append((ratio, ini_id))
            best.sort(key=lambda b: (-b[0], b[1]))
            best = best[:limit]
            if not best:
                return []
            details = {
                r.id: r
                for r in s.execute(
                    select(Initiative.id, Initiative.title, Initiative.authors_text, Unit.name)
                    .join(Unit, Unit.id == Initiative.unit_id)
                    .where(
                        Initiative.id.in_([i for _r, i in best]),
                        Initiative.deleted_at.is_(None),
                    )
                )
            }
        return [
            SimilarTitle(i, d.title, d.authors_text, d.name, round(r, 3))
            for r, i in best
            if (d := details.get(i)) is not None
        ]

    def history(self, initiative_id: int) -> list[HistoryEntry]:
        """What happened to an initiative, oldest first, from the audit log."""
        with self._sf() as s:
            ini = self._load(s, initiative_id)
            entries = s.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity == "initiative", AuditEntry.entity_uid == ini.uid)
                .order_by(AuditEntry.at, AuditEntry.id)
            )
            return [HistoryEntry(e.at, e.actor, e.action, e.summary) for e in entries]

    def rows(self, ids: Sequence[int]) -> list[InitiativeRow]:
        """The list lines for ``ids``, in the same order."""
        if not ids:
            return []
        with self._sf() as s:
            stmt = (
                select(
                    Initiative.id,
                    Initiative.uid,
                    Initiative.title,
                    Initiative.authors_text,
                    Initiative.unit_id,
                    Unit.short_name,
                    Unit.name,
                    Field.name,
                    Initiative.sector,
                    Initiative.status,
                    Initiative.applied_on,
                    Initiative.benefit_vnd,
                    Initiative.deleted_at,
                    Initiative.confidential,
                )
                .join(Unit, Unit.id == Initiative.unit_id)
                .outerjoin(Field, Field.id == Initiative.field_id)
                .where(Initiative.id.in_(list(ids)))
            )
            by_id = {
                r[0]: InitiativeRow(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    short_unit_name(r[6], r[5]),
                    r[7],
                    r[8],
                    r[9],
                    r[10],
                    r[11],
                    r[12] is not None,
                    r[6],
                    bool(r[13]),
                )
                for r in s.execute(stmt)
            }
        return [by_id[i] for i in ids if i in by_id]

    def page(self, q: ListQuery, offset: int = 0, limit: int = 200) -> Page:
        """One page of rows and the total, from one query (``count(*) OVER ()``): a search
        scans the search table once, not once for the count and once for the page."""
        if not fold(q.search).split():  # without a search, COUNT off an index is cheaper
            return Page(self.rows_slice(q, offset, limit), self.count(q))
        with self._sf() as s:
            stmt = self._ordered(s, q).add_columns(func.count().over().label("total"))
            found = s.execute(stmt.offset(offset).limit(limit)).all()
        if not found:
            return Page([], self.count(q) if offset else 0)
        return Page(self.rows([r[0] for r in found]), found[0][1])

    # ---- helpers -------------------------------------------------------------------------
    @staticmethod
    def _load(s: Session, initiative_id: int) -> Initiative:
        ini = s.scalar(
            select(Initiative)
            .options(selectinload(Initiative.authors), selectinload(Initiative.dossier_items))
            .where(Initiative.id == initiative_id)
        )
        if ini is None:
            raise NotFound("Không tìm thấy sáng kiến.")
        return ini

    @staticmethod
    def _require_unit_owner(s: Session, unit_id: int) -> None:
        """Refuse content for a grassroots union another office enters (a missing unit is
        left to the validation, which names the field)."""
        unit = s.get(Unit, unit_id)
        own = ownership(s)
        if (
            unit is not None
            and unit.kind == UnitKind.GRASSROOTS
            and not own.owns_content(unit.parent_id)
        ):
            raise own.not_content_owner(unit.name, owner_name(s, unit))

    @classmethod
    def _require_content_owner(cls, s: Session, ini: Initiative) -> None:
        cls._require_unit_owner(s, ini.unit_id)

    def owned_unit_ids(self) -> frozenset[int] | None:
        """The grassroots unions whose initiatives this office enters (None: every one)."""
        with self._sf() as s:
            own = ownership(s)
            if own.unrestricted:
                return None
            return frozenset(
                s.scalars(
                    select(Unit.id).where(
                        Unit.kind == UnitKind.GRASSROOTS, Unit.parent_id == own.unit_id
                    )
                )
            )

    def status_moves(self, initiative_id: int) -> tuple[InitiativeStatus, ...]:
        """The statuses a person at this office may move the initiative to, in life order."""
        with self._sf() as s:
            return self._detail(s, self._load(s, initiative_id)).status_moves

    @staticmethod
    def _detail(s: Session, ini: Initiative) -> InitiativeDetail:
        unit = s.get(Unit, ini.unit_id)
        own = ownership(s)
        parent_id = unit.parent_id if unit else None
        editable = own.owns_content(parent_id)
        allowed = own.status_moves_allowed(parent_id, ini.status_version is not None)
        moves = tuple(
            st
            for st in NEXT_STATUSES.get(ini.status, ())
            if allowed is None or (ini.status in allowed and st in allowed)
        )
        reason = None
        if not editable:
            reason = str(
                own.not_content_owner(
                    unit.name if unit else "đơn vị này", owner_name(s, unit) if unit else None
                )
            )
        elif allowed is not None and ini.status_version is not None:
            reason = (
                "LĐLĐ tỉnh đã tiếp nhận sáng kiến này; trạng thái do tỉnh quyết định. "
                "Nội dung vẫn sửa được ở đây và sẽ được gửi lên tỉnh."
            )
        return InitiativeDetail(
            id=ini.id,
            uid=ini.uid,
            data=_input_of(ini),
            status=ini.status,
            author_kind=ini.author_kind,
            unit_name=unit.name if unit else "",
            origin_office_uid=ini.origin_office_uid,
            version=ini.version,
            edit_version=ini.edit_version,
            created_at=ini.created_at,
            updated_at=ini.updated_at,
            deleted_at=ini.deleted_at,
            editable=editable,
            status_moves=() if ini.deleted_at is not None else moves,
            read_only_reason=reason,
        )
