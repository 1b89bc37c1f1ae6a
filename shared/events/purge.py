"""Forgetting old rows of the event tables (sent outbox rows, processed inbox ids) by age."""
from __future__ import annotations

import datetime as dt
from typing import Callable, ContextManager

import sqlalchemy as sa


def purge_older(begin: Callable[[], ContextManager], table: sa.Table, key: str, stamp: str, cutoff: dt.datetime,
                batch: int = 10_000) -> int:
    """Delete the rows stamped before ``cutoff``, a batch per transaction; answers how many went.

    In batches, so that the first purge of a large table never holds one long transaction (nor its locks) while
    the relay and the consumer work beside it. ``begin`` opens a transaction: ``engine.begin`` or a sessionmaker's.
    """
    removed = 0
    while True:
        with begin() as conn:
            ids = sa.select(table.c[key]).where(table.c[stamp] < cutoff).limit(batch)
            result = conn.execute(sa.delete(table).where(table.c[key].in_(ids.scalar_subquery())))
        removed += result.rowcount or 0
        if (result.rowcount or 0) < batch:
            return removed
