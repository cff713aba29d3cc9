"""The proposals to the province: at a direct upper-level union's office, its grassroots
unions' initiatives to tick and propose, within the campaign's limit, and those proposed, to
withdraw; at the province (or any other office), the proposals received, read only.

The Tờ trình and the Bảng tổng hợp are then printed from the «In văn bản» tab."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.changes import Changes, Kind
from desktop.services.common import ServiceError
from desktop.services.registry import Services
from desktop.text.normalise import fold
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.tasks import TaskRunner


class ProposalsPanel(QWidget):
    shows = frozenset({Kind.EVALUATION, Kind.INITIATIVES, Kind.CAMPAIGNS})

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._s = services
        self._tasks = tasks
        self.proposes = services.evaluation.proposals.proposer() is not None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Chương trình:")))
        self.campaign = QComboBox()
        self.campaign.setObjectName("proposalCampaign")
        top.addWidget(self.campaign, 1)
        layout.addLayout(top)
        self.limit_label = QLabel()
        self.limit_label.setObjectName("proposalLimit")
        self.limit_label.setWordWrap(True)
        layout.addWidget(self.limit_label)
        row = QHBoxLayout()
        layout.addLayout(row, 1)
        self.candidates_box = self._build_candidates()
        self.proposed_box = self._build_proposed()
        row.addWidget(self.candidates_box, 3)
        row.addWidget(self.proposed_box, 2)
        self.candidates_box.setVisible(self.proposes)
        self.withdraw_button.setVisible(self.proposes)
        self.campaign.currentIndexChanged.connect(lambda _i: self.reload_lists())
        self.reload()

    def _build_candidates(self) -> QGroupBox:
        box = QGroupBox(tr("Sáng kiến của các công đoàn cơ sở trực thuộc"))
        v = QVBoxLayout(box)
        self.filter = QLineEdit()
        self.filter.setObjectName("proposalFilter")
        self.filter.setPlaceholderText(tr("Lọc theo tên sáng kiến, tác giả (gõ có hoặc không dấu)"))
        self.filter.textChanged.connect(self._apply_filter)
        v.addWidget(self.filter)
        self.candidates = QListWidget()
        self.candidates.setObjectName("proposalCandidates")
        self.candidates.setWordWrap(True)
        v.addWidget(self.candidates, 1)
        self.propose_button = QPushButton(tr("Đề xuất lên LĐLĐ tỉnh các sáng kiến đã đánh dấu"))
        self.propose_button.setObjectName("propose")
        self.propose_button.clicked.connect(self.propose_checked)
        v.addWidget(self.propose_button)
        return box

    def _build_proposed(self) -> QGroupBox:
        title = "Đã đề xuất lên LĐLĐ tỉnh" if self.proposes else "Đề xuất của các đơn vị"
        box = QGroupBox(tr(title))
        v = QVBoxLayout(box)
        self.proposed = QListWidget()
        self.proposed.setObjectName("proposed")
        self.proposed.setWordWrap(True)
        v.addWidget(self.proposed, 1)
        self.withdraw_button = QPushButton(tr("Rút đề xuất đang chọn"))
        self.withdraw_button.setObjectName("withdrawProposal")
        self.withdraw_button.clicked.connect(self.withdraw_current)
        v.addWidget(self.withdraw_button)
        hint = QLabel(
            tr("In Tờ trình và Bảng tổng hợp tóm tắt sáng kiến ở thẻ «In văn bản».")
            if self.proposes
            else tr("Các công đoàn cấp trên trực tiếp cơ sở gửi đề xuất lên qua gói dữ liệu.")
        )
        hint.setWordWrap(True)
        v.addWidget(hint)
        return box

    # ---- loading ---------------------------------------------------------------------------
    def reload_for(self, changes: Changes) -> None:
        if changes.touches({Kind.CAMPAIGNS}):
            self.reload()
        else:
            self.reload_lists()

    def reload(self) -> None:
        current = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in self._s.campaigns.list():
            self.campaign.addItem(c.name, c.id)
        index = self.campaign.findData(current) if current is not None else -1
        self.campaign.setCurrentIndex(max(index, 0))
        self.campaign.blockSignals(False)
        self.reload_lists()

    def reload_lists(self) -> None:
        cid = self.campaign.currentData()
        self.candidates.clear()
        self.proposed.clear()
        if cid is None:
            self.limit_label.setText(tr("Chưa có chương trình nào."))
            return
        service = self._s.evaluation.proposals
        rows = service.all(cid, service.proposer())
        for r in rows:
            text = tr("{title} — {authors} ({union})").format(
                title=r.title, authors=r.authors, union=r.grassroots
            )
            if not self.proposes:
                text = f"{r.unit_name}: {text}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, r.initiative_id)
            self.proposed.addItem(item)
        for c in service.candidates(cid) if self.proposes else ():
            if c.proposed:
                continue
            item = QListWidgetItem(
                tr("{title} — {authors} ({union})").format(
                    title=c.title, authors=c.authors, union=c.grassroots
                )
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, c.initiative_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(f"{c.title} {c.authors}"))
            self.candidates.addItem(item)
        self._apply_filter()
        self.limit_label.setText(self._limit_text(service.limit(cid), len(rows)))

    def _limit_text(self, limit: int | None, n: int) -> str:
        if not self.proposes:
            return tr("{n} sáng kiến được đề xuất.").format(n=n)
        if limit is None:
            return tr("Chương trình không giới hạn số sáng kiến đề xuất; đã đề xuất {n}.").format(
                n=n
            )
        return tr(
            "Mỗi đơn vị đề xuất không quá {limit:02d} sáng kiến; đã đề xuất {n}, còn {left}."
        ).format(limit=limit, n=n, left=max(limit - n, 0))

    def _apply_filter(self) -> None:
        words = fold(self.filter.text()).split()
        for i in range(self.candidates.count()):
            item = self.candidates.item(i)
            key = str(item.data(Qt.ItemDataRole.UserRole + 1))
            item.setHidden(not all(w in key for w in words))

    # ---- actions ---------------------------------------------------------------------------
    def checked_ids(self) -> list[int]:
        return [
            int(self.candidates.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.candidates.count())
            if self.candidates.item(i).checkState() == Qt.CheckState.Checked
        ]

    def propose_checked(self) -> None:
        cid = self.campaign.currentData()
        ids = self.checked_ids()
        if cid is None or not ids:
            dialogs.error(self, tr("Hãy đánh dấu các sáng kiến cần đề xuất lên LĐLĐ tỉnh."))
            return
        try:
            self._s.evaluation.proposals.propose(cid, ids, dt.date.today())
        except ServiceError as exc:
            dialogs.error(self, str(exc))  # the ticks stay: nothing is lost
            return
        self.reload_lists()

    def withdraw_current(self) -> None:
        cid = self.campaign.currentData()
        item = self.proposed.currentItem()
        if cid is None or item is None:
            dialogs.error(self, tr("Hãy chọn đề xuất cần rút."))
            return
        try:
            self._s.evaluation.proposals.withdraw(cid, int(item.data(Qt.ItemDataRole.UserRole)))
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        self.reload_lists()
