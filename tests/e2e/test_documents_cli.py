"""``sangkien documents settings [show]`` and ``settings set`` in a subprocess, on copies of the
demo store: what is shown, what is changed (and only that), --dry-run, refusals, --json, a
concurrent change, and the printed document that uses the new settings."""

from __future__ import annotations

import json
import shutil
from dataclasses import fields, replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_cli_and_smoke import run

from desktop.cli import main
from desktop.services.documents.settings import DocumentSettings, DocumentSettingsService
from desktop.services.store.opening import open_store

CAMPAIGN = "01TRIEU-2022"


def _demo(tmp_path: Path, demo_template: str) -> str:
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    return str(db)


def _show(db: str) -> dict[str, object]:
    done = run("documents", "settings", "show", "--json", "--db", db)
    assert done.returncode == 0, done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    return data


def _stored(db: str) -> tuple[DocumentSettings, dict[str, int]]:
    """The settings and their edit versions, read through the service (not the command)."""
    store = open_store(db)
    try:
        service = DocumentSettingsService(store.session_factory)
        return service.load(), service.versions()
    finally:
        store.close()


def test_show_prints_every_setting_with_its_label(tmp_path: Path, demo_template: str) -> None:
    db = _demo(tmp_path, demo_template)
    done = run("documents", "settings", "--db", db)  # no VIỆC: the same as "show"
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Thể thức văn bản của cơ quan:"
    assert "  Cơ quan chủ quản: TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" in lines
    assert "  Cơ quan ban hành: LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU" in lines
    assert "  Ký hiệu cơ quan:  LĐLĐ" in lines
    assert "  Địa danh:         Lai Châu" in lines
    assert "  Thẩm quyền ký:    TM. BAN THƯỜNG VỤ" in lines
    assert "  Chức vụ người ký: CHỦ TỊCH" in lines
    assert "  Họ tên người ký:  Phạm Quốc Hưng" in lines  # the demo's signer
    at = lines.index("  Nơi nhận:")
    assert lines[at + 1 :] == [
        "    - Tổng Liên đoàn Lao động Việt Nam (để b/c);",
        "    - Thường trực LĐLĐ tỉnh;",
        "    - Các công đoàn cấp trên trực tiếp cơ sở;",
        "    - Lưu: VT, CSPL&QHLĐ.",
    ]
    assert run("documents", "settings", "show", "--db", db).stdout == done.stdout


def test_show_json_is_what_the_service_holds(tmp_path: Path, demo_template: str) -> None:
    db = _demo(tmp_path, demo_template)
    data = _show(db)
    cfg, _ = _stored(db)
    assert set(data) == {f.name for f in fields(DocumentSettings)}  # every setting, no other
    for f in fields(DocumentSettings):
        if f.name != "recipients":
            assert data[f.name] == getattr(cfg, f.name)
    assert data["recipients"] == list(cfg.recipient_lines)
    # --json before "show" works too
    again = run("documents", "settings", "--json", "show", "--db", db)
    assert json.loads(again.stdout) == data


def test_every_setting_has_an_option_in_help(tmp_path: Path) -> None:
    done = run("documents", "settings", "set", "--help")
    assert done.returncode == 0, done.stderr
    for option in (
        "--superior",
        "--issuer",
        "--symbol",
        "--place",
        "--on-behalf",
        "--signer-title",
        "--signer-name",
        "--recipient",
        "--add-recipient",
        "--no-recipients",
        "--dry-run",
        "--json",
    ):
        assert option in done.stdout
    assert "họ tên người ký" in done.stdout and "không được để trống" in done.stdout


