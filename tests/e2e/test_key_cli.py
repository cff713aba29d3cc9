"""The office key's passphrase from the command line: set once, asked at every bundle, taken
from the environment for scripts; never accepted as a command-line argument."""

from __future__ import annotations

from desktop.cli import main
from support.sync_fixtures import copy_offices


def test_protect_then_export_needs_the_passphrase(
    sync_offices_template, tmp_path, capsys, monkeypatch
):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    district = str(dbs["LC-TD"])
    monkeypatch.delenv("SANGKIEN_KEY_PASSPHRASE", raising=False)
    monkeypatch.setenv("SANGKIEN_NEW_KEY_PASSPHRASE", "mật khẩu huyện")
    assert main(["office", "protect-key", "--db", district]) == 0
    assert "Đã đặt mật khẩu" in capsys.readouterr().out
    monkeypatch.delenv("SANGKIEN_NEW_KEY_PASSPHRASE")

    out = tmp_path / "goi.ssk"
    assert main(["bundle", "export", "--to", "LC", "--out", str(out), "--db", district]) == 1
    assert "SANGKIEN_KEY_PASSPHRASE" in capsys.readouterr().err and not out.exists()

    monkeypatch.setenv("SANGKIEN_KEY_PASSPHRASE", "sai mật khẩu")
    assert main(["bundle", "export", "--to", "LC", "--out", str(out), "--db", district]) == 1
    assert "Sai mật khẩu" in capsys.readouterr().err and not out.exists()

    monkeypatch.setenv("SANGKIEN_KEY_PASSPHRASE", "mật khẩu huyện")
    assert main(["bundle", "export", "--to", "LC", "--out", str(out), "--db", district]) == 0
    assert out.exists()
    assert main(["office", "enrolment", "--out", str(tmp_path / "dk.json"), "--db", district]) == 0
    capsys.readouterr()
    # The province imports it as any bundle (its own key has no passphrase).
    monkeypatch.delenv("SANGKIEN_KEY_PASSPHRASE")
    assert main(["bundle", "import", str(out), "--db", str(dbs["LC"])]) == 0
