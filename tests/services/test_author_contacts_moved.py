"""A union moved to another office: the authors' contacts the province held go with the books,
and a late edit the old office sends without them (its choice) does not wipe them when the
new owner accepts it. Made-up number and address."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from test_reorganise_sync import EFFECTIVE, offices, send, template  # noqa: F401

from desktop.models import Initiative
from support.sync_fixtures import add_initiative

PHONE = "0912 345 678"
EMAIL = "tacgia@example.vn"


def _contacts(services, title):
    with services.store.session_factory() as s:
        ini = s.scalar(select(Initiative).where(Initiative.title == title))
        assert ini is not None, title
        return ini.authors[0].phone, ini.authors[0].email


def test_contacts_follow_a_moved_union_and_survive_a_late_edit(offices):  # noqa: F811
    o, folder = offices
    lc, td, sh = o["LC"], o["LC-TD"], o["LC-SH"]
    title = "Sổ theo dõi tiêm chủng điện tử"
    iid = add_initiative(td, "LC-TD-02", title)
    detail = td.initiatives.get(iid)
    author = replace(detail.data.authors[0], phone=PHONE, email=EMAIL)
    td.initiatives.update(iid, replace(detail.data, authors=(author,)))
    td.author_contacts.set_sends_up(True)
    send(td, "LC", lc, folder, "td-1")
    assert _contacts(lc, title) == (PHONE, EMAIL)
    lc.units.move(lc.units.by_code("LC-TD-02").id, lc.units.by_code("LC-SH").id, EFFECTIVE)
    send(lc, "LC-SH", sh, folder, "handover")
    assert _contacts(sh, title) == (PHONE, EMAIL)  # in the handover

    # Tam Đường, not told yet, stops sending contacts and edits the title: a late edit.
    td.author_contacts.set_sends_up(False)
    detail = td.initiatives.get(iid)
    td.initiatives.update(iid, replace(detail.data, title=title + " (bản sửa)"))
    send(td, "LC", lc, folder, "td-late")
    send(lc, "LC-SH", sh, folder, "late")
    (edit,) = sh.moved_edits.open()
    assert edit.proposed["title"] == title + " (bản sửa)"
    sh.moved_edits.accept(edit.id)
    assert _contacts(sh, title + " (bản sửa)") == (PHONE, EMAIL)
