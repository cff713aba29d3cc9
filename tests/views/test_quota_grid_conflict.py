"""The quota grid when someone else changed a cell while it was open: refused, told, reloaded
with the other cells typed here kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_quota_grid import _row, _type, setup  # noqa: F401 - the fixture

from desktop.views.campaigns.quota_grid import CLASHED_BG
from desktop.views.common import dialogs


def test_a_cell_changed_meanwhile_is_refused_and_reloaded_cell_by_cell(
    qtbot,
    setup,  # noqa: F811
    demo_services,
    monkeypatch,
):
    d, c, province = setup
    r_pt, r_tu = _row(d, "LC-PT"), _row(d, "LC-SH")
    pt = d.model.grid.units[r_pt].id
    before_tu = d.model.grid.values.get((d.model.grid.units[r_tu].id, None))
    # Another officer, in another program, changes LC-PT's figure for the whole campaign.
    other = demo_services.quotas.grid(c.id, province.id)
    demo_services.quotas.save(
        c.id, province.id, {(pt, None): 999}, accept_mismatches=True, loaded=other.versions
    )

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "conflict", lambda _p, text, *a: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "error", lambda *a, **k: (_ for _ in ()).throw(AssertionError(a)))
    _type(qtbot, d, r_pt, 0, "270")
    assert d.model.setData(d.model.index(r_tu, 0), "77")
    d.save()

    assert len(asked) == 1 and "nay là 999" in asked[0]
    assert d.isVisible()  # not closed: nothing was saved
    saved = demo_services.quotas.grid(c.id, province.id).values
    tu = d.model.grid.units[r_tu].id
    assert saved[(pt, None)] == 999 and saved.get((tu, None)) == before_tu
    # Reloaded: LC-PT shows the new figure, marked; LC-TU keeps what was typed here.
    assert d.model.index(r_pt, 0).data() == "999"
    assert d.model.index(r_pt, 0).data(Qt.ItemDataRole.BackgroundRole) == CLASHED_BG
    assert "270" in d.model.index(r_pt, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert d.model.index(r_tu, 0).data() == "77"
    assert "Đã tải lại" in d.status.text()

    d.save()  # saved now, over the figures as they are
    saved = demo_services.quotas.grid(c.id, province.id).values
    assert saved[(pt, None)] == 999 and saved[(tu, None)] == 77
