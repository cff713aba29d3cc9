"""Every file dialog of the program lists the store's own folder without dropping the store's
SQLite locks (Linux: POSIX locks are per process, and any close() of the file drops them).

If a dialog sniffs the type of ``demo.db`` or ``demo.db-shm`` by content, it opens and closes
them; the next program that opens and closes the store (``sangkien info`` in another process)
then believes it is the last user, checkpoints and deletes ``-wal`` and ``-shm``, and the
window goes on committing into a deleted write-ahead log: a crash or a power cut loses all of
it. Here the test process is the window: it holds a connection as the window's pool does,
opens each dialog through the real button, lets it list the folder, closes it, and checks
/proc/locks; then a real ``python -m desktop info`` opens and closes the store, the test
process commits a row, and a fresh process (what a crash leaves: only what is on disk) must
read it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from modal import when_open
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QPushButton, QRadioButton
from sqlalchemy import text

from desktop.services.initiatives.drafts import DraftStore
from desktop.services.registry import Services
from desktop.views.campaigns.dashboard import DashboardPage
from desktop.views.campaigns.quota_grid import QuotaDialog
from desktop.views.common.tasks import TaskRunner
from desktop.views.initiatives.page import InitiativesPage
from desktop.views.reports.page import ReportsPage
from desktop.views.settings.page import SettingsPage
from desktop.views.shell.first_run import FirstRunDialog
from desktop.views.sync.dialogs import ExportDialog
from desktop.views.sync.merge_dialog import MergeDialog
from desktop.views.sync.page import SyncPage
from desktop.views.units.reorganise_dialog import ReorganiseDialog

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="/proc/locks; Windows locks per handle"
)

ROOT = Path(__file__).resolve().parents[2]
SAVED = "Đã ghi trước khi mất điện"


def held_locks(db: Path) -> set[tuple[str, str, str, str]]:
    """This process's POSIX locks on the store's files, as (file, kind, start, end)."""
    names = {}
    for suffix in ("", "-wal", "-shm"):
        p = db.with_name(db.name + suffix)
        if p.exists():
            names[os.stat(p).st_ino] = p.name
    found = set()
    for line in Path("/proc/locks").read_text().splitlines():
        f = line.split()
        if len(f) > 1 and f[1] == "->":  # a waiting lock
            continue
        if f[1] != "POSIX" or int(f[4]) != os.getpid():
            continue
        inode = int(f[5].split(":")[2])
        if inode in names:
            found.add((names[inode], f[3], f[6], f[7]))
    return found


def list_folder_then_close(qtbot, folder: Path, seen: list[str]) -> Callable[[QFileDialog], None]:
    """The act on an open file dialog: show the store's folder, wait until every file in it has
    its icon and type (that is when Qt's default provider reads contents), then cancel."""

    def act(dialog: QFileDialog) -> None:
        seen.append(dialog.windowTitle())
        dialog.setNameFilter("*")  # every file shown, whatever the caller's filter
        dialog.setDirectory(str(folder))
        model = dialog.findChild(QFileSystemModel)
        assert model is not None, "not Qt's own file dialog"

        def listed() -> bool:
            parent = model.index(str(folder))
            rows = [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
            names = {model.fileName(i) for i in rows}
            wanted = "goi" if dialog.fileMode() == QFileDialog.FileMode.Directory else ".db-shm"
            return any(n.endswith(wanted) for n in names) and all(model.type(i) for i in rows)

        qtbot.waitUntil(listed, timeout=10000)
        qtbot.wait(200)  # the gatherer thread may still be at the last files
        dialog.reject()

    return act


def _hand_over_page(qtbot, province_store, tmp_path, monkeypatch):  # -> UnitsPage
    """The province's units page with Tam Đường's books kept and its office enrolled: the
    «Bàn giao sổ…» button asks for a folder."""
    from desktop.models import UnitKind
    from desktop.services.store.opening import open_store
    from desktop.views.common import dialogs
    from desktop.views.units.page import UnitsPage
    from support.sync_fixtures import fingerprint

    province = Services.over(province_store)
    td = province.units.by_code("LC-TD")
    province.books.keep(td.id)
    district = Services.over(open_store(str(tmp_path / "td-office.db")))
    lc = district.units.create("LC", "Liên đoàn Lao động tỉnh Lai Châu", UnitKind.PROVINCE)
    mine = district.units.create("LC-TD", td.name, UnitKind.DISTRICT, lc.id)
    district.office.set_up(mine.id)
    province.enrolment.enrol(district.enrolment.enrolment_file(), fingerprint(district))
    district.store.close()
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    page = UnitsPage(province)
    qtbot.addWidget(page)
    page._select_unit(td.id)
    return page


def test_no_file_dialog_drops_the_store_locks_and_no_commit_is_lost(
    qtbot, district_demo_store, demo_store, tmp_path, monkeypatch
):
    store = district_demo_store  # a district enters initiatives: every button is live
    services = Services.over(store)
    db = store.sqlite_file
    assert db is not None
    folder = db.parent
    (folder / "goi").mkdir()  # something for the folder chooser to list beside the files
    window_connection = store.engine.connect()  # the window's pool keeps one open
    window_connection.execute(text("SELECT count(*) FROM unit")).all()
    window_connection.commit()
    before = held_locks(db)
    assert any(name == f"{db.name}-shm" for name, *_ in before), before

    first_run = FirstRunDialog()
    qtbot.addWidget(first_run)
    first_run.findChild(QRadioButton, "sourceExcel").setChecked(True)
    quotas = QuotaDialog(
        services,
        services.campaigns.by_code("01TRIEU-2022").id,
        services.units.by_code("LC-TD").id,
    )
    dashboard = DashboardPage(services)
    reports = ReportsPage(services)
    panel = reports.documents_panel
    panel.documents.setCurrentRow(0)
    sync = SyncPage(services)
    initiatives = InitiativesPage(
        services, drafts=DraftStore(tmp_path / "drafts"), tasks=TaskRunner(synchronous=True)
    )
    initiatives.reload_campaigns(select_id=services.campaigns.by_code("01TRIEU-2022").id)
    settings = SettingsPage(services)
    reorganise = ReorganiseDialog(services)
    merge = MergeDialog(services)  # the province's "Sáp nhập tỉnh…"; built alone here
    books = _hand_over_page(qtbot, demo_store, tmp_path, monkeypatch)
    pages = (quotas, dashboard, reports, sync, initiatives, settings, reorganise, merge, books)
    for w in pages:
        qtbot.addWidget(w)
    for w in (first_run, *pages):
        w.show()

    def button(widget, name: str) -> Callable[[], QPushButton]:
        return lambda: widget.findChild(QPushButton, name)

    def export_folder_button() -> None:  # "Gửi gói…" → "Chọn thư mục…" in the export dialog
        def in_export(dialog: ExportDialog) -> None:
            browse = next(b for b in dialog.findChildren(QPushButton) if "thư mục" in b.text())
            when_open(QFileDialog, list_folder_then_close(qtbot, folder, seen), failures)
            qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
            dialog.reject()

        when_open(ExportDialog, in_export, failures)
        qtbot.mouseClick(sync.send, Qt.MouseButton.LeftButton)

    # Every call of the dialogs seam, through the button a person presses.
    openers: dict[str, Callable[[], QPushButton] | Callable[[], None]] = {
        "first run: Excel list": button(first_run, "pickExcel"),
        "first run: template": button(first_run, "saveTemplate"),
        "quota grid: import table": button(quotas, "importTable"),
        "dashboard: export": button(dashboard, "export"),
        "dashboard: chart as PNG": button(dashboard, "saveChart"),
        "documents: save PDF": lambda: panel.pdf_button,
        "documents: save Excel": lambda: panel.xlsx_button,
        "documents: save Word": lambda: panel.docx_button,
        "sync: enrolment file": lambda: sync.export_enrolment,
        "sync: enrol": lambda: sync.enrol,
        "sync: receive bundle": lambda: sync.receive,
        "initiatives: import Excel": button(initiatives, "import"),
        "initiatives: export Excel": button(initiatives, "export"),
        "settings: second backup folder": button(settings, "chooseSecondDir"),
        "units: reorganisation sheet": button(reorganise, "fromFile"),
        "units: reorganisation template": button(reorganise, "template"),
        "merge: enrolment file": button(merge, "mergePickCard"),
        "merge: save whole store": button(merge, "mergePickOut"),
        "merge: whole-store bundle": button(merge, "mergePickBundle"),
        "units: hand over books": button(books, "handOverBooks"),
    }
    failures: list[BaseException] = []
    lost: dict[str, set] = {}
    for name, get in [*openers.items(), ("sync: export folder", None)]:
        seen: list[str] = []
        if get is None:
            export_folder_button()
        else:
            widget = get()
            assert widget is not None and widget.isEnabled(), name
            when_open(QFileDialog, list_folder_then_close(qtbot, folder, seen), failures)
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        assert not failures, (name, failures)
        assert seen, f"{name}: no file dialog opened"
        if held_locks(db) != before:
            lost[name] = before - held_locks(db)

    # An outside program opens and closes the store, as `sangkien info` does.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    outside = subprocess.run(
        [sys.executable, "-m", "desktop", "info", "--db", str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert outside.returncode == 0, outside.stderr
    wal_kept = db.with_name(db.name + "-wal").exists()

    # The window commits; a fresh process then reads the disk, as after a crash.
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE unit SET name = :n WHERE code = 'LC-TD'"), {"n": SAVED})
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "print(c.execute(\"SELECT name FROM unit WHERE code = 'LC-TD'\").fetchone()[0])",
            str(db),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    window_connection.close()
    assert fresh.returncode == 0, fresh.stderr
    problems = []
    if lost:
        problems.append(f"dialogs that dropped the store's locks: {sorted(lost)}")
    if not wal_kept:
        problems.append("the outside program deleted the write-ahead log the window writes into")
    if fresh.stdout.strip() != SAVED:
        problems.append(f"the window's commit is not on disk: {fresh.stdout.strip()!r}")
    assert not problems, "\n".join(problems)


def test_every_file_dialog_call_site_is_covered_above():
    """A new file dialog anywhere in the views must go through the seam and into the test."""
    calls = 0
    for path in (ROOT / "desktop").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if path.name != "dialogs.py":
            assert not re.search(r"QFileDialog\s*[.(]", source), (
                f"{path}: use views/common/dialogs.py"
            )
        calls += len(re.findall(r"dialogs\.(open_file|save_file|choose_folder)\(", source))
    # 19 buttons above; the two "documents" buttons share one call (save_as).
    assert calls == 19, calls


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_store_own_files_cannot_be_chosen(qtbot, district_demo_store, monkeypatch, suffix):
    """Choosing the store's own file as a bundle ("Mọi tệp (*)") would copy it off and read it
    here: refused at the seam, before anything opens it."""
    from desktop.views.common import dialogs

    store = district_demo_store
    db = store.sqlite_file
    with store.engine.connect() as conn:  # make sure -wal and -shm exist
        conn.execute(text("SELECT 1")).all()
    before = held_locks(db)
    said: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, title=None: said.append(text))
    sync = SyncPage(Services.over(store))
    qtbot.addWidget(sync)
    sync.show()
    failures: list[BaseException] = []

    def choose_the_store(dialog: QFileDialog) -> None:
        dialog.setNameFilter("*")
        dialog.setDirectory(str(db.parent))
        dialog.selectFile(str(db.with_name(db.name + suffix)))
        dialog.accept()

    when_open(QFileDialog, choose_the_store, failures)
    qtbot.mouseClick(sync.receive, Qt.MouseButton.LeftButton)
    assert not failures
    assert said and "tệp dữ liệu đang mở của chương trình" in said[0]
    assert not sync.checking  # no bundle check was started
    assert held_locks(db) == before


def test_the_store_itself_handed_to_open_is_refused(qtbot, district_demo_store, monkeypatch):
    """``sangkien --open <the store>`` (or a second start handing it over) reads nothing."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.app import ProgramSession
    from desktop.views.common import dialogs
    from desktop.views.common.settings import AppSettings

    said: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, text, title=None: said.append(text))
    db = district_demo_store.sqlite_file
    ini = str(db.parent / "s.ini")
    settings = AppSettings(QSettings(ini, QSettings.Format.IniFormat))
    session = ProgramSession(QApplication.instance(), settings)
    window = session.show(district_demo_store)
    qtbot.addWidget(window)
    before = held_locks(db)
    session.open_file(str(db))
    assert said and "không phải gói dữ liệu" in said[0]
    assert not window.pages["sync"].checking
    assert held_locks(db) == before
