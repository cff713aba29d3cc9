"""The campaign's dossier papers in the editor: one row per kind of paper, ticked when the
campaign asks for it, with the name it gives it and whether it is required
(services/campaigns/dossier_items.py). Six rows at most: a small table is enough."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.models import DossierKind
from desktop.services import labels
from desktop.services.campaigns.dossier_items import DEFAULT_ITEMS, DossierItemSpec
from desktop.views.common.i18n import tr

USED, NAME, REQUIRED = range(3)


class DossierPapersTable(QTableWidget):
    def __init__(self) -> None:
        super().__init__(len(DossierKind), 3)
        self.setObjectName("dossierPapers")
        self.setHorizontalHeaderLabels(
            [tr("Có trong hồ sơ"), tr("Thành phần hồ sơ (tên in trên giấy tờ)"), tr("Bắt buộc")]
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.kinds: list[DossierKind] = []
        self.fill(None)

    def fill(self, papers: Sequence[DossierItemSpec] | None) -> None:
        """The campaign's papers first, in its order; the other kinds after, unticked."""
        chosen = list(papers) if papers else list(DEFAULT_ITEMS)
        asked = {p.kind: p for p in chosen}
        self.kinds = [p.kind for p in chosen] + [k for k in DossierKind if k not in asked]
        for row, kind in enumerate(self.kinds):
            p = asked.get(kind)
            self.setItem(row, USED, _tick(p is not None))
            self.setItem(row, NAME, QTableWidgetItem(p.label if p else labels.DOSSIER_KIND[kind]))
            self.setItem(row, REQUIRED, _tick(p.required if p else True))

    def read(self) -> tuple[DossierItemSpec, ...]:
        """The ticked papers, in the table's order (the service checks what is wrong)."""
        out = []
        for row, kind in enumerate(self.kinds):
            if not self._ticked(row, USED):
                continue
            name_item = self.item(row, NAME)
            name = name_item.text().strip() if name_item is not None else ""
            required = self._ticked(row, REQUIRED)
            out.append(
                DossierItemSpec(
                    kind, required, None if name in ("", labels.DOSSIER_KIND[kind]) else name
                )
            )
        return tuple(out)

    def _ticked(self, row: int, col: int) -> bool:
        item = self.item(row, col)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def set_read_only(self) -> None:
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row in range(self.rowCount()):
            for col in (USED, REQUIRED):
                item = self.item(row, col)
                if item is not None:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)


def _tick(on: bool) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    return item
