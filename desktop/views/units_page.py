"""Units and campaigns: the hierarchy as a tree with each unit's history, and the campaigns."""

from __future__ import annotations

from html import escape as _esc

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import labels
from desktop.services.registry import Services
from desktop.services.vietnamese import format_date, format_number

from . import dialogs
from .campaign_editor import CampaignDialog
from .i18n import tr
from .quota_grid import QuotaDialog

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class UnitsPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.tree_model = QStandardItemModel()
        self.tree = QTreeView(objectName="units")
        self.tree.setModel(self.tree_model)
        self.unit_detail = QTextBrowser(objectName="unitDetail")
        units_split = QSplitter()
        units_split.addWidget(self.tree)
        units_split.addWidget(self.unit_detail)
        units_split.setSizes([600, 400])

        self.campaign_list = QListWidget(objectName="campaigns")
        self.campaign_detail = QTextBrowser(objectName="campaignDetail")
        campaigns_split = QSplitter()
        campaigns_split.addWidget(self.campaign_list)
        campaigns_split.addWidget(self.campaign_detail)
        campaigns_split.setSizes([400, 600])
        self.new_button = QPushButton(tr("Thêm chương trình…"), objectName="newCampaign")
        self.copy_button = QPushButton(tr("Sao chép sang năm sau…"), objectName="copyCampaign")
        self.edit_button = QPushButton(tr("Sửa…"), objectName="editCampaign")
        self.quota_button = QPushButton(tr("Giao chỉ tiêu…"), objectName="quotas")
        campaign_buttons = QHBoxLayout()
        for b in (self.new_button, self.copy_button, self.edit_button, self.quota_button):
            campaign_buttons.addWidget(b)
        campaign_buttons.addStretch(1)
        campaigns_tab = QWidget()
        campaigns_layout = QVBoxLayout(campaigns_tab)
        campaigns_layout.addLayout(campaign_buttons)
        campaigns_layout.addWidget(campaigns_split, 1)
        self.new_button.clicked.connect(lambda: self.edit_campaign(None))
        self.copy_button.clicked.connect(self.copy_campaign)
        self.edit_button.clicked.connect(lambda: self.edit_campaign(self.current_campaign_id()))
        self.quota_button.clicked.connect(self.open_quotas)

        tabs = QTabWidget()
        tabs.addTab(units_split, tr("Đơn vị"))
        tabs.addTab(campaigns_tab, tr("Chương trình thi đua"))
        self.tabs = tabs
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.tree.selectionModel().currentChanged.connect(self._show_unit)
        self.campaign_list.currentRowChanged.connect(self._show_campaign)
        self.reload()

    def reload(self) -> None:
        self.tree_model.clear()
        self.tree_model.setHorizontalHeaderLabels([tr("Tên đơn vị"), tr("Mã"), tr("Loại")])
        units = self._services.units.list()
        children: dict[int | None, list] = {}
        for u in units:
            children.setdefault(u.parent_id, []).append(u)
        known = {u.id for u in units}

        def add(parent_item: QStandardItem, parent_id: int | None) -> None:
            for u in children.get(parent_id, []):
                name = QStandardItem(u.name)
                name.setData(u.id, UNIT_ID_ROLE)
                row = [name, QStandardItem(u.code), QStandardItem(tr(labels.UNIT_KIND[u.kind]))]
                for item in row:
                    item.setEditable(False)
                parent_item.appendRow(row)
                add(name, u.id)

        root = self.tree_model.invisibleRootItem()
        add(root, None)
        # Units whose parent was closed (merged away) still show, at the top level.
        for parent_id in set(children) - known - {None}:
            add(root, parent_id)
        self.tree.expandToDepth(0)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        if self.tree_model.rowCount():
            self.tree.setCurrentIndex(self.tree_model.index(0, 0))

        self.campaign_list.clear()
        self._campaigns = self._services.campaigns.list()
        for c in self._campaigns:
            self.campaign_list.addItem(c.name)
        if self._campaigns:
            self.campaign_list.setCurrentRow(0)

    def _show_unit(self) -> None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        unit_id = index.data(UNIT_ID_ROLE)
        if unit_id is None:
            return
        u = self._services.units.get(unit_id)
        lines = [
            f"<h3>{_esc(u.name)}</h3>",
            f"<p>{tr('Mã')}: {_esc(u.code)}<br>{tr('Loại')}: {tr(labels.UNIT_KIND[u.kind])}",
        ]
        if u.sector:
            lines.append(f"<br>{tr('Khối')}: {tr(labels.SECTOR[u.sector])}")
        lines.append("</p>")
        history = self._services.units.history(u.id)
        if history:
            lines.append(f"<h4>{tr('Lịch sử')}</h4><ul>")
            for e in history:
                text = tr(labels.UNIT_EVENT[e.kind])
                if e.old_name and e.new_name and e.old_name != e.new_name:
                    text += f": {_esc(e.old_name)} → {_esc(e.new_name)}"
                elif e.other_unit_name:
                    text += f": {_esc(e.other_unit_name)}"
                when = format_date(e.on_date) if e.on_date else ""
                lines.append(f"<li>{when} {text}</li>")
            lines.append("</ul>")
        self.unit_detail.setHtml("".join(lines))

    # ---- campaigns ----------------------------------------------------------------------------
    def current_campaign_id(self) -> int | None:
        row = self.campaign_list.currentRow()
        return self._campaigns[row].id if 0 <= row < len(self._campaigns) else None

    def edit_campaign(self, campaign_id: int | None, template=None) -> CampaignDialog:  # type: ignore[no-untyped-def]
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
            self.campaign_list.addItem(c.name)
        ids = [c.id for c in self._campaigns]
        if self._campaigns:
            self.campaign_list.setCurrentRow(ids.index(select_id) if select_id in ids else 0)

    def _show_campaign(self, row: int) -> None:
        if row < 0 or row >= len(self._campaigns):
            return
        c = self._campaigns[row]
        html = [f"<h3>{_esc(c.name)}</h3><p>"]
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
