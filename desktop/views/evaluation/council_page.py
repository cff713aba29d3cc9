"""The council at work: the reviewed initiatives with their average and "scored/members", the
dossier flags, one member's scoring sheet, and the decision that recognises many at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.changes import Changes, Kind
from desktop.services.common import EditConflict, ServiceError
from desktop.services.evaluation.councils import CouncilRow
from desktop.services.evaluation.decisions import DECIDED, DecisionInput, DecisionRow
from desktop.services.evaluation.scoring import ResultRow
from desktop.services.registry import Services
from desktop.text.dates import format_date
from desktop.text.numbers import format_number
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.tasks import TaskRunner
from desktop.views.evaluation.council_dialog import CouncilDialog, CouncilEditDialog
from desktop.views.evaluation.decision_dialog import DecisionPreviewDialog, WithdrawalDialog
from desktop.views.evaluation.results_model import ResultModel
from desktop.views.evaluation.scoring_sheet import ScoringSheet


class CouncilPanel(QWidget):
    """Scoring and recognition for one council of the chosen campaign.

    Evaluation belongs to the province (services/rules/ownership.py): at any other office the panel
    shows what there is (councils, results, the decisions received) and offers no change."""

    # What the panel shows; its page (reports) passes on the main window's reload_for.
    shows = frozenset({Kind.EVALUATION, Kind.DECISIONS, Kind.INITIATIVES, Kind.CAMPAIGNS})

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._s = services
        self._tasks = tasks
        self._council: CouncilRow | None = None
        # An authority evaluates and decides; a direct upper-level union may run its own
        # council (councils and scores) but decides nothing official.
        self.decides = services.evaluation.owned_here()
        self.writable = self.decides or services.evaluation.councils_here()
        layout = QVBoxLayout(self)
        self._build_header(layout)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = ResultModel()
        self.table = QTableView()
        self.table.setObjectName("results")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        split.addWidget(self.table)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        self.sheet = ScoringSheet(services, self.writable)
        side_layout.addWidget(self.sheet)
        self.decision_box = self._build_decision_box()
        side_layout.addWidget(self.decision_box)
        side_layout.addWidget(QLabel(tr("Các quyết định của chương trình:")))
        self.decisions = QListWidget()
        self.decisions.setObjectName("decisions")
        self.decisions.setWordWrap(True)
        self.decisions.setMinimumHeight(90)
        side_layout.addWidget(self.decisions, 1)
        self.withdraw_button = QPushButton(tr("Thu hồi quyết định đang chọn…"))
        self.withdraw_button.setObjectName("withdraw")
        self.withdraw_button.setToolTip(
            tr("Một quyết định ban hành nhầm được thu hồi bằng một quyết định thu hồi.")
        )
        self.withdraw_button.clicked.connect(lambda: self.withdraw_current())
        self.decisions.currentRowChanged.connect(lambda _r: self._withdraw_enabled())
        side_layout.addWidget(self.withdraw_button)
        # The scoring sheet and the decision form are taller than a 1366x700 window leaves:
        # they scroll on their own, the page does not.
        side_scroll = QScrollArea()
        side_scroll.setObjectName("councilSide")
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setWidget(side)
        split.addWidget(side_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.campaign.currentIndexChanged.connect(self._campaign_changed)
        self.council.currentIndexChanged.connect(self._council_changed)
        self.sheet.member.currentIndexChanged.connect(self._load_sheet)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._load_sheet())
        self.sheet.save_button.clicked.connect(self._save_sheet)
        self.select_passing.clicked.connect(self._select_passing)
        self.make_decision.clicked.connect(self._make_decision)
        self.nominate.clicked.connect(self._nominate)
        self.new_council.clicked.connect(self._new_council)
        self.edit_council.clicked.connect(self._edit_council)
        if not self.writable:
            self._read_only()
        elif not self.decides:
            self._councils_only()
        self.reload()

    def _build_header(self, layout: QVBoxLayout) -> None:
        """The read-only notice, the campaign and council choosers, and the summary line."""
        self.notice = QLabel(
            tr(
                "Việc lập hội đồng, chấm điểm, ra quyết định công nhận và đề nghị cấp trên do "
                "LĐLĐ tỉnh thực hiện. Văn phòng này chỉ xem: các quyết định của tỉnh về sáng kiến "
                "của đơn vị mình đến đây qua gói dữ liệu của tỉnh (trang Đồng bộ)."
            )
        )
        self.notice.setObjectName("evaluationNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff4cc; padding: 6px;")
        self.notice.setVisible(not self.writable)
        layout.addWidget(self.notice)
        top = QHBoxLayout()
        self.campaign = QComboBox()
        self.campaign.setObjectName("councilCampaign")
        self.council = QComboBox()
        self.council.setObjectName("council")
        top.addWidget(QLabel(tr("Chương trình:")))
        top.addWidget(self.campaign, 2)
        top.addWidget(QLabel(tr("Hội đồng:")))
        top.addWidget(self.council, 2)
        self.new_council = QPushButton(tr("Lập hội đồng…"))
        self.new_council.setObjectName("newCouncil")
        top.addWidget(self.new_council)
        self.edit_council = QPushButton(tr("Sửa thành viên, tiêu chí…"))
        self.edit_council.setObjectName("editCouncil")
        top.addWidget(self.edit_council)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("councilSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

    def _build_decision_box(self) -> QGroupBox:
        """The decision form (number, date, signer, reason to decline) and its buttons."""
        decision_box = QGroupBox(tr("Quyết định công nhận"))
        form = QFormLayout(decision_box)
        self.decision_number = QLineEdit()
        self.decision_number.setObjectName("decisionNumber")
        self.decision_number.setPlaceholderText("125/QĐ-LĐLĐ")
        self.decision_date = QDateEdit()
        self.decision_date.setObjectName("decisionDate")
        self.decision_date.setCalendarPopup(True)
        self.decision_date.setDisplayFormat("dd/MM/yyyy")
        self.decision_date.setDate(QDate.currentDate())
        self.signer = QLineEdit()
        self.signer.setObjectName("decisionSigner")
        self.signer.setText(self._s.documents.settings.load().signer_name)
        self.decline_reason = QLineEdit()
        self.decline_reason.setObjectName("declineReason")
        self.decline_reason.setText(tr("Điểm bình quân chưa đạt điểm sàn của Hội đồng."))
        form.addRow(tr("Số quyết định:"), self.decision_number)
        form.addRow(tr("Ngày ký:"), self.decision_date)
        form.addRow(tr("Người ký:"), self.signer)
        form.addRow(tr("Lý do không công nhận:"), self.decline_reason)
        hint = QLabel(
            tr(
                "Các sáng kiến được chọn sẽ được công nhận; sáng kiến đã chấm đủ nhưng không chọn "
                "sẽ không được công nhận, với lý do trên."
            )
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        self.select_passing = QPushButton(tr("Chọn các sáng kiến đạt điểm"))
        self.select_passing.setObjectName("selectPassing")
        self.make_decision = QPushButton(tr("Lập quyết định"))
        self.make_decision.setObjectName("makeDecision")
        form.addRow(self.select_passing)
        form.addRow(self.make_decision)
        self.nominate = QPushButton(tr("Đề nghị cấp trên các sáng kiến đã chọn"))
        self.nominate.setObjectName("nominate")
        form.addRow(self.nominate)
        return decision_box

    def _read_only(self) -> None:
        """Offer no change this office could not send: the write buttons and the decision form
        go, the scoring sheet only shows the points the province's council gave."""
        for button in (self.new_council, self.edit_council, self.sheet.save_button):
            button.setEnabled(False)
            button.hide()
        self.decision_box.setEnabled(False)
        self.decision_box.hide()
        self.model.checkable = False
        self.table.setColumnHidden(0, True)

    def _councils_only(self) -> None:
        """A direct upper-level union's own council: councils and score sheets, no decision
        and no proposal (those are the province's; its council decides)."""
        self.decision_box.setEnabled(False)
        self.decision_box.hide()
        self.model.checkable = False
        self.table.setColumnHidden(0, True)
        self.notice.setText(
            tr(
                "Việc ra quyết định công nhận và đề nghị cấp trên do LĐLĐ tỉnh thực hiện; các "
                "quyết định đến đây qua gói dữ liệu của tỉnh (trang Đồng bộ). Văn phòng này có "
                "thể lập hội đồng của mình («Lập hội đồng…») để chấm điểm, sơ tuyển sáng kiến "
                "của các đơn vị trực thuộc; hội đồng của tỉnh chỉ xem."
            )
        )
        self.notice.setVisible(True)

    # ---- loading -------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Each time the panel comes into view: the decisions a bundle may have brought since
        (a district's only news here); the sheet being typed is left as it is."""
        super().showEvent(event)
        if not event.spontaneous():
            self._load_decisions()

    def reload_for(self, changes: Changes) -> None:
        """The results and decisions as the store has them now; the campaign and council
        chosen stay chosen."""
        if changes.touches({Kind.EVALUATION, Kind.INITIATIVES}):
            self._reload_results()
        self._load_decisions()

    def reload(self) -> None:
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in self._s.campaigns.list():
            self.campaign.addItem(c.name, c.id)
        self.campaign.blockSignals(False)
        ids = [self.campaign.itemData(i) for i in range(self.campaign.count())]
        # a campaign with a council first; else (a district office) one with decisions received
        with_council = next(
            (i for i, cid in enumerate(ids) if self._s.evaluation.councils.all(cid)),
            None,
        )
        if with_council is None:
            with_council = next(
                (i for i, cid in enumerate(ids) if self._s.evaluation.decisions.all(cid)), 0
            )
        self.campaign.setCurrentIndex(with_council)
        self._campaign_changed()

    def _campaign_changed(self) -> None:
        cid = self.campaign.currentData()
        self.council.blockSignals(True)
        self.council.clear()
        if cid is not None:
            for c in self._s.evaluation.councils.all(cid):
                self.council.addItem(c.name, c.id)
        self.council.blockSignals(False)
        self._council_changed()
        self._load_decisions()

    def _council_changed(self) -> None:
        council_id = self.council.currentData()
        self._council = self._s.evaluation.councils.get(council_id) if council_id else None
        if self.writable and not self.decides:
            # Its own councils are written here; the province's only shown.
            own = council_id is not None and self._s.evaluation.councils.is_own(council_id)
            self.sheet.set_writable(own)
            self.edit_council.setEnabled(own)
        self.sheet.show_council(self._council)
        # an office that only reads has no empty sheet to show when there is no council
        self.sheet.setVisible(self.decides or self._council is not None)
        self._reload_results()

    def _reload_results(self) -> None:
        current = self._current_id()
        rows: list[ResultRow] = (
            self._s.evaluation.scoring.results(self._council.id) if self._council else []
        )
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        # The title wraps, so the dossier column beside the scores stays in view at 1366 px.
        for col, width in ((1, 240), (4, 240), (5, 170), (6, 160)):
            self.table.setColumnWidth(col, width)
        # the dossier's problems wrap within their column instead of being cut off
        self.table.resizeRowsToContents()
        if current is not None:
            for i, r in enumerate(rows):
                if r.initiative_id == current:
                    self.table.selectRow(i)
        elif rows:
            self.table.selectRow(0)
        if self._council is not None:
            done = sum(1 for r in rows if r.scored == r.members)
            flagged = sum(1 for r in rows if not r.check.valid)
            self.summary.setText(
                tr(
                    "{n} sáng kiến được thẩm định; {done} đã đủ phiếu chấm; {flagged} hồ sơ chưa "
                    "hợp lệ. Tổng điểm tối đa {total}, điểm đạt {passing}."
                ).format(
                    n=len(rows),
                    done=done,
                    flagged=flagged,
                    total=self._council.total_points,
                    passing=format_number(self._council.pass_mark or 0),
                )
            )
        elif not self.decides and self.writable:
            self.summary.setText(
                tr(
                    "Văn phòng này chưa có hội đồng cho chương trình này. Các quyết định công "
                    "nhận của LĐLĐ tỉnh ở danh sách bên phải."
                )
            )
        elif not self.decides:
            self.summary.setText(
                tr(
                    "Hội đồng thẩm định và phiếu chấm điểm ở LĐLĐ tỉnh; văn phòng này nhận các "
                    "quyết định công nhận (danh sách bên phải)."
                )
            )
        else:
            self.summary.setText(tr("Chương trình này chưa có hội đồng thẩm định."))
        self._load_sheet()

    def _load_decisions(self) -> None:
        self.decisions.clear()
        cid = self.campaign.currentData()
        if cid is None:
            return
        for d in self._s.evaluation.decisions.all(cid):
            if d.is_withdrawal:
                text = tr("{number} ngày {date}: thu hồi quyết định số {old}. Lý do: {why}").format(
                    number=d.number,
                    date=format_date(d.signed_on),
                    old=d.withdraws_number,
                    why=d.withdrawal_reason or "",
                )
            else:
                text = tr("{number} ngày {date}: công nhận {n}, không công nhận {m}").format(
                    number=d.number, date=format_date(d.signed_on), n=d.recognised, m=d.declined
                )
                if d.withdrawn_by:
                    text += tr(" (đã thu hồi bởi QĐ số {by})").format(by=d.withdrawn_by)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, d)
            item.setToolTip(text)
            self.decisions.addItem(item)
        self._withdraw_enabled()

    def _chosen_decision(self) -> DecisionRow | None:
        item = self.decisions.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _withdraw_enabled(self) -> None:
        d = self._chosen_decision()
        self.withdraw_button.setVisible(self.decides)
        self.withdraw_button.setEnabled(
            self.decides and d is not None and not d.is_withdrawal and not d.withdrawn_by
        )

    def withdraw_current(self) -> None:
        """Withdraw the decision chosen in the list by a withdrawal decision, after asking
        its number, date, signer and reason."""
        d = self._chosen_decision()
        if d is None or d.is_withdrawal or d.withdrawn_by:
            return
        dialog = WithdrawalDialog(d, self.signer.text(), self)
        try:
            while self.confirm_withdrawal(dialog):
                try:
                    row = self._s.evaluation.decisions.withdraw(dialog.withdrawal())
                except ServiceError as exc:
                    dialogs.error(self, str(exc))  # what was typed stays in the dialog
                    continue
                dialogs.info(
                    self,
                    tr("Đã ban hành quyết định {number} thu hồi quyết định {old}.").format(
                        number=row.number, old=d.number
                    ),
                )
                break
        finally:
            dialog.deleteLater()
        self._reload_results()
        self._load_decisions()

    def confirm_withdrawal(self, dialog: WithdrawalDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _current_id(self) -> int | None:
        idx = self.table.currentIndex()
        if not idx.isValid() or idx.row() >= len(self.model.rows):
            return None
        return self.model.rows[idx.row()].initiative_id

    def _load_sheet(self) -> None:
        self.sheet.load(self._current_id())

    # ---- actions -------------------------------------------------------------------------
    def _save_sheet(self) -> None:
        if self.sheet.save(self._current_id()):
            self._reload_results()

    def _select_passing(self) -> None:
        if self._council is None:
            return
        mark = self._council.pass_mark or Decimal(0)
        self.model.beginResetModel()
        self.model.checked = {
            r.initiative_id
            for r in self.model.rows
            if r.average is not None
            and r.average >= mark
            and r.scored == r.members
            and r.check.valid
            and r.status not in DECIDED
        }
        self.model.endResetModel()
        dialogs.info(self, passing_report(self.model.rows, self.model.checked, mark))

    def _make_decision(self) -> None:
        cid = self.campaign.currentData()
        if cid is None or self._council is None:
            return
        chosen = [
            r
            for r in self.model.rows
            if r.initiative_id in self.model.checked and r.status not in DECIDED
        ]
        mark = self._council.pass_mark or Decimal(0)
        declined = {
            r.initiative_id: decline_reason_for(r, mark, self.decline_reason.text())
            for r in self.model.rows
            if r.initiative_id not in self.model.checked
            and r.scored == r.members
            and r.status not in DECIDED
        }
        qd = self.decision_date.date()
        data = DecisionInput(
            campaign_id=cid,
            number=self.decision_number.text(),
            signed_on=dt.date(qd.year(), qd.month(), qd.day()),
            signer_name=self.signer.text(),
            signer_title="Chủ tịch",
            period_id=self._council.period_id,
            issuer_unit_id=self._council.unit_id,
            recognise=tuple(r.initiative_id for r in chosen),
            decline=declined,
        )
        decisions = self._s.evaluation.decisions
        try:
            decisions.check(data)
        except ServiceError as exc:
            if "chưa hợp lệ" not in str(exc):
                dialogs.error(self, str(exc))
                return
            if not dialogs.confirm(
                self, str(exc) + "\n\n" + tr("Vẫn công nhận các sáng kiến này?")
            ):
                return
            data = DecisionInput(**{**data.__dict__, "accept_flagged": True})
            try:
                decisions.check(data)
            except ServiceError as exc2:
                dialogs.error(self, str(exc2))
                return
        preview = DecisionPreviewDialog(data, {r.initiative_id: r for r in self.model.rows}, self)
        try:
            if not self.confirm_decision(preview):
                return  # nothing issued; the ticks, number and signer stay as they were
            data = preview.decision()
        finally:
            preview.deleteLater()
        try:
            row = decisions.decide(data)
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        dialogs.info(
            self,
            tr("Đã lập quyết định {number}: công nhận {n}, không công nhận {m} sáng kiến.").format(
                number=row.number, n=row.recognised, m=row.declined
            ),
        )
        self.model.checked.clear()
        self._reload_results()
        self._load_decisions()

    def confirm_decision(self, preview: DecisionPreviewDialog) -> bool:
        """Show what the decision will say; True once the officer presses «Ban hành»."""
        return preview.exec() == QDialog.DialogCode.Accepted

    def _nominate(self) -> None:
        cid = self.campaign.currentData()
        ids = [r.initiative_id for r in self.model.rows if r.initiative_id in self.model.checked]
        if cid is None or not ids:
            dialogs.error(self, tr("Hãy chọn các sáng kiến đã được công nhận để đề nghị cấp trên."))
            return
        try:
            made = self._s.evaluation.nominations.nominate(cid, ids, dt.date.today())
        except ServiceError as exc:
            dialogs.error(self, str(exc))
            return
        dialogs.info(self, tr("Đã đề nghị cấp trên {n} sáng kiến.").format(n=len(made)))
        self.model.checked.clear()
        self._reload_results()

    def _new_council(self) -> None:
        cid = self.campaign.currentData()
        if cid is None or not self.writable:
            return
        dialog = CouncilDialog(self._s.campaigns.get(cid), self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                council = self._s.evaluation.councils.create(dialog.value())
            except ServiceError as exc:  # shown in the dialog, which keeps what was typed
                dialog.error.setText(str(exc))
                continue
            n = self._s.evaluation.councils.add_reviews(
                council.id, self._s.evaluation.councils.candidates(cid, council.period_id)
            )
            self._campaign_changed()
            self.council.setCurrentIndex(self.council.findData(council.id))
            dialogs.info(
                self,
                tr("Đã lập «{name}» với {n} sáng kiến cần thẩm định.").format(
                    name=council.name, n=n
                ),
            )
            return

    def make_edit_dialog(self) -> CouncilEditDialog | None:
        if not self.writable:
            return None
        if self._council is not None and not self._s.evaluation.councils.is_own(self._council.id):
            return None  # the province's council: only shown here
        if self._council is None:
            dialogs.error(self, tr("Chưa chọn hội đồng."))
            return None
        scored = self._s.evaluation.scoring.scored_sheets(self._council.id)
        return CouncilEditDialog(self._council, scored, self)

    def _edit_council(self) -> None:
        dialog = self.make_edit_dialog()
        if dialog is None:
            return
        self.run_edit_dialog(dialog)

    def run_edit_dialog(self, dialog: CouncilEditDialog) -> bool:
        """Show the dialog until it is cancelled or what it holds is saved."""
        council_id = self._council.id if self._council else None
        while council_id is not None and dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                members, criteria = dialog.value()
            except ValueError as exc:
                dialog.error.setText(str(exc))
                continue
            try:
                self._s.evaluation.councils.edit(
                    council_id,
                    members,
                    criteria,
                    remove_scored=dialog.remove_scored,
                    expected_version=dialog.loaded_version,
                )
            except EditConflict as exc:
                # Nothing saved. «Tải lại»: the council as it is now, in a fresh dialog;
                # «Để sau»: back to what was typed (saving it is refused until reloaded).
                if dialogs.conflict(self, str(exc)):
                    self._council_changed()
                    fresh = self.make_edit_dialog()
                    if fresh is None:
                        return False
                    dialog = fresh
                else:
                    dialog.error.setText(str(exc))
                continue
            except ServiceError as exc:  # shown in the dialog, which keeps what was typed
                dialog.error.setText(str(exc))
                continue
            self._council_changed()
            return True
        return False


def passing_report(rows: list[ResultRow], chosen: set[int], mark: Decimal) -> str:
    """Why "Chọn các sáng kiến đạt điểm" ticked what it ticked, and the true reason for each
    initiative it left out: already decided, not fully scored, below the pass mark, or a flagged
    dossier (whatever the score)."""
    lines = [
        tr("Đã chọn {n} sáng kiến đạt điểm sàn {mark}.").format(
            n=len(chosen), mark=format_number(mark)
        )
    ]
    decided, unscored, below, flagged = [], [], [], []
    for r in rows:
        if r.initiative_id in chosen:
            continue
        if r.status in DECIDED:
            decided.append(r.title)
        elif r.average is None or r.scored < r.members:
            unscored.append(
                tr("{title} ({scored} phiếu)").format(title=r.title, scored=r.scored_text)
            )
        elif r.average < mark:
            below.append(
                tr("{title} ({avg} < {mark})").format(
                    title=r.title, avg=format_number(r.average, 2), mark=format_number(mark)
                )
            )
        else:
            flagged.append(
                tr("{title} ({avg}): {problems}").format(
                    title=r.title, avg=format_number(r.average, 2), problems=r.check.problems
                )
            )
    for items, head in (
        (flagged, tr("{n} sáng kiến đạt điểm sàn nhưng hồ sơ chưa hợp lệ:")),
        (below, tr("{n} sáng kiến chưa đạt điểm sàn:")),
        (unscored, tr("{n} sáng kiến chưa chấm điểm đủ:")),
        (decided, tr("{n} sáng kiến đã có quyết định:")),
    ):
        if items:
            lines.append(head.format(n=len(items)))
            lines.extend("• " + item for item in items)
    return "\n".join(lines)


def decline_reason_for(row: ResultRow, mark: Decimal, typed: str) -> str:
    """The true reason a fully scored initiative is not recognised: its flagged dossier first
    (never the score), then an average below the pass mark, else what the officer typed."""
    if not row.check.valid:
        return tr("Hồ sơ chưa hợp lệ: {problems}.").format(problems=row.check.problems)
    if row.average is not None and row.average < mark:
        return tr("Điểm bình quân {avg} chưa đạt điểm sàn {mark} của Hội đồng.").format(
            avg=format_number(row.average, 2), mark=format_number(mark)
        )
    return typed
