"""A SQLite store on a network share is refused, with PostgreSQL named for a shared office."""

from __future__ import annotations

import pytest

from desktop.services.store import opening as store_mod
from desktop.services.store.location import network_share
from desktop.services.store.opening import StoreError, open_store

MOUNTS = """\
/dev/sda2 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
nas:/export/congdoan /mnt/nas nfs4 rw,vers=4.2 0 0
//may-chu/du\\040lieu /mnt/phong\\040chung cifs rw 0 0
//may-chu/smb3 /mnt/smb3 smb3 rw 0 0
user@host:/srv /home/an/xa fuse.sshfs rw 0 0
host0 /mnt/9p 9p rw 0 0
/dev/sdb1 /mnt/nas/usb vfat rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/nas/sangkien.db", "nfs4"),
        ("/mnt/nas/a/b/c.db", "nfs4"),
        ("/mnt/phong chung/sangkien.db", "cifs"),
        ("/mnt/smb3/x.db", "smb3"),
        ("/home/an/xa/sangkien.db", "fuse.sshfs"),
        ("/mnt/9p/sangkien.db", "9p"),
    ],
)
def test_linux_network_filesystems_are_found_in_the_mount_table(path, kind):
    share = network_share(path, platform="linux", mounts=MOUNTS)
    assert share is not None and share.kind == kind


@pytest.mark.parametrize(
    "path", ["/home/an/sangkien.db", "/tmp/x.db", "/mnt/nas/usb/sangkien.db", "/mnt/nasx/a.db"]
)
def test_local_disks_and_a_stick_inside_a_share_are_local(path):
    assert network_share(path, platform="linux", mounts=MOUNTS) is None


def _drives(remote: set[str]):  # GetDriveTypeW: 3 fixed, 4 remote
    return lambda root: 4 if root[0].upper() in remote else 3


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (r"\\may-chu\du lieu\sangkien.db", r"\\may-chu\du lieu"),
        ("//may-chu/chung/sangkien.db", r"\\may-chu\chung"),
        (r"\\?\UNC\may-chu\chung\sangkien.db", r"\\may-chu\chung"),
        (r"Z:\SoSangKien\sangkien.db", "Z:"),
        (r"\\?\Z:\SoSangKien\sangkien.db", "Z:"),
    ],
)
def test_windows_unc_paths_and_mapped_drives_are_network_shares(path, where):
    share = network_share(path, platform="win32", drive_type=_drives({"Z"}))
    assert share is not None and share.where == where


@pytest.mark.parametrize(
    "path",
    [
        r"C:\Users\An\AppData\Local\SoSangKien\sangkien.db",
        r"\\?\C:\dữ liệu\sangkien.db",
        r"E:\a.db",
    ],
)
def test_windows_local_and_usb_drives_are_local(path):
    assert network_share(path, platform="win32", drive_type=_drives({"Z"})) is None


def test_opening_a_store_on_a_share_is_refused_in_vietnamese(tmp_path, monkeypatch):
    mounts = f"/dev/sda2 / ext4 rw 0 0\nnas:/x {tmp_path} nfs rw 0 0\n"
    real = store_mod.network_share
    monkeypatch.setattr(
        store_mod, "network_share", lambda p: real(p, platform="linux", mounts=mounts)
    )
    with pytest.raises(StoreError, match="ổ mạng") as caught:
        open_store(str(tmp_path / "sangkien.db"))
    assert "PostgreSQL" in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # nothing created on the share


def test_this_machines_own_disk_is_not_a_share(tmp_path):
    assert network_share(tmp_path / "sangkien.db") is None
