"""The outbox relay: claims unsent rows, publishes them in confirmed batches, marks them sent.

Several relays may run against one PostgreSQL database: a claim is a short
transaction that takes rows with ``FOR UPDATE SKIP LOCKED`` and leases them
(``claimed_until``); the publish happens outside any transaction, and only
what the broker acknowledged is marked sent. A relay that dies leaves its
lease to expire and another relay resends: the consumers' inbox absorbs the
rare duplicate. SQLite has no SKIP LOCKED: one relay per service there.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass

import psycopg
import sqlalchemy as sa
from kombu import Connection, Producer

from shared.db import utcnow
from shared.events.outbox import notify_channel
from shared.events.tables import EventTables
from shared.events.topology import Topology, for_connection

log = logging.getLogger("rostok.relay")


class PublishError(RuntimeError):
    pass


@dataclass
class ClaimedRow:
    id: int
    event_id: str
    routing_key: str
    body: str


class _Publisher:
    """A broker channel in confirm mode (AMQP) or a plain one (filesystem)."""

    def __init__(self, connection: Connection, topology: Topology, confirm_timeout: float):
        self.connection = connection
        self.topology = topology
        self.confirm_timeout = confirm_timeout
        connection.ensure_connection(max_retries=1)
        topology.declare(connection)
        self.channel = connection.channel()
        self.amqp = connection.transport.driver_type == "amqp"
        self._acked: set[int] = set()
        self._nacked: set[int] = set()
        self._pending: set[int] = set()
        self._next_tag = 1  # delivery tags count from 1 on each new channel
        if self.amqp:
            # Confirm mode once per channel; then a whole batch is published
            # without waiting and the acks are collected together. kombu's
            # confirm_publish would wait after every message instead.
            self.channel.confirm_select()
            self.channel.events["basic_ack"].add(self._on_ack)
            self.channel.events["basic_nack"].add(self._on_nack)
        self.producer = Producer(self.channel, exchange=topology.exchange, auto_declare=False)

    def _settle(self, target: set[int], tag: int, multiple: bool) -> None:
        # only the tags of the batch in flight are pending; "multiple" settles
        # every pending tag up to and including this one
        settled = {t for t in self._pending if t <= tag} if multiple else {tag} & self._pending
        self._pending -= settled
        target |= settled

    def _on_ack(self, delivery_tag, multiple):
        self._settle(self._acked, delivery_tag, multiple)

    def _on_nack(self, delivery_tag, multiple):
        self._settle(self._nacked, delivery_tag, multiple)

    def publish(self, rows: list[ClaimedRow]) -> tuple[list[int], list[int]]:
        """Publish a batch; return (acked ids, refused ids). Raises on a lost connection."""
        tags: dict[int, int] = {}
        for row in rows:
            self.producer.publish(
                row.body.encode("utf-8"),
                routing_key=row.routing_key,
                content_type="application/json",
                content_encoding="utf-8",
                delivery_mode=2,
                message_id=row.event_id,
                retry=False,
            )
            tags[self._next_tag] = row.id
            if self.amqp:
                self._pending.add(self._next_tag)
            self._next_tag += 1
        if not self.amqp:
            # the filesystem transport has written (and renamed) the file: that is its confirmation
            return [row.id for row in rows], []
        deadline = time.monotonic() + self.confirm_timeout
        while self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishError(f"broker did not confirm {len(tags)} messages in {self.confirm_timeout}s")
            try:
                self.connection.drain_events(timeout=min(remaining, 1.0))
            except socket.timeout:
                continue
        acked = [rid for tag, rid in tags.items() if tag in self._acked and tag not in self._nacked]
        refused = [rid for tag, rid in tags.items() if tag in self._nacked]
        self._acked.clear()
        self._nacked.clear()
        return acked, refused

    def close(self) -> None:
        try:
            self.channel.close()
        except Exception:
            pass


class Relay:
    def __init__(
        self,
        *,
        service: str,
        engine: sa.Engine,
        tables: EventTables,
        connection_factory,
        prefix: str,
        batch_size: int = 500,
        lease_seconds: float = 30.0,
        poll_seconds: float = 5.0,
        confirm_timeout: float = 30.0,
        name: str | None = None,
    ):
        self.service = service
        self.engine = engine
        self.outbox = tables.outbox
        self.connection_factory = connection_factory
        self.prefix = prefix
        self.batch_size = batch_size
        self.lease = dt.timedelta(seconds=lease_seconds)
        self.poll_seconds = poll_seconds
        self.confirm_timeout = confirm_timeout
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._connection: Connection | None = None
        self._publisher: _Publisher | None = None
        self._listener: _Listener | None = None
        self.sent_total = 0

    # -- database steps, each its own short transaction ---------------------------------

    def claim(self) -> list[ClaimedRow]:
        o = self.outbox
        now = utcnow()
        with self.engine.begin() as conn:
            query = (
                sa.select(o.c.id, o.c.event_id, o.c.routing_key, o.c.body)
                .where(o.c.sent_at.is_(None))
                .where(sa.or_(o.c.claimed_until.is_(None), o.c.claimed_until < now))
                .order_by(o.c.id)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            )
            rows = [ClaimedRow(*r) for r in conn.execute(query)]
            if rows:
                conn.execute(
                    sa.update(o)
                    .where(o.c.id.in_([r.id for r in rows]))
                    .values(claimed_by=self.name, claimed_until=now + self.lease, attempts=o.c.attempts + 1)
                )
        return rows

    def mark_sent(self, ids: list[int]) -> None:
        # Sent is sent, whoever holds the lease now: the broker has the message.
        if not ids:
            return
        with self.engine.begin() as conn:
            conn.execute(
                sa.update(self.outbox)
                .where(self.outbox.c.id.in_(ids))
                .values(sent_at=utcnow(), claimed_by=None, claimed_until=None)
            )

    def release(self, ids: list[int]) -> None:
        # Only our own claim: after a slow round the lease may have passed to
        # another relay, and clearing its claim would invite a third copy.
        if not ids:
            return
        with self.engine.begin() as conn:
            conn.execute(
                sa.update(self.outbox)
                .where(self.outbox.c.id.in_(ids))
                .where(self.outbox.c.sent_at.is_(None))
                .where(self.outbox.c.claimed_by == self.name)
                .values(claimed_by=None, claimed_until=None)
            )

    def backlog(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(self.outbox).where(self.outbox.c.sent_at.is_(None))
            ).scalar_one()

    def purge_sent(self, older_than: dt.timedelta = dt.timedelta(days=7)) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                sa.delete(self.outbox).where(self.outbox.c.sent_at < utcnow() - older_than)
            )
            return result.rowcount or 0

    # -- broker ---------------------------------------------------------------------------

    def _ensure_publisher(self) -> _Publisher:
        if self._publisher is None:
            self._connection = self.connection_factory()
            topology = for_connection(self.prefix, self._connection)
            self._publisher = _Publisher(self._connection, topology, self.confirm_timeout)
        return self._publisher

    def _drop_publisher(self) -> None:
        if self._publisher is not None:
            self._publisher.close()
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:
                pass
        self._publisher = None
        self._connection = None

    def run_once(self) -> int:
        """One claim-publish-mark round; returns how many rows were sent."""
        rows = self.claim()
        if not rows:
            return 0
        try:
            publisher = self._ensure_publisher()
            acked, refused = publisher.publish(rows)
        except Exception:
            self._drop_publisher()
            # give the rows back at once rather than waiting for the lease
            self.release([r.id for r in rows])
            raise
        self.mark_sent(acked)
        self.release(refused)
        if refused:
            log.warning("broker refused %d events; they stay in the outbox", len(refused))
        self.sent_total += len(acked)
        return len(acked)

    def drain(self, max_rounds: int = 10_000) -> int:
        """Send until the outbox is empty (tests and the command line use this)."""
        sent = 0
        for _ in range(max_rounds):
            n = self.run_once()
            sent += n
            if n == 0:
                break
        return sent

    def run(self, stop: threading.Event) -> None:
        failures = 0
        while not stop.is_set():
            try:
                n = self.run_once()
                failures = 0
            except Exception as exc:
                failures += 1
                delay = min(30.0, 0.5 * 2 ** min(failures, 6))
                log.warning("relay round failed (%s); retrying in %.1fs", exc, delay)
                stop.wait(delay)
                continue
            if n >= self.batch_size:
                continue  # more waiting: no pause
            self._wait(stop)
        self._drop_publisher()
        if self._listener:
            self._listener.close()

    def _keep_alive(self) -> None:
        """Answer the broker's heartbeats while idle, or it closes the connection after two missed beats."""
        if self._connection is None or self._publisher is None or not self._publisher.amqp:
            return
        try:
            try:
                self._connection.drain_events(timeout=0)  # read what arrived, heartbeats included
            except socket.timeout:
                pass
            self._connection.heartbeat_check()
        except Exception as exc:
            log.info("relay connection lost while idle (%s); reconnecting on the next round", exc)
            self._drop_publisher()

    def _wait(self, stop: threading.Event) -> None:
        self._keep_alive()
        timeout = self.poll_seconds
        heartbeat = getattr(self._connection, "heartbeat", None) if self._publisher is not None else None
        if heartbeat:
            timeout = min(timeout, heartbeat / 4)  # wake in time to answer the next heartbeat
        if self.engine.dialect.name != "postgresql":
            stop.wait(timeout)
            return
        if self._listener is None:
            self._listener = _Listener(self.engine.url, notify_channel(self.service))
        self._listener.wait(timeout, stop)


