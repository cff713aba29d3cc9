"""Parts of the entry form that each do one job: the error labels under the fields, the
dossier box, the look-up of similar titles, and the checks run as a field is left."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)
from shiboken6 import isValid

from desktop.models import DossierKind
from desktop.services import labels
from desktop.services.campaigns.dossier_items import DEFAULT_ITEMS, DossierItemSpec
from desktop.services.campaigns.service import CampaignRow
from desktop.services.initiatives.listing import SimilarTitle
from desktop.services.registry import Services
from desktop.text.normalise import clean, nfc
from desktop.text.numbers import format_number, parse_amount, parse_number
from desktop.text.partial_dates import format_partial_date, parse_partial_date, precision_note
from desktop.views.common.i18n import tr
from desktop.views.common.named import named
from desktop.views.common.tasks import TaskRunner

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #a15c00;"


class ErrorLabels:
    """One hidden label under each field (``err_<field>``), shown with the field's message."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self.warnings: set[str] = set()  # labels showing a warning, not an error

    def make(self, name: str) -> QLabel:
        label = named(QLabel(), f"err_{name}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        self.labels[name] = label
        return label

    def show(self, name: str, text: str, warning: bool = False) -> None:
        """The message under its field; one of no field of the form goes to the last label."""
        label = self.labels.get(name, self.labels["other"])
        label.setText(text)
        label.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        label.setAccessibleName(text)
        (self.warnings.add if warning else self.warnings.discard)(label.objectName()[4:])
        label.show()

    def hide(self, name: str) -> None:
        self.labels[name].hide()
        self.labels[name].setText("")
        self.warnings.discard(name)

    def shown_errors(self) -> list[str]:
        """The fields whose error (not warning) is showing."""
        return [
            n for n, label in self.labels.items() if not label.isHidden() and n not in self.warnings
        ]

    def clear(self) -> None:
        for name in self.labels:
            self.hide(name)


class DossierBox(QGroupBox):
    """The papers received: a tick and a date for each paper the campaign asks for, in its
    order and by its names (services/campaigns/dossier_items.py). A paper of another kind
    stays hidden unless the initiative holds it (then it shows, so nothing is lost)."""

    def __init__(
        self, errors: ErrorLabels, papers: Sequence[DossierItemSpec] = DEFAULT_ITEMS
    ) -> None:
        super().__init__(tr("Hồ sơ đã nhận"))
        self.checks: dict[DossierKind, QCheckBox] = {}
        self.dates: dict[DossierKind, QLineEdit] = {}
        self.asked = {p.kind for p in papers}
        named_as = {p.kind: _paper_label(p) for p in papers}
        order = [p.kind for p in papers] + [k for k in DossierKind if k not in self.asked]
        grid = QGridLayout(self)
        for r, kind in enumerate(order):
            label = named_as.get(kind) or tr(labels.DOSSIER_KIND[kind])
            check = named(QCheckBox(label), f"dossier_{kind.value}")
            date = named(QLineEdit(), f"dossier_{kind.value}_date")
            date.setPlaceholderText(tr("ngày nhận dd/mm/yyyy"))
            date.setAccessibleName(tr("Ngày nhận {kind}").format(kind=label.lower()))
            date.setMaximumWidth(170)
            self.checks[kind] = check
            self.dates[kind] = date
            grid.addWidget(check, r, 0)
            grid.addWidget(date, r, 1)
            check.setVisible(kind in self.asked)
            date.setVisible(kind in self.asked)
        grid.addWidget(errors.make("dossier"), len(DossierKind), 0, 1, 2)

    def state(self) -> dict[str, list[Any]]:
        return {k.value: [self.checks[k].isChecked(), self.dates[k].text()] for k in DossierKind}

    def set_state(self, ticked: dict[str, list[Any]]) -> None:
        for k in DossierKind:
            checked, date = ticked.get(k.value, [False, ""])
            self.checks[k].setChecked(bool(checked))
            self.dates[k].setText(date)
            if checked and k not in self.asked:  # held from before: shown, never dropped
                self.checks[k].setVisible(True)
                self.dates[k].setVisible(True)

    def set_read_only(self) -> None:
        for w in self.dates.values():
            w.setReadOnly(True)
        for c in self.checks.values():
            c.setEnabled(False)


def _paper_label(p: DossierItemSpec) -> str:
    """The paper as the tick box names it: optional ones say so."""
    label = tr(p.label)
    return label if p.required or "nếu có" in label else tr("{paper} (nếu có)").format(paper=label)


class SimilarTitles(QLabel):
    """Titles of the campaign like the one typed, as links, once the typing pauses.

    The look-up reads the whole campaign (100-200 ms on 100,000 initiatives): off the UI
    thread, so typing never stutters; only the answer to the latest title is shown.
    """

    open_requested = Signal(int)  # the person clicked a similar title to look at it

    def __init__(
        self,
        services: Services,
        campaign_id: int,
        initiative_id: int | None,
        title: QLineEdit,
        tasks: TaskRunner,
    ) -> None:
        super().__init__()
        self.setObjectName("similar")
        self._services = services
        self._campaign_id = campaign_id
        self._id = initiative_id
        self._title = title
        self._tasks = tasks
        self._asked = 0
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(WARNING_STYLE)
        self.linkActivated.connect(lambda link: self.open_requested.emit(int(link)))
        self.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self.look_up)

    def look_up(self) -> None:
        title = clean(self._title.text())
        self._asked += 1
        asked = self._asked
        if not title:
            self._found(asked, [])
            return
        self._tasks.run(
            self._services.initiatives.similar,
            self._campaign_id,
            title,
            self._id,
            on_done=lambda found: self._found(asked, found),
            on_error=lambda _exc: None,  # advisory only: a failed look-up shows nothing
        )

    def _found(self, asked: int, found: list[SimilarTitle]) -> None:
        if asked != self._asked or not isValid(self):
            return  # the title changed meanwhile, or the form is gone
        if not found:
            self.hide()
            self.setText("")
            return
        links = "<br>".join(
            f'<a href="{f.id}">{_html(f.title)}</a> — {_html(f.authors_text)}, {_html(f.unit_name)}'
            for f in found
        )
        self.setText(tr("Có thể trùng với sáng kiến đã có:") + "<br>" + links)
        self.show()


