"""The event consumer: apply once, ack after commit, keep failures in the service's own tables.

For each message: parse it against its contract; in one transaction record
its id in the inbox and run the handler; commit; only then ack. A redelivered
event hits the inbox's primary key and has no second effect. A handler that
fails has its event stored in ``failed_events`` with a back-off, is retried
from there, and after ``max_attempts`` is marked dead for an operator to
inspect and replay (``python -m services.<svc> dead-letters``). Retries live in
the database rather than in broker delay queues so that both transports
(AMQP and the embedded filesystem one) behave alike.

A database that is down or restarting is not the event's fault: the attempt
is not counted, and the consumer keeps the delivery unacked and tries the
database again in place, answering the broker's heartbeats meanwhile. It
never requeues for an outage: each requeue counts against the quorum queue's
delivery limit (a minute's restart would dead-letter live events), and the
filesystem transport would route the requeued copy into sibling queues too.
RabbitMQ's delivery limit and dead-letter exchange stay the last safety net
for a message that kills the process.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import selectors
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from kombu import Connection, Consumer as KombuConsumer
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from shared import logs
from shared.config import DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BASE_SECONDS
from shared.db import utcnow
from shared import retries
from shared.events import envelope as envelopes, kill_points
from shared.events.apply_thread import ApplyThread
from shared.events.envelope import ContractError, Envelope
from shared.events.held_connection import HeldConnection
from shared.events.outbox import Outbox
from shared.events.recordset import json_rows, recordset
from shared.events.purge import purge_older
from shared.events.replica import ReplicaWrites
from shared.events.tables import EventTables
from shared.events.topology import for_connection
from shared.uow import UnitOfWork

log = logging.getLogger("rostok.consumer")

# how long a claimed retry is held before another worker may take it
RETRY_LEASE = dt.timedelta(minutes=5)

Handler = Callable[[UnitOfWork, Envelope], None]

APPLIED, DUPLICATE, FAILED, DEAD, IGNORED = "applied", "duplicate", "failed", "dead", "ignored"


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached (or asked us to try again); the message must not be acked."""


# PostgreSQL error classes that say "try again later", not "this event is bad":
# connection exceptions, transaction rollbacks (serialization, deadlock),
# insufficient resources, operator intervention (shutdown), system errors.
_TRANSIENT_SQLSTATE_CLASSES = ("08", "40", "53", "57", "58")
# SQLite's transient ones; its other OperationalErrors ("no such table") are bugs.
_TRANSIENT_SQLITE = ("database is locked", "database is busy", "disk i/o error", "unable to open database")


def is_transient(exc: BaseException) -> bool:
    """Whether a database error is an outage (retry the same event in place) rather than the event's failure."""
    if isinstance(exc, sa_exc.DisconnectionError):
        return True
    if not isinstance(exc, sa_exc.DBAPIError):
        return False
    if exc.connection_invalidated or isinstance(exc, sa_exc.InterfaceError):
        return True
    if not isinstance(exc, sa_exc.OperationalError):
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate:
        return sqlstate[:2] in _TRANSIENT_SQLSTATE_CLASSES
    message = str(exc.orig).lower()
    if type(exc.orig).__module__.startswith("sqlite3"):
        return any(m in message for m in _TRANSIENT_SQLITE)
    return True  # a driver error without a state: the connection could not be made or was lost


class _HeldWritesFailed(Exception):
    """Writing a batch's held replica rows failed: which event's row it was is not known."""


class EventUnitOfWork(UnitOfWork):
    """A consumer's unit of work; while ``replica_writes`` is set, batched handlers' rows wait in it."""

    replica_writes: ReplicaWrites | None = None

    def write_held(self) -> None:
        if self.replica_writes:
            try:
                self.replica_writes.flush(self.session)
            except Exception as exc:
                raise _HeldWritesFailed(str(exc)) from exc


@dataclass
class Outcome:
    status: str
    error: str | None = None


