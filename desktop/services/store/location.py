"""Is a SQLite file on a network share? SQLite's file locks are not reliable there.

Two PCs writing one SQLite file over SMB or NFS can corrupt it (sqlite.org, "SQLite Over a
Network"), so such a store is refused and the office is told to use PostgreSQL. The test is a
pure function of the path, the platform and what the system says about its disks, so it can
be tested on Linux with a fake mount table and fake Windows paths.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

# Linux filesystem types that live on another machine (``/proc/mounts``, third column).
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "davfs",
        "fuse.davfs2",
        "fuse.rclone",
        "lustre",
        "gpfs",
        "ncpfs",
        "coda",
    }
)
DRIVE_REMOTE = 4  # GetDriveTypeW


@dataclass(frozen=True)
class NetworkShare:
    kind: str  # "unc", "mapped drive" or the Linux filesystem type
    where: str  # the share, for the message


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _linux_share(path: str, mounts: str) -> NetworkShare | None:
    target = PurePosixPath(path)
    best: tuple[int, str, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        source, point, fstype = _unescape_mount(fields[0]), _unescape_mount(fields[1]), fields[2]
        mount = PurePosixPath(point)
        if target != mount and mount not in target.parents:
            continue
        depth = len(mount.parts)
        if best is None or depth >= best[0]:  # the last, deepest mount wins (as the kernel's)
            best = (depth, fstype, source)
    if best is None:
        return None
    _depth, fstype, source = best
    if fstype in NETWORK_FILESYSTEMS or fstype.startswith(("nfs", "fuse.sshfs")):
        return NetworkShare(kind=fstype, where=source)
    return None


def _windows_share(path: str, drive_type: Callable[[str], int] | None) -> NetworkShare | None:
    text = path.replace("/", "\\")
    upper = text.upper()
    if upper.startswith("\\\\?\\UNC\\"):
        rest = text[8:]
        return NetworkShare(kind="unc", where="\\\\" + "\\".join(rest.split("\\")[:2]))
    if upper.startswith(("\\\\?\\", "\\\\.\\")):
        text = text[4:]  # \\?\C:\… is a local path written the long way
    elif text.startswith("\\\\"):
        drive = PureWindowsPath(text).drive
        return NetworkShare(kind="unc", where=drive or text)
    drive = PureWindowsPath(text).drive
    letter = len(drive) == 2 and drive[1] == ":"
    if letter and drive_type is not None and drive_type(drive + "\\") == DRIVE_REMOTE:
        return NetworkShare(kind="mapped drive", where=drive)
    return None


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _read_mounts() -> str:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def network_share(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    mounts: str | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> NetworkShare | None:
    """The network share holding ``path`` (an absolute path), or None for a local disk.

    ``platform`` defaults to ``sys.platform``; ``mounts`` to ``/proc/mounts`` (Linux);
    ``drive_type`` to Windows' ``GetDriveTypeW``. Tests pass all three."""
    platform = platform or sys.platform
    text = os.fspath(path)
    if platform.startswith("win"):
        if drive_type is None and sys.platform.startswith("win"):
            drive_type = _windows_drive_type
        return _windows_share(text, drive_type)
    if platform.startswith("linux"):
        return _linux_share(text, _read_mounts() if mounts is None else mounts)
    return None


def network_share_message(path: object, share: NetworkShare) -> str:
    return (
        f"Tệp dữ liệu {path} nằm trên ổ mạng ({share.where}). SQLite không khoá được tệp an "
        "toàn qua mạng: hai máy cùng ghi sẽ làm hỏng dữ liệu. Hãy để tệp dữ liệu trên ổ đĩa "
        "của chính máy này; nếu cả văn phòng cần dùng chung một dữ liệu, hãy dùng máy chủ "
        "PostgreSQL (--db postgresql://người-dùng:mật-khẩu@máy-chủ/tên-cơ-sở-dữ-liệu)."
    )
