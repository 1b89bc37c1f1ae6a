"""The relay on real PostgreSQL and RabbitMQ: a bad row is parked without blocking the rows after it,
and a slow confirm round never lets two relays both confirm the same row."""
from __future__ import annotations

import datetime as dt
import threading
import time

import sqlalchemy as sa
from click.testing import CliRunner

from services.cohorts.programs import operations as programs
from services.cohorts.teams import operations as teams
from shared.cli import make_cli
from shared.db import utcnow
from tests.support.events import queue_depth, count
from tests.support.proxy import TcpProxy
from tests.support.system import ROOT, env_for, wait_until

# AMQP carries a routing key in at most 255 bytes: 100 euro signs (300 bytes) fit the column, never the wire
UNSENDABLE_KEY = "cohorts.team." + "€" * 100


def stage_teams(cohorts, n: int) -> None:
    with cohorts.uow() as uow:
        program = programs.create_program(uow, {"name": "П", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 2, 1)})
        cohort = programs.create_cohort(uow, program_id=program.id, name="К")
        territory = programs.create_territory(uow, district="Мильковский МР", settlement="с. Кирганик")
        for i in range(n):
            teams.register_team(uow, cohort.id, {"name": f"Т{i}", "kind": "ngo", "territory_id": territory.id})
        uow.commit()


