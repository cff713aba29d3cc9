"""Build each printed document from the store, and write it as PDF or .xlsx.

Documents: the list of recognised initiatives of a decision, the registration form (Mẫu 1) and
the registration list (Mẫu 2), the summary table sent with nominations, the quota table, the
progress report per unit, and the certificates of a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import (
    Author,
    Campaign,
    Decision,
    DecisionEntry,
    Field,
    Initiative,
    InitiativeStatus,
    Nomination,
    Period,
    Quota,
    Unit,
    UnitKind,
)
from desktop.services import labels
from desktop.services.campaigns.progress import ProgressService
from desktop.services.campaigns.windows import counted_in
from desktop.services.common import NotFound, ServiceError, local_office
from desktop.services.documents.excel import render_certificates_xlsx, render_table_xlsx
from desktop.services.documents.model import (
    Certificate,
    CertificateDocument,
    Col,
    GroupRow,
    Letterhead,
    Signature,
    TableDocument,
)
from desktop.services.documents.pdf import render_certificates_pdf, render_table_pdf
from desktop.services.documents.settings import DocumentSettings, DocumentSettingsService
from desktop.services.evaluation.nominations import district_of
from desktop.services.units.tree import short_unit_name
from desktop.text.dates import document_date_line, format_date
from desktop.text.normalise import clean, fold, upper_vi
from desktop.text.numbers import format_number


class DocumentKind(StrEnum):
    RECOGNITION_LIST = "recognition-list"
    REGISTRATION_FORM = "registration-form"
    REGISTRATION_LIST = "registration-list"
    SUMMARY = "summary"
    QUOTA_TABLE = "quota-table"
    PROGRESS = "progress"
    CERTIFICATES = "certificates"


TITLES = {
    DocumentKind.RECOGNITION_LIST: "Danh sách sáng kiến được công nhận",
    DocumentKind.REGISTRATION_FORM: "Phiếu đăng ký sáng kiến (Mẫu 1)",
    DocumentKind.REGISTRATION_LIST: "Danh sách đăng ký sáng kiến của đơn vị (Mẫu 2)",
    DocumentKind.SUMMARY: "Bảng tổng hợp tóm tắt sáng kiến",
    DocumentKind.QUOTA_TABLE: "Bảng chỉ tiêu của chương trình",
    DocumentKind.PROGRESS: "Báo cáo tiến độ theo đơn vị",
    DocumentKind.CERTIFICATES: "Giấy chứng nhận sáng kiến",
}
NEEDS_DECISION = {DocumentKind.RECOGNITION_LIST, DocumentKind.CERTIFICATES}
SUMMARY_CHARS = 400


@dataclass(frozen=True)
class DocumentRequest:
    kind: DocumentKind
    campaign_id: int
    decision_id: int | None = None
    initiative_id: int | None = None  # the registration form
    period_id: int | None = None
    unit_id: int | None = None  # a district-level unit: only its initiatives
    on: dt.date | None = None  # the date of the document; default today


Document = TableDocument | CertificateDocument


def _signature(cfg: DocumentSettings) -> Signature:
    return Signature(cfg.on_behalf, cfg.signer_title, cfg.signer_name)


def _blank_number(symbol: str) -> str:
    return f"Số:        /{symbol}"


class DocumentService:
    def __init__(
        self, session_factory: sessionmaker[Session], progress: ProgressService | None = None
    ) -> None:
        self._sf = session_factory
        self.settings = DocumentSettingsService(session_factory)
        self._progress = progress or ProgressService(session_factory)

    # ---- the entry points ----------------------------------------------------------------
    def build(self, req: DocumentRequest, cfg: DocumentSettings | None = None) -> Document:
        cfg = cfg or self.settings.load()
        builders: dict[DocumentKind, Callable[[DocumentRequest, DocumentSettings], Document]] = {
            DocumentKind.RECOGNITION_LIST: self._recognition_list,
            DocumentKind.REGISTRATION_FORM: self._registration_form,
            DocumentKind.REGISTRATION_LIST: self._registration_list,
            DocumentKind.SUMMARY: self._summary,
            DocumentKind.QUOTA_TABLE: self._quota_table,
            DocumentKind.PROGRESS: self._progress_report,
            DocumentKind.CERTIFICATES: self._certificates,
        }
        return builders[req.kind](req, cfg)

    def pdf(self, req: DocumentRequest, cfg: DocumentSettings | None = None) -> bytes:
        return self.render(self.build(req, cfg), None)

    def save(self, req: DocumentRequest, path: Path, cfg: DocumentSettings | None = None) -> Path:
        """Write the document to ``path``: .pdf or .xlsx by its suffix."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".pdf", ".xlsx"):
            raise ServiceError(
                f"Không biết ghi tệp «{path.name}»: hãy đặt tên có đuôi .pdf hoặc .xlsx."
            )
        if not path.parent.is_dir():
            raise ServiceError(f"Thư mục «{path.parent}» không tồn tại.")
        doc = self.build(req, cfg)
        if suffix == ".pdf":
            self.render(doc, path)
        elif isinstance(doc, CertificateDocument):
            render_certificates_xlsx(doc, path)
        else:
            render_table_xlsx(doc, path)
        return path

    @staticmethod
    def render(doc: Document, path: Path | None) -> bytes:
        if isinstance(doc, CertificateDocument):
            return render_certificates_pdf(doc, path)
        return render_table_pdf(doc, path)

    # ---- shared pieces -------------------------------------------------------------------
    @staticmethod
    def _campaign(s: Session, campaign_id: int) -> Campaign:
        c = s.get(Campaign, campaign_id)
        if c is None:
            raise NotFound("Không tìm thấy chương trình.")
        return c

    @staticmethod
    def _letterhead(cfg: DocumentSettings, number: str, on: dt.date) -> Letterhead:
        return Letterhead(
            upper_vi(cfg.superior),
            upper_vi(cfg.issuer),
            number,
            document_date_line(cfg.place, on),
        )

    @staticmethod
    def _decision(s: Session, req: DocumentRequest) -> Decision:
        if req.decision_id is None:
            latest = s.scalar(
                select(Decision)
                .where(Decision.campaign_id == req.campaign_id)
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
        return d

    @staticmethod
    def _units(s: Session) -> tuple[dict[int, int | None], dict[int, UnitKind], dict[int, Unit]]:
        units = {u.id: u for u in s.scalars(select(Unit))}
        return (
            {u.id: u.parent_id for u in units.values()},
            {u.id: u.kind for u in units.values()},
            units,
        )

    @staticmethod
    def _issuer_name(s: Session, cfg: DocumentSettings) -> str:
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

    # ---- 1. the list of recognised initiatives -------------------------------------------
    def _recognition_list(self, req: DocumentRequest, cfg: DocumentSettings) -> TableDocument:
        with self._sf() as s:
            campaign = self._campaign(s, req.campaign_id)
            d = self._decision(s, req)
            parents, kinds, units = self._units(s)
            rows = s.execute(
                select(
                    Initiative.id,
                    Initiative.title,
                    Initiative.authors_text,
                    Initiative.unit_id,
                    Field.name,
                    Initiative.benefit_vnd,
                    Initiative.benefit_note,
                    Initiative.authors_key,
                    Initiative.title_key,
                )
                .join(DecisionEntry, DecisionEntry.initiative_id == Initiative.id)
                .outerjoin(Field, Field.id == Initiative.field_id)
                .where(DecisionEntry.decision_id == d.id, DecisionEntry.recognised.is_(True))
            ).all()
            if not rows:
                raise ServiceError(f"Quyết định số {d.number} không công nhận sáng kiến nào.")
            groups: dict[int, list[Any]] = {}
            for r in rows:
                groups.setdefault(district_of(parents, kinds, r[3]), []).append(r)
            body: list[tuple[Any, ...] | GroupRow] = []
            n = 0
            total = 0
            for gid in sorted(groups, key=lambda g: units[g].name_key):
                body.append(GroupRow(units[gid].name))
                for r in sorted(groups[gid], key=lambda r: (r[7], r[8], r[0])):
                    n += 1
                    total += r[5] or 0
                    grassroots = units[r[3]]
                    benefit = r[5] if r[5] is not None else (r[6] or "")
                    body.append(
                        (
                            n,
                            r[1],
                            r[2],
                            short_unit_name(grassroots.name, grassroots.short_name),
                            r[4] or "",
                            benefit,
                        )
                    )
            on = d.signed_on or req.on or dt.date.today()
            issuer = self._issuer_name(s, cfg)
            return TableDocument(
                kind=DocumentKind.RECOGNITION_LIST.value,
                letterhead=self._letterhead(cfg, f"Số: {d.number}", on),
                title="DANH SÁCH",
                subject=("Sáng kiến được công nhận", f"Chương trình «{campaign.name}»"),
                subtitle=(
                    f"(Kèm theo Quyết định số {d.number} ngày {format_date(d.signed_on)} "
                    f"của {issuer})"
                    if d.signed_on
                    else f"(Kèm theo Quyết định số {d.number} của {issuer})"
                ),
                columns=(
                    Col("TT", 5.5, "center"),
                    Col("Tên sáng kiến", 29),
                    Col("Tác giả", 17),
                    Col("Đơn vị", 16),
                    Col("Lĩnh vực", 14),
                    Col("Giá trị làm lợi (đồng)", 15, "right", money=True),
                ),
                rows=tuple(body),
                total=("", f"Tổng cộng: {format_number(n)} sáng kiến", "", "", "", total),
                after=(f"Danh sách gồm {format_number(n)} sáng kiến được công nhận.",),
                recipients=cfg.recipient_lines,
                signature=Signature(
                    cfg.on_behalf,
                    d.signer_title or cfg.signer_title,
                    d.signer_name or cfg.signer_name,
                ),
                sheet_title="Sáng kiến được công nhận",
            )

    # ---- 2. the registration form (Mẫu 1) and list (Mẫu 2) -------------------------------
    def _registration_form(self, req: DocumentRequest, cfg: DocumentSettings) -> TableDocument:
        if req.initiative_id is None:
            raise ServiceError("Hãy chọn một sáng kiến để in phiếu đăng ký.")
        with self._sf() as s:
            ini = s.get(Initiative, req.initiative_id)
            if ini is None:
                raise NotFound("Không tìm thấy sáng kiến.")
            campaign = self._campaign(s, ini.campaign_id)
            unit = s.get(Unit, ini.unit_id)
            fld = s.get(Field, ini.field_id) if ini.field_id else None
            authors = list(
                s.scalars(select(Author).where(Author.initiative_id == ini.id).order_by(Author.seq))
            )
            rows: list[tuple[Any, ...]] = [
                (1, "Tên sáng kiến", ini.title),
                (2, "Tác giả / nhóm tác giả", labels.AUTHOR_KIND[ini.author_kind]),
            ]
            for a in authors:
                bits = [a.full_name]
                if a.job_title:
                    bits.append(a.job_title)
                if a.workplace:
                    bits.append(a.workplace)
                bits.append(f"đóng góp {format_number(a.contribution_pct, 0)}%")
                rows.append(("", "", " – ".join(bits)))
            rows += [
                (3, "Đơn vị (công đoàn cơ sở)", unit.name if unit else ""),
                (4, "Lĩnh vực", fld.name if fld else ""),
                (5, "Ngày bắt đầu áp dụng", ini.applied_on),
                (
                    6,
                    "Tóm tắt nội dung",
                    "(Sáng kiến mật: không in nội dung)" if ini.confidential else ini.description,
                ),
                (
                    7,
                    "Hiệu quả, giá trị làm lợi",
                    " – ".join(
                        x
                        for x in (
                            f"{format_number(ini.benefit_vnd)} đồng" if ini.benefit_vnd else "",
                            ini.benefit_note or "",
                        )
                        if x
                    ),
                ),
            ]
            on = ini.registered_on or req.on or dt.date.today()
            return TableDocument(
                kind=DocumentKind.REGISTRATION_FORM.value,
                letterhead=self._letterhead(cfg, _blank_number("ĐK"), on),
                title="PHIẾU ĐĂNG KÝ SÁNG KIẾN",
                subject=(f"Chương trình «{campaign.name}»",),
                subtitle="(Mẫu 1)",
                columns=(Col("TT", 5.5, "center"), Col("Nội dung", 25), Col("Thông tin", 70)),
                rows=tuple(rows),
                signature=Signature("", "TÁC GIẢ", authors[0].full_name if authors else ""),
                sheet_title="Phiếu đăng ký",
            )

    def _scoped_initiatives(self, s: Session, req: DocumentRequest, statuses=None):  # type: ignore[no-untyped-def]
        q = select(Initiative).where(
            Initiative.campaign_id == req.campaign_id, Initiative.deleted_at.is_(None)
        )
        if statuses is not None:
            q = q.where(Initiative.status.in_(list(statuses)))
        if req.period_id is not None:
            period = s.get(Period, req.period_id)
            if period is None:
                raise NotFound("Không tìm thấy giai đoạn.")
            q = q.where(counted_in(Initiative.applied_on, period.count_from, period.count_to))
        return list(s.scalars(q))

    def _scope_unit(self, s: Session, req: DocumentRequest) -> int | None:
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

    def _grouped(self, s: Session, req: DocumentRequest, inis, make_row):  # type: ignore[no-untyped-def]
        parents, kinds, units = self._units(s)
        scope = self._scope_unit(s, req)
        groups: dict[int, list[Initiative]] = {}
        for ini in inis:
            g = district_of(parents, kinds, ini.unit_id)
            if scope is not None and g != scope:
                continue
            groups.setdefault(g, []).append(ini)
        body: list[Any] = []
        n = 0
        for gid in sorted(groups, key=lambda g: units[g].name_key):
            if scope is None:
                body.append(GroupRow(units[gid].name))
            for ini in sorted(groups[gid], key=lambda i: (i.authors_key, i.title_key, i.id)):
                n += 1
                body.append(make_row(n, ini, units[ini.unit_id]))
        return body, n, (units[scope] if scope is not None else None)

    def _registration_list(self, req: DocumentRequest, cfg: DocumentSettings) -> TableDocument:
        with self._sf() as s:
            campaign = self._campaign(s, req.campaign_id)
            fields = {f.id: f.name for f in s.scalars(select(Field))}
            job = {
                iid: jt
                for iid, jt in s.execute(
                    select(Author.initiative_id, Author.job_title).where(Author.seq == 0)
                )
            }

            def row(n: int, ini: Initiative, unit: Unit) -> tuple[Any, ...]:
                return (
                    n,
                    ini.title,
                    ini.authors_text,
                    job.get(ini.id) or "",
                    short_unit_name(unit.name, unit.short_name),
                    fields.get(ini.field_id or -1, ""),
                    ini.applied_on,
                )

            inis = self._scoped_initiatives(s, req)
            body, n, scope = self._grouped(s, req, inis, row)
            if not n:
                raise ServiceError("Chưa có sáng kiến nào đăng ký trong phạm vi đã chọn.")
            on = req.on or dt.date.today()
            who = scope.name if scope is not None else self._issuer_name(s, cfg)
            return TableDocument(
                kind=DocumentKind.REGISTRATION_LIST.value,
                letterhead=self._letterhead(cfg, _blank_number(f"DS-{cfg.symbol}"), on),
                title="DANH SÁCH",
                subject=(
                    f"Đăng ký sáng kiến của {who}",
                    f"Chương trình «{campaign.name}»",
                ),
                subtitle="(Mẫu 2)",
                columns=(
                    Col("TT", 5.5, "center"),
                    Col("Tên sáng kiến", 28),
                    Col("Tác giả", 17),
                    Col("Chức vụ", 12),
                    Col("Đơn vị", 15),
                    Col("Lĩnh vực", 13),
                    Col("Ngày áp dụng", 10, "center"),
                ),
                rows=tuple(body),
                after=(f"Tổng số: {format_number(n)} sáng kiến đăng ký.",),
                recipients=cfg.recipient_lines,
                signature=_signature(cfg),
                sheet_title="Đăng ký sáng kiến",
            )

    # ---- 3. the summary table sent with the nominations ----------------------------------
    def _summary(self, req: DocumentRequest, cfg: DocumentSettings) -> TableDocument:
        with self._sf() as s:
            campaign = self._campaign(s, req.campaign_id)
            nominated = set(
                s.scalars(
                    select(Nomination.initiative_id).where(
                        Nomination.campaign_id == req.campaign_id
                    )
                )
            )
            inis = self._scoped_initiatives(
                s,
                req,
                (
                    InitiativeStatus.RECOGNISED,
                    InitiativeStatus.COMMENDED,
                    InitiativeStatus.NOMINATED,
                ),
            )
            if nominated:
                inis = [i for i in inis if i.id in nominated]

            def row(n: int, ini: Initiative, unit: Unit) -> tuple[Any, ...]:
                if ini.confidential:
                    content = "(Sáng kiến mật: chỉ nêu tên và hiệu quả)"
                else:
                    content = ini.description
                    if len(content) > SUMMARY_CHARS:
                        content = content[: SUMMARY_CHARS - 1].rstrip() + "…"
                effect = " ".join(
                    x
                    for x in (
                        f"Làm lợi {format_number(ini.benefit_vnd)} đồng."
                        if ini.benefit_vnd
                        else "",
                        ini.benefit_note or "",
                    )
                    if x
                )
                return (
                    n,
                    ini.title,
                    ini.authors_text,
                    short_unit_name(unit.name, unit.short_name),
                    content,
                    effect,
                )

            body, n, _scope = self._grouped(s, req, inis, row)
            if not n:
                raise ServiceError(
                    "Chưa có sáng kiến nào được công nhận hoặc đề nghị trong phạm vi đã chọn."
                )
            on = req.on or dt.date.today()
            return TableDocument(
                kind=DocumentKind.SUMMARY.value,
                letterhead=self._letterhead(cfg, _blank_number(f"BTH-{cfg.symbol}"), on),
                title="BẢNG TỔNG HỢP",
                subject=("Tóm tắt sáng kiến đề nghị xét chọn", f"Chương trình «{campaign.name}»"),
                columns=(
                    Col("TT", 5.5, "center"),
                    Col("Tên sáng kiến", 20),
                    Col("Tác giả", 14),
                    Col("Đơn vị", 13),
                    Col("Tóm tắt nội dung", 34),
                    Col("Hiệu quả, giá trị làm lợi", 15),
                ),
                rows=tuple(body),
                after=(f"Tổng số: {format_number(n)} sáng kiến.",),
                recipients=cfg.recipient_lines,
                signature=_signature(cfg),
                landscape=True,
                sheet_title="Tổng hợp tóm tắt",
            )

    # ---- 4. the quota table and the progress report --------------------------------------
    def _parent_unit(self, s: Session) -> Unit:
        office = local_office(s)
        if office and office.unit_id:
            unit = s.get(Unit, office.unit_id)
            if unit is not None:
                return unit
        root = s.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
        if root is None:
            raise ServiceError("Chưa có đơn vị nào.")
        return root

    def _quota_table(self, req: DocumentRequest, cfg: DocumentSettings) -> TableDocument:
        with self._sf() as s:
            campaign = self._campaign(s, req.campaign_id)
            parent = self._parent_unit(s)
            periods = list(campaign.periods)
            quotas = {
                (u, p): t
                for u, p, t in s.execute(
                    select(Quota.unit_id, Quota.period_id, Quota.target).where(
                        Quota.campaign_id == campaign.id
                    )
                )
            }
            children = list(
                s.scalars(select(Unit).where(Unit.parent_id == parent.id).order_by(Unit.name_key))
            )
            children = [
                u
                for u in children
                if any((u.id, p) in quotas for p in [None, *[x.id for x in periods]])
            ]
            if not children:
                raise ServiceError(
                    f"Chương trình «{campaign.name}» chưa giao chỉ tiêu cho đơn vị nào."
                )
            body = []
            sums = [0] * (1 + len(periods))
            for i, u in enumerate(children, start=1):
                vals = [quotas.get((u.id, None))] + [quotas.get((u.id, p.id)) for p in periods]
                for k, v in enumerate(vals):
                    sums[k] += v or 0
                body.append((i, u.name, *vals))
            total = ("", "Tổng cộng", *sums)
            on = req.on or dt.date.today()
            return TableDocument(
                kind=DocumentKind.QUOTA_TABLE.value,
                letterhead=self._letterhead(cfg, _blank_number(f"BCT-{cfg.symbol}"), on),
                title="BẢNG CHỈ TIÊU",
                subject=(f"Chương trình «{campaign.name}»",),
                subtitle="(Đơn vị tính: sáng kiến)",
                columns=(
                    Col("TT", 5.5, "center"),
                    Col("Đơn vị", 40),
                    Col("Cả giai đoạn", 14, "right"),
                    *(Col(p.name, 14, "right") for p in periods),
                ),
                rows=tuple(body),
                total=total,
                recipients=cfg.recipient_lines,
                signature=_signature(cfg),
                sheet_title="Chỉ tiêu",
            )

    def _progress_report(self, req: DocumentRequest, cfg: DocumentSettings) -> TableDocument:
        with self._sf() as s:
            campaign = self._campaign(s, req.campaign_id)
            parent_id = self._parent_unit(s).id
            period = s.get(Period, req.period_id) if req.period_id else None
            campaign_name = campaign.name
        rows = self._progress.by_unit(req.campaign_id, req.period_id, parent_id)
        if not rows:
            raise ServiceError("Không có đơn vị nào để báo cáo tiến độ.")
        body = []
        tq = tc = tr = 0
        for i, r in enumerate(rows, start=1):
            tq += r.quota or 0
            tc += r.count
            tr += r.recognised
            body.append(
                (
                    i,
                    r.unit_name,
                    r.quota,
                    r.count,
                    f"{format_number(r.percent, 1)}%" if r.percent is not None else "",
                    r.recognised,
                    f"{r.grassroots_with_initiative}/{r.grassroots_total}",
                )
            )
        pct = f"{format_number(round(100 * tc / tq, 1), 1)}%" if tq else ""
        on = req.on or dt.date.today()
        return TableDocument(
            kind=DocumentKind.PROGRESS.value,
            letterhead=self._letterhead(cfg, _blank_number(f"BC-{cfg.symbol}"), on),
            title="BÁO CÁO",
            subject=(
                "Tiến độ thực hiện chỉ tiêu sáng kiến theo đơn vị",
                f"Chương trình «{campaign_name}»" + (f" – {period.name}" if period else ""),
            ),
            subtitle=f"(Số liệu đến ngày {format_date(on)})",
            columns=(
                Col("TT", 5.5, "center"),
                Col("Đơn vị", 34),
                Col("Chỉ tiêu", 11, "right"),
                Col("Đã có", 11, "right"),
                Col("Tỷ lệ", 11, "right"),
                Col("Được công nhận", 13, "right"),
                Col("CĐCS có sáng kiến", 15, "center"),
            ),
            rows=tuple(body),
            total=("", "Tổng cộng", tq, tc, pct, tr, ""),
            recipients=cfg.recipient_lines,
            signature=_signature(cfg),
            sheet_title="Tiến độ",
        )

    # ---- 5. the certificates -------------------------------------------------------------
    def _certificates(self, req: DocumentRequest, cfg: DocumentSettings) -> CertificateDocument:
        with self._sf() as s:
            self._campaign(s, req.campaign_id)
            d = self._decision(s, req)
            rows = s.execute(
                select(Initiative.title, Initiative.authors_text, Unit.name, Field.name)
                .join(DecisionEntry, DecisionEntry.initiative_id == Initiative.id)
                .join(Unit, Unit.id == Initiative.unit_id)
                .outerjoin(Field, Field.id == Initiative.field_id)
                .where(DecisionEntry.decision_id == d.id, DecisionEntry.recognised.is_(True))
                .order_by(Unit.name_key, Initiative.authors_key, Initiative.title_key)
            ).all()
            if not rows:
                raise ServiceError(f"Quyết định số {d.number} không công nhận sáng kiến nào.")
            when = f" ngày {format_date(d.signed_on)}" if d.signed_on else ""
            line = f"Căn cứ Quyết định số {d.number}{when} của {self._issuer_name(s, cfg)},"
            certs = tuple(
                Certificate(
                    number=f"Số: {i:02d}/GCN-{cfg.symbol}",
                    title=title,
                    authors=authors,
                    unit=uname,
                    field_name=fname or "",
                    decision_line=line,
                )
                for i, (title, authors, uname, fname) in enumerate(rows, start=1)
            )
            on = d.signed_on or req.on or dt.date.today()
            return CertificateDocument(
                kind=DocumentKind.CERTIFICATES.value,
                letterhead=self._letterhead(cfg, "", on),
                certificates=certs,
                signature=Signature(
                    cfg.on_behalf,
                    d.signer_title or cfg.signer_title,
                    d.signer_name or cfg.signer_name,
                ),
            )
