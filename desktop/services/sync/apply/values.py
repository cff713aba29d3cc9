"""Reading one field of a bundle's record: a bundle is untrusted even when signed.

Each reader returns the value in the type the store holds, or raises ``BadRecord`` with the
message the person sees (the record is then rejected alone).
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import Table

from desktop.models import Base
from desktop.text.normalise import clean, nfc

MAX_INT = 2**31 - 1  # an INTEGER column (32 bits on PostgreSQL)
MAX_AMOUNT = 10**15  # a BIGINT amount in đồng: far above any benefit, far below 2**63

E = TypeVar("E", bound=Enum)


class BadRecord(ValueError):
    """A record whose shape or values are invalid: rejected with the message."""


def table_of(model: type[Base]) -> Table:
    """A mapped class's table, typed as one (``__table__`` is declared as any FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def str_of(rec: dict[str, Any], key: str, limit: int, required: bool = False) -> str | None:
    value = rec.get(key)
    if value is None or value == "":
        if required:
            raise BadRecord(f"thiếu «{key}»")
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise BadRecord(f"«{key}» không hợp lệ")
    return nfc(value)


def text_of(rec: dict[str, Any], key: str, limit: int) -> str:
    """A one-line field as stored (normalise.clean, which is NFC too): "" when absent."""
    value = rec.get(key)
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise BadRecord(f"«{key}» không hợp lệ")
    return clean(value)


def required_str_of(rec: dict[str, Any], key: str, limit: int) -> str:
    value = str_of(rec, key, limit, required=True)
    assert value is not None  # required: None raised
    return value


def int_of(
    rec: dict[str, Any], key: str, required: bool = False, limit: int = MAX_INT
) -> int | None:
    value = rec.get(key)
    if value is None:
        if required:
            raise BadRecord(f"thiếu «{key}»")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > limit:
        raise BadRecord(f"«{key}» không phải số nguyên hợp lệ")
    return value


def required_int_of(rec: dict[str, Any], key: str) -> int:
    value = int_of(rec, key, required=True)
    assert value is not None  # required: None raised
    return value


def bool_of(rec: dict[str, Any], key: str, default: bool = False) -> bool:
    value = rec.get(key, default)
    if not isinstance(value, bool):
        raise BadRecord(f"«{key}» không hợp lệ")
    return value


def date_of(rec: dict[str, Any], key: str) -> dt.date | None:
    value = rec.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadRecord(f"ngày «{key}» không hợp lệ") from None


def datetime_of(rec: dict[str, Any], key: str) -> dt.datetime | None:
    value = rec.get(key)
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadRecord(f"thời điểm «{key}» không hợp lệ") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def enum_of(enum_cls: type[E], rec: dict[str, Any], key: str, required: bool = False) -> E | None:
    value = rec.get(key)
    if value is None:
        if required:
            raise BadRecord(f"thiếu «{key}»")
        return None
    try:
        return enum_cls(value)
    except ValueError:
        raise BadRecord(f"«{key}» có giá trị lạ «{value}»") from None


def required_enum_of(enum_cls: type[E], rec: dict[str, Any], key: str) -> E:
    value = enum_of(enum_cls, rec, key, required=True)
    assert value is not None  # required: None raised
    return value


def uid_of(rec: dict[str, Any], key: str = "uid") -> str:
    value = rec.get(key)
    if not isinstance(value, str) or not 8 <= len(value) <= 36:
        raise BadRecord(f"mã định danh «{key}» không hợp lệ")
    return value


def optional_uid_of(rec: dict[str, Any], key: str) -> str | None:
    if rec.get(key) is None:
        return None
    return uid_of(rec, key)


def version_of(rec: dict[str, Any]) -> int:
    v = required_int_of(rec, "v")
    if v < 0:
        raise BadRecord("phiên bản âm")
    return v


def list_of(rec: dict[str, Any], key: str, limit: int = 10_000) -> list[Any]:
    value = rec.get(key, [])
    if not isinstance(value, list) or len(value) > limit:
        raise BadRecord(f"«{key}» không hợp lệ")
    return value


def loads_dict(text: str | None) -> dict[str, Any] | None:
    """A JSON object sent as text (None: none, or not an object)."""
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
