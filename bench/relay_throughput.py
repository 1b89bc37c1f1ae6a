"""Outbox relay throughput: pipelined batches with publisher confirms vs waiting for each confirm.

Baseline: the same rows published one by one with kombu's ``confirm_publish``
(each publish waits for its confirm), marking each sent. Then the relay as it
runs in production (one confirm-mode channel, a batch published, the acks of
the whole batch awaited, then marked sent), and the relay with batches of one
to show what batching itself brings. Prints messages/second and ratios.
"""
from __future__ import annotations

import argparse

import sqlalchemy as sa
from kombu import Connection, Producer

from bench.common import bench_settings, timed
from services.cohorts.runtime import build_runtime
from shared.db import utcnow
from shared.events import envelope
from shared.events.topology import for_connection
from tests.support.system import purge_queues


def fill(runtime, n: int) -> None:
    rows = []
    for i in range(n):
        env = envelope.build("cohorts.team.registered", {"id": i + 1, "cohort_id": 1, "name": f"Команда {i}", "kind": "ngo"},
                             producer="cohorts", entity_version=1, correlation_id=None)
        rows.append({"event_id": env.id, "routing_key": env.type, "body": env.to_json(), "created_at": utcnow()})
    with runtime.engine.begin() as conn:
        conn.execute(sa.insert(runtime.tables.outbox), rows)


def reset(runtime) -> None:
    with runtime.engine.begin() as conn:
        conn.execute(sa.update(runtime.tables.outbox).values(sent_at=None, claimed_by=None, claimed_until=None))
    purge_queues(runtime.settings)


def baseline(runtime) -> None:
    """Publish each row and wait for its confirm (kombu confirm_publish), then mark it sent."""
    outbox = runtime.tables.outbox
    with Connection(runtime.settings.broker_url, transport_options={"confirm_publish": True}) as connection:
        topology = for_connection(runtime.settings.broker_prefix, connection)
        topology.declare(connection)
        producer = Producer(connection.channel(), exchange=topology.exchange)
        with runtime.engine.connect() as conn:
            rows = conn.execute(sa.select(outbox.c.id, outbox.c.routing_key, outbox.c.body).where(outbox.c.sent_at.is_(None))).all()
        for row in rows:
            producer.publish(row.body.encode(), routing_key=row.routing_key, content_type="application/json",
                             content_encoding="utf-8", delivery_mode=2)
            with runtime.engine.begin() as conn:
                conn.execute(sa.update(outbox).where(outbox.c.id == row.id).values(sent_at=utcnow()))


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args(argv)
    n = args.events
    with bench_settings("cohorts") as settings:
        runtime = build_runtime(settings["cohorts"])
        fill(runtime, n)
        reset(runtime)
        base = timed(lambda: baseline(runtime))
        reset(runtime)
        relay = runtime.relay(batch_size=500)
        batched = timed(lambda: relay.drain())
        relay._drop_publisher()
        reset(runtime)
        single = runtime.relay(batch_size=1)
        one_by_one = timed(lambda: single.drain(max_rounds=n + 1))
        single._drop_publisher()
        runtime.dispose()
    result = {
        "events": n,
        "baseline_per_message_confirm_msg_s": round(n / base),
        "relay_batch_500_msg_s": round(n / batched),
        "relay_batch_1_msg_s": round(n / one_by_one),
        "ratio_relay_vs_baseline": round(base / batched, 1),
        "ratio_batching_vs_batch_1": round(one_by_one / batched, 1),
    }
    for key, value in result.items():
        print(f"{key:38} {value}")
    return result


if __name__ == "__main__":
    main()
