"""What a service process holds: its settings, engine, event tables and handlers.

Built by a factory (never at import time) and, in gunicorn, after the fork.
"""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from shared import db
from shared.config import Settings
from shared.events import broker
from shared.events.bell import bell_path
from shared.events.broker_probe import BrokerProbe
from shared.events.consumer import EventApplier, Handler, QueueConsumer
from shared.events.outbox import Outbox
from shared.events.relay import Relay
from shared.events.tables import EventTables
from shared.uow import UnitOfWork


@dataclass
class Runtime:
    settings: Settings
    metadata: sa.MetaData
    tables: EventTables
    handlers: dict[str, Handler] = field(default_factory=dict)
    # a service's own worker loops beside the relay and the consumer: ``loop(runtime, stop_event)``
    background: list[Callable[["Runtime", threading.Event], None]] = field(default_factory=list)
    # publishing rounds a row may fail (for a reason that may be its own) before it is parked
    relay_max_attempts: int = 10
    _engine: sa.Engine | None = None
    _session_factory: sessionmaker | None = None
    _broker_probe: BrokerProbe | None = None
    _outbox: Outbox | None = None

    @property
    def service(self) -> str:
        return self.settings.service

    @property
    def outbox_keep(self) -> dt.timedelta:
        return self.settings.outbox_keep

    @property
    def inbox_keep(self) -> dt.timedelta:
        return self.settings.inbox_keep

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            self._engine = db.make_engine(self.settings.database_url, pool_size=self.settings.pool_size)
        return self._engine

    @property
    def session_factory(self) -> sessionmaker:
        if self._session_factory is None:
            self._session_factory = sessionmaker(self.engine, expire_on_commit=False)
        return self._session_factory

    @property
    def bell(self):
        """The embedded relay's doorbell path (SQLite only: PostgreSQL's relay hears NOTIFY)."""
        if not db.is_sqlite(self.settings.database_url):
            return None
        return bell_path(self.settings.var_dir, self.service)

    @property
    def outbox(self) -> Outbox:
        if self._outbox is None:  # built once: every unit of work stages its events through it
            self._outbox = Outbox(self.service, self.tables, bell=self.bell)
        return self._outbox

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.outbox)

    def broker_connection(self):
        return broker.connect(self.settings)

    @property
    def broker_probe(self) -> BrokerProbe:
        """The broker's last known state for readyz and /metrics (checked in the background, not per request)."""
        if self._broker_probe is None:
            self._broker_probe = BrokerProbe(self._read_queue_depth)
        return self._broker_probe

    def _read_queue_depth(self) -> int:
        with self.broker_connection() as connection:
            connection.ensure_connection(max_retries=1, timeout=3)
            return broker.queue_depth(connection, self.settings)

    def relay(self, **overrides) -> Relay:
        s = self.settings
        options = dict(
            service=self.service,
            engine=self.engine,
            tables=self.tables,
            connection_factory=self.broker_connection,
            prefix=s.broker_prefix,
            batch_size=s.relay_batch_size,
            lease_seconds=s.relay_lease_seconds,
            poll_seconds=s.relay_poll_seconds,
            max_attempts=self.relay_max_attempts,
            bell=self.bell,
        )
        options.update(overrides)
        return Relay(**options)

    def applier(self) -> EventApplier:
        return EventApplier(
            service=self.service,
            session_factory=self.session_factory,
            tables=self.tables,
            handlers=self.handlers,
            max_attempts=self.settings.consumer_max_attempts,
            retry_base_seconds=self.settings.retry_base_seconds,
        )

    def consumer(self, applier: EventApplier | None = None) -> QueueConsumer:
        return QueueConsumer(
            service=self.service,
            applier=applier or self.applier(),
            connection_factory=self.broker_connection,
            prefix=self.settings.broker_prefix,
        )

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._session_factory = None
