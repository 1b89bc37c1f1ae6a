"""Outages that heal by themselves, on real PostgreSQL and RabbitMQ, cut by a TCP proxy inside the test."""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import time
from collections import Counter

import sqlalchemy as sa

from services.consultations.runtime import build_runtime as consultations_runtime
from shared.events import broker
from shared.events.consumer import QueueConsumer
from tests.support.events import count, dead_letter_queue_depth, publish_raw, queue_depth, replica_teams, team_event
from tests.support.proxy import TcpProxy
from tests.support.system import WorkerThread, wait_until

# Long enough to span ten broker heartbeat intervals (2 s here) while a delivery is held. The old
# consumer requeued on every failed try, and each requeue counts against the quorum queue's delivery
# limit; this test shows there is no requeue at all (each event delivered once), so the outage's
# length no longer matters to that limit: 20 s proves what a 60 s outage would.
OUTAGE_SECONDS = 20.0
HEARTBEAT_SECONDS = 2


def proxied_database(system, service: str) -> tuple[TcpProxy, str]:
    url = sa.make_url(system.urls[service])
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    return proxy, url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


def test_consumer_database_down_holds_the_delivery_and_applies_every_event_once(system, monkeypatch):
    proxy, database_url = proxied_database(system, "consultations")
    runtime = consultations_runtime(
        system.settings("consultations", database_url=database_url, broker_heartbeat_seconds=HEARTBEAT_SECONDS)
    )
    observer = system.runtime("consultations")  # a direct connection, to look while the proxy is cut
    deliveries: Counter[str] = Counter()
    original = QueueConsumer._on_message

    def counting(self, message):
        deliveries[json.loads(message.body)["id"]] += 1
        return original(self, message)

    monkeypatch.setattr(QueueConsumer, "_on_message", counting)
    opened = []

    def connection():
        opened.append(1)
        return broker.connect(runtime.settings)

    runtime.broker_connection = connection
    before = [team_event(i, f"До {i}", 1) for i in range(1, 11)]
    publish_raw(system, *before)
    sent = len(before)
    try:
        with WorkerThread(runtime):
            wait_until(lambda: count(observer, observer.tables.inbox) == sent, message="the events before the outage")
            proxy.cut()
            # events keep coming while the consumer's database is away
            ends = time.monotonic() + OUTAGE_SECONDS
            while time.monotonic() < ends:
                sent += 1
                publish_raw(system, team_event(sent, f"Во время {sent}", 1))
                time.sleep(0.5)
            assert count(observer, observer.tables.inbox) == len(before), "nothing applied while the database was away"
            proxy.restore()
            wait_until(lambda: count(observer, observer.tables.inbox) == sent, timeout=60, message=f"all {sent} applied")
            wait_until(lambda: queue_depth(system, "consultations") == 0, message="every delivery acked")
    finally:
        proxy.close()
        runtime.dispose()
    assert len(replica_teams(system)) == sent
    assert count(observer, observer.tables.failed) == 0, "an outage spends no attempt of an event"
    assert dead_letter_queue_depth(system) == 0
    redelivered = {event_id: n for event_id, n in deliveries.items() if n > 1}
    assert len(deliveries) == sent and not redelivered, f"requeued for an outage: {redelivered}"
    assert len(opened) == 1, "the broker connection lived through the outage (heartbeats sent while holding)"


def test_embedded_consumer_holds_through_a_locked_database_without_copying_into_other_queues(tmp_path, system):
    """The embedded default: SQLite and the filesystem transport. A requeue there goes back through the
    exchange and lands in every bound queue; an outage must instead hold the message and apply it once."""
    import sqlite3

    from sqlalchemy import exc as sa_exc

    from shared.web.metrics import queue_depth
    from tests.support.system import make_settings, migrate

    # a prefix of its own: kombu keeps the filesystem transport's exchanges and bindings in process-wide state,
    # and a later test in this process on "rostok" must not find this one's
    prefix = "rostok-outage"

    def settings(service):
        url = f"sqlite:///{tmp_path / service}.db"
        return make_settings(service, database_url=url, broker_url="filesystem://", prefix=prefix, var_dir=tmp_path)

    migrate("consultations", settings("consultations").database_url)
    runtime = consultations_runtime(settings("consultations"))
    fairs_settings = settings("fairs")
    from services.fairs.runtime import build_runtime as fairs_runtime

    fairs = fairs_runtime(fairs_settings)  # not migrated: only its queue is looked at
    original = runtime.handlers["cohorts.team.registered"]
    locked_until = time.monotonic() + 3.0
    calls = Counter()

    def locked_then_fine(uow, env):
        calls[env.id] += 1
        if time.monotonic() < locked_until:
            raise sa_exc.OperationalError("INSERT INTO teams", {}, sqlite3.OperationalError("database is locked"))
        original(uow, env)

    runtime.handlers["cohorts.team.registered"] = locked_then_fine
    events = [team_event(i, f"Встроенная {i}", 1) for i in range(1, 6)]
    with broker.connect(runtime.settings) as connection:
        from kombu import Producer

        from shared.events.topology import for_connection

        topology = for_connection(prefix, connection)
        topology.declare(connection)
        producer = Producer(connection.channel(), exchange=topology.exchange)
        for env in events:
            producer.publish(env.to_json().encode(), routing_key=env.type, content_type="application/json", content_encoding="utf-8")
    assert queue_depth(fairs) == len(events)  # fairs listens to team events too
    try:
        with WorkerThread(runtime):
            wait_until(lambda: count(runtime, runtime.tables.inbox) == len(events), timeout=60, message="all applied")
        assert count(runtime, runtime.tables.failed) == 0, "a locked database spends no attempt"
        assert queue_depth(fairs) == len(events), "nothing requeued through the exchange into another service's queue"
        assert queue_depth(runtime) == 0
        assert max(calls.values()) > 1  # the lock was really met, and waited out in place
    finally:
        runtime.dispose()
        fairs.dispose()