def test_set_changes_exactly_the_given_settings(tmp_path: Path, demo_template: str) -> None:
    db = _demo(tmp_path, demo_template)
    before = _show(db)
    _, versions_before = _stored(db)
    done = run(
        "documents",
        "settings",
        "set",
        "--signer-name",
        "  Lò   Văn Mười ",  # cleaned as the window's form is: "Lò Văn Mười"
        "--place",
        "Tân Phong",
        "--db",
        db,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Đã lưu thể thức văn bản: 2 thay đổi.",
        "  Địa danh: «Lai Châu» → «Tân Phong»",
        "  Họ tên người ký: «Phạm Quốc Hưng» → «Lò Văn Mười»",
    ]
    after = _show(db)
    assert after == {**before, "signer_name": "Lò Văn Mười", "place": "Tân Phong"}
    # Only those two were written: the others keep their edit versions.
    _, versions_after = _stored(db)
    bumped = {k for k in versions_after if versions_after[k] != versions_before.get(k)}
    assert bumped == {"signer_name", "place"}
    # The same again changes nothing.
    again = run("documents", "settings", "set", "--place", "Tân Phong", "--db", db)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "Không có gì thay đổi: các thiết lập đã như vậy."
    assert _stored(db)[1] == versions_after


def test_dry_run_prints_the_changes_and_writes_nothing(tmp_path: Path, demo_template: str) -> None:
    db = _demo(tmp_path, demo_template)
    before = _stored(db)
    done = run(
        "documents",
        "settings",
        "set",
        "--signer-title",
        "PHÓ CHỦ TỊCH",
        "--add-recipient",
        "Ban Tuyên giáo LĐLĐ tỉnh;",
        "--dry-run",
        "--db",
        db,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Xem trước (--dry-run): 2 thay đổi.",
        "  Chức vụ người ký: «CHỦ TỊCH» → «PHÓ CHỦ TỊCH»",
        "  Nơi nhận (4 → 5 nơi):",
        "      Tổng Liên đoàn Lao động Việt Nam (để b/c);",
        "      Thường trực LĐLĐ tỉnh;",
        "      Các công đoàn cấp trên trực tiếp cơ sở;",
        "    + Ban Tuyên giáo LĐLĐ tỉnh;",  # before the "Lưu: …" line, which stays last
        "      Lưu: VT, CSPL&QHLĐ.",
        "Chưa ghi gì (--dry-run). Chạy lại không có --dry-run để lưu.",
    ]
    assert _stored(db) == before
    preview = run(
        "documents", "settings", "set", "--signer-title", "PHÓ CHỦ TỊCH", "--dry-run", "--json",
        "--db", db,
    )  # fmt: skip
    data = json.loads(preview.stdout)
    assert (data["dry_run"], data["applied"]) == (True, False)
    assert data["changes"] == [
        {
            "field": "signer_title",
            "label": "Chức vụ người ký",
            "old": "CHỦ TỊCH",
            "new": "PHÓ CHỦ TỊCH",
        }
    ]
    assert data["settings"]["signer_title"] == "PHÓ CHỦ TỊCH"  # what it would be
    assert _stored(db) == before


