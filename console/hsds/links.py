"""The checks that need every row: ids, references and unique names.

In the package alone (``check_package``): an id used twice is fatal; a row
that refers to a rejected row is rejected with it (a phone of a rejected
service), table after table, parents first. References to nothing in the
package are then looked up in the directory, inside the import's
transaction (``check_directory``): a reference found in neither is fatal,
as is a taxonomy name or a term code already taken under another id.

Two references only place a record in a hierarchy (``SOFT``: an
organization's parent, a term's broader term); exports of part of a
directory or of a taxonomy routinely name parents they leave out. Such a
link to nothing, or to a rejected row, is dropped with a note; the record
itself is imported.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.hsds import spec
from console.hsds.problems import Report, Severity
from console.hsds.staging import Stage, table_sql
from console.hsds.validate import show

_LIST = 200  # characters of row numbers shown for a duplicated id
SOFT = {("organization", "parent_organization_id"), ("taxonomy_term", "parent_id")}


def _links(stage: Stage, table: str) -> list[tuple[str, str, str]]:
    """(column, parent table, extra condition on the child ``c``) for each reference a table makes."""
    present = stage.present[table]
    links = [(c.name, c.refers_to, "") for c in stage.specs[table].refs if c.name in present]
    if table == "attribute" and "link_id" in present:  # a link to any record, named by link_entity
        named = {row[0] for row in stage.query(f"SELECT DISTINCT link_entity FROM {table_sql(table)}")}
        links += [("link_id", entity, f"AND c.link_entity = '{entity}'") for entity in spec.MODELED
                  if entity in named and entity != "attribute"]
    links.sort(key=lambda link: link[1] == table)  # references within the table last
    return links


def check_package(stage: Stage, report: Report) -> None:
    for table in stage.tables():
        t, file = table_sql(table), stage.files[table]
        for id_, places, count in stage.query(
            f"SELECT id, substr(group_concat(_row, ', '), 1, {_LIST}), count(*) FROM {t} WHERE id IS NOT NULL "
            f"GROUP BY id HAVING count(*) > 1 ORDER BY min(_n)"
        ):
            first = str(places).split(",")[0]
            report.fatal(file, f"id {show(id_)} is used by {count:,} rows: {places}; ids must be unique",
                         row=int(first) if first.isdigit() else first, field_name="id")
    if report.has_fatal:
        return
    for table in stage.tables():
        for column, parent, condition in _links(stage, table):
            if parent in stage.specs:
                _cascade(stage, report, table, column, parent, condition)
    for table in stage.tables():
        for column, parent, condition in _links(stage, table):
            t = table_sql(table)
            known = f"AND NOT EXISTS (SELECT 1 FROM {table_sql(parent)} p WHERE p.id = c.\"{column}\")" \
                if parent in stage.specs else ""
            stage.conn.execute(
                f"INSERT OR IGNORE INTO missing SELECT ?, c.\"{column}\" FROM {t} c "
                f"WHERE c._rejected = 0 AND c.\"{column}\" IS NOT NULL {condition} {known}", (parent,)
            )


def _cascade(stage: Stage, report: Report, table: str, column: str, parent: str, condition: str) -> None:
    """Reject the rows of ``table`` whose ``column`` names a rejected ``parent`` row
    (or drop the link, when it is a ``SOFT`` one)."""
    file, parent_file, t = stage.files[table], stage.files[parent], table_sql(table)
    rows = stage.query(
        f"SELECT c._n, c._row, c.\"{column}\", p._row FROM {t} c JOIN {table_sql(parent)} p "
        f"ON p.id = c.\"{column}\" {condition} WHERE c._rejected = 0 AND p._rejected = 1"
    )
    soft = (table, column) in SOFT
    change = f"\"{column}\" = NULL" if soft else "_rejected = 1"
    stage.conn.executemany(f"UPDATE {t} SET {change} WHERE _n = ?", [(r[0],) for r in rows])
    for _, place, ref, parent_place in rows:
        message = f"refers to {parent} {show(ref)}, which was rejected ({parent_file}, row {parent_place})"
        if soft:
            report.info(file, message + "; imported without this link", row=place, field_name=column)
        else:
            report.add(Severity.REJECTED, file, place, column, message)


def check_directory(session: Session, stage: Stage, report: Report) -> None:
    _resolve(session, stage)
    for table in stage.tables():
        for column, parent, condition in _links(stage, table):
            rows = stage.query(
                f"SELECT c._row, c.\"{column}\" FROM {table_sql(table)} c JOIN missing m "
                f"ON m.tbl = ? AND m.id = c.\"{column}\" WHERE c._rejected = 0 {condition} ORDER BY c._n LIMIT ?",
                (parent, report.max_listed),
            )
            soft = (table, column) in SOFT
            for place, ref in rows:
                message = f"refers to {parent} {show(ref)}, which is neither in the package nor in the directory"
                if soft:
                    report.info(stage.files[table], message + "; imported without this link", row=place,
                                field_name=column)
                else:
                    report.fatal(stage.files[table], message, row=place, field_name=column)
            if soft:
                stage.conn.execute(f"UPDATE {table_sql(table)} SET \"{column}\" = NULL WHERE \"{column}\" IN "
                                   "(SELECT id FROM missing WHERE tbl = ?)", (parent,))
    _unique_names(session, stage, report)


def _resolve(session: Session, stage: Stage) -> None:
    """Drop from ``missing`` the references the directory satisfies."""
    stage.conn.execute("CREATE TEMP TABLE found (tbl TEXT, id TEXT)")
    for (parent,) in stage.query("SELECT DISTINCT tbl FROM missing"):
        table = spec.tables()[parent].table
        for batch in stage.ids("SELECT id FROM missing WHERE tbl = ?", (parent,)):
            hits = session.scalars(select(table.c.id).where(table.c.id.in_(batch))).all()
            stage.conn.executemany("INSERT INTO found VALUES (?, ?)", [(parent, h) for h in hits])
    stage.conn.execute("DELETE FROM missing WHERE (tbl, id) IN (SELECT tbl, id FROM found)")
    stage.conn.execute("DROP TABLE found")


def _unique_names(session: Session, stage: Stage, report: Report) -> None:
    """A taxonomy's name, and a term's code within its taxonomy, are unique in the directory."""
    checks = (("taxonomy", ("name",)), ("taxonomy_term", ("taxonomy_id", "code")))
    for table, key in checks:
        if table not in stage.specs or not set(key) <= set(stage.present[table]):
            continue
        file, t = stage.files[table], table_sql(table)
        cols = ", ".join(f'"{k}"' for k in key)
        not_null = " AND ".join(f'"{k}" IS NOT NULL' for k in key)
        for values in stage.query(f"SELECT {cols}, group_concat(_row, ', ') FROM {t} WHERE _rejected = 0 "
                                  f"AND {not_null} GROUP BY {cols} HAVING count(*) > 1"):
            report.fatal(file, f"{' '.join(map(show, values[:-1]))} is given to several {table} rows "
                               f"({values[-1]}); it must be unique", field_name=key[-1])
        model = spec.tables()[table].table
        staged = stage.query(f"SELECT _row, id, {cols} FROM {t} WHERE _rejected = 0 AND {not_null}")
        for start in range(0, len(staged), 500):
            batch = staged[start:start + 500]
            wanted = {tuple(row[2:]): (row[0], row[1]) for row in batch}
            found = session.execute(
                select(model.c.id, *(model.c[k] for k in key)).where(model.c[key[-1]].in_({w[-1] for w in wanted}))
            ).all()
            for other_id, *values in found:
                place, own_id = wanted.get(tuple(values), (None, None))
                if own_id is not None and other_id != own_id:
                    report.fatal(file, f"{show(values[-1])} is already used by {table} {show(other_id)} in the "
                                       "directory; ids differ", row=place, field_name=key[-1])