def proxied_broker(system) -> tuple[TcpProxy, str]:
    from urllib.parse import urlparse

    amqp = urlparse(system.amqp_url)
    proxy = TcpProxy(amqp.hostname, amqp.port or 5672)
    return proxy, system.amqp_url.replace(f"{amqp.hostname}:{amqp.port or 5672}", f"127.0.0.1:{proxy.port}")


def test_broker_cut_site_stays_ready_and_serves_then_events_flow_when_it_is_back(system):
    from services.cohorts.app import create_app
    from services.cohorts.runtime import build_runtime as cohorts_runtime
    from tests.support.api import coordinator_headers, setup_cohort

    headers = coordinator_headers(system)
    ids = setup_cohort(system, headers)
    proxy, broker_url = proxied_broker(system)
    settings = system.settings("cohorts", broker_url=broker_url, metrics_token="m" * 40)
    app = create_app(settings)
    web = app.extensions["rostok.runtime"]
    opened = []
    real_connection = web.broker_connection

    def counting():
        opened.append(1)
        return real_connection()

    web.broker_connection = counting
    web.broker_probe.max_age = 0.5  # stale quickly, so the cut is seen within the test
    client = app.test_client()
    worker = cohorts_runtime(settings)
    consultations = system.runtime("consultations")
    scrape = {"Authorization": "Bearer " + "m" * 40}
    try:
        ready = client.get("/cohorts/readyz")
        assert (ready.status_code, ready.json["checks"]) == (200, {"database": "ok", "broker": "ok"})
        with WorkerThread(worker), WorkerThread(consultations):
            wait_until(lambda: count(consultations, consultations.tables.inbox) >= 2, message="the setup events")
            proxy.cut()

            def degraded():
                answer = client.get("/cohorts/readyz")
                assert answer.status_code == 200, answer.json  # a broker outage never makes the site unready
                return answer.json["status"] == "degraded" and answer.json["checks"]["broker"].startswith("degraded")

            wait_until(degraded, message="readyz to report the broker as degraded")
            # pages, reads and writes keep working while the broker is away
            for i in range(5):
                r = client.post(
                    f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/teams",
                    json={"name": f"Без брокера {i}", "kind": "ngo", "territory_id": ids["territory"]["id"]},
                    headers=headers,
                )
                assert r.status_code == 201, r.json
            assert client.get(f"/cohorts/api/v1/cohorts/{ids['cohort']['id']}/teams", headers=headers).status_code == 200
            assert client.get("/cohorts/healthz").status_code == 200
            # probes and scrapes in a burst cost no connection each: one check every max_age seconds at most, however
            # long the burst takes on this machine (one may be under way as it starts)
            web.broker_probe.max_age = 5.0
            before, started = len(opened), time.monotonic()
            for _ in range(30):
                assert client.get("/cohorts/readyz").status_code == 200
                assert client.get("/cohorts/metrics", headers=scrape).status_code == 200
            allowed = 2 + int((time.monotonic() - started) / web.broker_probe.max_age)
            assert len(opened) - before <= allowed, f"{len(opened) - before} broker connections for 60 probe calls"
            web.broker_probe.max_age = 0.5
            assert len(replica_teams(system)) == 0
            proxy.restore()
            wait_until(lambda: len(replica_teams(system)) == 5, timeout=90, message="the five teams in the replica")
            wait_until(lambda: client.get("/cohorts/readyz").json["status"] == "ok", message="readyz ok again")
    finally:
        proxy.close()
        worker.dispose()
        web.dispose()


def test_a_broker_url_list_fails_over_to_the_next_node(system):
    """ROSTOK_BROKER_URL may list nodes separated by ';' (kombu's failover): a dead first node is skipped."""
    dead = TcpProxy("127.0.0.1", 9)
    dead.close()  # nothing listens there any more: connections are refused
    first = f"amqp://guest:guest@127.0.0.1:{dead.port}//"
    runtime = consultations_runtime(system.settings("consultations", broker_url=f"{first};{system.amqp_url}"))
    try:
        publish_raw(system, team_event(41, "Через второй узел", 1))
        with WorkerThread(runtime):
            wait_until(lambda: [t["name"] for t in replica_teams(system)] == ["Через второй узел"],
                       message="the event taken through the second node")
    finally:
        runtime.dispose()


