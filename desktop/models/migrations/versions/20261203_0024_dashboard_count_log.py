"""The dashboard keeps its counts between refreshes: a log of what changed, kept by triggers.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03

Counting a million initiatives on every refresh of the dashboard takes most of a second. The
store now writes, whoever changes ``initiative`` (the window, the Excel import's bulk insert,
a bundle, an undo, another computer on PostgreSQL, a hard delete), one row of
``initiative_count_log`` for each counted state that goes (-1) or comes (+1): campaign, union,
status, date and its precision. The progress service keeps its counts and the last ``seq`` it
saw, and applies only the rows past it (``services/campaigns/progress_live.py``).

``dashboard_mark``: ``tree`` grows with every write to ``unit`` or ``unit_event`` (the service
keeps its dated tree while it stays: one row read instead of scanning the units), ``compacted``
is the highest seq deleted from the log (kept counts older than it are counted again).

On PostgreSQL the trigger takes a transaction-level advisory lock before it takes a seq, so
the writers of counted changes follow one another to their commit: a reader never sees a seq
before a smaller one that is still to come.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

LOG = "initiative_count_log"
MARK = "dashboard_mark"
LOCK = 74_100_024  # the advisory lock of the log's writers (PostgreSQL)
COLS = "campaign_id, unit_id, status, applied_on, applied_precision"
TREE_TABLES = ("unit", "unit_event")


def _same(a: str, b: str) -> str:
    """Both rows live with the same counted columns (SQLite's IS: equal or both NULL)."""
    return (
        f"{a}.deleted_at IS NULL AND {b}.deleted_at IS NULL"
        f" AND {a}.campaign_id IS {b}.campaign_id AND {a}.unit_id IS {b}.unit_id"
        f" AND {a}.status IS {b}.status AND {a}.applied_on IS {b}.applied_on"
        f" AND {a}.applied_precision IS {b}.applied_precision"
    )


def _values(row: str, delta: int) -> str:
    cols = ", ".join(f"{row}.{c.strip()}" for c in COLS.split(","))
    return f"{cols}, {delta}"


_SQLITE = (
    f"""CREATE TRIGGER tr_{LOG}_insert AFTER INSERT ON initiative
        WHEN new.deleted_at IS NULL BEGIN
        INSERT INTO {LOG} ({COLS}, delta) VALUES ({_values("new", 1)});
    END""",
    f"""CREATE TRIGGER tr_{LOG}_delete AFTER DELETE ON initiative
        WHEN old.deleted_at IS NULL BEGIN
        INSERT INTO {LOG} ({COLS}, delta) VALUES ({_values("old", -1)});
    END""",
    f"""CREATE TRIGGER tr_{LOG}_update
        AFTER UPDATE OF {COLS}, deleted_at ON initiative
        WHEN (old.deleted_at IS NULL OR new.deleted_at IS NULL) AND NOT ({_same("old", "new")})
        BEGIN
        INSERT INTO {LOG} ({COLS}, delta) SELECT {_values("old", -1)} WHERE old.deleted_at IS NULL;
        INSERT INTO {LOG} ({COLS}, delta) SELECT {_values("new", 1)} WHERE new.deleted_at IS NULL;
    END""",
    *(
        f"""CREATE TRIGGER tr_{MARK}_{table}_{op_} AFTER {op_.upper()} ON {table} BEGIN
            UPDATE {MARK} SET seq = seq + 1 WHERE name = 'tree';
        END"""
        for table in TREE_TABLES
        for op_ in ("insert", "update", "delete")
    ),
)

_PG_SAME = _same("o", "n").replace(" IS n.", " IS NOT DISTINCT FROM n.")
_PG = (
    f"""CREATE FUNCTION {LOG}_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM n WHERE deleted_at IS NULL) THEN
            PERFORM pg_advisory_xact_lock({LOCK});
            INSERT INTO {LOG} ({COLS}, delta)
                SELECT {_values("n", 1)} FROM n WHERE n.deleted_at IS NULL ORDER BY n.id;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION {LOG}_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM o WHERE deleted_at IS NULL) THEN
            PERFORM pg_advisory_xact_lock({LOCK});
            INSERT INTO {LOG} ({COLS}, delta)
                SELECT {_values("o", -1)} FROM o WHERE o.deleted_at IS NULL ORDER BY o.id;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION {LOG}_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM o JOIN n ON n.id = o.id
            WHERE (o.deleted_at IS NULL OR n.deleted_at IS NULL) AND NOT ({_PG_SAME})
        ) THEN
            PERFORM pg_advisory_xact_lock({LOCK});
            INSERT INTO {LOG} ({COLS}, delta)
                SELECT {_values("o", -1)} FROM o JOIN n ON n.id = o.id
                WHERE o.deleted_at IS NULL AND NOT ({_PG_SAME})
                UNION ALL
                SELECT {_values("n", 1)} FROM o JOIN n ON n.id = o.id
                WHERE n.deleted_at IS NULL AND NOT ({_PG_SAME});
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER tr_{LOG}_insert AFTER INSERT ON initiative
        REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION {LOG}_insert()""",
    f"""CREATE TRIGGER tr_{LOG}_delete AFTER DELETE ON initiative
        REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION {LOG}_delete()""",
    f"""CREATE TRIGGER tr_{LOG}_update AFTER UPDATE ON initiative
        REFERENCING OLD TABLE AS o NEW TABLE AS n
        FOR EACH STATEMENT EXECUTE FUNCTION {LOG}_update()""",
    f"""CREATE FUNCTION {MARK}_tree() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {MARK} SET seq = seq + 1 WHERE name = 'tree';
        RETURN NULL;
    END $$""",
    *(
        f"""CREATE TRIGGER tr_{MARK}_{table} AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {MARK}_tree()"""
        for table in TREE_TABLES
    ),
)


def upgrade() -> None:
    op.create_table(
        LOG,
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "registered",
                "dossier_sent",
                "under_evaluation",
                "recognised",
                "not_recognised",
                "commended",
                "nominated",
                name="initiativestatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column(
            "applied_precision",
            sa.Enum("month", "quarter", "year", name="dateprecision", native_enum=False, length=8),
            nullable=True,
        ),
        sa.Column("delta", sa.Integer(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        MARK,
        sa.Column("name", sa.String(length=16), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
    )
    op.bulk_insert(
        sa.table(MARK, sa.column("name", sa.String), sa.column("seq", sa.Integer)),
        [{"name": "tree", "seq": 0}, {"name": "compacted", "seq": 0}],
    )
    for sql in _PG if op.get_bind().dialect.name == "postgresql" else _SQLITE:
        op.execute(sql)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for table in TREE_TABLES:
        name = f"tr_{MARK}_{table}"
        if pg:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            for op_ in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{op_}")
    for op_ in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS tr_{LOG}_{op_}" + (" ON initiative" if pg else ""))
        if pg:
            op.execute(f"DROP FUNCTION IF EXISTS {LOG}_{op_}()")
    if pg:
        op.execute(f"DROP FUNCTION IF EXISTS {MARK}_tree()")
    op.drop_table(MARK)
    op.drop_table(LOG)
