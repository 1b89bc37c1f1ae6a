"""Replicas kept from another service's events: apply only what is newer.

One statement, atomic on both databases: insert the row, or update it only
when the stored ``version`` is older than the event's ``entity_version``. An
event that arrives after a newer one is therefore a no-op, and so is a
redelivery. Used by every replica table (they all carry a ``version`` column).
"""
from __future__ import annotations

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
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    row = {**(insert_defaults or {}), **key, **values, version_column: version}
    stmt = insert(table).values(**row)
    updated = [name for name in {**values, version_column: version} if name not in key]
    stmt = stmt.on_conflict_do_update(
        index_elements=list(key),
        set_={name: stmt.excluded[name] for name in updated},
        where=table.c[version_column] < stmt.excluded[version_column],
    )
    result = session.execute(stmt)
    return (result.rowcount or 0) > 0
