"""Any legal path opens, backs up and restores the right file (and leaves nothing stray).

Windows allows ``#``, ``%`` and ``&`` in folder names, Linux every character but ``/``: a
path once went into ``sqlite:///{path}`` and ``file:{path}?mode=ro`` by string formatting,
so ``%20`` was decoded, ``?`` and ``#`` cut the path, and another, empty store was opened or
created without a word.
"""

from __future__ import annotations

import sqlite3
import sys
import unicodedata
from pathlib import Path

import pytest

from desktop.models.db import resolve_url, sqlite_path, sqlite_uri, sqlite_url
from desktop.models.enums import UnitKind
from desktop.services.registry import Services
from desktop.services.store.backup import backup_before_import, list_backups, restore_sqlite
from desktop.services.store.opening import default_backup_dir, open_store

NASTY = [
    "Phòng Công đoàn",  # spaces and Vietnamese letters
    "số#1",
    "100%20",
    "x%41y",
    "hỏi?đáp",
    "A&B=c",
    "ghép #1 %41 ?x=1&y=2",
    "a;b,c'd",
    unicodedata.normalize("NFC", "Thư mục Ủy ban"),
    unicodedata.normalize("NFD", "Thư mục Ủy ban"),
]
FILE_NAMES = ["sangkien.db", "sổ #2 %41?.db"]


def _files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


def _units(path: Path) -> list[str]:
    # Read the very file by its name, without any URL in between.
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT code FROM unit ORDER BY code")]
    finally:
        con.close()


@pytest.mark.parametrize("file_name", FILE_NAMES)
@pytest.mark.parametrize("folder", NASTY, ids=[f"{i}" for i in range(len(NASTY))])
def test_open_write_back_up_list_restore_and_reopen_the_right_file(tmp_path, folder, file_name):
    base = tmp_path / "root"
    path = base / folder / file_name
    assert sqlite_path(resolve_url(str(path))) == path
    assert sqlite_path(sqlite_url(path)) == path

    store = open_store(str(path))
    services = Services.over(store)
    services.units.create("A", "Công đoàn cơ sở A", UnitKind.GRASSROOTS)
    assert store.sqlite_file == path
    copy = services.backup.before_import()
    assert copy is not None and copy.readable and copy.units == 1
    services.units.create("B", "Công đoàn cơ sở B", UnitKind.GRASSROOTS)
    store.close()
    assert _units(path) == ["A", "B"]

    listed = list_backups(default_backup_dir(path))
    assert [b.path for b in listed] == [copy.path]
    assert listed[0].readable and listed[0].units == 1  # the copy holds the data, not nothing
    assert _units(copy.path) == ["A"]

    restored = restore_sqlite(listed[0].path, path)
    assert restored.target == path
    assert _units(restored.safety_copy) == ["A", "B"]
    assert _units(path) == ["A"]

    again = open_store(str(path))
    try:
        assert [u.code for u in Services.over(again).units.list()] == ["A"]
    finally:
        again.close()

    # Nothing but the store and its backups: no empty store beside a cut or decoded path.
    expected = {
        Path(folder),
        Path(folder) / file_name,
        Path(folder) / "backups",
        copy.path.relative_to(base),
        restored.safety_copy.relative_to(base),
    }
    assert _files(base) == expected


def test_the_command_line_backup_before_an_import_copies_the_right_file(tmp_path):
    path = tmp_path / "a#b %41 ?c" / "sangkien.db"
    store = open_store(str(path))
    Services.over(store).units.create("A", "Công đoàn cơ sở A", UnitKind.GRASSROOTS)
    store.close()
    copy = backup_before_import(str(path))
    assert copy is not None and copy.parent == default_backup_dir(path)
    assert _units(copy) == ["A"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a#b %41 ?c"]


def test_nfc_and_nfd_names_are_two_different_stores(tmp_path):
    nfc = tmp_path / unicodedata.normalize("NFC", "Phòng.db")
    nfd = tmp_path / unicodedata.normalize("NFD", "Phòng.db")
    if sys.platform == "darwin":
        pytest.skip(reason="two names unavailable on macOS: its file system folds NFC and NFD")
    for path, code in ((nfc, "NFC"), (nfd, "NFD")):
        s = open_store(str(path))
        Services.over(s).units.create(code, f"Công đoàn {code}", UnitKind.GRASSROOTS)
        s.close()
    assert _units(nfc) == ["NFC"] and _units(nfd) == ["NFD"]


def test_a_file_uri_percent_encodes_the_path(tmp_path):
    path = tmp_path / "a#b?c%41&d.db"
    sqlite3.connect(path).close()
    uri = sqlite_uri(path, mode="ro")
    assert "#" not in uri and uri.count("?") == 1 and uri.endswith("?mode=ro")
    con = sqlite3.connect(uri, uri=True)
    try:
        assert con.execute("PRAGMA database_list").fetchone()[2] == str(path)
    finally:
        con.close()


def test_a_folder_named_like_a_url_is_still_a_path(tmp_path):
    path = tmp_path / "x:" / "" / "b.db"  # "x://b.db" once looked like a URL
    weird = str(tmp_path / "x:") + "//b.db"
    assert sqlite_path(resolve_url(weird)) == path