def test_a_row_that_always_fails_is_parked_listed_replayable_and_the_rows_after_it_flow(system):
    from services.cohorts.runtime import build_runtime

    cohorts = build_runtime(system.settings("cohorts"))
    cohorts.relay_max_attempts = 3
    outbox = cohorts.tables.outbox
    with cohorts.engine.begin() as conn:
        bad_id = conn.execute(
            sa.insert(outbox)
            .values(event_id="00000000-0000-4000-8000-00000000bad0", routing_key=UNSENDABLE_KEY,
                    body='{"id": "00000000-0000-4000-8000-00000000bad0"}', created_at=utcnow())
            .returning(outbox.c.id)
        ).scalar_one()
    stage_teams(cohorts, 100)  # the cohort's event and 100 teams, all after the bad row
    relay = cohorts.relay(batch_size=50, failure_pause_seconds=0.05)
    unsent = outbox.c.sent_at.is_(None)
    wait_until(lambda: relay.run_once() is not None and count(cohorts, outbox, unsent) == 1, timeout=60,
               message="every row but the bad one sent")
    wait_until(lambda: relay.run_once() == 0 and [r.id for r in relay.parked()] == [bad_id], timeout=60,
               message="the bad row parked")
    assert queue_depth(system, "consultations") == 101
    relay._drop_publisher()

    cli = make_cli("cohorts", lambda _s: cohorts, ROOT / "services/cohorts/migrations")
    env = env_for(cohorts.settings)
    listed = CliRunner().invoke(cli, ["dead-letters", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert f"out:{bad_id}\tdead outbound\t3\t{UNSENDABLE_KEY}" in listed.output
    # the operator fixes the cause, then hands the row back to the relay
    with cohorts.engine.begin() as conn:
        conn.execute(sa.update(outbox).where(outbox.c.id == bad_id).values(routing_key="cohorts.team.repaired"))
    replayed = CliRunner().invoke(cli, ["dead-letters", "replay", f"out:{bad_id}"], env=env)
    assert replayed.exit_code == 0, replayed.output
    assert f"out:{bad_id}\tback in the outbox" in replayed.output
    assert relay.drain() == 1
    assert count(cohorts, outbox, unsent) == 0
    assert "out:" not in CliRunner().invoke(cli, ["dead-letters", "list"], env=env).output
    relay._drop_publisher()
    cohorts.dispose()


def test_a_broker_out_of_reach_costs_no_attempt(system):
    cohorts = system.runtime("cohorts")
    stage_teams(cohorts, 3)
    relay = cohorts.relay(max_attempts=2, connection_factory=lambda: _unreachable(system))
    for _ in range(3):
        try:
            relay.run_once()
        except Exception:
            pass
    outbox = cohorts.tables.outbox
    assert count(cohorts, outbox, outbox.c.attempts > 0) == 0
    assert relay.parked() == []
    assert cohorts.relay().drain() == 4


def _unreachable(system):
    from shared.events import broker

    closed = TcpProxy("127.0.0.1", 9)  # cut at once: every connection is refused
    closed.close()
    settings = system.settings("cohorts")
    from urllib.parse import urlparse

    amqp = urlparse(system.amqp_url)
    url = system.amqp_url.replace(f"{amqp.hostname}:{amqp.port or 5672}", f"127.0.0.1:{closed.port}")
    return broker.connect(settings.__class__(**{**settings.__dict__, "broker_url": url}))


class SlowConfirmProxy(TcpProxy):
    """Holds what the broker sends back (its confirms) for ``delay`` seconds once switched on."""

    delay = 0.0

    def _pipe(self, source, sink):
        from_broker = source.getpeername()[1] == self.target[1]
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if from_broker and self.delay:
                    time.sleep(self.delay)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.close()
                except OSError:
                    pass


def test_confirms_slower_than_the_lease_never_let_two_relays_confirm_one_row(system):
    from urllib.parse import urlparse

    from services.cohorts.runtime import build_runtime

    amqp = urlparse(system.amqp_url)
    proxy = SlowConfirmProxy(amqp.hostname, amqp.port or 5672)
    slow_url = system.amqp_url.replace(f"{amqp.hostname}:{amqp.port or 5672}", f"127.0.0.1:{proxy.port}")
    cohorts = system.runtime("cohorts")
    stage_teams(cohorts, 299)
    lease = 2.0
    slow_runtime = build_runtime(system.settings("cohorts", broker_url=slow_url))
    slow = slow_runtime.relay(batch_size=1000, lease_seconds=lease, name="slow")
    fast = cohorts.relay(batch_size=1000, lease_seconds=lease, name="fast")
    confirmed = {"slow": [], "fast": []}
    for relay in (slow, fast):
        real = relay.mark_sent
        relay.mark_sent = lambda ids, real=real, name=relay.name: (confirmed[name].extend(ids), real(ids))
    slow._ensure_publisher()  # connected before the confirms slow down
    proxy.delay = 2 * lease  # each answer from the broker arrives after the lease has run out
    errors = []

    def slow_round():
        try:
            slow.run_once()
        except Exception as exc:
            errors.append(exc)

    thread = threading.Thread(target=slow_round)
    try:
        thread.start()
        wait_until(lambda: count(cohorts, cohorts.tables.outbox, cohorts.tables.outbox.c.claimed_by == "slow") > 0,
                   message="the slow relay's claim")
        wait_until(lambda: fast.run_once() > 0, timeout=30, message="the other relay taking the rows over")
        fast.drain()
        thread.join(30)
        assert not thread.is_alive()
    finally:
        proxy.delay = 0
        proxy.close()
        slow._drop_publisher()
        fast._drop_publisher()
        slow_runtime.dispose()
    twice = set(confirmed["slow"]) & set(confirmed["fast"])
    assert not twice, f"{len(twice)} rows confirmed by both relays"
    outbox = cohorts.tables.outbox
    assert count(cohorts, outbox, outbox.c.sent_at.is_(None)) == 0
    assert len(confirmed["fast"]) + len(confirmed["slow"]) == 300


def test_rows_committed_while_a_round_awaits_its_confirms_go_out_in_that_round(system):
    """A commit waits for its own publish, not for the end of the round before it: while the broker's confirms are
    awaited, the rows whose NOTIFY has come are claimed and published, and marked sent with the rest."""
    from urllib.parse import urlparse

    from services.cohorts.runtime import build_runtime

    amqp = urlparse(system.amqp_url)
    proxy = SlowConfirmProxy(amqp.hostname, amqp.port or 5672)
    slow_url = system.amqp_url.replace(f"{amqp.hostname}:{amqp.port or 5672}", f"127.0.0.1:{proxy.port}")
    cohorts = system.runtime("cohorts")
    outbox = cohorts.tables.outbox
    unsent = outbox.c.sent_at.is_(None)
    stage_teams(cohorts, 3)
    first = count(cohorts, outbox, unsent)
    runtime = build_runtime(system.settings("cohorts", broker_url=slow_url))
    relay = runtime.relay(batch_size=first + 1)  # room for one of the two rows to come
    relay._ensure_publisher()
    relay._get_listener().wait(0.0, threading.Event())  # listening before the round begins
    marks, asked = [], []
    real_mark, real_more = relay.mark_sent, relay._more
    relay.mark_sent = lambda ids: (marks.append(len(ids)), real_mark(ids))

    def more(have):
        if not asked:
            asked.append(1)
            with cohorts.uow() as uow:  # committed while the first rows' confirms are held back
                for i in range(2):
                    uow.publish("cohorts.team.registered", {"id": 900 + i, "cohort_id": 1, "name": f"Т{i}", "kind": "ngo"},
                                entity_version=1)
                uow.commit()
            time.sleep(0.3)  # its NOTIFY on its way
        return real_more(have)

    relay._more = more
    proxy.delay = 0.5
    try:
        assert relay.run_once() == first + 1 and asked  # a row committed meanwhile went in the same round,
        assert marks == [first + 1]  # marked with it, and the round stopped at its batch size
        assert relay._heard_meanwhile  # the NOTIFY it used up: the next round looks at once
        proxy.delay = 0
        assert relay.run_once() == 1 and count(cohorts, outbox, unsent) == 0
    finally:
        proxy.delay = 0
        proxy.close()
        relay._drop_publisher()
        relay._listener.close()
        runtime.dispose()


def test_the_relays_own_connection_lost_fails_one_round_and_is_made_anew(system):
    """Claims and marks go on a connection of the relay's own (autocommit, commits not waiting for the disk): when
    the server drops it, that round fails like any other database error and the next one connects afresh."""
    import pytest

    cohorts = system.runtime("cohorts")
    outbox = cohorts.tables.outbox
    stage_teams(cohorts, 2)
    relay = cohorts.relay()
    try:
        assert relay.drain() > 0
        assert relay._own.exec_driver_sql("SHOW synchronous_commit").scalar() == "off"
        pid = relay._own.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with cohorts.engine.connect() as conn:
            assert conn.exec_driver_sql(f"SELECT pg_terminate_backend({pid})").scalar()
            # the pooled connections are the use cases': they keep waiting for the disk
            assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
        with cohorts.uow() as uow:
            uow.publish("cohorts.team.registered", {"id": 901, "cohort_id": 1, "name": "Т", "kind": "ngo"}, entity_version=1)
            uow.commit()
        with pytest.raises(sa.exc.DBAPIError):
            relay.run_once()
        assert relay._own is None
        assert relay.drain() == 1 and count(cohorts, outbox, outbox.c.sent_at.is_(None)) == 0
    finally:
        relay._drop_publisher()
        relay._drop_own()
