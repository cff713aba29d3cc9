"""Shared fixtures: Qt offscreen, a real store on SQLite and on PostgreSQL."""

from __future__ import annotations

import os

# Before anything imports Qt: no display, and one screen the size of the commonest office
# laptop's, 1366 x 768, less the Windows taskbar (what a window may use: support/
# office_screen.json), so windows and dialogs that size themselves to the screen do so as there.
os.environ.setdefault(
    "QT_QPA_PLATFORM",
    "offscreen:configfile="
    + os.path.join(os.path.dirname(__file__), "support", "office_screen.json"),
)

import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from desktop.services.registry import Services
from desktop.services.store.opening import Store, open_store
from support import pgcluster

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgcluster.Cluster]:
    cluster, why = pgcluster.start()
    if cluster is None:
        pytest.skip(reason=why)  # PostgreSQL not installed or could not start: says which
    # One migrated template; each test gets a fresh copy of it (fast CREATE DATABASE … TEMPLATE).
    admin = create_engine(cluster.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS sk_template"))
        conn.execute(text("CREATE DATABASE sk_template"))
    template = open_store(cluster.url("sk_template"))
    template.close()
    cluster.admin_engine = admin  # type: ignore[attr-defined]
    yield cluster
    admin.dispose()
    cluster.stop()


def _pg_store(cluster: pgcluster.Cluster) -> Iterator[Store]:
    name = f"sk_test_{os.getpid()}_{next(_counter)}"
    admin = cluster.admin_engine  # type: ignore[attr-defined]
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE sk_template"))
    store = open_store(cluster.url(name))
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    """A real, migrated, empty store: a SQLite file, and a PostgreSQL database."""
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "sangkien.db"))
        yield s
        s.close()
    else:
        yield from _pg_store(request.getfixturevalue("pg_cluster"))


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    s = open_store(str(tmp_path / "sangkien.db"))
    yield s
    s.close()


@pytest.fixture
def services(store: Store) -> Services:
    return Services.over(store)


def _built_demo(folder, name: str, as_unit: str | None = None) -> str:
    from desktop.services.demo.builder import build_demo

    path = folder / name
    s = open_store(str(path))
    build_demo(s.session_factory, as_unit=as_unit)
    s.close()
    return str(path)


def _copy_of(template: str, path) -> Iterator[Store]:
    import shutil

    shutil.copy(template, path)
    s = open_store(str(path))
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> str:
    """A demo store built once per run; tests copy the file rather than rebuilding it."""
    return _built_demo(tmp_path_factory.mktemp("demo"), "demo.db")


@pytest.fixture
def demo_store(demo_template: str, tmp_path) -> Iterator[Store]:
    """The province office of the demo (LĐLĐ tỉnh Lai Châu)."""
    yield from _copy_of(demo_template, tmp_path / "demo.db")


@pytest.fixture
def demo_services(demo_store: Store) -> Services:
    return Services.over(demo_store)


@pytest.fixture(scope="session")
def district_demo_template(tmp_path_factory) -> str:
    """The demo as the district office LC-TD (Tam Đường) holds it, built once per run."""
    return _built_demo(tmp_path_factory.mktemp("district-demo"), "district.db", as_unit="LC-TD")


@pytest.fixture
def district_demo_store(district_demo_template: str, tmp_path) -> Iterator[Store]:
    yield from _copy_of(district_demo_template, tmp_path / "district.db")


@pytest.fixture
def district_demo_services(district_demo_store: Store) -> Services:
    """A district office (LĐLĐ huyện Tam Đường) with its own units and initiatives."""
    return Services.over(district_demo_store)


@pytest.fixture(scope="session")
def sync_offices_template(tmp_path_factory):
    """The province and the district LC-TD, each its own demo store and key, enrolled with
    each other; built once per run (copy with ``sync_fixtures.copy_offices``)."""
    from support.sync_fixtures import build_offices

    return build_offices(tmp_path_factory.mktemp("sync_offices"))
