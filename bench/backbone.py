"""The event backbone against bare baselines of the same work, on PostgreSQL and RabbitMQ.

- publish: the relay (outbox claim, pipelined confirmed batches of 500, marked sent) vs the same bodies
  published in batches of 500 on a confirm-mode channel with no database at all, and vs kombu's
  confirm-per-message publishing (``confirm_publish``);
- consume: the consumer from the real queue (contract, inbox, the replica upsert, batches committed once,
  multiple ack) vs a bare consume-and-ack loop with the same prefetch;
- latency: commit-to-applied in another service with the real worker processes, under an open-loop load of
  ``--rate`` commits/s for ``--seconds``, beside bare publish-to-consume latency at the same rate.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time

import sqlalchemy as sa
from kombu import Connection, Consumer, Producer

from bench.harness import Figure, alternate, median, rate
from shared.db import utcnow
from shared.events import broker, envelope
from shared.events.consumer import QueueConsumer
from shared.events.relay import ClaimedRow, _Publisher
from shared.events.topology import for_connection
from tests.support.system import ROOT, env_for, purge_queues

BATCH = 500
PREFETCH = 50
LATENCY_GOAL_MS = 25.0  # at 1,000 commits/s


def team_envelopes(n: int, start: int = 1) -> list[envelope.Envelope]:
    return [
        envelope.build("cohorts.team.registered", {"id": start + i, "cohort_id": 1, "name": f"Команда {i}", "kind": "ngo"},
                       producer="cohorts", entity_version=1, correlation_id=None)
        for i in range(n)
    ]


# -- publish ---------------------------------------------------------------------------------------------

def publish_figures(cohorts, n: int, rounds: int) -> list[Figure]:
    envs = team_envelopes(n)
    outbox = cohorts.tables.outbox
    with cohorts.engine.begin() as conn:
        conn.execute(sa.insert(outbox), [
            {"event_id": e.id, "routing_key": e.type, "body": e.to_json(), "created_at": utcnow()} for e in envs
        ])
    rows = [ClaimedRow(i + 1, e.id, e.type, e.to_json()) for i, e in enumerate(envs)]
    settings = cohorts.settings

    def reset():
        with cohorts.engine.begin() as conn:
            conn.execute(sa.update(outbox).values(sent_at=None, claimed_by=None, claimed_until=None, attempts=0))
        purge_queues(settings)

    def relay_round():
        relay = cohorts.relay(batch_size=BATCH)
        try:
            relay.drain()
        finally:
            relay._drop_publisher()

    def raw_round():
        with broker.connect(settings) as connection:
            publisher = _Publisher(connection, for_connection(settings.broker_prefix, connection), confirm_timeout=60)
            for i in range(0, n, BATCH):
                acked, refused = publisher.publish(rows[i:i + BATCH])
                assert len(acked) == len(rows[i:i + BATCH]) and not refused
            publisher.close()

    per_message_n = max(200, n // 5)  # it is slow: a fifth of the messages, compared as a rate

    def kombu_round():
        with Connection(settings.broker_url, transport_options={"confirm_publish": True}) as connection:
            topology = for_connection(settings.broker_prefix, connection)
            topology.declare(connection)
            producer = Producer(connection.channel(), exchange=topology.exchange)
            for row in rows[:per_message_n]:
                producer.publish(row.body.encode(), routing_key=row.routing_key, content_type="application/json",
                                 content_encoding="utf-8", delivery_mode=2)

    samples = alternate({
        "raw": lambda: rate(n, reset, raw_round),
        "relay": lambda: rate(n, reset, relay_round),
        "kombu": lambda: rate(per_message_n, reset, kombu_round),
    }, rounds=rounds)
    raw, relay, kombu = (median(samples[k]) for k in ("raw", "relay", "kombu"))
    return [
        Figure("relay publish", f"confirmed batches of {BATCH}, no database", "msg/s", raw, relay, relay / raw,
               "≥ 0.5", relay / raw >= 0.5, rounds, samples={"raw": samples["raw"], "relay": samples["relay"]}),
        Figure("relay publish", "kombu confirm per message", "msg/s", kombu, relay, relay / kombu,
               "≥ 4", relay / kombu >= 4, rounds, samples={"kombu": samples["kombu"]}),
    ]


# -- consume ---------------------------------------------------------------------------------------------

def _fill_queue(consultations, bodies: list[bytes]) -> None:
    """consultations' queue holding exactly these team events, and nothing applied yet."""
    from services.consultations.db import REPLICAS

    settings = consultations.settings
    purge_queues(settings)
    with consultations.engine.begin() as conn:
        conn.execute(sa.delete(consultations.tables.inbox))
        conn.execute(sa.delete(REPLICAS.teams))
    # confirmed: RabbitMQ may drop unconfirmed messages to a quorum queue when the connection closes at once
    with Connection(settings.broker_url, transport_options={"confirm_publish": True}) as connection:
        topology = for_connection(settings.broker_prefix, connection)
        topology.declare(connection)
        producer = Producer(connection.channel(), exchange=topology.exchange)
        for body in bodies:
            producer.publish(body, routing_key="cohorts.team.registered", content_type="application/json",
                             content_encoding="utf-8", delivery_mode=2)