# The relay's fallback poll in these two tests: far longer than PROMPT_SECONDS, so an event published within
# PROMPT_SECONDS of its commit can only have been woken by the LISTEN connection (or its reconnection's scan).
FALLBACK_POLL_SECONDS = 60.0
PROMPT_SECONDS = 3.0


def slow_polling_cohorts(system, **settings):
    """The cohorts runtime whose relay wakes only for NOTIFY or its 60 s poll (no broker heartbeat to answer
    either: with one, the relay would wake every quarter heartbeat and scan)."""
    from services.cohorts.runtime import build_runtime as cohorts_runtime

    return cohorts_runtime(system.settings("cohorts", relay_poll_seconds=FALLBACK_POLL_SECONDS,
                                           broker_heartbeat_seconds=0, **settings))


def _commit_a_cohort(runtime, name: str) -> None:
    """One outbox row (cohorts.cohort.created) and its NOTIFY, committed on the test's own direct connection."""
    from services.cohorts.programs import operations as programs

    with runtime.uow() as uow:
        program = programs.create_program(uow, {"name": name, "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 2, 1)})
        programs.create_cohort(uow, program_id=program.id, name=name)
        uow.commit()


def _seconds_from_commit_to_published(runtime, name: str) -> float:
    outbox = runtime.tables.outbox
    _commit_a_cohort(runtime, name)
    committed = time.monotonic()
    # a ceiling beyond the fallback poll: on a deaf relay the figure says how late, rather than a time-out
    wait_until(lambda: count(runtime, outbox, outbox.c.sent_at.is_(None)) == 0,
               timeout=FALLBACK_POLL_SECONDS + 60, interval=0.02, message=f"{name} published")
    return time.monotonic() - committed


class RelayThread:
    def __init__(self, relay):
        self.relay = relay
        self.stop = threading.Event()
        self.thread = threading.Thread(target=relay.run, args=(self.stop,), daemon=True)

    def __enter__(self):
        self.thread.start()
        # listening before the first commit, so that it is the NOTIFY that wakes the relay, not its first round
        wait_until(lambda: self.relay._listener is not None and self.relay._listener.connected, message="LISTEN")
        return self.relay

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=30)


def test_a_silent_listen_connection_is_noticed_and_the_next_commit_goes_out_at_once(system):
    """The server goes without a word: the relay's LISTEN connection is half-open and would never raise.
    The relay proves it by a round trip while idle, reconnects once the server is back, and the next
    commit goes out at once rather than at the fallback poll."""
    observer = system.runtime("cohorts")  # commits on a direct connection
    runtime = slow_polling_cohorts(system)
    proxy, listen_url = proxied_database(system, "cohorts")  # only the LISTEN connection goes through it
    try:
        with RelayThread(runtime.relay(listen_url=listen_url)) as relay:
            assert _seconds_from_commit_to_published(observer, "До") < PROMPT_SECONDS  # woken by NOTIFY
            listening = socket.socket(fileno=os.dup(relay._listener.conn.pgconn.socket))
            try:
                assert listening.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
                assert listening.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 10
            finally:
                listening.close()
            proxy.silence()
            time.sleep(10.0)  # the server is away; NOTIFYs of commits now would reach nobody
            proxy.restore()
            late = _seconds_from_commit_to_published(observer, "После")
    finally:
        proxy.close()
        runtime.dispose()
    assert late < PROMPT_SECONDS, f"published {late:.1f}s after its commit: the relay kept listening on a dead connection"


def test_after_a_database_outage_the_relay_publishes_the_next_commit_at_once(system):
    """A PostgreSQL restart as the relay sees it: its connections closed, refused for a while, then back.
    Its rounds fail meanwhile and their back-off grows; the database coming back ends the back-off."""
    observer = system.runtime("cohorts")  # commits on a direct connection
    proxy, database_url = proxied_database(system, "cohorts")
    runtime = slow_polling_cohorts(system, database_url=database_url)
    try:
        with RelayThread(runtime.relay()):
            assert _seconds_from_commit_to_published(observer, "До") < PROMPT_SECONDS
            proxy.cut()
            time.sleep(20.0)  # long enough for the failed rounds' back-off to reach 16 s
            proxy.restore()
            late = _seconds_from_commit_to_published(observer, "После")
    finally:
        proxy.close()
        runtime.dispose()
    assert late < PROMPT_SECONDS, f"published {late:.1f}s after its commit: the relay slept through the database's return"


def test_pooled_database_connections_probe_a_silent_server(system):
    """Not only the LISTEN connection: a pooled one to a vanished server fails within a minute instead of hours."""
    engine = system.runtime("cohorts").engine
    with engine.connect() as conn:
        pooled = socket.socket(fileno=os.dup(conn.connection.dbapi_connection.pgconn.socket))
        try:
            assert pooled.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
            assert pooled.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 30
            assert pooled.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) == 30_000
        finally:
            pooled.close()
