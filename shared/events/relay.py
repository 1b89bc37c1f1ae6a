"""The outbox relay: claims unsent rows, publishes them in confirmed batches, marks them sent.

Several relays may run against one PostgreSQL database: a claim is a short
transaction that takes rows with ``FOR UPDATE SKIP LOCKED`` and leases them
(``claimed_until``); the publish happens outside any transaction, and only
what the broker acknowledged is marked sent. A relay that dies leaves its
lease to expire and another relay resends: the consumers' inbox absorbs the
rare duplicate. SQLite has no SKIP LOCKED: one relay per service there.

Leases are stamped and compared by the database's clock (``now()``), never a
host's, and a confirm round is bounded to half the lease, so a slow round
gives up before another relay may take its rows. What the broker confirmed
is marked sent even when the round then fails.

On PostgreSQL a round waiting for its confirms takes in the rows committed meanwhile (their NOTIFY has come):
they are claimed and published at once and marked with the round, so a commit waits for its own publish, not
for the round before it to be confirmed.

One bad row never blocks the outbox. A row's ``attempts`` counts the rounds
that failed with it in them for a reason that may be the row's own (a nack,
a refusal, a channel error); a broker that cannot be reached is nobody's
fault and costs no attempt. A row that has failed before is sent on its own,
so its failure is its own; after ``max_attempts`` it is parked (left unsent
and no longer claimed), listed by ``dead-letters list`` as a dead outbound
event and sent again by ``dead-letters replay out:<id>``.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import select
import socket
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import amqp.exceptions
import psycopg
import sqlalchemy as sa
from psycopg import pq
from kombu import Connection, Producer

from shared.db import utcnow
from shared.events import kill_points
from shared.events.bell import Bell
from shared.events.outbox import notify_channel
from shared.events.purge import purge_older
from shared.events.tables import EventTables
from shared.events.topology import Topology, for_connection

log = logging.getLogger("rostok.relay")


class PublishError(RuntimeError):
    pass


class RoundFailed(RuntimeError):
    """A publish round failed part-way; what the broker had confirmed by then is in ``acked``."""

    def __init__(self, cause: BaseException, acked: list[int]):
        super().__init__(str(cause))
        self.cause = cause
        self.acked = acked


def broker_away(exc: BaseException) -> bool:
    """Whether a failed round says nothing about its rows (no attempt is counted).

    Only a channel error may be a row's doing (the broker closes the channel
    on a message it will not take); a lost or refused connection, a confirm
    that does not come in time, or the filesystem transport's own hiccups are
    nobody's fault. Rows the client cannot encode are refused one by one
    before this, and nacks are counted where they arrive.
    """
    if isinstance(exc, RoundFailed):
        exc = exc.cause
    return not isinstance(exc, amqp.exceptions.ChannelError)


@dataclass
class ClaimedRow:
    id: int
    event_id: str
    routing_key: str
    body: str
    attempts: int = 1  # counting this round


class _Publisher:
    """A broker channel in confirm mode (AMQP) or a plain one (filesystem)."""

    # while confirms are awaited, how often rows committed meanwhile are looked for
    MORE_SLICE = 0.002

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

    def publish(self, rows: list[ClaimedRow], more: Callable[[int], list[ClaimedRow]] | None = None
                ) -> tuple[list[int], dict[int, str]]:
        """Publish a batch; return (acked ids, {refused id: why}).

        While the broker's confirms are awaited, ``more`` (when given, with the round's size so far) is asked for
        rows committed meanwhile: they
        are published at once in the same round and appended to ``rows`` (the caller's list), so a commit waits for
        its own publish, not for the end of the round before it.

        A row the client cannot even encode (a routing key beyond AMQP's 255 bytes) is refused
        on its own and the others go on. Raises ``RoundFailed`` (carrying what was acked) when
        the connection or the channel fails."""
        tags: dict[int, int] = {}
        refused: dict[int, str] = {}
        try:
            self._send(rows, tags, refused, kill_point=True)
            if not self.amqp:
                # the filesystem transport has written (and renamed) the file: that is its confirmation
                return list(tags.values()), refused
            deadline = time.monotonic() + self.confirm_timeout
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PublishError(f"broker did not confirm {len(self._pending)} messages in {self.confirm_timeout}s")
                try:
                    self.connection.drain_events(timeout=min(remaining, 1.0 if more is None else self.MORE_SLICE))
                except socket.timeout:
                    pass
                if more is not None and self._pending:
                    extra = more(len(rows))
                    if extra:
                        rows.extend(extra)
                        self._send(extra, tags, refused)
        except Exception as exc:
            raise RoundFailed(exc, self._collect(tags)[0]) from exc
        acked, nacked = self._collect(tags)
        refused.update((rid, "refused by the broker (basic.nack)") for rid in nacked)
        return acked, refused

    def _send(self, rows: list[ClaimedRow], tags: dict[int, int], refused: dict[int, str], *,
              kill_point: bool = False) -> None:
        for i, row in enumerate(rows):
            if kill_point and i and i == len(rows) // 2:
                kill_points.reached("relay-mid-batch")
            try:
                self.producer.publish(
                    row.body.encode("utf-8"),
                    routing_key=row.routing_key,
                    content_type="application/json",
                    content_encoding="utf-8",
                    delivery_mode=2,
                    message_id=row.event_id,
                    retry=False,
                )
            except (struct.error, UnicodeError) as exc:
                # raised while encoding, before a byte is written: the channel is intact
                refused[row.id] = f"{type(exc).__name__}: {exc}"
                continue
            tags[self._next_tag] = row.id
            if self.amqp:
                self._pending.add(self._next_tag)
            self._next_tag += 1

    def _collect(self, tags: dict[int, int]) -> tuple[list[int], list[int]]:
        acked = [rid for tag, rid in tags.items() if tag in self._acked and tag not in self._nacked]
        nacked = [rid for tag, rid in tags.items() if tag in self._nacked]
        self._acked.clear()
        self._nacked.clear()
        return acked, nacked

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
        confirm_timeout: float | None = None,
        max_attempts: int = 10,
        failure_pause_seconds: float = 1.0,
        name: str | None = None,
        listen_url: sa.URL | str | None = None,
        bell: Path | None = None,
    ):
        self.service = service
        self.engine = engine
        self.outbox = tables.outbox
        self.connection_factory = connection_factory
        self.prefix = prefix
        self.batch_size = batch_size
        self.lease = dt.timedelta(seconds=lease_seconds)
        self.poll_seconds = poll_seconds
        # a confirm round ends well inside the lease: another relay takes the rows only once we gave up on them
        self.confirm_timeout = min(confirm_timeout or lease_seconds / 2, lease_seconds / 2)
        self.max_attempts = max_attempts
        self.failure_pause = failure_pause_seconds
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        # the LISTEN connection's own address: it must reach PostgreSQL directly, past any transaction pooler
        self.listen_url = sa.make_url(listen_url) if listen_url is not None else engine.url
        self._connection: Connection | None = None
        self._publisher: _Publisher | None = None
        self._listener: _Listener | None = None
        self._bell_path = bell
        self._bell: Bell | None = None
        self._heard_meanwhile = False
        self._own: sa.Connection | None = None  # PostgreSQL: the connection of claims and marks (``_bookkeeping``)
        self.sent_total = 0

    # -- database steps, each its own short transaction ---------------------------------

    def _now(self):
        """The database's clock on PostgreSQL, where several hosts share leases; SQLite has one relay."""
        return sa.func.now() if self.engine.dialect.name == "postgresql" else utcnow()

    @contextlib.contextmanager
    def _bookkeeping(self):
        """Where a claim or a "sent" mark runs. On PostgreSQL each is one statement (atomic by itself) on the relay's
        own connection in autocommit, whose commits need not wait for the disk: should PostgreSQL lose its last
        moments, a claim lost is claimed again and a row whose "sent" is lost is sent again (the consumers' inbox
        absorbs the copy); the events themselves were committed by their use case, durably. So a round costs no
        BEGIN, COMMIT, SET or pool check-out round trips. Elsewhere, a transaction of the engine."""
        if self.engine.dialect.name != "postgresql":
            with self.engine.begin() as conn:
                yield conn
            return
        if self._own is None:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            conn.detach()  # never back in the pool: its session setting below is the relay's alone
            conn.exec_driver_sql("SET synchronous_commit = off")
            self._own = conn
        try:
            yield self._own
        except sa.exc.DBAPIError:
            self._drop_own()  # a lost connection is made anew by the next round
            raise

    def _drop_own(self) -> None:
        if self._own is not None:
            try:
                self._own.close()
            except Exception:
                pass
            self._own = None

    def claim(self, limit: int | None = None) -> list[ClaimedRow]:
        o = self.outbox
        with self._bookkeeping() as conn:
            now = self._now()
            query = (
                sa.select(o.c.id, o.c.event_id, o.c.routing_key, o.c.body, o.c.attempts)
                .where(o.c.sent_at.is_(None))
                .where(o.c.attempts < self.max_attempts)  # the rest are parked
                .where(sa.or_(o.c.claimed_until.is_(None), o.c.claimed_until < now))
                .order_by(o.c.id)
                .limit(limit or self.batch_size)
                .with_for_update(skip_locked=True)
            )
            if self.engine.dialect.name == "postgresql":
                # the rows picked and leased by one statement: one round trip less in every round
                leased = conn.execute(
                    sa.update(o).where(o.c.id.in_(query.with_only_columns(o.c.id).scalar_subquery()))
                    .values(claimed_by=self.name, claimed_until=now + self.lease, attempts=o.c.attempts + 1)
                    .returning(o.c.id, o.c.event_id, o.c.routing_key, o.c.body, o.c.attempts))
                return sorted((ClaimedRow(r.id, r.event_id, r.routing_key, r.body, r.attempts) for r in leased),
                              key=lambda row: row.id)
            rows = [ClaimedRow(r.id, r.event_id, r.routing_key, r.body, r.attempts + 1) for r in conn.execute(query)]
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
        with self._bookkeeping() as conn:
            conn.execute(
                sa.update(self.outbox)
                .where(self.outbox.c.id.in_(ids))
                .values(sent_at=utcnow(), claimed_by=None, claimed_until=None)
            )

    def release(self, ids: list[int], *, attempt_counts: bool = False) -> None:
        """Give rows back at once. Unless the round's failure may be theirs, the attempt is not counted."""
        if not ids:
            return
        o = self.outbox
        values = dict(claimed_by=None, claimed_until=None)
        if not attempt_counts:
            values["attempts"] = sa.func.greatest(o.c.attempts - 1, 0) if self.engine.dialect.name == "postgresql" else sa.func.max(o.c.attempts - 1, 0)
        with self.engine.begin() as conn:
            conn.execute(self._own_claims(ids).values(**values))

    def _own_claims(self, ids: list[int]) -> sa.Update:
        """An update of the rows still unsent and still claimed by this relay: after a slow round the lease may have
        passed to another relay, and clearing its claim would invite a third copy."""
        o = self.outbox
        return sa.update(o).where(o.c.id.in_(ids)).where(o.c.sent_at.is_(None)).where(o.c.claimed_by == self.name)

    def hold_back(self, rows: list[ClaimedRow], errors: dict[int, str]) -> None:
        """Rows that failed for a reason that may be their own: tried again after a pause, parked at the limit."""
        if not rows:
            return
        with self.engine.begin() as conn:
            for row in rows:
                pause = dt.timedelta(seconds=min(300.0, self.failure_pause * 2 ** (row.attempts - 1)))
                conn.execute(self._own_claims([row.id]).values(claimed_by=None, claimed_until=self._now() + pause))
                error = errors.get(row.id, "?")
                if row.attempts >= self.max_attempts:
                    log.error("outbox row %s (%s %s) parked after %d attempts: %s",
                              row.id, row.routing_key, row.event_id, row.attempts, error)
                else:
                    log.warning("outbox row %s (%s) failed, attempt %d of %d: %s",
                                row.id, row.routing_key, row.attempts, self.max_attempts, error)

    def parked(self) -> list:
        """Rows given up on: never sent, their attempts spent."""
        o = self.outbox
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(o.c.id, o.c.event_id, o.c.routing_key, o.c.attempts, o.c.created_at)
                .where(o.c.sent_at.is_(None))
                .where(o.c.attempts >= self.max_attempts)
                .order_by(o.c.id)
            ).all()

    def unpark(self, outbox_id: int) -> bool:
        """Send a parked row again (its attempts start afresh); False when there is no such unsent row."""
        o = self.outbox
        with self.engine.begin() as conn:
            result = conn.execute(
                sa.update(o)
                .where(o.c.id == outbox_id)
                .where(o.c.sent_at.is_(None))
                .values(attempts=0, claimed_by=None, claimed_until=None)
            )
            return bool(result.rowcount)

    def backlog(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count()).select_from(self.outbox).where(self.outbox.c.sent_at.is_(None))
            ).scalar_one()

    def purge_sent(self, older_than: dt.timedelta = dt.timedelta(days=7), batch: int = 10_000) -> int:
        """Forget outbox rows sent longer than ``older_than`` ago (unsent rows are never purged)."""
        return purge_older(self.engine.begin, self.outbox, "id", "sent_at", utcnow() - older_than, batch)

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
        # a row that failed before goes alone, so that its failure is its own and not its batch's
        suspects = [r for r in rows if r.attempts > 1]
        fresh = [r for r in rows if r.attempts <= 1]
        sent = 0
        batches = [[r] for r in suspects] + ([fresh] if fresh else [])
        for i, batch in enumerate(batches):
            try:
                # rows committed meanwhile are heard of by the LISTEN connection: without one (a drain), none join
                listening = self._listener is not None and self._listener.connected
                sent += self._publish(batch, more=self._more if batch is fresh and listening else None)
            except Exception as exc:
                if not broker_away(exc):
                    continue  # held back (the row's own failure, perhaps): the others go on
                later = [r.id for b in batches[i + 1:] for r in b]
                self.release(later)  # not tried in this round: no attempt spent
                raise
        return sent

    def _more(self, have: int) -> list[ClaimedRow]:
        """Rows committed while a round of ``have`` rows awaits its confirms (PostgreSQL: a NOTIFY has come), claimed
        to go in the same round, up to the batch size. Only fresh ones: a row that failed before goes back, no attempt
        spent, for the next round to send alone."""
        if have >= self.batch_size or not self._listener.notified():
            return []
        self._heard_meanwhile = True  # the NOTIFY is used up here: the next round looks without waiting for one
        rows = self.claim(limit=self.batch_size - have)
        self.release([r.id for r in rows if r.attempts > 1])
        return [r for r in rows if r.attempts <= 1]

    def _publish(self, rows: list[ClaimedRow], more: Callable[[int], list[ClaimedRow]] | None = None) -> int:
        try:
            publisher = self._ensure_publisher()
            acked, refused = publisher.publish(rows, more)
        except Exception as exc:
            self._drop_publisher()
            acked = exc.acked if isinstance(exc, RoundFailed) else []
            self.mark_sent(acked)  # the broker has these: marked before anything else can go wrong
            self.sent_total += len(acked)
            rest = [r for r in rows if r.id not in set(acked)]
            if broker_away(exc):
                self.release([r.id for r in rest])  # nobody's fault: no attempt spent
            else:  # a channel error: one of these rows may be its cause
                cause = exc.cause if isinstance(exc, RoundFailed) else exc
                self.hold_back(rest, {r.id: f"{type(cause).__name__}: {cause}" for r in rest})
            raise
        kill_points.reached("relay-after-publish")
        self.mark_sent(acked)
        self.hold_back([r for r in rows if r.id in refused], refused)
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
                self._pause(delay, stop)
                continue
            if n >= self.batch_size or self._heard_meanwhile:
                self._heard_meanwhile = False
                continue  # more waiting (or a NOTIFY taken during the round): no pause
            self._wait(stop)
        self._drop_publisher()
        self._drop_own()
        if self._listener:
            self._listener.close()
        if self._bell:
            self._bell.close()

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
            bell = self._get_bell()
            if bell is None:
                stop.wait(timeout)
            else:
                bell.wait(timeout)
            return
        self._get_listener().wait(timeout, stop)

    def _get_bell(self) -> Bell | None:
        if self._bell is None and self._bell_path is not None:
            try:
                self._bell = Bell(self._bell_path)
            except OSError as exc:
                log.info("no doorbell at %s (%s): polling every %.1fs", self._bell_path, exc, self.poll_seconds)
                self._bell_path = None
        return self._bell

    def _get_listener(self) -> "_Listener":
        if self._listener is None:
            self._listener = _Listener(self.listen_url, notify_channel(self.service))
        return self._listener

    def _pause(self, delay: float, stop: threading.Event) -> None:
        """The back-off after a failed round, cut short when the database comes back.

        A round fails for the broker or for the database. While the database
        answers, the broker is the cause: wait the whole back-off. Otherwise
        the LISTEN connection is tried again every half second, and the
        moment it is back so is the database: the backlog of a PostgreSQL
        restart goes out then, not at the end of a back-off grown to 30 s.
        """
        if self.engine.dialect.name != "postgresql":
            stop.wait(delay)
            return
        listener = self._get_listener()
        if listener.answers():
            stop.wait(delay)
            return
        listener.reconnect(delay, stop)