def consume_figures(consultations, n: int, rounds: int) -> list[Figure]:
    settings = consultations.settings
    bodies = [e.to_json().encode() for e in team_envelopes(n, start=100_000)]

    def fill():
        _fill_queue(consultations, bodies)

    def consumer_rate() -> float:
        """Timed from the consumer's start to the n-th ack; its shutdown (up to a drain slice) is not counted."""
        fill()
        consumer = QueueConsumer(service="consultations", applier=consultations.applier(),
                                 connection_factory=consultations.broker_connection, prefix=settings.broker_prefix,
                                 prefetch=PREFETCH)
        stop = threading.Event()
        thread = threading.Thread(target=consumer.run, args=(stop,))
        started = time.perf_counter()
        thread.start()
        deadline = started + 300
        while consumer.handled < n:
            if time.perf_counter() > deadline:
                stop.set()
                raise RuntimeError(f"the consumer handled {consumer.handled} of {n} in 300 s")
            time.sleep(0.002)
        elapsed = time.perf_counter() - started
        stop.set()
        thread.join()
        return n / elapsed

    def raw_round():
        got = [0]
        with broker.connect(settings) as connection:
            topology = for_connection(settings.broker_prefix, connection)
            channel = connection.channel()

            def on_message(message):
                message.ack()
                got[0] += 1

            consumer = Consumer(channel, queues=[topology.queue("consultations")], on_message=on_message)
            consumer.qos(prefetch_count=PREFETCH)
            deadline = time.perf_counter() + 300
            with consumer:
                while got[0] < n:
                    if time.perf_counter() > deadline:
                        raise RuntimeError(f"the bare loop took {got[0]} of {n} in 300 s")
                    try:
                        connection.drain_events(timeout=1)
                    except TimeoutError:
                        pass

    samples = alternate({
        "raw": lambda: rate(n, fill, raw_round),
        "consumer": consumer_rate,
    }, rounds=rounds)
    raw, consumer = median(samples["raw"]), median(samples["consumer"])
    return [Figure("consumer apply (inbox + handler, from the queue)", f"consume-and-ack, prefetch {PREFETCH}", "ev/s",
                   raw, consumer, consumer / raw, "≥ 0.4", consumer / raw >= 0.4, rounds, samples=samples)]


def scale_figures(consultations, n: int, rounds: int) -> list[Figure]:
    """Two worker processes on one queue against one: the rate from the first event applied to the last (the
    inbox rows' times), so that starting the processes is not counted."""
    settings = consultations.settings
    bodies = [e.to_json().encode() for e in team_envelopes(n, start=200_000)]
    inbox = consultations.tables.inbox

    def rate_with(copies: int) -> float:
        _fill_queue(consultations, bodies)
        workers = [_worker(settings) for _ in range(copies)]
        try:
            deadline = time.time() + 300
            while True:
                with consultations.engine.connect() as conn:
                    done, first, last = conn.execute(sa.select(sa.func.count(), sa.func.min(inbox.c.processed_at),
                                                               sa.func.max(inbox.c.processed_at))).one()
                if done >= n:
                    break
                if time.time() > deadline:
                    raise RuntimeError(f"{copies} worker(s) applied {done} of {n} in 300 s")
                time.sleep(0.2)
        finally:
            for w in workers:
                w.terminate()
                w.wait(30)
        return (n - 1) / max((last - first).total_seconds(), 1e-6)

    samples = alternate({"one": lambda: rate_with(1), "two": lambda: rate_with(2)}, rounds=rounds)
    one, two = median(samples["one"]), median(samples["two"])
    return [Figure("consumer apply, 2 worker processes on one queue", "1 worker process", "ev/s", one, two, two / one,
                   "> 1 (scales out)", two / one > 1, rounds, samples=samples,
                   note="the same machine runs PostgreSQL, RabbitMQ and both workers on 2 cores")]


# -- latency ---------------------------------------------------------------------------------------------

def _percentiles(values: list[float]) -> dict:
    values = sorted(values)
    return {"p50": statistics.median(values), "p99": values[min(len(values) - 1, int(len(values) * 0.99))],
            "max": values[-1], "n": len(values)}


