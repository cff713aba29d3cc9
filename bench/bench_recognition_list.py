"""How long the list of recognised initiatives takes for 2,300 initiatives (the size of the
"01 triệu sáng kiến" target of Lai Châu), against a bare ReportLab table of the same rows.

    .venv/bin/python bench/bench_recognition_list.py [CACHE_DIR]

The bare table is the floor: the same rows as plain strings in one LongTable with a repeated
header row, the same font, no Paragraphs, no letterhead. The ratio says what the layout
(wrapped, escaped Paragraph cells, grouping by unit, header, signature block) costs on top.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from bigstore import build
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, SimpleDocTemplate
from sqlalchemy import insert, select

from desktop.models import Campaign, Decision, DecisionEntry, Initiative
from desktop.services.documents import DocumentKind, DocumentRequest
from desktop.services.documents.fonts import register_font
from desktop.services.registry import Services
from desktop.services.store.opening import open_store

N = 2300


def main() -> int:
    cache = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir())
    path = build(cache / f"bench_recognition_{N}.db", N)
    store = open_store(str(path))
    services = Services.over(store)
    campaign = services.campaigns.by_code("01TRIEU-2022")
    with store.session_factory.begin() as s:
        decision_id = s.scalar(select(Decision.id).where(Decision.number == "999/QĐ-LĐLĐ"))
        if decision_id is None:
            d = Decision(campaign_id=campaign.id, number="999/QĐ-LĐLĐ", signer_title="Chủ tịch")
            s.add(d)
            s.flush()
            decision_id = d.id
            ids = s.scalars(select(Initiative.id).where(Initiative.campaign_id == campaign.id))
            s.execute(
                insert(DecisionEntry),
                [{"decision_id": d.id, "initiative_id": i, "recognised": True} for i in ids],
            )
        n = len(
            s.scalars(
                select(DecisionEntry.id).where(DecisionEntry.decision_id == decision_id)
            ).all()
        )
        assert s.scalar(select(Campaign.id).where(Campaign.id == campaign.id))
    req = DocumentRequest(DocumentKind.RECOGNITION_LIST, campaign.id, decision_id=decision_id)
    register_font()  # font loading is paid once per program run, not per document

    t0 = time.perf_counter()
    doc = services.documents.build(req)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    data = services.documents.render(doc, None)
    t_render = time.perf_counter() - t0

    font, _family = register_font()
    rows = [[c.header for c in doc.columns]] + [
        [str(v if v is not None else "") for v in r] for r in doc.rows if isinstance(r, tuple)
    ]
    t0 = time.perf_counter()
    buf = io.BytesIO()
    tpl = SimpleDocTemplate(buf, pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm)
    table = LongTable(rows, repeatRows=1)
    table.setStyle([("FONT", (0, 0), (-1, -1), font, 8)])
    tpl.build([table])
    t_bare = time.perf_counter() - t0

    ours = t_build + t_render
    print(f"recognition list of {n} initiatives: {len(data) // 1024} KiB")
    print(f"  query and build : {t_build:6.2f} s")
    print(f"  PDF layout      : {t_render:6.2f} s")
    print(f"  total           : {ours:6.2f} s")
    print(f"bare ReportLab table of the same rows: {t_bare:6.2f} s")
    print(f"ratio (ours / bare): {ours / t_bare:.1f}x")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
