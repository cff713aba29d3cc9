"""How long the list of recognised initiatives (danh sách sáng kiến được công nhận) takes,
against a bare ReportLab LongTable of the same Paragraph cells (issue #14, target 6).

    PYTHONPATH=. .venv/bin/python bench/bench_recognition_list.py [N] [CACHE_DIR] [--runs K]
        [--one-table]

N initiatives (default 2,300, the "01 triệu sáng kiến" target of Lai Châu; 23,000 is the
national-scale target), all recognised by one decision, in a store built by
``bigstore.build`` and cached in CACHE_DIR (default the temporary folder).

Both sides start from the same TableDocument (the query that makes it is timed apart) and end
with the PDF's bytes; each run is a fresh subprocess, so its peak memory (``ru_maxrss``) is its
own. Seconds are wall time; the CPU seconds of the process are printed too (the test machine
is shared, and its load shows in the wall time, not in the CPU time).

- program: ``DocumentService.render``: letterhead, title, the table with a unit's name over its
  initiatives and the header row on every page, the total, the closing lines, the signature.
- baseline: the same cells as ReportLab Paragraphs (same styles, fonts, column widths, grid,
  padding, the unit rows spanning the table, the total in bold), parsed from their markup as
  ReportLab does, with the header row repeated on every page, each cell wrapped once (a table
  wraps a cell again when it draws it; the baseline keeps the first wrap, as the program
  does). No letterhead, no signature. The rows go in LongTables of 100 rows each: one
  LongTable of all the rows is quadratic in ReportLab (each page break makes a new table of
  the rest and recomputes its spans and styles over it: 15 s for 2,300 rows on the shared
  machine, growing with the square of the rows), so it is no floor. ``--one-table`` times
  that single LongTable as well.

Targets at 23,000 rows: the whole list (query and layout) in 10 s or less, 300 MB or less of
peak memory, the layout at most 1.2 times the baseline.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = 10.0
TARGET_MB = 300.0
TARGET_RATIO = 1.2
DECISION = "999/QĐ-LĐLĐ"
CHUNK = 100  # rows in one of the baseline's LongTables


def _store(cache: Path, n: int) -> Any:
    from bigstore import build
    from sqlalchemy import insert, select

    from desktop.models import Decision, DecisionEntry, Initiative
    from desktop.services.registry import Services
    from desktop.services.store.opening import open_store

    store = open_store(str(build(cache / f"bench_recognition_{n}.db", n)))
    services = Services.over(store)
    campaign = services.campaigns.by_code("01TRIEU-2022")
    with store.session_factory.begin() as s:
        decision_id = s.scalar(select(Decision.id).where(Decision.number == DECISION))
        if decision_id is None:
            d = Decision(campaign_id=campaign.id, number=DECISION, signer_title="Chủ tịch")
            s.add(d)
            s.flush()
            decision_id = d.id
            ids = s.scalars(select(Initiative.id).where(Initiative.campaign_id == campaign.id))
            s.execute(
                insert(DecisionEntry),
                [{"decision_id": d.id, "initiative_id": i, "recognised": True} for i in ids],
            )
    return store, services, campaign.id, decision_id


def _baseline_pdf(doc: Any, chunk: int | None) -> bytes:
    """The table alone, as bare ReportLab lays it out: LongTables of ``chunk`` rows of
    Paragraphs (one LongTable of all the rows when ``chunk`` is None)."""
    from reportlab.platypus import LongTable, Paragraph, TableStyle

    from desktop.services.documents.fonts import register_font
    from desktop.services.documents.measure import fitted_widths
    from desktop.services.documents.model import GroupRow
    from desktop.services.documents.pdf import (
        _BASE_TABLE_STYLE,
        TABLE_SIZE,
        Styles,
        _doc_template,
        _numbers_fitted,
        _text_width,
        cell_text,
        esc,
    )

    class WrappedOnce(Paragraph):
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            if getattr(self, "_at", None) == aw:
                return self.width, self.height
            self._at = aw
            return super().wrap(aw, ah)

    font, _family = register_font()
    st = Styles(font)
    buf = io.BytesIO()
    tpl = _doc_template(buf, doc.landscape, doc.title)
    date_w = _text_width("00/00/0000", font, TABLE_SIZE) + 6 + 1
    widths = _numbers_fitted(fitted_widths(doc.columns, doc.rows, tpl.width, date_w), doc, font)
    styles = [st.cell[c.align] for c in doc.columns]
    head = [WrappedOnce(f"<b>{esc(c.header)}</b>", st.head) for c in doc.columns]
    body: list[tuple[list[Any], bool]] = []  # cells, spanning the table
    rows = [*doc.rows, doc.total]
    for r, row in enumerate(rows, start=1):
        if isinstance(row, GroupRow):
            body.append(([WrappedOnce(f"<b>{esc(row.label)}</b>", st.group)] + [""] * 5, True))
            continue
        texts = [esc(cell_text(v)) for v in row]
        if r == len(rows):
            texts = [f"<b>{t}</b>" if t else "" for t in texts]
        cells = [WrappedOnce(t, s) if t else "" for t, s in zip(texts, styles, strict=True)]
        body.append((cells, False))
    size = chunk or len(body)
    story = []
    for start in range(0, len(body), size):
        part = body[start : start + size]
        commands: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), font, TABLE_SIZE)]
        commands.extend(_BASE_TABLE_STYLE)
        commands.extend(("SPAN", (0, r), (-1, r)) for r, (_c, span) in enumerate(part, 1) if span)
        table = LongTable([head] + [c for c, _s in part], colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        story.append(table)
    tpl.build(story)
    return buf.getvalue()


def side(which: str, n: int, cache: Path) -> dict[str, Any]:
    """One run of one side, in this process: seconds, peak memory, pages."""
    from desktop.services.documents import DocumentKind, DocumentRequest
    from desktop.services.documents.fonts import register_font

    store, services, campaign_id, decision_id = _store(cache, n)
    req = DocumentRequest(DocumentKind.RECOGNITION_LIST, campaign_id, decision_id=decision_id)
    register_font()  # font loading is paid once per program run, not per document
    t0 = time.perf_counter()
    doc = services.documents.build(req)
    query = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    if which == "program":
        data = services.documents.render(doc, None)
    else:
        data = _baseline_pdf(doc, None if which == "one-table" else CHUNK)
    layout, cpu = time.perf_counter() - t0, time.process_time() - c0
    store.close()
    rows = sum(1 for r in doc.rows if isinstance(r, tuple))
    return {
        "rows": rows,
        "query": query,
        "layout": layout,
        "cpu": cpu,
        "pages": len(re.findall(rb"/Type /Page\b(?!s)", data)),
        "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _run(which: str, n: int, cache: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, str(n), str(cache), "--side", which],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=2300)
    ap.add_argument("cache", nargs="?", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--runs", type=int, default=1, help="runs of each side; the median is shown")
    ap.add_argument("--one-table", action="store_true", help="time one LongTable of all rows")
    ap.add_argument("--side", choices=("program", "baseline", "one-table"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.side:
        print(json.dumps(side(args.side, args.n, args.cache)))
        return 0
    _store(args.cache, args.n)[0].close()  # built (and its decision made) before the timing
    sides = ["program", "baseline"] + (["one-table"] if args.one_table else [])
    runs: dict[str, list[dict[str, Any]]] = {which: [] for which in sides}
    for _ in range(args.runs):
        for which in sides:  # one heavy process at a time
            runs[which].append(_run(which, args.n, args.cache))

    def med(which: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[which])

    figure, baseline = med("program", "layout"), med("baseline", "layout")
    total = med("program", "query") + figure
    ratio = figure / baseline
    cpu_ratio = med("program", "cpu") / med("baseline", "cpu")
    mb = med("program", "mb")
    met = total <= TARGET_SECONDS and mb <= TARGET_MB and ratio <= TARGET_RATIO
    print(f"recognition list of {args.n} initiatives, median of {args.runs} run(s) a side")
    print(f"  rows        {runs['program'][0]['rows']:>9}   pages {runs['program'][0]['pages']}")
    print(f"  query       {med('program', 'query'):>9.2f} s")
    print(f"  figure      {figure:>9.2f} s   (layout; CPU {med('program', 'cpu'):.2f} s)")
    print(f"  total       {total:>9.2f} s   (query and layout)")
    print(
        f"  baseline    {baseline:>9.2f} s   (LongTables of {CHUNK} rows, same cells; "
        f"CPU {med('baseline', 'cpu'):.2f} s, {runs['baseline'][0]['pages']} pages)"
    )
    if args.one_table:
        print(
            f"  one table   {med('one-table', 'layout'):>9.2f} s   "
            f"(one LongTable of all rows; {med('one-table', 'mb'):.0f} MB)"
        )
    print(f"  ratio       {ratio:>9.2f}     (CPU {cpu_ratio:.2f})")
    print(f"  peak memory {mb:>9.0f} MB  program, {med('baseline', 'mb'):.0f} MB baseline")
    print(
        f"  target      total <= {TARGET_SECONDS:.0f} s, memory <= {TARGET_MB:.0f} MB, "
        f"ratio <= {TARGET_RATIO}"
    )
    yes = {True: "yes", False: "no"}
    print(
        f"  met         {yes[met]}   (time {yes[total <= TARGET_SECONDS]}, "
        f"memory {yes[mb <= TARGET_MB]}, ratio {yes[ratio <= TARGET_RATIO]})"
    )
    import report

    report.row(f"recognition list PDF, {args.n:,} rows: layout", figure, baseline, "s",
               ratio=TARGET_RATIO)  # fmt: skip
    report.row(f"recognition list PDF, {args.n:,} rows: total", total, None, "s",
               limit=TARGET_SECONDS)  # fmt: skip
    report.row(f"recognition list PDF, {args.n:,} rows: memory", mb, med("baseline", "mb"), "MB",
               limit=TARGET_MB)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
