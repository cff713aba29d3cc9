"""Initiatives: validate, create, read, update, delete (tombstone) and restore.

The list's queries (filters, sort, search, pages, similar titles) are in ``listing``;
:class:`InitiativeService` inherits them, so ``services.initiatives`` offers both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from desktop.models import (
    AuditEntry,
    Author,
    AuthorKind,
    Campaign,
    DatePrecision,
    DossierItem,
    DossierKind,
    Field,
    Initiative,
    InitiativeStatus,
    Period,
    Sector,
    Unit,
    UnitKind,
    utcnow,
)
from desktop.services import labels
from desktop.services.campaigns.closing import closed_message, refuse_if_closed
from desktop.services.common import (
    NotFound,
    ServiceError,
    ValidationFailed,
    audit,
    check_version,
    guard_conflicts,
    tick,
)
from desktop.services.initiatives.listing import InitiativeLists
from desktop.services.initiatives.undo import DeletedMark, check_undo
from desktop.services.rules.deadline import late_issue
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
    phone: str | None = None
    email: str | None = None


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
    # ``applied_on`` known only to the month, quarter or year (its first day); None: the day.
    applied_precision: DatePrecision | None = None


# ---- output ------------------------------------------------------------------------------
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
    entered_late: bool = False  # nhập sau hạn (rules/deadline.py)


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


def validate(
    data: InitiativeInput,
    campaign_limit: int = 1000,
    window: tuple[dt.date | None, dt.date | None] | None = None,
) -> list[Issue]:
    """Everything wrong with ``data``, each with the field it belongs to, in Vietnamese.

    The rules are those of :func:`rules.check_initiative`, shared with the Excel import and
    the bundle importer (docs/sync-promises.md, promise 11)."""
    return check_initiative(data, CampaignRules(campaign_limit, window))


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
    ini.applied_precision = data.applied_precision if data.applied_on is not None else None
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
            phone=clean(a.phone) or None,
            email=clean(a.email) or None,
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
                a.phone,
                a.email,
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
        applied_precision=ini.applied_precision,
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
    if not own.may_set_status(
        parent_id, ini.status_version is not None, ini.status, status, ini.unit_id
    ):
        if own.owns_content(parent_id, ini.unit_id) and ini.status_version is None:
            raise NotOwner(
                f"Văn phòng {own.name or 'này'} chuyển sáng kiến giữa «Đã đăng ký» và «Đã gửi hồ "
                f"sơ»; từ «{labels.STATUS[status]}» trở đi trạng thái do LĐLĐ tỉnh quyết định "
                "(thẩm định, công nhận) và gửi về qua gói dữ liệu."
            )
        if own.owns_content(parent_id, ini.unit_id):
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


class LateEntry(ServiceError):
    """A new initiative typed after its period's entry deadline: the window asks the officer
    to confirm, knowingly, then saves it with ``late_ok`` (flagged, audited)."""


NOUN = "sáng kiến này"  # in EditConflict: «Sáng kiến này vừa được … sửa lúc …»


class InitiativeService(InitiativeLists):
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
    def create(self, data: InitiativeInput, late_ok: bool = False) -> InitiativeDetail:
        """Add an initiative typed in the window. After its period's entry deadline it is
        refused with :class:`LateEntry` unless ``late_ok`` (the officer confirmed, knowingly):
        then it is kept, flagged "nhập sau hạn", and the override is audited."""
        with self._sf.begin() as s:
            self._require_unit_owner(s, data.unit_id)
            refuse_if_closed(s, data.campaign_id)
            self._raise_errors(self._check(s, data))
            late = self._late_issue(s, data)
            if late is not None and not late_ok:
                raise LateEntry(late.message)
            ini = Initiative(status=InitiativeStatus.REGISTERED, entered_late=late is not None)
            s.add(ini)
            apply_input(s, ini, data)
            tick(s, ini)
            s.flush()
            audit(s, "initiative", ini.uid, "create", f"Thêm sáng kiến «{ini.title}»")
            if late is not None:
                audit(
                    s,
                    "initiative",
                    ini.uid,
                    "late_entry",
                    f"Nhập sau hạn (cán bộ xác nhận): «{ini.title}»",
                    {"message": late.message},
                )
            return self._detail(s, ini)

    def late_warning(self, data: InitiativeInput) -> str | None:
        """Why ``data`` would be a late entry now (None: on time, or no deadline)."""
        with self._sf() as s:
            issue = self._late_issue(s, data)
            return issue.message if issue else None

    @staticmethod
    def _late_issue(s: Session, data: InitiativeInput) -> Issue | None:
        if data.period_id is None:
            return None
        period = s.get(Period, data.period_id)
        if period is None:
            return None
        return late_issue(period.name, period.entries_close_at, utcnow())

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

    def delete(self, initiative_id: int) -> DeletedMark | None:
        """Move to the bin: a tombstone that can travel in a bundle and be undone (undo.py).
        The mark of what was deleted; None when it was in the bin already."""
        marks = self.delete_many([initiative_id])
        return marks[0] if marks else None

    def delete_many(self, initiative_ids: Sequence[int]) -> list[DeletedMark]:
        """Move several to the bin at once (all or none: one not this office's refuses all)."""
        marks = []
        with self._sf.begin() as s:
            for initiative_id in initiative_ids:
                ini = self._load(s, initiative_id)
                self._require_content_owner(s, ini)
                if ini.deleted_at is not None:
                    continue
                ini.deleted_at = utcnow()
                tick(s, ini)
                audit(s, "initiative", ini.uid, "delete", f"Xoá sáng kiến «{ini.title}»")
                marks.append(DeletedMark(ini.id, ini.title, ini.version or 0))
        return marks

    def undo_delete(self, marks: Sequence[DeletedMark]) -> None:
        """Bring back what one delete took away, as if it had not happened, while no bundle
        has carried it; otherwise :class:`UndoRefused` says why and what to do (undo.py)."""
        with self._sf.begin() as s:
            for ini in check_undo(s, marks):
                self._require_content_owner(s, ini)
                ini.deleted_at = None
                tick(s, ini)
                audit(
                    s,
                    "initiative",
                    ini.uid,
                    "restore",
                    f"Hoàn tác xoá sáng kiến «{ini.title}»",
                    {"undo": "delete"},
                )

    def restore(self, initiative_id: int) -> None:
        with self._sf.begin() as s:
            ini = self._load(s, initiative_id)
            self._require_content_owner(s, ini)
            if ini.deleted_at is None:
                return
            ini.deleted_at = None
            tick(s, ini)
            audit(s, "initiative", ini.uid, "restore", f"Khôi phục sáng kiến «{ini.title}»")

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
            and not own.owns_content(unit.parent_id, unit.id)
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
            # Its own grassroots unions, those of the unions whose books it keeps, or its own
            # union when it is a grassroots union running the program.
            writes = {u for u in (own.unit_id, *own.kept) if u is not None}
            rows = s.execute(
                select(Unit.id, Unit.parent_id).where(
                    Unit.kind == UnitKind.GRASSROOTS,
                    or_(Unit.parent_id.in_(writes), Unit.id == own.unit_id),
                )
            )
            return frozenset(i for i, parent in rows if own.owns_content(parent, i))

    def status_moves(self, initiative_id: int) -> tuple[InitiativeStatus, ...]:
        """The statuses a person at this office may move the initiative to, in life order."""
        with self._sf() as s:
            return self._detail(s, self._load(s, initiative_id)).status_moves

    @staticmethod
    def _detail(s: Session, ini: Initiative) -> InitiativeDetail:
        unit = s.get(Unit, ini.unit_id)
        own = ownership(s)
        parent_id = unit.parent_id if unit else None
        editable = own.owns_content(parent_id, ini.unit_id)
        allowed = own.status_moves_allowed(parent_id, ini.status_version is not None, ini.unit_id)
        moves = tuple(
            st
            for st in NEXT_STATUSES.get(ini.status, ())
            if allowed is None or (ini.status in allowed and st in allowed)
        )
        reason = None
        closed = s.execute(
            select(Campaign.name, Campaign.closed_at).where(Campaign.id == ini.campaign_id)
        ).first()
        if closed is not None and closed.closed_at is not None:  # khoá sổ: only to read
            editable, moves = False, ()
            reason = closed_message(closed.name, closed.closed_at)
        elif not editable:
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
            entered_late=ini.entered_late,
        )
