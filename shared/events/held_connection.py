"""A consumer's own database connection, kept from one batch to the next.

Taken from the pool for every batch, a connection costs a check-out, the pool's pre-ping (a round trip) and a
check-in each time: a tenth of a small batch's CPU, and one round trip more between a commit in another service and
its event applied. The consumer applies one batch at a time, so it keeps one connection instead. Each batch is still
its own transaction, begun and committed by its session; the session never closes the connection.

A kept connection is given back after any error (the next batch takes a new one, pre-pinged by the pool) and after
``recycle_seconds`` (as the pool recycles its own). It is used by one thread at a time: the consumer's.
"""
from __future__ import annotations

import time

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker


class HeldConnection:
    """A session factory whose sessions all run on one kept connection (``drop`` gives it back)."""

    def __init__(self, session_factory: sessionmaker, *, recycle_seconds: float = 1800.0):
        self._factory = session_factory
        self._recycle = recycle_seconds
        self._connection: Connection | None = None
        self._since = 0.0

    @property
    def kept(self) -> bool:
        """A connection is held from an earlier batch (it may have died since: a database restart while idle)."""
        return self._connection is not None and time.monotonic() - self._since < self._recycle

    def open(self) -> None:
        """Make sure a connection is held (a new one when none is, or it is due to be recycled)."""
        if not self.kept:
            self.drop()
            self._connection = self._factory.kw["bind"].connect()
            self._since = time.monotonic()

    def __call__(self) -> Session:
        self.open()
        return self._factory(bind=self._connection)

    def drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()  # back to the pool; an invalidated one is discarded there
            except Exception:
                pass
