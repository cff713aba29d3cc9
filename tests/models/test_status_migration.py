"""Revision 0006 fills ``initiative.status_version`` from what an existing store knows: at the
province every status it set past the registration steps (and every initiative in a decision),
at a district the statuses the province sent it. Checked by taking real stores back to 0005 and
upgrading them again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select

from desktop.models import DecisionEntry, Initiative, InitiativeStatus
from desktop.models.db import create_store_engine, sqlite_url
from desktop.services.registry import Services
from desktop.services.store.opening import alembic_config, open_store
from support.sync_fixtures import add_initiative, copy_offices

STEPS = {InitiativeStatus.REGISTERED, InitiativeStatus.DOSSIER_SENT}


def _back_and_forth(db: Path) -> None:
    engine = create_store_engine(sqlite_url(db))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    engine.dispose()


def _taken(services: Services) -> dict[str, bool]:
    with services.store.session_factory() as s:
        return {
            uid: version is not None
            for uid, version in s.execute(select(Initiative.uid, Initiative.status_version))
        }


def test_a_province_store_keeps_what_it_decided(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    _back_and_forth(dbs["LC"])
    p = Services.over(open_store(str(dbs["LC"])))
    try:
        with p.store.session_factory() as s:
            decided = set(s.scalars(select(DecisionEntry.initiative_id)))
            rows = s.execute(select(Initiative.id, Initiative.status, Initiative.status_version))
            for iid, status, version in rows:
                assert (version is not None) == (status not in STEPS or iid in decided), status
    finally:
        p.store.close()


def test_a_district_store_keeps_the_statuses_the_province_sent(sync_offices_template, tmp_path):
    dbs = copy_offices(sync_offices_template, tmp_path / "db")
    p = Services.over(open_store(str(dbs["LC"])))
    d = Services.over(open_store(str(dbs["LC-TD"])))
    iid = add_initiative(d, "LC-TD-01", "Sổ tay an toàn lao động bằng tranh")
    mine = add_initiative(d, "LC-TD-02", "Bảng phân công trực điện tử")
    p.bundles.import_(d.bundles.export("LC", tmp_path / "up.ssk").path)
    with p.store.session_factory() as s:
        pid = s.scalar(select(Initiative.id).where(Initiative.title.like("Sổ tay an toàn%")))
    p.initiatives.set_status(pid, InitiativeStatus.DOSSIER_SENT)
    d.bundles.import_(p.bundles.export("LC-TD", tmp_path / "down.ssk").path)
    before = _taken(d)
    uid = d.initiatives.get(iid).uid
    assert before[uid] and not before[d.initiatives.get(mine).uid]
    d.store.close()
    p.store.close()

    _back_and_forth(dbs["LC-TD"])
    d = Services.over(open_store(str(dbs["LC-TD"])))
    try:
        assert _taken(d) == before
        assert d.initiatives.get(iid).status_moves == ()  # still the province's to move
        assert d.initiatives.get(mine).status_moves == (InitiativeStatus.DOSSIER_SENT,)
    finally:
        d.store.close()