def test_recipients_replaced_added_and_cleared(tmp_path: Path, demo_template: str) -> None:
    db = _demo(tmp_path, demo_template)
    done = run(
        "documents", "settings", "set", "--recipient", "Như trên;", "--recipient", "Lưu: VT.",
        "--db", db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _show(db)["recipients"] == ["Như trên;", "Lưu: VT."]
    added = run(
        "documents", "settings", "set", "--add-recipient", "Văn phòng UBND tỉnh",
        "--add-recipient", "như trên",  # already listed (without diacritics or ";"): not twice
        "--db", db,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert _show(db)["recipients"] == ["Như trên;", "Văn phòng UBND tỉnh", "Lưu: VT."]
    cleared = run("documents", "settings", "set", "--no-recipients", "--json", "--db", db)
    assert cleared.returncode == 0, cleared.stderr
    data = json.loads(cleared.stdout)
    assert data["applied"] is True
    assert data["changes"] == [
        {
            "field": "recipients",
            "label": "Nơi nhận",
            "old": ["Như trên;", "Văn phòng UBND tỉnh", "Lưu: VT."],
            "new": [],
        }
    ]
    assert _show(db)["recipients"] == []
    shown = run("documents", "settings", "--db", db)
    assert "  Nơi nhận: (trống)" in shown.stdout.splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--signer-name", "   "), "Lỗi: --signer-name: không được để trống"),
        (("--place", ""), "Lỗi: --place: không được để trống"),
        (("--issuer", "\t"), "Lỗi: --issuer: không được để trống"),
        (("--recipient", " "), "Lỗi: --recipient: nơi nhận không được để trống"),
        (("--add-recipient", ""), "Lỗi: --add-recipient: nơi nhận không được để trống"),
        (("--no-recipients", "--recipient", "A"), "Lỗi: --no-recipients và --recipient"),
        ((), "Lỗi: Chưa chỉ ra thiết lập nào để đổi."),
    ],
)
def test_a_bad_value_is_refused_and_nothing_written(
    tmp_path: Path, demo_template: str, args: tuple[str, ...], message: str
) -> None:
    db = _demo(tmp_path, demo_template)
    before = _stored(db)
    # A good value beside the bad one is not written either (except for the "nothing" case).
    extra = ("--signer-title", "PHÓ CHỦ TỊCH") if args else ()
    done = run("documents", "settings", "set", *args, *extra, "--db", db)
    assert done.returncode == 1
    assert done.stderr.startswith(message), done.stderr
    assert done.stdout == ""
    assert _stored(db) == before


def test_an_optional_setting_can_be_emptied(tmp_path: Path, demo_template: str) -> None:
    db = _demo(tmp_path, demo_template)
    done = run("documents", "settings", "set", "--on-behalf", "", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "  Thẩm quyền ký: «TM. BAN THƯỜNG VỤ» → (trống)" in done.stdout.splitlines()
    assert _show(db)["on_behalf"] == ""


def test_a_setting_changed_meanwhile_is_not_overwritten(
    tmp_path: Path,
    demo_template: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Another officer saves the signer between the command's reading and its save: the
    command is refused (exit 1) and the other officer's value stays."""
    db = _demo(tmp_path, demo_template)
    real_load = DocumentSettingsService.load
    done: list[bool] = []

    def load_then_someone_saves(self: DocumentSettingsService) -> DocumentSettings:
        cfg = real_load(self)
        if not done:  # once: the command's own read, after its versions
            done.append(True)
            store = open_store(db)
            try:
                other = DocumentSettingsService(store.session_factory)
                other.save(replace(real_load(other), signer_name="Người Khác"))
            finally:
                store.close()
        return cfg

    monkeypatch.setattr(DocumentSettingsService, "load", load_then_someone_saves)
    code = main(["documents", "settings", "set", "--signer-name", "Lò Văn Mười", "--db", db])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Lỗi: Thể thức văn bản vừa được"), err
    assert "  Họ tên người ký: nay là «Người Khác»" in err.splitlines()
    assert "Chưa ghi gì, để không ghi đè thay đổi đó." in err
    monkeypatch.undo()
    assert _stored(db)[0].signer_name == "Người Khác"


def test_the_printed_document_uses_the_new_settings(tmp_path: Path, demo_template: str) -> None:
    db = _demo(tmp_path, demo_template)
    done = run(
        "documents", "settings", "set", "--signer-name", "Lò Văn Mười", "--place", "Tân Phong",
        "--symbol", "CĐX", "--recipient", "Ban Thường vụ LĐLĐ tỉnh;", "--recipient", "Lưu: VT.",
        "--db", db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = tmp_path / "summary.pdf"
    printed = run("print", "summary", "--campaign", CAMPAIGN, "--out", str(out), "--db", db)
    assert printed.returncode == 0, printed.stderr
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Lò Văn Mười" in text
    assert "Tân Phong, ngày" in text
    assert "/BTH-CĐX" in text  # the symbol in the number line
    assert "Ban Thường vụ LĐLĐ tỉnh;" in text
    assert "Phạm Quốc Hưng" not in text and "Lai Châu, ngày" not in text
