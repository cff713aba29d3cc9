"""The campaign editor: plan, period, phases or years with their windows and deadlines, fields,
limits and participating units. Returns plain values; the caller saves through the service."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.campaigns.deadlines import BadDeadline, format_deadline, parse_deadline
from desktop.services.campaigns.service import (
    CampaignInput,
    CampaignRow,
    DeadlineInput,
    FieldInput,
    PeriodInput,
)
from desktop.services.common import EditConflict, ServiceError
from desktop.services.registry import Services
from desktop.text.dates import format_date, parse_date
from desktop.text.normalise import clean
from desktop.text.numbers import format_number
from desktop.views.campaigns.dossier_table import DossierPapersTable
from desktop.views.common import dialogs
from desktop.views.common.i18n import tr
from desktop.views.common.named import named


def _date(text: str, what: str) -> dt.date | None:
    text = clean(text)
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise ServiceError(tr("{what}: {err}").format(what=what, err=exc)) from exc


def _deadline(text: str, period: str) -> dt.datetime | None:
    try:
        return parse_deadline(clean(text))
    except BadDeadline as exc:
        raise ServiceError(tr("«{p}»: {err}").format(p=period, err=exc)) from exc


def _table(headers: list[str], name: str) -> QTableWidget:
    # A handful of rows typed by hand: a QTableWidget is enough here.
    t = named(QTableWidget(0, len(headers)), name)
    t.setHorizontalHeaderLabels([tr(h) for h in headers])
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return t


def _with_buttons(table: QTableWidget) -> QWidget:
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(table)
    row = QHBoxLayout()
    add = named(QPushButton(tr("Thêm dòng")), f"{table.objectName()}Add")
    remove = named(QPushButton(tr("Xoá dòng")), f"{table.objectName()}Remove")
    add.clicked.connect(lambda: table.insertRow(table.rowCount()))
    remove.clicked.connect(
        lambda: table.removeRow(table.currentRow()) if table.currentRow() >= 0 else None
    )
    row.addWidget(add)
    row.addWidget(remove)
    row.addStretch(1)
    lay.addLayout(row)
    return w


def _cell(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return clean(item.text()) if item else ""


class CampaignDialog(QDialog):
    """New or edited campaign. ``result_input``/``result_units`` hold what was typed.

    At a district office the campaign is the province's (services/rules/ownership.py): the dialog
    shows it read-only, with a notice, and offers no Save."""

    def __init__(
        self,
        services: Services,
        campaign_id: int | None = None,
        template: CampaignInput | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.campaign_id = campaign_id
        self.read_only = not services.campaigns.may_edit()
        if self.read_only:
            self.setWindowTitle(tr("Xem chương trình"))
        else:
            self.setWindowTitle(tr("Sửa chương trình") if campaign_id else tr("Chương trình mới"))
        self.resize(860, 620)
        tabs = QTabWidget()
        tabs.addTab(self._build_general(), tr("Kế hoạch"))
        self._build_tables()
        periods_tab = QWidget()
        pl = QVBoxLayout(periods_tab)
        pl.addWidget(
            QLabel(
                tr(
                    "Các giai đoạn hoặc các năm, mỗi cái có thời gian tính sáng kiến, ngày phấn "
                    "đấu đạt chỉ tiêu và hạn nhập (nếu kế hoạch có):"
                )
            )
        )
        pl.addWidget(_with_buttons(self.periods))
        pl.addWidget(QLabel(tr("Các mốc thời hạn (ghi đúng tên giai đoạn ở cột đầu):")))
        pl.addWidget(_with_buttons(self.deadlines))
        tabs.addTab(periods_tab, tr("Giai đoạn và thời hạn"))
        tabs.addTab(_with_buttons(self.fields), tr("Lĩnh vực"))
        tabs.addTab(self._units_tab(), tr("Đơn vị tham gia"))
        self.dossier = DossierPapersTable()
        tabs.addTab(self.dossier, tr("Hồ sơ"))
        self._period_ids: dict[int, int] = {}  # row -> existing period id
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Huỷ"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.notice = self._ownership_notice()
        layout.addWidget(self.notice)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.saved: CampaignRow | None = None
        # The campaign's edit version shown here, sent back with the save (EditConflict).
        self.loaded_version: int | None = None
        if campaign_id is not None:
            self._load(campaign_id)
        elif template is not None:
            self._fill(template, frozenset(), [])
        if self.read_only:
            self._make_read_only()

    def _build_general(self) -> QWidget:
        """The plan's own fields: code, name, the plan document, dates and limits."""
        self.code = named(QLineEdit(), "code")
        self.name = named(QLineEdit(), "name")
        self.plan_number = named(QLineEdit(), "planNumber")
        self.plan_number.setPlaceholderText("84/KH-MTTQ")
        self.plan_date = named(QLineEdit(), "planDate")
        self.plan_issuer = named(QLineEdit(), "planIssuer")
        self.starts_on = named(QLineEdit(), "startsOn")
        self.ends_on = named(QLineEdit(), "endsOn")
        for w in (self.plan_date, self.starts_on, self.ends_on):
            w.setPlaceholderText("dd/mm/yyyy")
        self.nomination_limit = named(QSpinBox(), "nominationLimit")
        self.nomination_limit.setSpecialValueText(tr("không giới hạn"))
        self.min_per_grassroots = named(QSpinBox(), "minPerGrassroots")
        self.min_per_grassroots.setSpecialValueText(tr("không quy định"))
        self.description_limit = named(QSpinBox(), "descriptionLimit")
        self.description_limit.setRange(100, 100_000)
        self.description_limit.setValue(1000)
        self.description_limit.setSuffix(tr(" ký tự"))
        # 1.000, as the plans write it (desktop/text/numbers.py), whatever the PC's locale.
        self.description_limit.setLocale(
            QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
        )
        self.description_limit.setGroupSeparatorShown(True)
        self.notes = named(QPlainTextEdit(), "notes")
        form = QFormLayout()
        form.addRow(tr("Mã:"), self.code)
        form.addRow(tr("Tên chương trình:"), self.name)
        form.addRow(tr("Số kế hoạch:"), self.plan_number)
        form.addRow(tr("Ngày kế hoạch:"), self.plan_date)
        form.addRow(tr("Cơ quan ban hành:"), self.plan_issuer)
        form.addRow(tr("Từ ngày:"), self.starts_on)
        form.addRow(tr("Đến ngày:"), self.ends_on)
        form.addRow(tr("Mỗi đơn vị đề nghị tối đa:"), self.nomination_limit)
        form.addRow(tr("Mỗi CĐCS ít nhất (sáng kiến):"), self.min_per_grassroots)
        form.addRow(tr("Mô tả tóm tắt tối đa:"), self.description_limit)
        form.addRow(tr("Ghi chú:"), self.notes)
        self.target = named(QLabel(), "target")
        self.target.setWordWrap(True)
        form.insertRow(2, tr("Chỉ tiêu:"), self.target)
        self.target.setText(tr("Giao sau khi lưu chương trình (nút «Giao chỉ tiêu…»)."))
        general = QWidget()
        general.setLayout(form)
        return general

    def _build_tables(self) -> None:
        """The periods, deadlines and fields typed row by row, and the units taking part."""
        # The counting window, the target's date (phấn đấu đến ngày) and the moment entries
        # close, typed as the plan writes it: «24h ngày 20/4/2021» (campaigns/deadlines.py).
        self.periods = _table(
            ["Giai đoạn / năm", "Tính từ ngày", "Đến ngày", "Phấn đấu đến ngày", "Hạn nhập"],
            "periods",
        )
        header = self.periods.horizontalHeaderItem(4)
        assert header is not None
        header.setToolTip(
            tr(
                "Sau thời điểm này, sáng kiến nhập mới của giai đoạn bị từ chối, trừ khi cán bộ "
                "xác nhận; nhập từ Excel hoặc gói dữ liệu thì được giữ và đánh dấu «nhập sau "
                "hạn». Ghi như kế hoạch: «24h ngày 20/4/2021» hoặc «17h30 ngày 20/4/2021»."
            )
        )
        self.deadlines = _table(["Giai đoạn / năm", "Việc phải xong", "Hạn"], "deadlines")
        self.fields = _table(["Mã", "Lĩnh vực"], "fields")
        self.units = named(QListWidget(), "units")
        for u in self._services.units.list():
            if u.kind.value == "grassroots":
                continue
            item = QListWidgetItem(u.display_name)
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.units.addItem(item)

    def _units_tab(self) -> QWidget:
        """The units taking part, with «Chọn tất cả» and «Bỏ chọn tất cả»."""
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.units)
        row = QHBoxLayout()
        self.check_all = named(QPushButton(tr("Chọn tất cả")), "checkAllUnits")
        self.uncheck_all = named(QPushButton(tr("Bỏ chọn tất cả")), "uncheckAllUnits")
        self.check_all.clicked.connect(lambda: self._check_every(Qt.CheckState.Checked))
        self.uncheck_all.clicked.connect(lambda: self._check_every(Qt.CheckState.Unchecked))
        row.addWidget(self.check_all)
        row.addWidget(self.uncheck_all)
        row.addStretch(1)
        lay.addLayout(row)
        return tab

    def _check_every(self, state: Qt.CheckState) -> None:
        for i in range(self.units.count()):
            self.units.item(i).setCheckState(state)

    def _show_target(self, campaign_id: int) -> None:
        """The campaign's target: the quota of this office's unit (the province's, 750 for
        «75 nghìn sáng kiến»), set with «Giao chỉ tiêu…»."""
        office = self._services.office.local()
        unit_id = office.unit_id if office is not None else None
        quotas = self._services.campaigns.quotas(campaign_id)
        if unit_id is None:
            return
        quota = quotas.get((unit_id, None))
        if quota is None:
            self.target.setText(
                tr("Chưa giao chỉ tiêu cho {unit} (nút «Giao chỉ tiêu…»).").format(
                    unit=office.name if office else ""
                )
            )
            return
        self.target.setText(
            tr("<b>{n}</b> sáng kiến ({unit})").format(
                n=format_number(quota), unit=office.name if office else ""
            )
        )

    def _ownership_notice(self) -> QLabel:
        """At a district office: whose campaign this is, and that it is only to read here."""
        notice = named(QLabel(), "ownershipNotice")
        notice.setWordWrap(True)
        notice.setStyleSheet("color: #5f4b00; background: #fff4de; padding: 6px;")
        notice.setVisible(self.read_only)
        if self.read_only:
            office = self._services.office.local()
            notice.setText(
                tr(
                    "Chương trình thi đua do LĐLĐ tỉnh lập và sửa; văn phòng {office} nhận "
                    "chương trình qua gói dữ liệu của LĐLĐ tỉnh và chỉ xem ở đây."
                ).format(office=office.name if office else "")
            )
        return notice

    def _load(self, campaign_id: int) -> None:
        c = self._services.campaigns.get(campaign_id)
        self.loaded_version = c.edit_version  # read first: an older one can only over-warn
        template = self._services.campaigns.copy_input(campaign_id, 0)
        for table in (self.periods, self.deadlines, self.fields):  # a reload starts afresh
            table.setRowCount(0)
        self._period_ids.clear()
        for i in range(self.units.count()):
            self.units.item(i).setCheckState(Qt.CheckState.Unchecked)
        self._fill(template, c.unit_ids, [p.id for p in c.periods])
        self._show_target(campaign_id)
        self.code.setText(c.code)
        self.name.setText(c.name)

    def _make_read_only(self) -> None:
        """Everything visible, nothing editable, no Save (the province's campaign)."""
        for w in (
            self.code,
            self.name,
            self.plan_number,
            self.plan_date,
            self.plan_issuer,
            self.starts_on,
            self.ends_on,
        ):
            w.setReadOnly(True)
        self.notes.setReadOnly(True)
        for spin in (self.nomination_limit, self.min_per_grassroots, self.description_limit):
            spin.setReadOnly(True)
            spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        for table in (self.periods, self.deadlines, self.fields):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            for name in ("Add", "Remove"):
                button = self.findChild(QPushButton, f"{table.objectName()}{name}")
                if button is not None:
                    button.hide()
        for i in range(self.units.count()):
            item = self.units.item(i)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
        self.check_all.hide()
        self.uncheck_all.hide()
        self.dossier.set_read_only()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Đóng"))

    def _fill(self, data: CampaignInput, unit_ids: frozenset[int], period_ids: list[int]) -> None:
        self.code.setText(data.code)
        self.name.setText(data.name)
        self.plan_number.setText(data.plan_number or "")
        self.plan_date.setText(format_date(data.plan_date))
        self.plan_issuer.setText(data.plan_issuer or "")
        self.starts_on.setText(format_date(data.starts_on))
        self.ends_on.setText(format_date(data.ends_on))
        self.nomination_limit.setValue(data.nomination_limit or 0)
        self.min_per_grassroots.setValue(data.min_per_grassroots or 0)
        self.description_limit.setValue(data.description_limit)
        self.notes.setPlainText(data.notes or "")
        self.dossier.fill(data.dossier_items)
        for i, p in enumerate(data.periods):
            self.periods.insertRow(i)
            for col, text in enumerate(
                (
                    p.name,
                    format_date(p.count_from),
                    format_date(p.count_to),
                    format_date(p.target_on),
                    format_deadline(p.entries_close_at),
                )
            ):
                self.periods.setItem(i, col, QTableWidgetItem(text))
            if i < len(period_ids):
                self._period_ids[i] = period_ids[i]
            for d in p.deadlines:
                r = self.deadlines.rowCount()
                self.deadlines.insertRow(r)
                for col, text in enumerate((p.name, d.label, format_date(d.due_on))):
                    self.deadlines.setItem(r, col, QTableWidgetItem(text))
        for i, f in enumerate(data.fields):
            self.fields.insertRow(i)
            self.fields.setItem(i, 0, QTableWidgetItem(f.code))
            self.fields.setItem(i, 1, QTableWidgetItem(f.name))
        for i in range(self.units.count()):
            item = self.units.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in unit_ids:
                item.setCheckState(Qt.CheckState.Checked)

    def read(self) -> tuple[CampaignInput, list[int]]:
        """What was typed, as service input; ServiceError says which field is wrong."""
        deadlines: dict[str, list[DeadlineInput]] = {}
        period_names = [_cell(self.periods, r, 0) for r in range(self.periods.rowCount())]
        for r in range(self.deadlines.rowCount()):
            pname, label, due = (_cell(self.deadlines, r, c) for c in range(3))
            if not (pname or label or due):
                continue
            if pname not in period_names:
                raise ServiceError(
                    tr("Mốc thời hạn dòng {n}: không có giai đoạn «{p}».").format(n=r + 1, p=pname)
                )
            day = _date(due, tr("Hạn dòng {n}").format(n=r + 1))
            if day is None or not label:
                raise ServiceError(tr("Mốc thời hạn dòng {n} cần nội dung và hạn.").format(n=r + 1))
            deadlines.setdefault(pname, []).append(DeadlineInput(label, day))
        periods = []
        for r, pname in enumerate(period_names):
            if not pname:
                raise ServiceError(tr("Giai đoạn dòng {n} chưa có tên.").format(n=r + 1))
            periods.append(
                PeriodInput(
                    pname,
                    _date(_cell(self.periods, r, 1), tr("«{p}»: ngày bắt đầu").format(p=pname)),
                    _date(_cell(self.periods, r, 2), tr("«{p}»: ngày kết thúc").format(p=pname)),
                    tuple(deadlines.get(pname, [])),
                    self._period_ids.get(r),
                    _date(
                        _cell(self.periods, r, 3),
                        tr("«{p}»: ngày phấn đấu đạt chỉ tiêu").format(p=pname),
                    ),
                    _deadline(_cell(self.periods, r, 4), pname),
                )
            )
        fields = [
            FieldInput(_cell(self.fields, r, 0), _cell(self.fields, r, 1))
            for r in range(self.fields.rowCount())
            if _cell(self.fields, r, 0) or _cell(self.fields, r, 1)
        ]
        data = CampaignInput(
            code=self.code.text(),
            name=self.name.text(),
            plan_number=self.plan_number.text(),
            plan_date=_date(self.plan_date.text(), tr("Ngày kế hoạch")),
            plan_issuer=self.plan_issuer.text(),
            starts_on=_date(self.starts_on.text(), tr("Từ ngày")),
            ends_on=_date(self.ends_on.text(), tr("Đến ngày")),
            nomination_limit=self.nomination_limit.value() or None,
            min_per_grassroots=self.min_per_grassroots.value() or None,
            description_limit=self.description_limit.value(),
            notes=self.notes.toPlainText(),
            periods=tuple(periods),
            fields=tuple(fields),
            dossier_items=self.dossier.read(),
        )
        units = [
            self.units.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.units.count())
            if self.units.item(i).checkState() == Qt.CheckState.Checked
        ]
        return data, units

    def save(self) -> None:
        if self.read_only:
            return
        try:
            data, units = self.read()
            if self.campaign_id is None:
                self.saved = self._services.campaigns.create(data, units)
            else:
                self.saved = self._services.campaigns.update(
                    self.campaign_id, data, units, expected_version=self.loaded_version
                )
        except EditConflict as exc:
            # Nothing saved; «Tải lại» shows the campaign as it is now (to edit again).
            if dialogs.conflict(self, str(exc)) and self.campaign_id is not None:
                self._load(self.campaign_id)
            return
        except ServiceError as exc:
            dialogs.error(self, str(exc))  # the dialog stays open with everything typed
            return
        self.accept()
