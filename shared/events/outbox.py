"""The transactional outbox: an event is a row written with the change it announces."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from shared import logs
from shared.db import utcnow
from shared.events import envelope
from shared.events.bell import ring
from shared.events.tables import EventTables


def notify_channel(service: str) -> str:
    return f"rostok_outbox_{service}"


class Outbox:
    def __init__(self, service: str, tables: EventTables, bell: Path | None = None):
        self.service = service
        self.tables = tables
        self.bell = bell  # the embedded relay's doorbell (SQLite has no NOTIFY)

    def add(self, session: Session, routing_key: str, data: dict, *, entity_version: int) -> envelope.Envelope:
        """Validate and stage an event in ``session``'s transaction (refuses a body that fails its contract)."""
        env = envelope.build(
            routing_key,
            data,
            producer=self.service,
            entity_version=entity_version,
            correlation_id=logs.correlation_id(),
        )
        session.execute(
            sa.insert(self.tables.outbox).values(
                event_id=env.id,
                routing_key=routing_key,
                body=env.to_json(),
                created_at=utcnow(),
            )
        )
        return env

    def wake_relay(self, session: Session) -> None:
        """NOTIFY is delivered at commit and dropped on rollback, exactly as the outbox wants; on SQLite the bell
        rings once the session commits."""
        if session.get_bind().dialect.name == "postgresql":
            session.execute(sa.select(sa.func.pg_notify(notify_channel(self.service), "")))
        elif self.bell is not None:
            bell = self.bell
            sa.event.listen(session, "after_commit", lambda _session: ring(bell), once=True)