class EventApplier:
    """Applies parsed events to the service's database; shared by the consumer, the retry loop and the replay tool."""

    def __init__(
        self,
        *,
        service: str,
        session_factory: sessionmaker,
        tables: EventTables,
        handlers: dict[str, Handler],
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        retry_base_seconds: float = DEFAULT_RETRY_BASE_SECONDS,
    ):
        self.service = service
        self.session_factory = session_factory
        self.tables = tables
        self.handlers = handlers
        self.outbox = Outbox(service, tables)
        self.max_attempts = max_attempts
        self.retry_base = retry_base_seconds

    # -- applying ---------------------------------------------------------------------

    def apply_raw(self, body: bytes | str) -> Outcome:
        """One event, as a batch of one (a retry, a replay, the embedded transport's single delivery)."""
        return self.apply_batch([body])[0]

    def apply_batch(self, bodies: list[bytes | str], *, sessions: Callable[[], Session] | None = None) -> list[Outcome]:
        """Apply several events in one transaction, in their order; one bad event never rolls back the others.

        First all together: the inbox rows in one statement, the handlers one after another, one commit. Should a
        handler fail, that transaction is rolled back and the batch is applied again with a savepoint per event:
        a duplicate or a failing event then rolls back its savepoint only, and failures are recorded (each in its
        own transaction) after the batch commits. A transient database error rolls back the whole batch and
        raises ``DatabaseUnavailable``: the caller holds the batch and tries again.

        ``sessions`` makes the batch's sessions (the consumer's kept connection, ``held_connection``); the failures
        are recorded through the pool.
        """
        sessions = sessions or self.session_factory
        outcomes: list[Outcome | None] = [None] * len(bodies)
        parsed: list[tuple[int, Envelope, str]] = []
        for i, body in enumerate(bodies):
            raw, env, refused = self._decode(body)
            if env is None:
                outcomes[i] = refused
            else:
                parsed.append((i, env, raw))
        if parsed:
            failed = self._apply_together(parsed, outcomes, sessions)
            if failed is not None:
                self._apply_each(parsed, outcomes, sessions, known=failed)
        return outcomes

    def _decode(self, body: bytes | str) -> tuple[str, Envelope | None, Outcome | None]:
        """The body as text and its envelope checked against its contract; one that fails its contract will never get
        better by waiting: it is dead at once."""
        raw = body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) else body
        try:
            return raw, envelopes.parse(raw), None
        except ContractError as exc:
            self._record_failure(_event_id_of(raw), _type_of(raw), raw, f"{exc}: {exc.errors}", dead_now=True)
            return raw, None, Outcome(DEAD, str(exc))

    def _apply_together(self, parsed: list[tuple[int, Envelope, str]], outcomes: list,
                        sessions: Callable[[], Session]) -> tuple[int | None, Exception] | None:
        """The common case, with no savepoints, the batched handlers' replica rows written at the end in one
        statement per table. When a handler fails, nothing is written and the answer is which event failed and why
        (its handler is not run a second time for this delivery); when the held rows fail, which event is not
        known (None)."""
        uow = EventUnitOfWork(sessions, self.outbox)
        uow.replica_writes = ReplicaWrites()
        done: dict[int, Outcome] = {}
        duplicates: list[str] = []
        current = None
        try:
            # together, every new event is applied or none is: their stored failures are resolved in the same
            # statement (on PostgreSQL), and the commit needs no statement of its own for them
            new = self._insert_inbox(uow, [env for _i, env, _raw in parsed], resolving=True)
            for n, (i, env, _raw) in enumerate(parsed):
                if n and n == len(parsed) // 2:
                    kill_points.reached("consumer-mid-batch")
                if env.id not in new:  # applied before (a redelivery), or twice in this very batch
                    done[i] = Outcome(DUPLICATE)
                    duplicates.append(env.id)
                    continue
                new.discard(env.id)
                current = i
                token = logs.set_correlation_id(env.correlation_id)
                try:
                    done[i] = self._handle(uow, env)
                finally:
                    logs.reset_correlation_id(token)
            current = None
            uow.write_held()
            self._commit_applied(uow, parsed, done.get, resolved=uow.session.get_bind().dialect.name == "postgresql")
        except Exception as exc:
            _quiet_rollback(uow)
            cause = exc.__cause__ if isinstance(exc, _HeldWritesFailed) else exc
            if is_transient(cause):
                raise DatabaseUnavailable(str(cause)) from cause
            if isinstance(exc, _HeldWritesFailed):
                # one of the held rows is bad: each event again in its own savepoint finds which
                log.info("a batch of %d goes again with one savepoint per event: %s", len(parsed), cause)
                return None, cause
            if current is None:
                raise  # not a handler's failure: the batch is not applied, and is delivered again
            log.info("a batch of %d goes again with one savepoint per event: %s", len(parsed), exc)
            return current, exc
        finally:
            uow.close()
        for event_id in duplicates:
            self._note_duplicate(event_id)
        for i, outcome in done.items():
            outcomes[i] = outcome
        return None

    def _insert_inbox(self, uow: UnitOfWork, envs: list[Envelope], *, resolving: bool = False) -> set[str]:
        """Record the events' ids in the inbox in one statement (ON CONFLICT DO NOTHING ... RETURNING: the rows say
        which were new, rowcount is not reliable here); answers the ids that were not there yet. The one inbox insert
        of the consumer: a batch, a savepoint's one event, a retry."""
        now = utcnow()
        dialect = uow.session.get_bind().dialect.name
        if dialect == "postgresql":
            # the rows as one JSON parameter of one short statement (``recordset``)
            inserted = uow.session.connection().execute(_inbox_insert_many(self.tables.inbox, self.tables.failed if resolving else None),
                                           dict(rows=json_rows({"event_id": env.id, "routing_key": env.type,
                                                                "occurred_at": env.occurred_at} for env in envs),
                                                now=now))
        else:
            rows = [dict(event_id=env.id, routing_key=env.type, occurred_at=env.occurred_at, processed_at=now) for env in envs]
            # one statement built once, its rows as parameters: SQLAlchemy sends them as one multi-row INSERT
            inserted = uow.session.connection().execute(_inbox_insert(dialect, self.tables.inbox), rows)
        return set(inserted.scalars())

    def _handle(self, uow: UnitOfWork, env: Envelope) -> Outcome:
        handler = self.handlers.get(env.type)
        held = getattr(uow, "replica_writes", None)
        if handler is None or held is None or getattr(handler, "batched", False):
            if handler is not None:
                handler(uow, env)
        else:
            # a handler that reads, or writes otherwise: what is held lands first, and its own writes go now
            uow.write_held()
            uow.replica_writes = None
            try:
                handler(uow, env)
            finally:
                uow.replica_writes = held
        kill_points.note(uow.session, env.id, "applied")
        log.debug("applied %s %s", env.type, env.id)
        return Outcome(APPLIED if handler else IGNORED)

    def _apply_each(self, parsed: list[tuple[int, Envelope, str]], outcomes: list, sessions: Callable[[], Session], *,
                    known: tuple[int | None, Exception]) -> None:
        """The batch again, each event inside its own savepoint (its writes made at once); the one that failed
        together, when known, is a failure."""
        failures: list[tuple[int, Envelope, str, BaseException]] = []
        duplicates: list[str] = []
        uow = UnitOfWork(sessions, self.outbox)
        try:
            for n, (i, env, raw) in enumerate(parsed):
                if n and n == len(parsed) // 2:
                    kill_points.reached("consumer-mid-batch")
                if i == known[0]:
                    failures.append((i, env, raw, known[1]))
                    continue
                token = logs.set_correlation_id(env.correlation_id)
                savepoint = uow.session.begin_nested()
                try:
                    outcome = self._apply_in(uow, env)
                    savepoint.commit()
                    outcomes[i] = outcome
                    if outcome.status == DUPLICATE:
                        duplicates.append(env.id)
                except Exception as exc:
                    if savepoint.is_active:
                        savepoint.rollback()
                    if is_transient(exc):
                        raise
                    failures.append((i, env, raw, exc))
                finally:
                    logs.reset_correlation_id(token)
            self._commit_applied(uow, parsed, outcomes.__getitem__)
        except Exception as exc:
            _quiet_rollback(uow)
            if is_transient(exc):
                raise DatabaseUnavailable(str(exc)) from exc
            raise
        finally:
            uow.close()
        for event_id in duplicates:
            self._note_duplicate(event_id)
        for i, env, raw, exc in failures:
            outcomes[i] = self._failed(env, raw, exc)

    def _commit_applied(self, uow: UnitOfWork, parsed: list[tuple[int, Envelope, str]], outcome_of, *,
                        resolved: bool = False) -> None:
        """Resolve the stored failures of the events applied now (unless done already), and commit the batch once."""
        applied = [env.id for i, env, _raw in parsed
                   if (outcome := outcome_of(i)) is not None and outcome.status in (APPLIED, IGNORED)]
        if applied and not resolved:
            self._resolve_many(uow.session, applied)
        uow.commit()

    def _apply_in(self, uow: UnitOfWork, env: Envelope) -> Outcome:
        """One event inside the caller's savepoint: inbox row, handler, ledger. The failures it resolves are
        marked by the caller, once for the batch."""
        # the inbox row first: a duplicate costs no savepoint of its own and leaves nothing behind
        if env.id not in self._insert_inbox(uow, [env]):
            return Outcome(DUPLICATE)
        outcome = self._handle(uow, env)
        uow.flush()
        return outcome

    def _note_duplicate(self, event_id: str) -> None:
        if kill_points.ledger_table() is None:
            return
        with self.session_factory() as session, session.begin():
            kill_points.note(session, event_id, "duplicate")

    def _already_applied(self, event_id: str) -> bool:
        try:
            with self.session_factory() as session:
                return session.execute(
                    sa.select(self.tables.inbox.c.event_id).where(self.tables.inbox.c.event_id == event_id)
                ).first() is not None
        except sa_exc.SQLAlchemyError as exc:
            raise DatabaseUnavailable(str(exc)) from exc

    def _failed(self, env: Envelope, raw: str, exc: BaseException) -> Outcome:
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        log.warning("event %s %s failed: %s", env.type, env.id, error)
        status = self._record_failure(env.id, env.type, raw, error, dead_now=False)
        return Outcome(status, error)

    # -- failure bookkeeping ----------------------------------------------------------------

    def _resolve_many(self, session: Session, event_ids: list[str]) -> None:
        f = self.tables.failed
        if session.get_bind().dialect.name == "postgresql":
            # one array parameter: the same statement text for every batch (an IN list is a new text per length)
            among = f.c.event_id == sa.any_(sa.bindparam("ids", event_ids, type_=postgresql.ARRAY(sa.String)))
        else:
            among = f.c.event_id.in_(event_ids)
        session.execute(
            sa.update(f)
            .where(among)
            .where(f.c.status != "resolved")
            .values(status="resolved", next_attempt_at=None, updated_at=utcnow())
        )

    def backoff(self, attempts: int) -> dt.timedelta:
        return dt.timedelta(seconds=retries.pause_seconds(self.retry_base, attempts))

    def _record_failure(self, event_id: str, routing_key: str, raw: str, error: str, *, dead_now: bool) -> str:
        f = self.tables.failed
        now = utcnow()
        try:
            with self.session_factory() as session, session.begin():
                row = session.execute(
                    sa.select(f.c.id, f.c.attempts, f.c.status).where(f.c.event_id == event_id).with_for_update()
                ).first()
                attempts = (row.attempts if row else 0) + 1
                dead = dead_now or attempts >= self.max_attempts
                values = dict(
                    status="dead" if dead else "retrying",
                    attempts=attempts,
                    last_error=error[:4000],
                    updated_at=now,
                    next_attempt_at=None if dead else now + self.backoff(attempts),
                )
                if row is None:
                    session.execute(
                        sa.insert(f).values(
                            event_id=event_id, routing_key=routing_key[:120], body=raw, first_failed_at=now, **values
                        )
                    )
                else:
                    session.execute(sa.update(f).where(f.c.id == row.id).values(**values))
            return DEAD if dead else FAILED
        except sa_exc.SQLAlchemyError as exc:
            raise DatabaseUnavailable(str(exc)) from exc

    # -- the retry loop and the operator's tools ---------------------------------------------

    def retry_due(self, limit: int = 100) -> int:
        """Retry the stored failures whose back-off has passed; returns how many were tried."""
        now = utcnow()
        try:
            due = self._claim_due(now, limit)
        except sa_exc.SQLAlchemyError as exc:
            raise DatabaseUnavailable(str(exc)) from exc
        for row in due:
            # an outage raises DatabaseUnavailable: the rest wait for their lease to pass, no attempt spent
            self.apply_raw(row.body)
        return len(due)

    def _claim_due(self, now: dt.datetime, limit: int) -> list:
        f = self.tables.failed
        with self.session_factory() as session, session.begin():
            # Claimed before the attempt (pushed out by a lease), so that the
            # worker copies of a service do not all retry the same event and
            # spend its attempts in one round; the attempt sets the real next time.
            due = session.execute(
                sa.select(f.c.id, f.c.event_id, f.c.body)
                .where(f.c.status == "retrying")
                .where(f.c.next_attempt_at <= now)
                .order_by(f.c.next_attempt_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            if due:
                session.execute(
                    sa.update(f).where(f.c.id.in_([r.id for r in due])).values(next_attempt_at=now + RETRY_LEASE)
                )
        return due

    def purge_inbox(self, older_than: dt.timedelta, batch: int = 10_000) -> int:
        """Forget processed event ids older than ``older_than`` (far longer than any redelivery can come)."""
        return purge_older(self.session_factory.begin, self.tables.inbox, "event_id", "processed_at",
                           utcnow() - older_than, batch)

    def record_dead(self, body: bytes | str, reason: str) -> str:
        """Keep an event the broker gave up on (its dead-letter queue) in our table, for replay."""
        raw = body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) else body
        event_id = _event_id_of(raw)
        if self._already_applied(event_id):
            return DUPLICATE
        return self._record_failure(event_id, _type_of(raw), raw, reason, dead_now=True)

    def replay(self, failed_id: int) -> Outcome:
        f = self.tables.failed
        with self.session_factory() as session:
            row = session.execute(sa.select(f).where(f.c.id == failed_id)).first()
        if row is None:
            raise LookupError(f"no failed event #{failed_id}")
        if row.status == "resolved":
            return Outcome(DUPLICATE)
        return self.apply_raw(row.body)


@functools.lru_cache(maxsize=16)
def _inbox_insert(dialect: str, inbox: sa.Table):
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(inbox).on_conflict_do_nothing(index_elements=["event_id"]).returning(inbox.c.event_id)


@functools.lru_cache(maxsize=16)
def _inbox_insert_many(inbox: sa.Table, failed: sa.Table | None):
    """PostgreSQL: the batch's inbox rows from one JSON parameter, the new ones' ids returned; with ``failed``, the
    stored failures of the same ids resolved by the same statement (a data-modifying WITH)."""
    arrived = sa.select(recordset(inbox, ("event_id", "routing_key", "occurred_at"))).cte("arrived")
    chosen = sa.select(arrived.c.event_id, arrived.c.routing_key, arrived.c.occurred_at,
                       sa.bindparam("now", type_=inbox.c.processed_at.type))
    if failed is not None:
        resolving = (sa.update(failed)
                     .where(failed.c.event_id.in_(sa.select(arrived.c.event_id)), failed.c.status != "resolved")
                     .values(status="resolved", next_attempt_at=None, updated_at=sa.bindparam("now"))
                     .cte("resolving"))
        chosen = chosen.add_cte(resolving)
    return (postgresql.insert(inbox).from_select(["event_id", "routing_key", "occurred_at", "processed_at"], chosen)
            .on_conflict_do_nothing(index_elements=["event_id"]).returning(inbox.c.event_id))


def _quiet_rollback(uow: UnitOfWork) -> None:
    # on a lost connection the rollback itself may fail; the error that matters is the first one
    try:
        uow.rollback()
    except Exception:
        pass


def _event_id_of(raw: str) -> str:
    try:
        value = json.loads(raw).get("id")
        if isinstance(value, str) and value:
            return value[:64]
    except Exception:
        pass
    return "sha256:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:56]


def _type_of(raw: str) -> str:
    try:
        value = json.loads(raw).get("type")
        return value if isinstance(value, str) else "?"
    except Exception:
        return "?"


class QueueConsumer:
    """Reads the service's queue and hands each message to the applier; acks only after commit."""

    # pauses between two tries of the database while it is away
    OUTAGE_FIRST_PAUSE = 0.5
    OUTAGE_LONGEST_PAUSE = 5.0

    def __init__(self, *, service: str, applier: EventApplier, connection_factory, prefix: str, prefetch: int = 50):
        self.service = service
        self.applier = applier
        self.connection_factory = connection_factory
        self.prefix = prefix
        self.prefetch = prefetch
        self.handled = 0
        self.outage_retries = 0
        self.batch_size = max(1, prefetch // 2)
        self._pending: list = []
        self._amqp = False
        self._stop = threading.Event()
        self._connection: Connection | None = None
        self._database = HeldConnection(applier.session_factory)

    def _on_message(self, message) -> None:
        # gathered, then applied together by the run loop (one transaction, one multiple ack)
        self._pending.append(message)

    def _apply(self, batch: list) -> None:
        """One batch on the consumer's kept database connection (``held_connection``), given back after any error.
        One kept from an earlier batch may have died while the queue was idle (a database restart): the batch
        then goes once more at once on a new one, as the pool's pre-ping would have done, before it is held."""
        bodies = [m.body for m in batch]
        tries = 2 if self._database.kept else 1
        for attempt in range(tries):
            try:
                # a connection that cannot be made fails here too (the batch's first session), as a transient error
                self.applier.apply_batch(bodies, sessions=self._database)
                return
            except Exception as exc:
                self._database.drop()
                if not (isinstance(exc, DatabaseUnavailable) or is_transient(exc)):
                    raise
                if attempt == tries - 1:
                    if isinstance(exc, DatabaseUnavailable):
                        raise
                    raise DatabaseUnavailable(str(exc)) from exc

    def _apply_pending(self) -> None:
        batch, self._pending = self._pending, []
        pause = self.OUTAGE_FIRST_PAUSE
        while True:
            try:
                self._apply(batch)
                break
            except DatabaseUnavailable as exc:
                next_pause = self._outage(len(batch), exc, pause)
                if not self._hold(pause):
                    # shutting down mid-outage: left unacked, the broker delivers them again after we close
                    return
                pause = next_pause
        self._ack(batch)

    def _outage(self, held: int, exc: BaseException, pause: float) -> float:
        """Count a try the database was away for (logged the first time and once the pause is at its longest);
        answers the pause after the one now starting."""
        if self.outage_retries == 0 or pause >= self.OUTAGE_LONGEST_PAUSE:
            log.error("database unavailable, holding %d messages and trying again: %s", held, exc)
        self.outage_retries += 1
        return min(self.OUTAGE_LONGEST_PAUSE, pause * 2)

    def _ack(self, batch: list) -> None:
        kill_points.reached("consumer-after-commit")
        if self._amqp:
            last = batch[-1]  # every delivery up to this one: the whole batch, in one frame
            last.channel.basic_ack(last.delivery_tag, multiple=True)
        else:
            for message in batch:
                message.ack()
        self.handled += len(batch)

    def _overlapped(self, connection: Connection, queue_name: str, stop: threading.Event, slice_seconds: float) -> None:
        """AMQP: the next deliveries read while a batch is applied on its own thread (``apply_thread``), each batch
        acked once committed. A database outage holds the batch, unacked, and tries it again after a pause, the
        broker's heartbeats answered meanwhile; nothing is requeued (each requeue counts against the quorum queue's
        delivery limit).

        The deliveries are taken as py-amqp gives them (a body and a delivery tag are all a batch needs): kombu's
        message object, its decoding and its ack state cost a bare consume-and-ack loop about a fifth of its CPU,
        and this reading thread shares the interpreter with the applying one."""
        channel = connection.connection.channel()
        channel.basic_qos(0, self.prefetch, False)
        channel.basic_consume(queue_name, callback=self._on_message, no_ack=False)
        worker = ApplyThread(self._apply, name=f"{self.service}-apply")
        sock = connection.connection.sock
        waiting = selectors.DefaultSelector()
        waiting.register(sock, selectors.EVENT_READ, "broker")
        waiting.register(worker.bell, selectors.EVENT_READ, "applied")
        held: list | None = None  # a batch the database was away for
        held_until = 0.0
        pause = self.OUTAGE_FIRST_PAUSE
        stopped = False
        # The socket stays non-blocking while this loop reads (it reads only what the selector says is there):
        # py-amqp, asked for a frame without waiting, would otherwise switch the socket to non-blocking and back
        # around every frame (three frames a message, a system call each way). Its writes are an ack a batch and a
        # heartbeat, a few bytes each on a socket whose send buffer has room unless the broker has stopped reading;
        # should one not fit, the connection fails, is made anew and the unacked batches come again.
        blocking = sock.gettimeout()
        sock.settimeout(0)
        try:
            while not stop.is_set():
                timeout = slice_seconds if held is None else max(0.0, min(slice_seconds, held_until - time.monotonic()))
                if any(key.data == "broker" for key, _events in waiting.select(timeout)):
                    self._gather(connection, limit=self.prefetch)
                done = worker.finished()
                if done is not None:
                    batch, error = done
                    if error is None:
                        self._ack(batch)
                        pause = self.OUTAGE_FIRST_PAUSE
                    elif isinstance(error, DatabaseUnavailable):
                        held, held_until = batch, time.monotonic() + pause
                        pause = self._outage(len(batch), error, pause)
                    else:
                        raise error  # not applied: the connection goes, and the batch is delivered again
                if not worker.busy:
                    if held is not None:
                        if time.monotonic() >= held_until:
                            worker.submit(held)
                            held = None
                    elif self._pending:
                        batch, self._pending = self._pending[:self.batch_size], self._pending[self.batch_size:]
                        worker.submit(batch)
                # py-amqp sends heartbeats only when asked: an idle queue would otherwise
                # have its connection closed by the broker after two missed beats
                connection.heartbeat_check()
            stopped = True
        finally:
            last = worker.wait()  # no batch is left applying behind this connection
            worker.close()
            waiting.close()
            try:
                sock.settimeout(blocking)
            except OSError:
                pass  # the connection is gone, and its socket with it
            if stopped and last is not None and last[1] is None:
                self._ack(last[0])

    def _gather(self, connection: Connection, limit: int | None = None) -> None:
        """Take what is already waiting, without blocking, up to a batch (or ``limit``)."""
        while len(self._pending) < (limit or self.batch_size):
            before = len(self._pending)
            try:
                connection.drain_events(timeout=0)
            except (TimeoutError, OSError) as exc:
                if isinstance(exc, OSError) and not isinstance(exc, TimeoutError) and "timed out" not in str(exc):
                    raise
                return
            if len(self._pending) == before:
                return

    def _hold(self, seconds: float) -> bool:
        """Wait without reading the queue, keeping the broker connection alive; False once asked to stop."""
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return True
            if self._stop.wait(min(remaining, 0.5)):
                return False
            self._send_heartbeat()

    def _send_heartbeat(self) -> None:
        # Only send: reading would hand us the next deliveries inside this one's callback. The broker's
        # own heartbeats wait in the socket buffer and are read when the message is settled.
        connection = self._connection
        if connection is None or connection.transport.driver_type != "amqp" or not connection.heartbeat:
            return
        try:
            connection.connection.send_heartbeat()
        except Exception as exc:  # the broker went away as well: the ack will fail and the run loop reconnects
            log.info("could not send a heartbeat while holding a message: %s", exc)

    def _serial(self, connection: Connection, queue, stop: threading.Event, slice_seconds: float) -> None:
        """The filesystem transport: read, then apply, through kombu's consumer."""
        consumer = KombuConsumer(connection.channel(), queues=[queue], on_message=self._on_message, no_ack=False)
        consumer.qos(prefetch_count=self.prefetch)
        with consumer:
            while not stop.is_set():
                try:
                    connection.drain_events(timeout=slice_seconds)
                except TimeoutError:
                    pass
                except OSError as exc:  # socket.timeout is a TimeoutError subclass on 3.11
                    if "timed out" not in str(exc):
                        raise
                if self._pending:
                    self._gather(connection)
                    self._apply_pending()
                # py-amqp sends heartbeats only when asked: an idle queue would otherwise
                # have its connection closed by the broker after two missed beats
                connection.heartbeat_check()

    def run(self, stop: threading.Event) -> None:
        self._stop = stop
        failures = 0
        while not stop.is_set():
            connection: Connection | None = None
            try:
                connection = self.connection_factory()
                connection.ensure_connection(max_retries=1)
                self._connection = connection
                self._pending = []  # what an earlier connection delivered and did not ack comes again
                topology = for_connection(self.prefix, connection)
                self._amqp = topology.amqp
                topology.declare(connection)
                queue = topology.queue(self.service)
                failures = 0
                # short enough slices to answer the broker's heartbeats in time
                slice_seconds = min(1.0, (connection.heartbeat or 4) / 4)
                if self._amqp:
                    self._overlapped(connection, queue.name, stop, slice_seconds)
                else:
                    self._serial(connection, queue, stop, slice_seconds)
            except Exception as exc:
                failures += 1
                delay = min(30.0, 0.5 * 2 ** min(failures, 6))
                log.warning("consumer connection failed (%s); reconnecting in %.1fs", exc, delay)
                stop.wait(delay)
            finally:
                self._connection = None
                self._database.drop()
                if connection is not None:
                    try:
                        connection.release()
                    except Exception:
                        pass
