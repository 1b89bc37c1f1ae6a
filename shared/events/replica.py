"""Replicas kept from another service's events: apply only what is newer.

One statement, atomic on both databases: insert the row, or update it only
when the stored ``version`` is older than the event's ``entity_version``. An
event that arrives after a newer one is therefore a no-op, and so is a
redelivery. Used by every replica table (they all carry a ``version`` column).
"""
from __future__ import annotations

import functools

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


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
    row = {**(insert_defaults or {}), **key, **values, version_column: version}
    # insert defaults fill a new row only: never written over an existing one
    updated = tuple(name for name in {**values, version_column: version} if name not in key)
    stmt = _statement(dialect, table, updated, tuple(key), version_column)
    result = session.execute(stmt, row)
    return (result.rowcount or 0) > 0


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
