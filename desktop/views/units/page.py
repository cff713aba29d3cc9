"""Units and campaigns: the hierarchy as a tree with each unit's history, and the campaigns.

The page offers only what this office owns (services/rules/ownership.py): a district adds, renames
and dissolves its own grassroots unions and sets their quotas; it sees every other unit and
every campaign read-only, as they arrive in the province's bundles."""

from __future__ import annotations

import datetime as dt
from html import escape as _esc

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.models import Sector, UnitKind
from desktop.services import labels
from desktop.services.campaigns.readiness import CHOOSE_CAMPAIGN_FIRST, NO_CAMPAIGN_YET
from desktop.services.campaigns.service import CampaignInput, CampaignRow
from desktop.services.changes import Changes, Kind
from desktop.services.common import EditConflict, ServiceError
from desktop.services.registry import Services
from desktop.services.units.tree import UnitRow
from desktop.text.dates import format_date, parse_date
from desktop.text.normalise import clean
from desktop.text.numbers import format_number
from desktop.views.campaigns import no_campaign
from desktop.views.campaigns.closing import CloseButton, closed_html, period_html
from desktop.views.campaigns.editor import CampaignDialog
from desktop.views.campaigns.quota_grid import QuotaDialog
from desktop.views.campaigns.reassign_dialog import ReassignDialog
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner
from desktop.views.units.books import BooksButtons, BooksState
from desktop.views.units.books import detail_lines as books_lines
from desktop.views.units.history import ended_suffix, event_text
from desktop.views.units.reorganise_dialog import ReorganiseDialog
from desktop.views.units.tree_model import UNIT_ID_ROLE, UnitTreeModel

NOTICE_STYLE = "color: #5f4b00; background: #fff4de; padding: 6px;"


def _notice(name: str) -> QLabel:
    label = named(QLabel(), name)
    label.setWordWrap(True)
    label.setStyleSheet(NOTICE_STYLE)
    return label


