"""A campaign as a JSON document, and back: ``sangkien campaigns show --json`` and ``import``.

The document holds the whole campaign: its plan, dates (ISO, ``YYYY-MM-DD``), limits, notes,
whether it is archived, its periods with their counting windows (``count_from``/``count_to``)
and deadlines, its fields, and its participants (unit codes)::

    {"code": "DKST-2026", "name": "…", "plan_number": "…", "plan_date": "2026-01-05",
     "plan_issuer": "…", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
     "nomination_limit": null, "min_per_grassroots": 1, "description_limit": 1000,
     "notes": null, "archived": false,
     "periods": [{"name": "Năm 2026", "count_from": "2026-01-01", "count_to": "2026-12-31",
                  "target_on": "2026-10-31", "entries_close": "2026-11-01T00:00+07:00",
                  "deadlines": [{"label": "Nộp hồ sơ", "date": "2026-10-31"}]}],
     "fields": [{"code": "KT", "name": "Kỹ thuật"}],
     "participants": ["LC", "LC-PT"]}

A file holds one such document or a list of them. Importing reads the whole file first and
checks every campaign (the shape, the dates, the rules of the window, the unit codes, who may
write campaigns) before anything is written: a bad file changes nothing. Each campaign is then
created, or updated when one with its code is there (its periods kept by name, with their
quotas), through :class:`~desktop.services.campaigns.service.CampaignService`. No Qt here.

A period's ``target_on`` is the date its target is to be reached by, and ``entries_close`` the
moment entries close: ISO 8601 with its offset, as ``show`` writes it (Vietnam time, +07:00), or
as a plan writes it ("24h ngày 20/4/2021"). ``closed_at`` says when the campaign was closed
(khoá sổ); an import does not close or reopen a campaign (``sangkien campaigns close``/``reopen``
do, audited), and refuses to change a closed one."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import Campaign, DossierKind, Initiative, Unit
from desktop.services.campaigns.closing import closed_message
from desktop.services.campaigns.deadlines import (
    BadDeadline,
    from_iso,
    iso_deadline,
    parse_deadline,
)
from desktop.services.campaigns.dossier_items import DossierItemSpec, canonical, to_json
from desktop.services.campaigns.service import (
    CAMPAIGN_WRITES,
    CampaignInput,
    CampaignRow,
    CampaignService,
    DeadlineInput,
    FieldInput,
    PeriodInput,
)
from desktop.services.common import ServiceError, audit, tick
from desktop.services.rules.ownership import ownership
from desktop.services.rules.records import check_campaign
from desktop.text.normalise import clean

log = logging.getLogger(__name__)

# The keys of a document, in the order ``show --json`` writes them.
CAMPAIGN_KEYS = (
    "code",
    "name",
    "plan_number",
    "plan_date",
    "plan_issuer",
    "starts_on",
    "ends_on",
    "nomination_limit",
    "min_per_grassroots",
    "description_limit",
    "notes",
    "archived",
    "closed_at",
    "periods",
    "fields",
    "dossier_items",
    "participants",
)
PERIOD_KEYS = ("name", "count_from", "count_to", "target_on", "entries_close", "deadlines")
DEADLINE_KEYS = ("label", "date")
FIELD_KEYS = ("code", "name")
DOSSIER_KEYS = ("kind", "name", "required")

MAX_FILE_BYTES = 8 * 1024 * 1024  # thousands of campaigns; a bigger file is not one of ours
DEFAULT_DESCRIPTION_LIMIT = 1000


class TransferError(ServiceError):
    """A campaign file that cannot come in; the message names the campaign and the field."""


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


# ---- the document of a campaign ---------------------------------------------------------------


def document_of(
    data: CampaignInput,
    archived: bool,
    participants: Sequence[str],
    closed_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """The JSON document of a campaign (as given, or as read back from the store)."""
    return {
        "code": data.code,
        "name": data.name,
        "plan_number": data.plan_number,
        "plan_date": _iso(data.plan_date),
        "plan_issuer": data.plan_issuer,
        "starts_on": _iso(data.starts_on),
        "ends_on": _iso(data.ends_on),
        "nomination_limit": data.nomination_limit,
        "min_per_grassroots": data.min_per_grassroots,
        "description_limit": data.description_limit,
        "notes": data.notes,
        "archived": archived,
        "closed_at": iso_deadline(closed_at),
        "periods": [
            {
                "name": p.name,
                "count_from": _iso(p.count_from),
                "count_to": _iso(p.count_to),
                "target_on": _iso(p.target_on),
                "entries_close": iso_deadline(p.entries_close_at),
                "deadlines": [{"label": d.label, "date": _iso(d.due_on)} for d in p.deadlines],
            }
            for p in data.periods
        ],
        "fields": [{"code": f.code, "name": f.name} for f in data.fields],
        "dossier_items": to_json(canonical(data.dossier_items)),
        "participants": sorted(participants),
    }


def input_of(row: CampaignRow) -> CampaignInput:
    """The input that would save ``row`` as it is (its periods with their ids)."""
    return CampaignInput(
        code=row.code,
        name=row.name,
        plan_number=row.plan_number,
        plan_date=row.plan_date,
        plan_issuer=row.plan_issuer,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        nomination_limit=row.nomination_limit,
        min_per_grassroots=row.min_per_grassroots,
        description_limit=row.description_limit,
        notes=row.notes,
        periods=tuple(
            PeriodInput(
                p.name,
                p.count_from,
                p.count_to,
                tuple(DeadlineInput(d.label, d.due_on) for d in p.deadlines),
                id=p.id,
                target_on=p.target_on,
                entries_close_at=p.entries_close_at,
            )
            for p in row.periods
        ),
        fields=tuple(FieldInput(f.code, f.name) for f in row.fields),
        dossier_items=row.dossier_items,
    )


def _normalised(data: CampaignInput) -> CampaignInput:
    """``data`` as the store keeps it (text cleaned, empty text as None, deadlines by date),
    so that a document read from a file compares with one read from the store."""

    def opt(text: str | None) -> str | None:
        return clean(text) or None

    return replace(
        data,
        code=clean(data.code),
        name=clean(data.name),
        plan_number=opt(data.plan_number),
        plan_issuer=opt(data.plan_issuer),
        notes=opt(data.notes),
        periods=tuple(
            replace(
                p,
                name=clean(p.name),
                deadlines=tuple(
                    sorted(
                        (DeadlineInput(clean(d.label), d.due_on) for d in p.deadlines),
                        key=lambda d: d.due_on,
                    )
                ),
            )
            for p in data.periods
        ),
        fields=tuple(FieldInput(clean(f.code), clean(f.name)) for f in data.fields),
        dossier_items=None if data.dossier_items is None else canonical(data.dossier_items),
    )


# ---- reading a file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignDocument:
    """One campaign read from a file: what to save, and where it was in the file."""

    position: int  # 1-based, in the file
    data: CampaignInput
    archived: bool
    participants: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"Chương trình thứ {self.position} (mã «{self.data.code}»)"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Reader:
    """Reads the values of one campaign's document, naming the field of each mistake."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, key: str, message: str) -> NoReturn:
        raise TransferError(f"{self.where}, trường «{key}»: {message}")

    def obj(self, value: object, key: str, allowed: Sequence[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, "phải là một đối tượng JSON ({…}).")
        unknown = [k for k in value if k not in allowed]
        if unknown:
            self.fail(
                f"{key}.{unknown[0]}" if key else unknown[0],
                "không có trong định dạng chương trình (các trường: " + ", ".join(allowed) + ").",
            )
        return value

    def items(self, value: object, key: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "phải là một danh sách ([…]).")
        return value

    def text(self, value: object, key: str, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.fail(key, "bắt buộc, không được để trống.")
            return None
        if not isinstance(value, str):
            self.fail(key, "phải là chuỗi chữ (trong dấu nháy kép).")
        if required and not clean(value):
            self.fail(key, "bắt buộc, không được để trống.")
        return value

    def required_text(self, value: object, key: str) -> str:
        text = self.text(value, key, required=True)
        assert text is not None
        return text

    def number(self, value: object, key: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, "phải là số nguyên (hoặc null).")
        return value

    def flag(self, value: object, key: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, "phải là true hoặc false.")
        return value

    def date(self, value: object, key: str, required: bool = False) -> dt.date | None:
        if value is None:
            if required:
                self.fail(key, "bắt buộc: ghi ngày dạng YYYY-MM-DD (ví dụ 2026-12-31).")
            return None
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            self.fail(key, f"«{shown}» không phải ngày dạng YYYY-MM-DD (ví dụ 2026-12-31).")
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            self.fail(key, f"ngày «{value}» không có thật (ngày ghi dạng YYYY-MM-DD).")

    def moment(self, value: object, key: str) -> dt.datetime | None:
        """An entry deadline: ISO 8601 (an offset, or Vietnam time) or "24h ngày 20/4/2021"."""
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(
                key, "phải là chuỗi, ví dụ «2021-04-21T00:00+07:00» hoặc «24h ngày 20/4/2021»."
            )
        text = value.strip()
        if re.match(r"\d{4}-\d{2}-\d{2}T", text):
            try:
                return from_iso(text)
            except ValueError:
                self.fail(key, f"thời điểm «{text}» không đọc được (ví dụ 2021-04-21T00:00+07:00).")
        try:
            return parse_deadline(text)
        except BadDeadline as exc:
            self.fail(key, str(exc))

    def required_date(self, value: object, key: str) -> dt.date:
        day = self.date(value, key, required=True)
        assert day is not None
        return day


def _campaign_document(position: int, raw: object) -> CampaignDocument:
    code = raw.get("code") if isinstance(raw, dict) else None
    where = f"Chương trình thứ {position}" + (f" (mã «{code}»)" if isinstance(code, str) else "")
    r = _Reader(where)
    if not isinstance(raw, dict):
        raise TransferError(
            f"{where}: phải là một đối tượng JSON ({{…}}) có các trường "
            + ", ".join(CAMPAIGN_KEYS)
            + "."
        )
    doc = r.obj(raw, "", CAMPAIGN_KEYS)
    periods = []
    for i, raw_period in enumerate(r.items(doc.get("periods"), "periods")):
        key = f"periods[{i}]"
        p = r.obj(raw_period, key, PERIOD_KEYS)
        deadlines = []
        for j, raw_deadline in enumerate(r.items(p.get("deadlines"), f"{key}.deadlines")):
            dkey = f"{key}.deadlines[{j}]"
            d = r.obj(raw_deadline, dkey, DEADLINE_KEYS)
            deadlines.append(
                DeadlineInput(
                    r.required_text(d.get("label"), f"{dkey}.label"),
                    r.required_date(d.get("date"), f"{dkey}.date"),
                )
            )
        periods.append(
            PeriodInput(
                r.required_text(p.get("name"), f"{key}.name"),
                r.date(p.get("count_from"), f"{key}.count_from"),
                r.date(p.get("count_to"), f"{key}.count_to"),
                tuple(deadlines),
                target_on=r.date(p.get("target_on"), f"{key}.target_on"),
                entries_close_at=r.moment(p.get("entries_close"), f"{key}.entries_close"),
            )
        )
    fields = []
    for i, raw_field in enumerate(r.items(doc.get("fields"), "fields")):
        key = f"fields[{i}]"
        f = r.obj(raw_field, key, FIELD_KEYS)
        fields.append(
            FieldInput(
                r.required_text(f.get("code"), f"{key}.code"),
                r.required_text(f.get("name"), f"{key}.name"),
            )
        )
    dossier = _dossier_items(r, doc)
    participants = []
    for i, unit_code in enumerate(r.items(doc.get("participants"), "participants")):
        participants.append(clean(r.required_text(unit_code, f"participants[{i}]")))
    limit = r.number(doc.get("description_limit"), "description_limit")
    data = CampaignInput(
        code=r.required_text(doc.get("code"), "code"),
        name=r.required_text(doc.get("name"), "name"),
        plan_number=r.text(doc.get("plan_number"), "plan_number"),
        plan_date=r.date(doc.get("plan_date"), "plan_date"),
        plan_issuer=r.text(doc.get("plan_issuer"), "plan_issuer"),
        starts_on=r.date(doc.get("starts_on"), "starts_on"),
        ends_on=r.date(doc.get("ends_on"), "ends_on"),
        nomination_limit=r.number(doc.get("nomination_limit"), "nomination_limit"),
        min_per_grassroots=r.number(doc.get("min_per_grassroots"), "min_per_grassroots"),
        description_limit=DEFAULT_DESCRIPTION_LIMIT if limit is None else limit,
        notes=r.text(doc.get("notes"), "notes"),
        periods=tuple(periods),
        fields=tuple(fields),
        dossier_items=dossier,
    )
    problems = check_campaign(data)  # the window's rules, with the window's messages
    if problems:
        raise TransferError(
            f"{where}: " + "; ".join(f"{p.message} (trường «{p.field}»)" for p in problems)
        )
    seen: set[str] = set()
    for unit_code in participants:
        if unit_code in seen:
            r.fail("participants", f"đơn vị «{unit_code}» được ghi hai lần.")
        seen.add(unit_code)
    return CampaignDocument(
        position,
        _normalised(data),
        r.flag(doc.get("archived"), "archived"),
        tuple(participants),
    )


def _dossier_items(r: _Reader, doc: dict[str, Any]) -> tuple[DossierItemSpec, ...] | None:
    """The campaign's dossier papers (absent: the recognition plans' four)."""
    if doc.get("dossier_items") is None:
        return None
    kinds = {k.value: k for k in DossierKind}
    out = []
    for i, raw in enumerate(r.items(doc.get("dossier_items"), "dossier_items")):
        key = f"dossier_items[{i}]"
        d = r.obj(raw, key, DOSSIER_KEYS)
        kind = r.required_text(d.get("kind"), f"{key}.kind")
        if kind not in kinds:
            r.fail(
                f"{key}.kind", f"«{kind}» không phải loại giấy tờ (các loại: {', '.join(kinds)})."
            )
        required = d.get("required", True)
        if not isinstance(required, bool):
            r.fail(f"{key}.required", "phải là true hoặc false.")
        out.append(DossierItemSpec(kinds[kind], required, r.text(d.get("name"), f"{key}.name")))
    return tuple(out)


def parse_documents(text: str, source: str = "tệp") -> list[CampaignDocument]:
    """The campaigns of a file's text (one document or a list of them); a mistake raises
    :class:`TransferError` naming the campaign and the field."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TransferError(
            f"{source} không phải JSON hợp lệ (lỗi ở dòng {exc.lineno}, cột {exc.colno}). "
            "Tệp phải là kết quả của «sangkien campaigns show MÃ --json»."
        ) from None
    items = raw if isinstance(raw, list) else [raw]
    if not isinstance(raw, (list, dict)):
        raise TransferError(
            f"{source} phải chứa một chương trình (đối tượng JSON {{…}}) hoặc một danh sách "
            "chương trình ([…])."
        )
    if not items:
        raise TransferError(f"{source} không có chương trình nào.")
    docs = [_campaign_document(i, item) for i, item in enumerate(items, start=1)]
    first: dict[str, CampaignDocument] = {}
    for d in docs:
        earlier = first.setdefault(d.data.code, d)
        if earlier is not d:
            raise TransferError(
                f"{d.where}: mã này đã có ở chương trình thứ {earlier.position} trong tệp; "
                "mỗi chương trình một mã."
            )
    return docs


def read_documents(path: str | Path) -> list[CampaignDocument]:
    """The campaigns of a file written by ``campaigns show --json`` (or by hand)."""
    p = Path(path)
    source = f"Tệp «{p.name}»"
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise TransferError(f"{source} quá lớn để là tệp chương trình.")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise TransferError(f"Không tìm thấy tệp «{p}».") from None
    except OSError as exc:
        raise TransferError(f"Không đọc được tệp «{p}»: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TransferError(f"{source} không phải văn bản UTF-8 (tệp JSON).") from None
    return parse_documents(text, source)


# ---- the plan of an import, then the import ---------------------------------------------------


class Action(Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


ACTION_DONE = {
    Action.CREATE: "Đã tạo",
    Action.UPDATE: "Đã cập nhật",
    Action.UNCHANGED: "Không thay đổi",
}
ACTION_PLANNED = {
    Action.CREATE: "Sẽ tạo",
    Action.UPDATE: "Sẽ cập nhật",
    Action.UNCHANGED: "Không thay đổi",
}


@dataclass(frozen=True)
class PlannedCampaign:
    document: CampaignDocument
    action: Action
    campaign_id: int | None  # the campaign updated (None: a new one)
    unit_ids: tuple[int, ...]
    data: CampaignInput  # what to save (the periods of an update carry their ids)

    @property
    def code(self) -> str:
        return self.data.code

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def changes(self) -> bool:
        return self.action != Action.UNCHANGED

    def to_json(self, done: bool) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "action": self.action.value,
            "done": done,
            "periods": len(self.data.periods),
            "fields": len(self.data.fields),
            "participants": len(self.unit_ids),
        }


@dataclass(frozen=True)
class CampaignListed:
    """One line of ``campaigns list``."""

    row: CampaignRow
    archived: bool

    def to_json(self) -> dict[str, object]:
        r = self.row
        return {
            "code": r.code,
            "name": r.name,
            "starts_on": _iso(r.starts_on),
            "ends_on": _iso(r.ends_on),
            "archived": self.archived,
            "periods": len(r.periods),
            "participants": len(r.unit_ids),
        }


class CampaignTransfer:
    """Campaigns out as JSON documents, and documents in through the campaign service."""

    def __init__(
        self, session_factory: sessionmaker[Session], campaigns: CampaignService | None = None
    ) -> None:
        self._sf = session_factory
        self._campaigns = campaigns or CampaignService(session_factory)

    # ---- out ---------------------------------------------------------------------------------
    def listed(self, include_archived: bool = False) -> list[CampaignListed]:
        """The campaigns (newest first, as the window lists them), archived ones with --all."""
        rows = self._campaigns.list(include_archived=include_archived)
        with self._sf() as s:
            archived = set(s.scalars(select(Campaign.id).where(Campaign.archived.is_(True))))
        return [CampaignListed(r, r.id in archived) for r in rows]

    def document(self, code: str) -> dict[str, Any]:
        """The whole campaign of ``code`` as its JSON document."""
        row = self._campaigns.by_code(code)
        with self._sf() as s:
            archived = bool(s.scalar(select(Campaign.archived).where(Campaign.id == row.id)))
            codes = list(s.scalars(select(Unit.code).where(Unit.id.in_(list(row.unit_ids)))))
        return document_of(input_of(row), archived, codes, row.closed_at)

    # ---- in ----------------------------------------------------------------------------------
    def plan(self, documents: Sequence[CampaignDocument]) -> list[PlannedCampaign]:
        """What importing ``documents`` would do; every check is made here, nothing written."""
        with self._sf() as s:
            own = ownership(s)
            if not own.owns_campaigns:
                raise own.province_only(CAMPAIGN_WRITES)
            unit_ids: dict[str, int] = {c: i for c, i in s.execute(select(Unit.code, Unit.id))}
            existing: dict[str, int] = {
                c: i for c, i in s.execute(select(Campaign.code, Campaign.id))
            }
            archived = set(s.scalars(select(Campaign.id).where(Campaign.archived.is_(True))))
            planned = []
            for d in documents:
                unknown = [c for c in d.participants if c not in unit_ids]
                if unknown:
                    raise TransferError(
                        f"{d.where}, trường «participants»: không có đơn vị mã "
                        + ", ".join(f"«{c}»" for c in unknown[:10])
                        + " trong cơ sở dữ liệu này."
                    )
                ids = tuple(sorted(unit_ids[c] for c in d.participants))
                campaign_id = existing.get(d.data.code)
                if campaign_id is None:
                    planned.append(PlannedCampaign(d, Action.CREATE, None, ids, d.data))
                    continue
                row = self._campaigns.get(campaign_id)
                data = self._keeping_periods(s, d, row)
                if row.closed_at is not None and not (
                    _normalised(input_of(row)) == data and set(row.unit_ids) == set(ids)
                ):
                    raise TransferError(f"{d.where}: " + closed_message(row.name, row.closed_at))
                same = (
                    _normalised(input_of(row)) == data
                    and set(row.unit_ids) == set(ids)
                    and (campaign_id in archived) == d.archived
                )
                action = Action.UNCHANGED if same else Action.UPDATE
                planned.append(PlannedCampaign(d, action, campaign_id, ids, data))
        return planned

    @staticmethod
    def _keeping_periods(s: Session, d: CampaignDocument, row: CampaignRow) -> CampaignInput:
        """The document's input for an update: a period of the same name as one of the
        campaign's is that period (it keeps its quotas); one left out must have no
        initiative (the service's rule, checked before anything is written)."""
        old = {p.name: p.id for p in row.periods}
        periods = tuple(replace(p, id=old.get(p.name)) for p in d.data.periods)
        kept = {p.id for p in periods if p.id is not None}
        for p in row.periods:
            if p.id in kept:
                continue
            used = s.scalar(
                select(func.count()).select_from(Initiative).where(Initiative.period_id == p.id)
            )
            if used:
                raise TransferError(
                    f"{d.where}: không bỏ được giai đoạn «{p.name}» của chương trình đã có: "
                    f"đã có {used} sáng kiến thuộc giai đoạn này. Hãy giữ giai đoạn đó (cùng "
                    "tên) trong tệp."
                )
        # A document without dossier papers (an older file) keeps the campaign's.
        dossier = d.data.dossier_items
        return replace(
            d.data,
            periods=periods,
            dossier_items=canonical(row.dossier_items) if dossier is None else dossier,
        )

    def apply(self, planned: Sequence[PlannedCampaign]) -> None:
        """Save each planned campaign through the campaign service (its checks and its
        ownership refusal apply), then its archived mark."""
        for p in planned:
            if p.action == Action.UNCHANGED:
                continue
            if p.action == Action.CREATE:
                row = self._campaigns.create(p.data, p.unit_ids)
            else:
                assert p.campaign_id is not None
                row = self._campaigns.update(p.campaign_id, p.data, p.unit_ids)
            self._mark_archived(row.id, p.document.archived)
            log.info("campaign %s imported (%s)", p.code, p.action.value)

    def _mark_archived(self, campaign_id: int, archived: bool) -> None:
        with self._sf.begin() as s:
            c = s.get(Campaign, campaign_id)
            assert c is not None
            if bool(c.archived) == archived:
                return
            c.archived = archived
            tick(s, c)
            what = "Lưu trữ" if archived else "Bỏ lưu trữ"
            audit(s, "campaign", c.uid, "archive", f"{what} chương trình {c.name} (nhập từ tệp)")

    def import_documents(
        self, documents: Sequence[CampaignDocument], dry_run: bool = False
    ) -> list[PlannedCampaign]:
        planned = self.plan(documents)
        if not dry_run:
            self.apply(planned)
        return planned
