"""Replicas kept from another service's events: apply only what is newer.

One statement, atomic on both databases: insert the row, or update it only
when the stored ``version`` is older than the event's ``entity_version``. An
event that arrives after a newer one is therefore a no-op, and so is a
redelivery. Used by every replica table (they all carry a ``version`` column).

The consumer applies a batch of events in one transaction; handlers marked ``batched`` write through
``replica_write``, which holds their rows and writes each table's rows of the batch in one statement
(``ReplicaWrites``) instead of a round trip per event.
"""
from __future__ import annotations

import functools

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.events.recordset import json_rows, recordset


def upsert_if_newer(
    session: Session,
    table: sa.Table,
    key: dict,
    values: dict,
    *,
    version: int,
    version_column: str = "version",
    insert_defaults: dict | None = None,
) -> bool:
    """Return True when the row was written (new, or newer than what was held).

    ``version_column`` lets one aggregate's facets (a team's own fields, its
    nomination) each keep the version of the last event that set them.
    ``insert_defaults`` fill required columns when a facet's event arrives
    before the row exists; they are never written over an existing row.
    """
    dialect = session.get_bind().dialect.name
    row, updated = _row(key, values, version, version_column, insert_defaults)
    stmt = _statement(dialect, table, updated, tuple(key), version_column)
    result = session.execute(stmt, row)
    return (result.rowcount or 0) > 0


def _row(key: dict, values: dict, version: int, version_column: str, insert_defaults: dict | None) -> tuple[dict, tuple]:
    """An upsert's row and the columns it writes over an existing one (insert defaults fill a new row only)."""
    row = {**(insert_defaults or {}), **key, **values, version_column: version}
    return row, tuple(name for name in {**values, version_column: version} if name not in key)


def batched(handler):
    """Mark a handler that only writes through ``replica_write`` and reads nothing another event's pending write
    could change: its rows may wait for the end of the batch."""
    handler.batched = True
    return handler


def replica_write(uow, table: sa.Table, key: dict, values: dict, *, version: int, version_column: str = "version",
                  insert_defaults: dict | None = None) -> None:
    """``upsert_if_newer``, held for the batch's one statement when the consumer is gathering writes, else now."""
    pending = getattr(uow, "replica_writes", None)
    if pending is None:
        upsert_if_newer(uow.session, table, key, values, version=version, version_column=version_column,
                        insert_defaults=insert_defaults)
    else:
        pending.add(uow.session, table, key, values, version=version, version_column=version_column,
                    insert_defaults=insert_defaults)


class ReplicaWrites:
    """Replica rows of one batch of events, written by one ``INSERT … ON CONFLICT`` per table and row shape (on
    PostgreSQL from one JSON array of the rows; for JSON columns and on SQLite as one executemany).

    Within the batch the rule is the one the table keeps: of several rows for one key, the one with the highest
    version wins, the first of equals (a later equal version would not overwrite it either); the statement then
    writes it only over an older stored version. A table met again with another shape (another handler's columns)
    first writes what is held, so that rows still land in the events' order.
    """

    def __init__(self):
        self._groups: dict[tuple, dict[tuple, dict]] = {}
        self._shape_of: dict[tuple[sa.Table, str], tuple] = {}

    def __bool__(self) -> bool:
        return bool(self._groups)

    def add(self, session: Session, table: sa.Table, key: dict, values: dict, *, version: int,
            version_column: str = "version", insert_defaults: dict | None = None) -> None:
        row, updated = _row(key, values, version, version_column, insert_defaults)
        shape = (table, updated, tuple(key), version_column, tuple(row))
        held_shape = self._shape_of.get((table, version_column))
        if held_shape is not None and held_shape != shape:
            self.flush(session)
        self._shape_of[(table, version_column)] = shape
        rows = self._groups.setdefault(shape, {})
        ident = tuple(key.values())
        held = rows.get(ident)
        if held is None or held[version_column] < version:
            rows[ident] = row

    def flush(self, session: Session) -> None:
        """Write what is held: one statement per table and shape."""
        groups, self._groups, self._shape_of = self._groups, {}, {}
        if not groups:
            return
        dialect = session.get_bind().dialect.name
        # Core statements on the session's connection: the same transaction, without the ORM's execution path
        # (nothing here is an ORM entity)
        connection = session.connection()
        for (table, updated, key, version_column, columns), rows in groups.items():
            many = _recordset_statement(table, updated, key, version_column, columns) if dialect == "postgresql" else None
            if many is not None and len(rows) > 1:
                # one statement, its rows as one JSON text read into the table's own row type (``recordset``)
                connection.execute(many, {"rows": json_rows(rows.values())})
            else:
                # the rows as parameters of one statement: psycopg sends them pipelined, SQLite loops in C
                connection.execute(_statement(dialect, table, updated, key, version_column), list(rows.values()))


@functools.lru_cache(maxsize=512)
def _recordset_statement(table: sa.Table, updated: tuple[str, ...], key: tuple[str, ...], version_column: str,
                         columns: tuple[str, ...]):
    """PostgreSQL: the upsert of many rows given as one JSON array, or None for a table with a JSON column (see
    ``recordset``: those rows go as an executemany)."""
    if any(isinstance(table.c[name].type, sa.JSON) for name in columns):
        return None
    given = recordset(table, columns)
    stmt = postgresql.insert(table).from_select(list(columns), sa.select(*[given.c[name] for name in columns]))
    return stmt.on_conflict_do_update(
        index_elements=list(key),
        set_={name: stmt.excluded[name] for name in updated},
        where=table.c[version_column] < stmt.excluded[version_column],
    )


@functools.lru_cache(maxsize=512)
def _statement(dialect: str, table: sa.Table, updated: tuple[str, ...], key: tuple[str, ...], version_column: str):
    """The upsert for one shape of row, built once: its values come as parameters, so the compiled form is reused
    (building the ON CONFLICT clause anew for every event cost as much as running it)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table)
    return stmt.on_conflict_do_update(
        index_elements=list(key),
        set_={name: stmt.excluded[name] for name in updated},
        where=table.c[version_column] < stmt.excluded[version_column],
    )