class UnitsPage(QWidget):
    # What the page shows; the main window calls reload_for after a commit touching it.
    shows = frozenset({Kind.UNITS, Kind.CAMPAIGNS, Kind.QUOTAS, Kind.OFFICE})

    def __init__(
        self, services: Services, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self._campaigns: list = []
        tabs = QTabWidget()
        tabs.addTab(self._units_tab(), tr("Đơn vị"))
        tabs.addTab(self._campaigns_tab(), tr("Chương trình thi đua"))
        self.tabs = tabs
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.tree.selectionModel().currentChanged.connect(self._show_unit)
        self.campaign_list.currentRowChanged.connect(self._show_campaign)
        self.campaign_list.currentRowChanged.connect(lambda _r: self._campaign_buttons())
        self.reload()

    def _units_tab(self) -> QWidget:
        """The unit tree beside the chosen unit's history, with add, rename and dissolve."""
        self.tree_model = UnitTreeModel(self)
        self.tree = named(QTreeView(), "units")
        self.tree.setModel(self.tree_model)
        self.unit_detail = named(QTextBrowser(), "unitDetail")
        units_split = QSplitter()
        units_split.addWidget(self.tree)
        units_split.addWidget(self.unit_detail)
        units_split.setSizes([600, 400])
        self.add_unit_button = named(QPushButton(tr("Thêm đơn vị trực thuộc…")), "addUnit")
        self.rename_unit_button = named(QPushButton(tr("Đổi tên…")), "renameUnit")
        self.dissolve_unit_button = named(QPushButton(tr("Giải thể…")), "dissolveUnit")
        self.reorganise_button = named(QPushButton(tr("Sắp xếp lại đơn vị…")), "reorganiseUnits")
        self.show_ended = named(QCheckBox(tr("Hiện đơn vị đã giải thể")), "showEnded")
        self.books = BooksButtons(self._services, self, self._tasks, self._reload_keeping)
        unit_buttons = QHBoxLayout()
        for b in (self.add_unit_button, self.rename_unit_button, self.dissolve_unit_button):
            unit_buttons.addWidget(b)
        unit_buttons.addWidget(self.reorganise_button)
        unit_buttons.addWidget(self.books.keep_button)
        unit_buttons.addWidget(self.books.hand_over_button)
        unit_buttons.addStretch(1)
        unit_buttons.addWidget(self.show_ended)
        self.units_notice = _notice("unitsNotice")
        units_tab = QWidget()
        units_layout = QVBoxLayout(units_tab)
        units_layout.addWidget(self.units_notice)
        units_layout.addLayout(unit_buttons)
        units_layout.addWidget(units_split, 1)
        self.add_unit_button.clicked.connect(lambda: self._unit_dialog("add"))
        self.rename_unit_button.clicked.connect(lambda: self._unit_dialog("rename"))
        self.dissolve_unit_button.clicked.connect(lambda: self._unit_dialog("dissolve"))
        self.reorganise_button.clicked.connect(self.reorganise)
        self.show_ended.toggled.connect(lambda _on: self.reload())
        return units_tab

    def _campaigns_tab(self) -> QWidget:
        """The campaigns beside the chosen one's details, with new, copy, edit and quotas."""
        self.campaign_list = named(QListWidget(), "campaigns")
        self.campaign_detail = named(QTextBrowser(), "campaignDetail")
        campaigns_split = QSplitter()
        campaigns_split.addWidget(self.campaign_list)
        campaigns_split.addWidget(self.campaign_detail)
        campaigns_split.setSizes([400, 600])
        self.new_button = named(QPushButton(tr("Thêm chương trình…")), "newCampaign")
        self.copy_button = named(QPushButton(tr("Sao chép sang năm sau…")), "copyCampaign")
        self.edit_button = named(QPushButton(tr("Sửa…")), "editCampaign")
        self.quota_button = named(QPushButton(tr("Giao chỉ tiêu…")), "quotas")
        self.reassign_button = named(QPushButton(tr("Giao lại chỉ tiêu chưa đạt…")), "reassign")
        self.reassign_button.setToolTip(
            tr("Phần chỉ tiêu chưa đạt của đơn vị đã giải thể, sáp nhập: giao cho đơn vị nhận.")
        )
        self.close_button = CloseButton(
            self._services, self.current_campaign, self._reload_campaigns
        )
        campaign_buttons = QHBoxLayout()
        for b in (
            self.new_button,
            self.copy_button,
            self.edit_button,
            self.quota_button,
            self.reassign_button,
            self.close_button,
        ):
            campaign_buttons.addWidget(b)
        campaign_buttons.addStretch(1)
        self.campaigns_notice = _notice("campaignsNotice")
        self.no_campaign_notice = no_campaign.notice()
        campaigns_tab = QWidget()
        campaigns_layout = QVBoxLayout(campaigns_tab)
        campaigns_layout.addWidget(self.campaigns_notice)
        campaigns_layout.addWidget(self.no_campaign_notice)
        campaigns_layout.addLayout(campaign_buttons)
        campaigns_layout.addWidget(campaigns_split, 1)
        self.new_button.clicked.connect(lambda: self.edit_campaign(None))
        self.copy_button.clicked.connect(self.copy_campaign)
        self.edit_button.clicked.connect(lambda: self.edit_campaign(self.current_campaign_id()))
        self.quota_button.clicked.connect(self.open_quotas)
        self.reassign_button.clicked.connect(
            lambda: ReassignDialog(self._services, self.current_campaign_id(), self).exec()
        )
        return campaigns_tab

    def _show_rights(self) -> None:
        """Offer only what this office owns, and say who owns the rest."""
        office = self._services.office.local()
        may_edit_campaigns = self._services.campaigns.may_edit()
        self.new_button.setVisible(may_edit_campaigns)
        self.copy_button.setVisible(may_edit_campaigns)
        self.reassign_button.setVisible(may_edit_campaigns)
        self.edit_button.setText(tr("Sửa…") if may_edit_campaigns else tr("Xem…"))
        self.campaigns_notice.setVisible(not may_edit_campaigns)
        self.units_notice.setVisible(office is not None and office.unit_id is not None)
        # Where units sit is the province's decision (or a store with no office yet).
        may_reorganise = office is None or office.unit_id is None or office.is_province
        self.reorganise_button.setEnabled(may_reorganise)
        self.reorganise_button.setToolTip(
            tr("Sắp xếp lại theo quyết định của tỉnh: tạo, chuyển, đổi tên, sáp nhập, giải thể.")
            if may_reorganise
            else tr("Chỉ LĐLĐ tỉnh sắp xếp lại đơn vị; các thay đổi đến qua gói dữ liệu.")
        )
        if office is None or office.unit_id is None:
            return
        if not may_edit_campaigns:
            self.campaigns_notice.setText(
                tr(
                    "Chương trình thi đua và chỉ tiêu của {office} do LĐLĐ tỉnh lập và giao, "
                    "đến văn phòng này qua gói dữ liệu: ở đây chỉ xem. Văn phòng giao chỉ tiêu "
                    "cho các công đoàn cơ sở trực thuộc (nút «Giao chỉ tiêu…»)."
                ).format(office=office.name)
            )
        if office.is_province:
            self.units_notice.setText(
                tr(
                    "Văn phòng này quản lý danh mục các đơn vị cấp tỉnh, các công đoàn cấp trên "
                    "trực tiếp cơ sở (xã, phường, đặc khu, khu công nghiệp, ngành…) và các công "
                    "đoàn cơ sở trực thuộc trực tiếp LĐLĐ tỉnh. Công đoàn cơ sở của mỗi công "
                    "đoàn cấp trên trực tiếp cơ sở do đơn vị đó thêm, đổi tên, giải thể và gửi "
                    "lên qua gói dữ liệu; ở đây chỉ xem (chữ màu xám). Đơn vị nào chưa dùng "
                    "chương trình thì chọn đơn vị đó và bấm «Giữ sổ hộ…» để nhập thay họ."
                )
            )
        else:
            self.units_notice.setText(
                tr(
                    "Văn phòng này thêm, đổi tên và giải thể các công đoàn cơ sở trực thuộc "
                    "{office}. Các đơn vị khác do LĐLĐ tỉnh (hoặc công đoàn cấp trên trực tiếp "
                    "của chúng) quản lý và đến qua gói dữ liệu; ở đây chỉ xem (chữ màu xám)."
                ).format(office=office.name)
            )

    def reload_for(self, changes: Changes) -> None:
        """The units and campaigns as the store has them now (the main window calls it)."""
        if changes.touches({Kind.UNITS, Kind.OFFICE}):
            self.reload()
        if changes.touches({Kind.CAMPAIGNS, Kind.QUOTAS}):
            self._reload_campaigns(select_id=self.current_campaign_id())

    def reload(self) -> None:
        self._show_rights()
        self._editable = self._services.units.editable_ids()
        self._books = BooksState(self._services)
        units = self._services.units.list(include_closed=self.show_ended.isChecked())
        self.tree_model.reset(units, self._editable, self._books.column)
        self.tree.expandToDepth(0)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        if self.tree_model.rowCount():
            self.tree.setCurrentIndex(self.tree_model.index(0, 0))

        self._reload_campaigns()

    def current_unit_id(self) -> int | None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        return index.data(UNIT_ID_ROLE) if index.isValid() else None

    def _show_unit(self) -> None:
        unit_id = self.current_unit_id()
        u = self._services.units.get(unit_id) if unit_id is not None else None
        owned = u is not None and u.active and u.id in self._editable
        self.rename_unit_button.setEnabled(owned)
        self.dissolve_unit_button.setEnabled(owned)
        self.add_unit_button.setEnabled(
            unit_id is not None and bool(self._services.units.addable_kinds(unit_id))
        )
        self.books.show_for(u, self._books)
        if u is None:
            return
        lines = [
            f"<h3>{_esc(u.name + ended_suffix(u))}</h3>",
            f"<p>{tr('Mã')}: {_esc(u.code)}<br>{tr('Loại')}: {tr(labels.UNIT_KIND[u.kind])}"
            f"<br>{tr('Cấp')}: {tr(labels.UNIT_LEVEL[u.kind.level])}",
        ]
        if u.sector:
            lines.append(f"<br>{tr('Khối')}: {tr(labels.SECTOR[u.sector])}")
        lines.append("</p>")
        lines.extend(books_lines(self._services, u, self._books))
        history = self._services.units.history(u.id)
        if history:
            lines.append(f"<h4>{tr('Lịch sử')}</h4><ul>")
            lines.extend(f"<li>{_esc(event_text(e))}</li>" for e in history)
            lines.append("</ul>")
        self.unit_detail.setHtml("".join(lines))

    def _reload_keeping(self) -> None:
        """After the books of the chosen unit were kept, stopped or handed over."""
        unit_id = self.current_unit_id()
        self.reload()
        self._select_unit(unit_id)

    def _unit_dialog(self, mode: str) -> UnitDialog | None:
        unit_id = self.current_unit_id()
        if unit_id is None:
            dialogs.info(self, tr("Hãy chọn một đơn vị."))
            return None
        dialog = UnitDialog(self._services, mode, self._services.units.get(unit_id), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self._select_unit(dialog.unit_id)
        return dialog

    def reorganise(self) -> ReorganiseDialog:
        """The province's decision in one step; the tree shows the result."""
        dialog = ReorganiseDialog(self._services, self, tasks=self._tasks)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
        return dialog

    def _select_unit(self, unit_id: int | None) -> None:
        if unit_id is None:
            return
        hits = self.tree_model.match(
            self.tree_model.index(0, 0),
            UNIT_ID_ROLE,
            unit_id,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if hits:
            self.tree.setCurrentIndex(hits[0])

    # ---- campaigns ----------------------------------------------------------------------------
    def current_campaign(self) -> CampaignRow | None:
        row = self.campaign_list.currentRow()
        return self._campaigns[row] if 0 <= row < len(self._campaigns) else None

    def current_campaign_id(self) -> int | None:
        row = self.campaign_list.currentRow()
        return self._campaigns[row].id if 0 <= row < len(self._campaigns) else None

    def edit_campaign(
        self, campaign_id: int | None, template: CampaignInput | None = None
    ) -> CampaignDialog:
        dialog = CampaignDialog(self._services, campaign_id, template, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._reload_campaigns(dialog.saved.id)
        return dialog

    def copy_campaign(self) -> None:
        campaign_id = self.current_campaign_id()
        if campaign_id is None:
            dialogs.info(self, tr("Hãy chọn chương trình để sao chép."))
            return
        self.edit_campaign(None, self._services.campaigns.copy_input(campaign_id))

    def open_quotas(self) -> None:
        campaign_id = self.current_campaign_id()
        office = self._services.office.local()
        if campaign_id is None or office is None or office.unit_id is None:
            dialogs.info(self, tr("Hãy chọn chương trình (và thiết lập văn phòng) trước."))
            return
        QuotaDialog(self._services, campaign_id, office.unit_id, self).exec()
        self._show_campaign(self.campaign_list.currentRow())

    def _reload_campaigns(self, select_id: int | None = None) -> None:
        self.campaign_list.clear()
        self._campaigns = self._services.campaigns.list()
        for c in self._campaigns:
            closed = f" ({tr('đã khoá sổ')})" if c.closed_at is not None else ""
            self.campaign_list.addItem(c.name + closed)
        ids = [c.id for c in self._campaigns]
        if self._campaigns:
            self.campaign_list.setCurrentRow(ids.index(select_id) if select_id in ids else 0)
        self._campaign_buttons()

    def _campaign_buttons(self) -> None:
        """The buttons that act on a campaign only while one is chosen; the tooltip says why
        they are grey, the notice what to do when there is none."""
        chosen = self.current_campaign_id() is not None
        why = (
            "" if chosen else tr(NO_CAMPAIGN_YET if not self._campaigns else CHOOSE_CAMPAIGN_FIRST)
        )
        usual = {
            self.copy_button: tr("Lập chương trình năm sau từ chương trình đang chọn."),
            self.edit_button: tr("Mở chương trình đang chọn."),
            self.quota_button: tr("Giao chỉ tiêu của chương trình đang chọn cho các đơn vị."),
            self.reassign_button: tr(
                "Phần chỉ tiêu chưa đạt của đơn vị đã giải thể, sáp nhập: giao cho đơn vị nhận."
            ),
        }
        for button, tip in usual.items():
            button.setEnabled(chosen)
            button.setToolTip(tip if chosen else why)
        self.close_button.show_for(self.current_campaign(), self._services.campaigns.may_edit())
        no_campaign.show_reason(self.no_campaign_notice, self._services)

    def _show_campaign(self, row: int) -> None:
        if row < 0 or row >= len(self._campaigns):
            return
        c = self._campaigns[row]
        html = [f"<h3>{_esc(c.name)}</h3>{closed_html(c)}<p>"]
        if c.plan_number:
            html.append(f"{tr('Kế hoạch')}: {_esc(c.plan_number)}")
            if c.plan_date:
                html.append(f" {tr('ngày')} {format_date(c.plan_date)}")
            if c.plan_issuer:
                html.append(f" — {_esc(c.plan_issuer)}")
            html.append("<br>")
        if c.starts_on or c.ends_on:
            html.append(
                f"{tr('Thời gian')}: {format_date(c.starts_on)} – {format_date(c.ends_on)}<br>"
            )
        if c.nomination_limit:
            html.append(tr("Mỗi đơn vị đề nghị tối đa {n} sáng kiến").format(n=c.nomination_limit))
            html.append("<br>")
        html.append("</p>")
        quotas = self._services.campaigns.quotas(c.id)
        office = self._services.office.local()
        for p in c.periods:
            html.append(
                f"<h4>{_esc(p.name)}</h4><p>{tr('Tính sáng kiến từ')} "
                f"{format_date(p.count_from)} {tr('đến')} {format_date(p.count_to)}"
                + period_html(p)
            )
            if office and office.unit_id and (office.unit_id, p.id) in quotas:
                html.append(
                    f"<br>{tr('Chỉ tiêu')}: {format_number(quotas[(office.unit_id, p.id)])}"
                )
            for d in p.deadlines:
                html.append(f"<br>{format_date(d.due_on)}: {_esc(d.label)}")
            html.append("</p>")
        if c.fields:
            html.append(f"<h4>{tr('Lĩnh vực')}</h4><ul>")
            html.extend(f"<li>{_esc(f.name)}</li>" for f in c.fields)
            html.append("</ul>")
        self.campaign_detail.setHtml("".join(html))


class UnitDialog(QDialog):
    """Add a unit under the selected one, rename it, or dissolve it; saves through the
    service, and on a refusal keeps everything typed."""

    def __init__(
        self, services: Services, mode: str, unit: UnitRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.mode = mode
        self.unit = unit
        self.unit_id: int | None = None
        titles = {
            "add": tr("Thêm đơn vị trực thuộc {unit}"),
            "rename": tr("Đổi tên {unit}"),
            "dissolve": tr("Giải thể {unit}"),
        }
        self._title = titles[mode]
        self.setWindowTitle(self._title.format(unit=unit.display_name))
        form = QFormLayout()
        self.code = named(QLineEdit(), "unitCode")
        self.name = named(QLineEdit(), "unitName")
        self.kind = named(QComboBox(), "unitKind")
        self.sector = named(QComboBox(), "unitSector")
        self.on_date = named(QLineEdit(), "onDate")
        self.on_date.setPlaceholderText("dd/mm/yyyy")
        self.note = named(QLineEdit(), "note")
        if mode == "add":
            for k in services.units.addable_kinds(unit.id):
                self.kind.addItem(tr(labels.UNIT_KIND[k]), k.value)
            self.sector.addItem(tr("(không ghi)"), None)
            for sector, label in labels.SECTOR.items():
                self.sector.addItem(tr(label), sector.value)
            form.addRow(tr("Mã:"), self.code)
            form.addRow(tr("Tên đơn vị:"), self.name)
            form.addRow(tr("Loại:"), self.kind)
            form.addRow(tr("Khối:"), self.sector)
            form.addRow(tr("Thành lập từ ngày:"), self.on_date)
        elif mode == "rename":
            self.name.setText(unit.name)
            form.addRow(tr("Tên mới:"), self.name)
            form.addRow(tr("Từ ngày:"), self.on_date)
            form.addRow(tr("Ghi chú:"), self.note)
        else:
            self.on_date.setText(format_date(dt.date.today()))
            form.addRow(tr("Giải thể từ ngày:"), self.on_date)
            form.addRow(tr("Ghi chú:"), self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Huỷ"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _date(self) -> dt.date | None:
        text = clean(self.on_date.text())
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            raise ServiceError(tr("Ngày: {err}").format(err=exc)) from exc

    def save(self) -> None:
        units = self._services.units
        try:
            on = self._date()
            if self.mode == "add":
                kind = self.kind.currentData()
                if kind is None:
                    raise ServiceError(tr("Văn phòng này không thêm được đơn vị ở đây."))
                sector = self.sector.currentData()
                made = units.create(
                    self.code.text(),
                    self.name.text(),
                    UnitKind(kind),
                    self.unit.id,
                    sector=Sector(sector) if sector else None,
                    valid_from=on,
                )
                self.unit_id = made.id
            elif self.mode == "rename":
                units.rename(
                    self.unit.id,
                    self.name.text(),
                    on,
                    clean(self.note.text()),
                    expected_version=self.unit.edit_version,
                )
                self.unit_id = self.unit.id
            else:
                if on is None:
                    raise ServiceError(tr("Hãy ghi ngày giải thể."))
                units.dissolve(
                    self.unit.id,
                    on,
                    clean(self.note.text()),
                    expected_version=self.unit.edit_version,
                )
                self.unit_id = self.unit.parent_id
        except EditConflict as exc:
            # Nothing saved. «Tải lại»: the unit as it is now (its name in the title), what
            # was typed here stays in the fields, to save again knowingly.
            if dialogs.conflict(self, str(exc)):
                self.unit = units.get(self.unit.id)
                self.setWindowTitle(self._title.format(unit=self.unit.display_name))
            return
        except ServiceError as exc:
            dialogs.error(self, str(exc))  # the dialog stays open with everything typed
            return
        self.accept()
