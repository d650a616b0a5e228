"""PostgreSQL only: the directory index's words, for "did you mean …".

SQLite reads its index's words from fts5vocab; PostgreSQL has no such view
(``ts_stat`` reads every row: too slow on 250,000 services). This table holds
each word of the search rows with the number of rows that have it, kept
exact by statement-level triggers on ``service_search`` (transition tables:
one aggregate per statement, so a 250,000-row rebuild costs one pass), and
filled once here from the rows already there. The statements are copied
here as they were at this revision (a migration never imports code that may
change later); ``console.services.directory_fulltext_pg`` reads the table.
Like the FTS and trigram indexes, it is made by raw SQL outside the models
(``console.schema.check`` knows it). On SQLite nothing changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLE = "service_search_word"
_LEXEMES = ("SELECT lexeme, count(*) AS n FROM {rows}, unnest(tsvector_to_array(to_tsvector('simple', {rows}.document)))"
            " AS lexeme GROUP BY lexeme ORDER BY lexeme")
STATEMENTS = (
    f'CREATE TABLE {TABLE} (word text COLLATE "C" PRIMARY KEY, rows integer NOT NULL)',
    f"CREATE INDEX ix_{TABLE}_unused ON {TABLE} (word) WHERE rows <= 0",
    f"""CREATE FUNCTION {TABLE}_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} AS w (word, rows) {_LEXEMES.format(rows="new_rows")}
    ON CONFLICT (word) DO UPDATE SET rows = w.rows + excluded.rows;
    RETURN NULL;
END $$""",
    f"""CREATE FUNCTION {TABLE}_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {TABLE} AS w SET rows = w.rows - gone.n FROM ({_LEXEMES.format(rows="old_rows")}) AS gone
    WHERE w.word = gone.lexeme;
    DELETE FROM {TABLE} WHERE rows <= 0;
    RETURN NULL;
END $$""",
    f"""CREATE TRIGGER {TABLE}_on_insert AFTER INSERT ON service_search
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_add()""",
    f"""CREATE TRIGGER {TABLE}_on_delete AFTER DELETE ON service_search
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_remove()""",
    f"""CREATE TRIGGER {TABLE}_on_update_old AFTER UPDATE ON service_search
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_remove()""",
    f"""CREATE TRIGGER {TABLE}_on_update_new AFTER UPDATE ON service_search
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_add()""",
    f"INSERT INTO {TABLE} (word, rows) {_LEXEMES.format(rows='service_search')}",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for trigger in ("on_insert", "on_delete", "on_update_old", "on_update_new"):
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{trigger} ON service_search")
    op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_add()")
    op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_remove()")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
