"""«Khoá sổ…» / «Mở lại sổ…» on the campaigns tab, and what the campaign's details say of its
deadlines and its closing (services/campaigns/closing.py, services/campaigns/deadlines.py)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.services.campaigns.closing import CampaignClosing
from desktop.services.campaigns.deadlines import VIETNAM, format_deadline
from desktop.services.campaigns.service import CampaignRow, PeriodRow
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.text.dates import format_date
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named


def closed_html(c: CampaignRow) -> str:
    if c.closed_at is None:
        return ""
    day = format_date(c.closed_at.astimezone(VIETNAM).date())
    return "<p><b>" + escape(tr("Đã khoá sổ ngày {day}: chỉ xem.").format(day=day)) + "</b></p>"


def period_html(p: PeriodRow) -> str:
    """The period's target date and entry deadline, as lines of its paragraph."""
    out = []
    if p.target_on:
        out.append(tr("Phấn đấu đạt chỉ tiêu đến ngày {d}").format(d=format_date(p.target_on)))
    if p.entries_close_at:
        out.append(tr("Hạn nhập: đóng sau {at}").format(at=format_deadline(p.entries_close_at)))
    return "".join(f"<br>{escape(line)}" for line in out)


class CloseButton(QPushButton):
    """Close the chosen campaign's books, or reopen them, after saying what that freezes."""

    def __init__(
        self,
        services: Services,
        current: Callable[[], CampaignRow | None],
        done: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("Khoá sổ…"), parent)
        named(self, "closeCampaign")
        self._closing = CampaignClosing(services.store.session_factory)
        self._current = current
        self._done = done
        self.clicked.connect(self.act)

    def show_for(self, campaign: CampaignRow | None, may_edit: bool) -> None:
        self.setVisible(may_edit)
        self.setEnabled(campaign is not None)
        closed = campaign is not None and campaign.closed_at is not None
        self.setText(tr("Mở lại sổ…") if closed else tr("Khoá sổ…"))
        self.setToolTip(
            tr("Mở lại để sửa sáng kiến, chỉ tiêu, thẩm định của chương trình.")
            if closed
            else tr(
                "Chương trình đã kết thúc: sáng kiến, chỉ tiêu và kết quả thẩm định chỉ xem "
                "cho đến khi mở lại."
            )
        )

    def act(self) -> bool:
        """Ask, then close or reopen; True when done."""
        c = self._current()
        if c is None:
            return False
        close = c.closed_at is None
        try:
            s = self._closing.summary(c.id)
            counts = tr(
                "{i} sáng kiến, {q} chỉ tiêu, {k} hội đồng và {d} quyết định của chương trình"
            ).format(i=s.initiatives, q=s.quotas, k=s.councils, d=s.decisions)
            question = (
                tr(
                    "Khoá sổ chương trình «{name}»? {counts} sẽ chỉ xem, không sửa được (ở cửa "
                    "sổ, Excel, dòng lệnh và gói dữ liệu từ cấp dưới) cho đến khi mở lại. Việc "
                    "khoá sổ được ghi nhật ký và gửi đi trong gói dữ liệu."
                )
                if close
                else tr(
                    "Mở lại sổ chương trình «{name}»? {counts} sẽ sửa được trở lại. Việc mở "
                    "lại được ghi nhật ký và gửi đi trong gói dữ liệu."
                )
            ).format(name=c.name, counts=counts)
            title = tr("Khoá sổ chương trình") if close else tr("Mở lại sổ chương trình")
            if not dialogs.confirm(self, question, title):
                return False
            (self._closing.close if close else self._closing.reopen)(c.id)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return False
        self._done(c.id)
        return True
