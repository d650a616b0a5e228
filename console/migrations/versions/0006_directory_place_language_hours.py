"""Directory search by place, language and hours: HSDS schedules, and the
search row's coordinates, languages, weekly hours and verification date.

- ``schedule``: the HSDS 3.0 table, every column; it hangs off a service, a
  location or a service at a location, and goes with it (ON DELETE CASCADE).
- ``service_search`` gains ``latitude``, ``longitude``, ``languages``,
  ``hours``, ``open_24h``, ``time_zone`` and ``assured_date``, each with a
  plain ``ALTER TABLE ... ADD COLUMN``: on SQLite the table is never
  recreated, so the FTS5 table and triggers of 0001 stay as they are. An
  index on (latitude, longitude) serves PostgreSQL's radius search.
- Listings by name walk an index instead of sorting every row: on
  (organization_name, service_name, service_id), and on the same after
  ``state``, which replaces the index on ``state`` alone (at 175,000
  services a state's broad word search went from ~50 ms to ~25 ms).
- SQLite only: ``service_search_rtree``, an R*Tree over each row's point
  (external to the models, like the FTS5 table), kept in step with
  ``service_search`` by three triggers, so the application only ever writes
  ``service_search``. A row without coordinates has no entry.
- SQLite only: ``service_search_fts_vocab``, an fts5vocab table over the
  FTS5 index (the words it holds), so a search can write a prefix out as
  the words it starts (``console.services.directory_prefixes``).

Existing search rows get their new columns from the directory itself: the
upgrade that crosses this revision rebuilds every search row in the same
transaction, after the last migration (``console.schema.upgrade``), so the
new filters work the moment the window opens. Schedules are new, so every
service starts with "hours unknown" until schedules are imported.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-13
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

REBUILDS_SEARCH_ROWS = True  # console.schema rebuilds the search rows when an upgrade crosses this revision

_NEW_POINT = "new.latitude IS NOT NULL AND new.longitude IS NOT NULL"
RTREE_SQL = (
    "CREATE VIRTUAL TABLE service_search_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    f"""CREATE TRIGGER service_search_rtree_ai AFTER INSERT ON service_search
        WHEN {_NEW_POINT} BEGIN
        INSERT INTO service_search_rtree VALUES (new.id, new.latitude, new.latitude, new.longitude, new.longitude);
    END""",
    """CREATE TRIGGER service_search_rtree_ad AFTER DELETE ON service_search BEGIN
        DELETE FROM service_search_rtree WHERE id = old.id;
    END""",
    f"""CREATE TRIGGER service_search_rtree_au AFTER UPDATE OF id, latitude, longitude ON service_search BEGIN
        DELETE FROM service_search_rtree WHERE id = old.id;
        INSERT INTO service_search_rtree SELECT new.id, new.latitude, new.latitude, new.longitude, new.longitude
        WHERE {_NEW_POINT};
    END""",
    """INSERT INTO service_search_rtree SELECT id, latitude, latitude, longitude, longitude
        FROM service_search WHERE latitude IS NOT NULL AND longitude IS NOT NULL""",
)
VOCAB_SQL = "CREATE VIRTUAL TABLE service_search_fts_vocab USING fts5vocab(service_search_fts, 'row')"
RTREE_DROP = (
    "DROP TABLE IF EXISTS service_search_fts_vocab",
    "DROP TRIGGER IF EXISTS service_search_rtree_au",
    "DROP TRIGGER IF EXISTS service_search_rtree_ad",
    "DROP TRIGGER IF EXISTS service_search_rtree_ai",
    "DROP TABLE IF EXISTS service_search_rtree",
)
NEW_COLUMNS = ("latitude", "longitude", "languages", "hours", "open_24h", "time_zone", "assured_date")


def upgrade() -> None:
    op.create_table(
        "schedule",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=True),
        sa.Column("location_id", sa.String(length=64), nullable=True),
        sa.Column("service_at_location_id", sa.String(length=64), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("dtstart", sa.Date(), nullable=True),
        sa.Column("timezone", sa.Float(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("wkst", sa.String(length=2), nullable=True),
        sa.Column("freq", sa.String(length=10), nullable=True),
        sa.Column("interval", sa.Integer(), nullable=True),
        sa.Column("byday", sa.String(length=200), nullable=True),
        sa.Column("byweekno", sa.String(length=400), nullable=True),
        sa.Column("bymonthday", sa.String(length=400), nullable=True),
        sa.Column("byyearday", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("opens_at", sa.String(length=20), nullable=True),
        sa.Column("closes_at", sa.String(length=20), nullable=True),
        sa.Column("schedule_link", sa.String(length=500), nullable=True),
        sa.Column("attending_type", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["location_id"], ["location.id"], name=op.f("fk_schedule_location_id_location"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["service_at_location_id"], ["service_at_location.id"],
                                name=op.f("fk_schedule_service_at_location_id_service_at_location"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], name=op.f("fk_schedule_service_id_service"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule")),
    )
    op.create_index(op.f("ix_schedule_location_id"), "schedule", ["location_id"])
    op.create_index(op.f("ix_schedule_service_at_location_id"), "schedule", ["service_at_location_id"])
    op.create_index(op.f("ix_schedule_service_id"), "schedule", ["service_id"])

    # Plain ADD COLUMN, never batch mode: a recreated service_search would
    # take the FTS5 triggers with it.
    op.add_column("service_search", sa.Column("latitude", sa.Float(), nullable=True))
    op.add_column("service_search", sa.Column("longitude", sa.Float(), nullable=True))
    op.add_column("service_search", sa.Column("languages", sa.String(length=200), server_default="", nullable=False))
    op.add_column("service_search", sa.Column("hours", sa.String(length=400), nullable=True))
    op.add_column("service_search", sa.Column("open_24h", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("service_search", sa.Column("time_zone", sa.String(length=64), nullable=True))
    op.add_column("service_search", sa.Column("assured_date", sa.Date(), nullable=True))
    op.create_index(op.f("ix_service_search_lat_lon"), "service_search", ["latitude", "longitude"])
    op.create_index(op.f("ix_service_search_name"), "service_search",
                    ["organization_name", "service_name", "service_id"])
    op.create_index(op.f("ix_service_search_state_name"), "service_search",
                    ["state", "organization_name", "service_name", "service_id"])
    op.drop_index(op.f("ix_service_search_state"), table_name="service_search")
    if op.get_bind().dialect.name == "sqlite":
        for statement in (*RTREE_SQL, VOCAB_SQL):
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for statement in RTREE_DROP:
            op.execute(statement)
    op.create_index(op.f("ix_service_search_state"), "service_search", ["state"])
    op.drop_index(op.f("ix_service_search_state_name"), table_name="service_search")
    op.drop_index(op.f("ix_service_search_name"), table_name="service_search")
    op.drop_index(op.f("ix_service_search_lat_lon"), table_name="service_search")
    for name in reversed(NEW_COLUMNS):
        if sqlite:  # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), again never a recreated table
            op.execute(f"ALTER TABLE service_search DROP COLUMN {name}")
        else:
            op.drop_column("service_search", name)
    op.drop_index(op.f("ix_schedule_service_id"), table_name="schedule")
    op.drop_index(op.f("ix_schedule_service_at_location_id"), table_name="schedule")
    op.drop_index(op.f("ix_schedule_location_id"), table_name="schedule")
    op.drop_table("schedule")
