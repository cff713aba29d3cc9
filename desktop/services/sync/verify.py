"""Import, before anything is written: who sent the bundle (an enrolled office, with the key it
enrolled), to whom, with which numbers, and whether it was imported before."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Office, SyncPeer, SyncReceived, Unit
from desktop.services.sync import container
from desktop.services.sync.container import BundleRefused
from desktop.services.sync.restore import MAX_EPOCH


@dataclass(frozen=True)
class Numbers:
    """A manifest's numbers, checked: the bundle's sequence number and the clock values it
    covers and acknowledges; the sender's epoch, the epoch a re-send is for, and the random
    id of the restore that started the sender's epoch."""

    sequence: int
    since: int
    upto: int
    ack: int
    epoch: int
    resend_for: int | None
    born: str | None


def counter(value: Any) -> bool:
    """A sequence number or clock value the store can hold (INTEGER columns)."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value <= container.MAX_COUNTER
    )


def _small_int(value: Any, limit: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= limit


def find_sender(s: Session, me: Office, sender_info: dict[str, Any]) -> Office:
    """The enrolled office the manifest names; refused if it is this office or not enrolled."""
    sender_uid = sender_info.get("office_uid")
    sender_name = str(sender_info.get("name") or "?")[:300]
    if sender_uid == me.uid:
        raise BundleRefused("own", "Đây là gói do chính văn phòng này gửi đi.")
    sender = (
        s.scalar(select(Office).where(Office.uid == sender_uid, Office.is_local.is_(False)))
        if isinstance(sender_uid, str)
        else None
    )
    if sender is not None:
        return sender
    by_unit = None
    unit_uid = sender_info.get("unit_uid")
    if isinstance(unit_uid, str):
        unit = s.scalar(select(Unit).where(Unit.uid == unit_uid))
        if unit is not None:
            by_unit = s.scalar(
                select(Office).where(Office.unit_id == unit.id, Office.is_local.is_(False))
            )
    if by_unit is not None:
        raise BundleRefused(
            "changed_key",
            f"Gói mang tên {sender_name} nhưng được ký bằng một khoá khác với khoá đã đăng "
            "ký. Nếu văn phòng đó đã thay máy, hãy đăng ký lại bằng tệp đăng ký mới và "
            "dấu vân tay; nếu không, gói có thể là giả mạo.",
        )
    raise BundleRefused(
        "unknown_sender",
        f"Gói đến từ một văn phòng chưa đăng ký («{sender_name}»). Hãy đăng ký văn phòng "
        "đó (tệp đăng ký và dấu vân tay đọc qua điện thoại) rồi nhập lại.",
    )


def check_signature(sender: Office, sender_info: dict[str, Any], rb: container.Opened) -> None:
    """Signed with the key ``sender`` enrolled, and the signature holds."""
    claimed = sender_info.get("public_key")
    if claimed != base64.b64encode(sender.public_key or b"").decode():
        raise BundleRefused(
            "changed_key",
            f"Gói của {sender.name} được ký bằng một khoá khác với khoá đã đăng ký. Nếu văn "
            "phòng đó đã thay máy, hãy đăng ký lại; nếu không, gói có thể là giả mạo.",
        )
    if not container.verify(sender.public_key or b"", rb.signature, rb.manifest_bytes):
        raise BundleRefused(
            "bad_signature",
            f"Chữ ký của gói không đúng với khoá của {sender.name}: gói đã bị sửa hoặc giả mạo.",
        )


def check_recipient(me: Office, recipient: dict[str, Any]) -> None:
    if recipient.get("office_uid") != me.uid:
        raise BundleRefused(
            "wrong_recipient",
            f"Gói này được gửi cho «{str(recipient.get('name') or '?')[:200]}», không phải "
            "văn phòng này.",
        )


def manifest_numbers(m: dict[str, Any]) -> Numbers:
    # Values of untrusted JSON (Any) until checked below.
    raw: list[Any] = [m.get(k) for k in ("sequence", "since", "upto", "ack")]
    sequence, since, upto, ack = raw
    epoch = m.get("office_epoch", 0)  # bundles of older versions have none: epoch 0
    resend_for = m.get("resend_for_epoch")
    born = m.get("office_incarnation")
    if (
        not all(
            isinstance(x, int) and not isinstance(x, bool) and x >= 0
            for x in (sequence, since, upto, ack, epoch)
        )
        or sequence < 1
        or epoch > MAX_EPOCH
        or not (resend_for is None or _small_int(resend_for, MAX_EPOCH))
        or not (born is None or (isinstance(born, str) and len(born) <= 36))
    ):
        raise BundleRefused(
            "bad_manifest", "Bảng kê của gói không hợp lệ (số thứ tự, mốc đồng bộ)."
        )
    for key, value in (("sequence", sequence), ("since", since), ("upto", upto), ("ack", ack)):
        if not counter(value):
            raise BundleRefused(
                "bad_number",
                f"Bảng kê của gói có số quá lớn ở «{key}» ({str(value)[:12]}…, tối đa "
                f"{container.MAX_COUNTER:,}): gói đã bị sửa hoặc hỏng, bị từ chối.",
            )
    return Numbers(sequence, since, upto, ack, epoch, resend_for, born)


def check_not_forked(sender: Office, state: SyncPeer, n: Numbers) -> None:
    """The same restore epoch of the sender from two machines is refused."""
    if n.epoch > 0 and n.epoch == state.peer_epoch and n.born != state.peer_incarnation:
        raise BundleRefused(
            "forked",
            f"Gói của {sender.name} mang lần khôi phục số {n.epoch} khác với lần khôi phục số "
            f"{n.epoch} đã nhận trước đây: có thể cùng một bản sao lưu đã được khôi phục hai "
            "lần trên hai máy. Gói bị từ chối để dữ liệu không bị lẫn. Trên máy của văn phòng "
            "đó, hãy khôi phục lại bản sao lưu một lần nữa rồi gửi gói mới.",
        )


def already_imported(s: Session, sender: Office, n: Numbers, rb: container.Opened) -> bool:
    """This (sender, epoch, sequence) was imported before with the same bytes; with other
    bytes the bundle is refused."""
    seen = s.scalar(
        select(SyncReceived).where(
            SyncReceived.sender_office_uid == sender.uid,
            SyncReceived.epoch == n.epoch,
            SyncReceived.sequence == n.sequence,
        )
    )
    if seen is None:
        return False
    if seen.sha256 == rb.sha256:
        return True
    raise BundleRefused(
        "replayed",
        f"Gói số {n.sequence} của {sender.name} đã được nhập trước đây với nội dung khác: "
        "gói này bị từ chối (có thể là gói cũ bị sửa hoặc phát lại).",
    )