# TCP keepalives on the LISTEN connection: a peer gone without a word (a server restarted while its reset
# was lost, a dropped network path) is noticed by the kernel within idle + interval * count seconds, not never
LISTEN_KEEPALIVES = dict(keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)


class _Listener:
    """LISTEN on its own autocommit connection, outside the pool.

    A PostgreSQL restart kills the connection without a word, and a
    half-open connection never raises: it just stays silent while the
    commits' NOTIFYs go nowhere. So besides the keepalives, a connection
    quiet for ``check_seconds`` is proven by a round trip (``SELECT 1``)
    that must answer within ``check_timeout``; any failure drops it, and
    the caller scans for a backlog after every wake-up and reconnection,
    and at least every ``poll_seconds`` (the bounded fallback).
    """

    RECONNECT_PAUSE = 0.5

    def __init__(self, url: sa.URL, channel: str, *, check_seconds: float = 2.0, check_timeout: float = 2.0):
        self.dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.channel = channel
        self.check_seconds = check_seconds
        self.check_timeout = check_timeout
        self.conn: psycopg.Connection | None = None
        self._heard_at = 0.0  # when the connection last proved alive (monotonic)

    def _connect(self) -> psycopg.Connection:
        conn = psycopg.connect(self.dsn, autocommit=True, connect_timeout=5, **LISTEN_KEEPALIVES)
        conn.execute(f'LISTEN "{self.channel}"')
        self._heard_at = time.monotonic()
        return conn

    @property
    def connected(self) -> bool:
        return self.conn is not None and not self.conn.closed

    def wait(self, timeout: float, stop: threading.Event) -> None:
        """Return on a notification, after ``timeout``, or soon after ``stop`` is set."""
        deadline = time.monotonic() + timeout
        try:
            if not self.connected:
                self.conn = self._connect()
                return  # freshly (re)connected: scan for a backlog now
            while not stop.is_set():
                now = time.monotonic()
                remaining = deadline - now
                if remaining <= 0:
                    return
                if now - self._heard_at >= self.check_seconds:
                    answered, notified = self._round_trip()
                    if not answered:
                        log.warning("LISTEN connection silent for %.0fs; reconnecting", time.monotonic() - self._heard_at)
                        self.close()
                        return  # the commits meanwhile went unheard: scan for them now
                    if notified:
                        return
                    continue
                # short slices so that a shutdown is not held up by a long fallback poll
                next_check = self._heard_at + self.check_seconds - now
                for _ in self.conn.notifies(timeout=max(0.05, min(remaining, 1.0, next_check)), stop_after=1):
                    self._heard_at = time.monotonic()
                    return
        except psycopg.Error as exc:
            log.warning("LISTEN connection lost (%s); reconnecting", exc)
            self.close()
            stop.wait(min(timeout, self.RECONNECT_PAUSE))

    def notified(self) -> bool:
        """Whether a notification has arrived, without waiting (and taking it); False on a broken connection, which
        the next ``wait`` replaces."""
        if not self.connected:
            return False
        pgconn = self.conn.pgconn
        try:
            pgconn.consume_input()
        except psycopg.Error:
            self.close()
            return False
        notified = _take_notifies(pgconn)
        if notified:
            self._heard_at = time.monotonic()
        return notified

    def answers(self) -> bool:
        """Whether the database answers on this connection now (connecting if need be); never raises."""
        try:
            if not self.connected:
                self.conn = self._connect()
                return True
            answered, _notified = self._round_trip()
        except psycopg.Error:
            answered = False
        if not answered:
            self.close()
        return answered

    def reconnect(self, timeout: float, stop: threading.Event) -> bool:
        """Try to connect every half second for up to ``timeout``; True as soon as it worked."""
        deadline = time.monotonic() + timeout
        while not stop.is_set():
            try:
                self.conn = self._connect()
                return True
            except psycopg.Error:
                pass
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            stop.wait(min(remaining, self.RECONNECT_PAUSE))
        return False

    def _round_trip(self) -> tuple[bool, bool]:
        """``SELECT 1`` bounded by ``check_timeout``: (answered, a notification came meanwhile).

        On libpq's own calls, since psycopg's would wait for ever on a silent connection."""
        pgconn = self.conn.pgconn
        deadline = time.monotonic() + self.check_timeout
        pgconn.send_query(b"SELECT 1")
        while True:
            pgconn.consume_input()
            if not pgconn.is_busy():
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False, False
            select.select([pgconn.socket], [], [], remaining)
        answered = True
        while (result := pgconn.get_result()) is not None:
            answered = answered and result.status == pq.ExecStatus.TUPLES_OK
        notified = _take_notifies(pgconn)  # arrived with the answer: they are wake-ups too
        if answered:
            self._heard_at = time.monotonic()
        return answered, notified

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
        self.conn = None


def _take_notifies(pgconn) -> bool:
    """Take every notification libpq has read; whether there was one."""
    notified = False
    while pgconn.notifies() is not None:
        notified = True
    return notified