# ---- checks as a field is left -------------------------------------------------------------
def set_combo(combo: QComboBox, value: Any) -> None:
    """Choose the item of ``value``, or the first ("— chọn … —") when there is none."""
    i = combo.findData(value)
    combo.setCurrentIndex(max(i, 0))


def show_count(description: QPlainTextEdit, count: QLabel, limit: int) -> None:
    n = len(nfc(description.toPlainText()))
    count.setText(tr("{n}/{limit} ký tự").format(n=format_number(n), limit=format_number(limit)))
    count.setStyleSheet(ERROR_STYLE if n > limit else "")


def format_benefit(benefit: QLineEdit) -> None:
    """A whole number of đồng written the Vietnamese way (1.500.000); other text left."""
    text = benefit.text().strip()
    if not text:
        return
    try:
        n = parse_number(text.replace("đồng", "").replace("đ", ""))
    except ValueError:
        try:
            n = parse_amount(text)  # "2,5 triệu" -> 2.500.000
        except ValueError:
            n = None
    if n is not None and n == int(n):
        benefit.setText(format_number(int(n)))


def check_date(applied_on: QLineEdit, campaign: CampaignRow, errors: ErrorLabels) -> None:
    """The date written dd/mm/yyyy, or a month or quarter ("03/2022", "Quý I/2022": a
    warning to check it); a warning when no period of the campaign counts it."""
    text = applied_on.text().strip()
    errors.hide("applied_on")
    if not text:
        return
    try:
        day, precision = parse_partial_date(text)
    except ValueError as exc:
        errors.show("applied_on", str(exc))
        return
    shown = format_partial_date(day, precision)
    applied_on.setText(shown)
    if campaign.periods and campaign.period_for(day, precision) is None:
        errors.show(
            "applied_on",
            tr(
                "Ngày {d} nằm ngoài thời gian tính của mọi giai đoạn: sáng kiến sẽ không được "
                "tính vào chỉ tiêu."
            ).format(d=shown),
            warning=True,
        )
    elif precision is not None:
        errors.show("applied_on", precision_note(day, precision), warning=True)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
