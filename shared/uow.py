"""Unit of work: one use case, one transaction, committed once at the boundary.

Operations receive a unit of work, change state through its session, stage
events with ``publish`` and flush when they need ids; they never commit. The
request (or message) boundary calls ``commit``.
"""
from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker


class Outbox(Protocol):
    """Where a unit of work stages its events (``shared.events.outbox.Outbox``): a row written in the same
    transaction, and the relay woken once the transaction commits."""

    def add(self, session: Session, routing_key: str, data: dict, *, entity_version: int): ...

    def wake_relay(self, session: Session) -> None: ...


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker, outbox: Outbox):
        self.session: Session = session_factory()
        self._outbox = outbox
        self._staged = 0

    def publish(self, routing_key: str, data: dict, *, entity_version: int):
        self._staged += 1
        return self._outbox.add(self.session, routing_key, data, entity_version=entity_version)

    def flush(self) -> None:
        self.session.flush()

    def commit(self) -> None:
        if self._staged:
            self._outbox.wake_relay(self.session)
        self.session.commit()
        self._staged = 0

    def rollback(self) -> None:
        self.session.rollback()
        self._staged = 0

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "UnitOfWork":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.rollback()
        self.close()