def _worker(settings):
    return subprocess.Popen([sys.executable, "-m", f"services.{settings.service}", "worker"], cwd=ROOT,
                            env=env_for(settings), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def backbone_latency(cohorts, consultations, rate_per_s: float, seconds: float) -> dict:
    """Open loop: a commit every 1/rate s whatever the previous one cost; stamped on one clock (time.time())."""
    with cohorts.engine.begin() as conn:
        conn.execute(sa.update(cohorts.tables.outbox).values(sent_at=utcnow()))  # nothing older to send
    purge_queues(cohorts.settings)
    workers = [_worker(cohorts.settings), _worker(consultations.settings)]
    committed: dict[str, float] = {}
    try:
        time.sleep(3.0)  # the workers have connected
        interval = 1.0 / rate_per_s
        start = time.perf_counter()
        for i in range(int(rate_per_s * seconds)):
            delay = start + i * interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            with cohorts.uow() as uow:
                env = uow.publish("cohorts.team.registered",
                                  {"id": 500_000 + i, "cohort_id": 1, "name": f"Нагрузка {i}", "kind": "ngo"},
                                  entity_version=1)
                uow.commit()
            committed[env.id] = time.time()
        deadline = time.time() + 60
        inbox = consultations.tables.inbox
        while time.time() < deadline:
            with consultations.engine.connect() as conn:
                done = conn.execute(sa.select(sa.func.count()).select_from(inbox)
                                    .where(inbox.c.event_id.in_(list(committed)))).scalar_one()
            if done == len(committed):
                break
            time.sleep(0.5)
        with consultations.engine.connect() as conn:
            applied = dict(conn.execute(sa.select(inbox.c.event_id, inbox.c.processed_at)
                                        .where(inbox.c.event_id.in_(list(committed)))).all())
    finally:
        for w in workers:
            w.terminate()
            w.wait(30)
    latencies = [(applied[e].timestamp() - t) * 1000 for e, t in committed.items() if e in applied]
    result = _percentiles(latencies)
    result["missing"] = len(committed) - len(latencies)
    return result


def raw_latency(settings, rate_per_s: float, seconds: float) -> dict:
    """Bare publish-to-consume at the same rate: the body carries the publish time."""
    received: list[float] = []
    total = int(rate_per_s * seconds)
    ready = threading.Event()

    def consume():
        with broker.connect(settings) as connection:
            topology = for_connection(settings.broker_prefix, connection)
            topology.declare(connection)

            def on_message(message):
                received.append((time.time() - json.loads(message.body)["t"]) * 1000)
                message.ack()

            consumer = Consumer(connection.channel(), queues=[topology.queue("consultations")], on_message=on_message)
            consumer.qos(prefetch_count=PREFETCH)
            with consumer:
                ready.set()
                deadline = time.time() + seconds + 60
                while len(received) < total and time.time() < deadline:
                    try:
                        connection.drain_events(timeout=1)
                    except TimeoutError:
                        pass

    purge_queues(settings)
    thread = threading.Thread(target=consume)
    thread.start()
    ready.wait(30)
    with broker.connect(settings) as connection:
        topology = for_connection(settings.broker_prefix, connection)
        producer = Producer(connection.channel(), exchange=topology.exchange)
        interval = 1.0 / rate_per_s
        start = time.perf_counter()
        for i in range(total):
            delay = start + i * interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            producer.publish(json.dumps({"t": time.time()}).encode(), routing_key="cohorts.team.registered",
                             content_type="application/json", delivery_mode=2)
    thread.join()
    return _percentiles(received) if received else {"p50": 0, "p99": 0, "max": 0, "n": 0}


def latency_figures(cohorts, consultations, rate_per_s: float, seconds: float) -> tuple[list[Figure], dict]:
    raw = raw_latency(consultations.settings, rate_per_s, seconds)
    real = backbone_latency(cohorts, consultations, rate_per_s, seconds)
    note = (f"{rate_per_s:.0f} commits/s for {seconds:.0f} s, worker processes; p50 {real['p50']:.0f} ms, "
            f"max {real['max']:.0f} ms (bare: p50 {raw['p50']:.1f} ms, max {raw['max']:.0f} ms); applied = the "
            f"inbox row's time, stamped as the consumer's batch begins (before its handlers and commit, a few ms at "
            f"this rate); {real['missing']} not applied in time")
    p99 = real["p99"]
    return [Figure(f"commit-to-applied p99 at {rate_per_s:.0f} commits/s (PostgreSQL + RabbitMQ)",
                   "bare publish-to-consume p99", "ms",
                   raw["p99"], p99, p99 / raw["p99"] if raw["p99"] else float("inf"), f"p99 < {LATENCY_GOAL_MS:.0f} ms",
                   p99 < LATENCY_GOAL_MS and real["missing"] == 0, 1,
                   note=note, samples={"backbone": real, "raw": raw})], {"latency_rate": rate_per_s}
