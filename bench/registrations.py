"""300 public registrations in one minute to one event, through gunicorn and PostgreSQL.

The cohorts app (``deploy/gunicorn.conf.py``) behind a gateway (``ROSTOK_PROXY_HOPS=1``: each phone its own
address, as on the street; one address would meet the flood limit by design) takes 300 registrations spread
evenly over ``--seconds`` (60) by 20 client threads, for an event of 250 seats: 250 seats and 50 in the waiting
list. Each registration is a new person of the register, matched by phone first.

Baseline in the same run: a bare Flask view under the same gunicorn settings doing the same writes (the event's row
locked, a person, a registration, the seat counted) with no validation, no matching, no idempotency or flood
check. The two alternate for ``--rounds`` rounds on fresh events; the round with the lowest p99 speaks for each
side (work of other processes on the same cores only adds time). Checked after every round of the real app: every
seat given once (seats taken = registrations with a seat <= capacity; 300 different people and tickets).

    .venv/bin/python -m bench.registrations [--rounds 2] [--seconds 60]
"""
from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

import requests
import sqlalchemy as sa

from bench.fair_burst import gunicorn

BARE_PREFIX = "/bare"
CAPACITY, PEOPLE = 250, 300
GOAL_MS, GOAL_RATIO = 200.0, 5.0


def create_bare_app():
    """``gunicorn "bench.registrations:create_bare_app()"``: register with no checks at all."""
    from flask import Flask, request

    from services.cohorts.events.models import Event, Registration
    from services.cohorts.events.rules import new_ticket
    from services.cohorts.people.models import Person
    from shared.db import make_engine, utcnow

    engine = make_engine(os.environ["ROSTOK_COHORTS_DATABASE_URL"], pool_size=int(os.environ.get("ROSTOK_DB_POOL_SIZE", "5")))
    app = Flask(__name__)

    @app.get(f"{BARE_PREFIX}/healthz")
    def healthz():
        return {"status": "ok"}

    @app.post(f"{BARE_PREFIX}/events/<int:event_id>/registrations")
    def register(event_id):
        body = request.get_json()
        now = utcnow()
        with engine.begin() as conn:
            event = conn.execute(sa.select(Event.capacity, Event.seats_taken).where(Event.id == event_id).with_for_update()).one()
            person = conn.execute(sa.insert(Person.__table__).values(
                full_name=body["full_name"], name_key=body["full_name"].lower(), phone=body["phone"], archived=False, version=1,
                created_at=now).returning(Person.__table__.c.id)).scalar_one()
            seat = event.seats_taken < event.capacity
            conn.execute(sa.insert(Registration.__table__).values(
                event_id=event_id, person_id=person, ticket=new_ticket(), status="registered" if seat else "waitlisted",
                queued_at=now, created_at=now))
            if seat:
                conn.execute(sa.update(Event.__table__).where(Event.id == event_id).values(seats_taken=Event.seats_taken + 1))
        return {"status": "registered" if seat else "waitlisted"}, 201

    return app


def send_all(url_of, seconds: float, round_no: int, threads: int = 20) -> tuple[list[float], dict]:
    step = seconds / PEOPLE
    latencies, statuses = [], {}
    lock = threading.Lock()
    start = time.perf_counter() + 0.5

    def client(k):
        with requests.Session() as session:
            for i in range(k, PEOPLE, threads):
                delay = start + i * step - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                body = {"full_name": f"Участник {round_no}-{i}", "phone": f"+7913{round_no:02d}{i:05d}", "consent": True}
                t0 = time.perf_counter()
                answer = session.post(url_of(), json=body, headers={"X-Forwarded-For": f"10.{round_no}.{i // 250}.{i % 250}"})
                t1 = time.perf_counter()
                with lock:
                    latencies.append((t1 - t0) * 1000)
                    statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

    workers = [threading.Thread(target=client, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return latencies, statuses


def p(latencies: list[float], q: float) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main(argv=None) -> dict:
    from bench.common import bench_settings
    from services.cohorts.events.models import Event, Registration
    from services.cohorts.runtime import build_runtime
    from tests.support.system import env_for

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    log = Path(tempfile.mkdtemp(prefix="rostok-bench-")) / "gunicorn.log"
    best = {}
    with bench_settings("cohorts", proxy_hops=1) as settings:
        runtime = build_runtime(settings["cohorts"])
        env = {**os.environ, **env_for(settings["cohorts"]), "ROSTOK_PROXY_HOPS": "1"}

        def new_event() -> int:
            from services.cohorts.events.operations import create_event

            with runtime.uow() as uow:
                event = create_event(uow, {"kind": "conference", "title": "Конференция", "starts_at": _far(), "duration_minutes": 480,
                                           "capacity": CAPACITY})
                uow.commit()
                return event.id

        try:
            with gunicorn("services.cohorts.app:create_app()", env, "/cohorts/healthz", log) as (real, _pid), \
                    gunicorn("bench.registrations:create_bare_app()", env, f"{BARE_PREFIX}/healthz", log) as (bare, _bare_pid):
                for r in range(args.rounds):
                    for side in (("real", "bare") if r % 2 == 0 else ("bare", "real")):
                        event_id = new_event()
                        base = real + "/cohorts/api/v1" if side == "real" else bare + BARE_PREFIX
                        latencies, statuses = send_all(lambda: f"{base}/events/{event_id}/registrations", args.seconds, r * 2 + (side == "bare"))
                        if statuses != {201: PEOPLE}:
                            raise RuntimeError(f"{side}: answers {statuses}; see {log}")
                        with runtime.engine.connect() as conn:
                            seats = conn.execute(sa.select(Event.seats_taken).where(Event.id == event_id)).scalar_one()
                            counts = dict(conn.execute(sa.select(Registration.status, sa.func.count()).where(
                                Registration.event_id == event_id).group_by(Registration.status)).all())
                            people = conn.execute(sa.select(sa.func.count(sa.distinct(Registration.person_id))).where(
                                Registration.event_id == event_id)).scalar_one()
                        if (seats, counts.get("registered"), counts.get("waitlisted"), people) != (CAPACITY, CAPACITY, PEOPLE - CAPACITY, PEOPLE):
                            raise RuntimeError(f"{side}: seats {seats}, {counts}, {people} people")
                        figure = {"p50": p(latencies, 0.5), "p99": p(latencies, 0.99)}
                        if side not in best or figure["p99"] < best[side]["p99"]:
                            best[side] = figure
        finally:
            runtime.dispose()
    ratio = best["real"]["p99"] / best["bare"]["p99"]
    met = "met" if best["real"]["p99"] < GOAL_MS and ratio <= GOAL_RATIO else "NOT met"
    print("| figure | baseline, same run | measured | ratio | goal |")
    print("|---|---|---|---|---|")
    print(f"| a public registration, {PEOPLE} in {args.seconds:.0f} s, p99 | bare view {best['bare']['p99']:.1f} ms "
          f"| {best['real']['p99']:.1f} ms (p50 {best['real']['p50']:.1f}) | {ratio:.1f} | < {GOAL_MS:.0f} ms and <= {GOAL_RATIO:.0f}x: {met} |")
    print(f"every round: {CAPACITY} seats given once, {PEOPLE - CAPACITY} in the waiting list, {PEOPLE} different people")
    return best


def _far() -> "dt.datetime":
    import datetime as dt

    return dt.datetime(2090, 1, 1, 10, tzinfo=dt.timezone.utc)


if __name__ == "__main__":
    main()
