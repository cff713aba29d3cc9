"""The PostgreSQL roles that docs/postgresql.md tells an office to create: an owner that
creates and upgrades the schema, and the role the officers' PCs connect with, which reads and
writes data but cannot change the schema. Run on the real server the tests start."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from desktop.models import UnitKind
from desktop.services.demo.builder import build_demo
from desktop.services.initiatives.service import AuthorInput, InitiativeInput
from desktop.services.registry import Services
from desktop.services.store.opening import open_store

pytestmark = pytest.mark.postgres

DOC = Path(__file__).resolve().parents[2] / "docs" / "postgresql.md"


def _sql_blocks() -> list[str]:
    """The SQL the document tells the administrator to run, in order."""
    return re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _run(engine, sql: str) -> None:
    with engine.connect() as conn:
        for statement in (s.strip() for s in sql.split(";")):
            if statement and not statement.startswith("--"):
                conn.execute(text(statement))


@pytest.fixture
def roles(pg_cluster):
    name = f"sk_roles_{os.getpid()}"
    admin = pg_cluster.admin_engine
    server, database = _sql_blocks()
    server = server.replace("sangkien_owner", f"{name}_owner").replace(
        "sangkien_app", f"{name}_app"
    )
    server = server.replace("DATABASE sangkien ", f"DATABASE {name} ")
    database = database.replace("sangkien_owner", f"{name}_owner").replace(
        "sangkien_app", f"{name}_app"
    )
    _run(admin, server)
    db_admin = create_engine(pg_cluster.url(name), isolation_level="AUTOCOMMIT")
    _run(db_admin, database)
    db_admin.dispose()
    base = pg_cluster.url(name)
    owner_url = base.replace("//postgres@", f"//{name}_owner@")
    app_url = base.replace("//postgres@", f"//{name}_app@")
    yield owner_url, app_url
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"DROP ROLE IF EXISTS {name}_app"))
        conn.execute(text(f"DROP ROLE IF EXISTS {name}_owner"))


def test_the_office_role_works_with_data_but_cannot_change_the_schema(roles):
    owner_url, app_url = roles
    open_store(owner_url).close()  # the administrator creates the schema once

    store = open_store(app_url)  # an officer's PC
    try:
        services = Services.over(store)
        # A district office's demo: units, campaigns, quotas, keys, sequences, audit lines.
        build_demo(store.session_factory, initiatives=40, as_unit="LC-TD")
        campaign = services.campaigns.list()[0]
        district = services.units.by_code("LC-TD")
        unit = next(
            u
            for u in services.units.list()
            if u.kind == UnitKind.GRASSROOTS and u.parent_id == district.id
        )
        saved = services.initiatives.create(
            InitiativeInput(
                campaign_id=campaign.id,
                unit_id=unit.id,
                title="Bếp đun tiết kiệm củi cho bếp ăn bán trú",
                authors=(AuthorInput(full_name="Lò Văn Minh"),),
                applied_on=dt.date(2022, 3, 1),
            )
        )
        assert services.initiatives.get(saved.id).data.title.startswith("Bếp đun")
        for ddl in (
            "CREATE TABLE intruder (id integer)",
            "ALTER TABLE initiative ADD COLUMN intruder integer",
            "DROP TABLE sync_log",
        ):
            with (
                pytest.raises(ProgrammingError, match=r"permission denied|must be owner"),
                store.engine.begin() as conn,
            ):
                conn.execute(text(ddl))
    finally:
        store.close()