class _Listener:
    """LISTEN on its own autocommit connection, outside the pool.

    A PostgreSQL restart kills the connection without a word: any error
    reconnects, and the caller scans for a backlog after every wake-up anyway,
    and at least every ``poll_seconds`` (the bounded fallback).
    """

    def __init__(self, url: sa.URL, channel: str):
        self.dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.channel = channel
        self.conn: psycopg.Connection | None = None

    def _connect(self) -> psycopg.Connection:
        conn = psycopg.connect(self.dsn, autocommit=True, connect_timeout=5)
        conn.execute(f'LISTEN "{self.channel}"')
        return conn

    def wait(self, timeout: float, stop: threading.Event) -> None:
        """Return on a notification, after ``timeout``, or soon after ``stop`` is set."""
        deadline = time.monotonic() + timeout
        try:
            if self.conn is None or self.conn.closed:
                self.conn = self._connect()
                return  # freshly (re)connected: scan for a backlog now
            while not stop.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                # short slices so that a shutdown is not held up by a long fallback poll
                for _ in self.conn.notifies(timeout=min(remaining, 1.0), stop_after=1):
                    return
        except psycopg.Error as exc:
            log.warning("LISTEN connection lost (%s); reconnecting", exc)
            self.close()
            stop.wait(min(timeout, 1.0))

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
        self.conn = None
