"""Authors' phone numbers and e-mails in bundles: always down and in a handover of books, up
only when this office chooses so.

They are personal data the office above does not need to judge an initiative; the national
portal's form asks for them, so an office that fills the portal from above may want them. The
choice is the office's (``app_meta``, off by default), set on the settings page or with
``sangkien bundle contacts``. Changing it stamps every author that has a phone or an e-mail
anew, so the next bundle up carries those initiatives again: switched on, the contacts of
initiatives sent before go up too; switched off, the office above receives them without
contacts and drops the ones it held.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import AppMeta, Author
from desktop.services.common import audit, local_office
from desktop.text.normalise import fold

CHUNK = 900  # SQLite's bound parameters, with room to spare

KEY = "send_author_contacts_up"
CONTACT_FIELDS = ("phone", "email")
LABEL = "Gửi số điện thoại và email của tác giả lên cấp trên"


class AuthorContactsChoice:
    """The office's choice on its own, for the settings page and ``sangkien bundle
    contacts``: opening the settings does not load the bundle machinery (its cryptography,
    its readers and writers) that the choice does not need."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def sends_up(self) -> bool:
        """Whether bundles to the office above carry the authors' phones and e-mails."""
        with self._sf() as s:
            return sends_contacts_up(s)

    def set_sends_up(self, on: bool) -> int:
        """Choose it (audited); how many authors go up again in the next bundle (so the
        choice reaches what was sent before)."""
        with self._sf.begin() as s:
            return set_sends_contacts_up(s, on)


def sends_contacts_up(s: Session) -> bool:
    row = s.get(AppMeta, KEY)
    return row is not None and row.value == "1"


def set_sends_contacts_up(s: Session, on: bool) -> int:
    """Set the choice (audited). Every author with a phone or an e-mail is stamped anew, so
    that the next bundle up carries those initiatives again (with their contacts, or without
    them for the office above to drop): how many authors."""
    if sends_contacts_up(s) == on:
        return 0
    s.merge(AppMeta(key=KEY, value="1" if on else "0"))
    me = local_office(s)
    ids = list(
        s.scalars(
            select(Author.id).where(or_(Author.phone.is_not(None), Author.email.is_not(None)))
        )
    )
    if me is not None and ids:
        me.clock = (me.clock or 0) + 1
        for part in chunks(ids):
            s.execute(update(Author).where(Author.id.in_(part)).values(version=me.clock))
    audit(
        s,
        "office",
        me.uid if me else "",
        "contacts_up",
        ("Bật" if on else "Tắt") + f" «{LABEL}»",
        {"on": on, "authors": len(ids)},
    )
    return len(ids)


def chunks(items: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def strip_contacts(records: Iterable[dict[str, Any]]) -> None:
    """Take the authors' contacts out of initiative records (in place)."""
    for rec in records:
        for a in rec.get("authors") or ():
            for k in CONTACT_FIELDS:
                a.pop(k, None)


def without_contacts(content: dict[str, Any]) -> dict[str, Any]:
    """An initiative's canonical content with no contacts: a phone typed after a decision is
    not a change of what was decided."""
    return {
        **content,
        "authors": [
            {k: v for k, v in a.items() if k not in CONTACT_FIELDS}
            for a in content.get("authors") or ()
        ],
    }


def with_held_contacts(rec: dict[str, Any], held: dict[str, Any]) -> dict[str, Any]:
    """``rec`` (a record that came up without contacts) with the contacts this office holds
    for its authors of the same name: a late edit sent without them must not wipe them when
    its new owner accepts it (moved_edits.py)."""
    known = {
        fold(str(a.get("full_name") or "")): a for a in held.get("authors") or () if a is not None
    }
    authors = []
    for a in rec.get("authors") or ():
        if isinstance(a, dict) and not any(k in a for k in CONTACT_FIELDS):
            was = known.get(fold(str(a.get("full_name") or "")))
            if was is not None:
                a = {**a, **{k: was.get(k) for k in CONTACT_FIELDS}}
        authors.append(a)
    return {**rec, "authors": authors}
