"""The embedded default's delay: from a commit in cohorts to the event applied in consultations, on SQLite and
kombu's ``filesystem://`` transport with ``make run``'s worker processes (the relay's poll as ``make run`` has it).

It is what a desk feels when a consultation is logged a moment after a new member joins: consultations knows the
member only once the event is applied. Writes come at ``--rate`` per second for ``--seconds``, each stamped after
its commit returns; applied is the consultations inbox row's time (one wall clock).

Baseline in the same run: the bare transport as kombu ships it — a body published to a filesystem queue and
consumed by a plain kombu consumer with the stock polling (every second), publish time to the consumer's callback.

    .venv/bin/python -m bench.embedded_delay [--rate 10] [--seconds 20]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from kombu import Connection, Consumer, Exchange, Producer, Queue

from bench.backbone import _percentiles, _worker
from bench.harness import Figure, write
from shared.events.broker import AtomicFilesystemTransport
from tests.support.system import make_settings, migrate

GOAL_MS = 250.0


def system_delay(var: Path, rate: float, seconds: float) -> dict:
    from services.cohorts.runtime import build_runtime as cohorts_runtime
    from services.consultations.runtime import build_runtime as consultations_runtime

    settings = {}
    for service in ("cohorts", "consultations"):
        url = f"sqlite:///{var / (service + '.db')}"
        migrate(service, url)
        settings[service] = make_settings(service, database_url=url, broker_url="filesystem://", prefix="rostok",
                                          var_dir=var, relay_poll_seconds=0.5)
    cohorts, consultations = cohorts_runtime(settings["cohorts"]), consultations_runtime(settings["consultations"])
    workers = [_worker(settings["cohorts"]), _worker(settings["consultations"])]
    committed: dict[str, float] = {}
    inbox = consultations.tables.inbox
    try:
        time.sleep(3.0)  # the workers have started and bound their queue and doorbell
        interval, start = 1.0 / rate, time.perf_counter()
        for i in range(int(rate * seconds)):
            pause = start + i * interval - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            with cohorts.uow() as uow:
                env = uow.publish("cohorts.team.registered",
                                  {"id": 700_000 + i, "cohort_id": 1, "name": f"Команда {i}", "kind": "ngo"},
                                  entity_version=1)
                uow.commit()
            committed[env.id] = time.time()
        deadline = time.time() + 60
        while time.time() < deadline:
            with consultations.engine.connect() as conn:
                applied = dict(conn.execute(sa.select(inbox.c.event_id, inbox.c.processed_at)
                                            .where(inbox.c.event_id.in_(list(committed)))).tuples().all())
            if len(applied) == len(committed):
                break
            time.sleep(0.5)
    finally:
        for w in workers:
            w.terminate()
            w.wait(30)
        cohorts.dispose()
        consultations.dispose()
    result = _percentiles([(applied[e].timestamp() - t) * 1000 for e, t in committed.items() if e in applied])
    result["missing"] = len(committed) - len(applied)
    return result


def bare_delay(var: Path, rate: float, seconds: float) -> dict:
    folder = var / "bare"
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "control_folder": str(var / "bare-control"),
               "store_processed": False}
    folder.mkdir(parents=True)
    exchange = Exchange("bare", type="topic")
    queue = Queue("bare", exchange, routing_key="#")
    received: list[float] = []
    total = int(rate * seconds)
    ready = threading.Event()

    def consume():
        with Connection("filesystem://", transport=AtomicFilesystemTransport, transport_options=options) as connection:
            def on_message(message):
                received.append((time.time() - json.loads(message.body)["t"]) * 1000)
                message.ack()

            with Consumer(connection.channel(), queues=[queue], on_message=on_message):
                ready.set()
                deadline = time.time() + seconds + 30
                while len(received) < total and time.time() < deadline:
                    try:
                        connection.drain_events(timeout=1)
                    except (TimeoutError, OSError):
                        pass

    thread = threading.Thread(target=consume)
    thread.start()
    ready.wait(30)
    with Connection("filesystem://", transport=AtomicFilesystemTransport, transport_options=options) as connection:
        producer = Producer(connection.channel(), exchange=exchange)
        interval, start = 1.0 / rate, time.perf_counter()
        for i in range(total):
            pause = start + i * interval - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            producer.publish(json.dumps({"t": time.time()}).encode(), routing_key="bare", declare=[queue])
    thread.join()
    return _percentiles(received)


def listing_cost_us(var: Path, files: int) -> float:
    """What one poll of the filesystem transport costs: a listing of the messages folder holding ``files`` files."""
    folder = var / f"listing-{files}"
    folder.mkdir()
    for i in range(files):
        (folder / f"{i:06d}.other.msg").write_bytes(b"{}")
    started = time.perf_counter()
    for _ in range(200):
        sorted(os.listdir(folder))
    return (time.perf_counter() - started) / 200 * 1e6


def main(argv=None) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=10.0, help="writes per second in cohorts")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    var = Path(tempfile.mkdtemp(prefix="rostok-emb-"))
    try:
        bare = bare_delay(var, args.rate, args.seconds)
        real = system_delay(var, args.rate, args.seconds)
        listing = {n: listing_cost_us(var, n) for n in (0, 100, 1000)}
    finally:
        shutil.rmtree(var, ignore_errors=True)
    note = (f"{args.rate:.0f} writes/s for {args.seconds:.0f} s; p50 {real['p50']:.0f} ms, max {real['max']:.0f} ms, "
            f"{real['missing']} not applied (bare: p50 {bare['p50']:.0f} ms); the relay rung by a UNIX datagram at "
            f"each commit (polling every 0.5 s besides), the consumer's transport polling every 50 ms: one listing of "
            f"the messages folder costs " + ", ".join(f"{us:.0f} µs at {n} files" for n, us in listing.items()))
    figure = Figure("embedded commit-to-applied p99 (SQLite + filesystem://)", "kombu filesystem transport, stock "
                    "polling, publish-to-consume p99", "ms", bare["p99"], real["p99"], real["p99"] / bare["p99"],
                    f"p99 < {GOAL_MS:.0f} ms", real["p99"] < GOAL_MS and real["missing"] == 0, 1, note=note,
                    samples={"embedded": real, "bare": bare, "listing_us": listing})
    return [figure]


if __name__ == "__main__":
    figures = main()
    json_path, md_path = write(figures, {"bench": "embedded_delay"})
    print(md_path.read_text())
