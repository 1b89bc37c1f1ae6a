"""Proof of "once": worker processes kill themselves (SIGKILL) at named points, are started again, and every
event is applied exactly once, with the duplicates the crash caused delivered and absorbed by the inbox.

The consumer writes a ledger row per application inside the event's transaction (an effect that is not
idempotent by itself: a second application would be a second row) and a row per duplicate it absorbed.
Run on PostgreSQL + RabbitMQ and on the embedded default (SQLite + the filesystem transport)."""
from __future__ import annotations

import datetime as dt
import signal

import pytest
import sqlalchemy as sa

from services.cohorts.programs import operations as programs
from services.cohorts.teams import operations as teams
from tests.support.processes import stop_process, worker_process
from tests.support.system import make_settings, migrate, wait_until

N = 200
LEDGER = "event_ledger"

# point -> (the service whose worker dies, when, whether the crash must cause a redelivery the inbox absorbs)
KILLS = {
    "relay-after-publish": ("cohorts", 2, True),      # confirmed, not marked: resent after the lease
    "relay-mid-batch": ("cohorts", 2, True),          # half a batch published, unconfirmed: resent after the lease
    # half a batch applied, nothing committed: the whole batch delivered again and applied once
    # (the filesystem transport had moved its files out of the queue: the restarted worker puts them back)
    "consumer-mid-batch": ("consultations", 2, False),
    "consumer-after-commit": ("consultations", 2, True),  # the second batch committed, not acked: delivered again
}


class Backend:
    def __init__(self, name, settings):
        self.name = name
        self._settings = settings  # service -> Settings

    def settings(self, service):
        return self._settings[service]

    def engine(self, service):
        return sa.create_engine(self.settings(service).database_url)


@pytest.fixture(params=["postgresql+rabbitmq", "embedded"])
def backend(request, tmp_path):
    overrides = dict(relay_batch_size=50, relay_lease_seconds=2.0, relay_poll_seconds=0.2)
    if request.param == "embedded":
        settings = {}
        for service in ("cohorts", "consultations"):
            url = f"sqlite:///{tmp_path / service}.db"
            migrate(service, url)
            settings[service] = make_settings(service, database_url=url, broker_url="filesystem://", prefix="rostok",
                                              var_dir=tmp_path, **overrides)
        return Backend("embedded", settings)
    system = request.getfixturevalue("system")
    return Backend("postgresql+rabbitmq", {s: system.settings(s, **overrides) for s in ("cohorts", "consultations")})


def start_worker(backend, service, **extra_env):
    return worker_process(service, backend.settings(service), extra_env={"ROSTOK_EVENT_LEDGER": LEDGER, **extra_env})


def stage(backend) -> None:
    from services.cohorts.runtime import build_runtime

    cohorts = build_runtime(backend.settings("cohorts"))
    try:
        with cohorts.uow() as uow:
            program = programs.create_program(uow, {"name": "П", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 12, 31)})
            cohort = programs.create_cohort(uow, program_id=program.id, name="К")
            territory = programs.create_territory(uow, district="Мильковский МР", settlement="с. Мильково")
            for i in range(N):
                teams.register_team(uow, cohort.id, {"name": f"Команда {i}", "kind": "ngo", "territory_id": territory.id})
            uow.commit()
    finally:
        cohorts.dispose()


@pytest.mark.parametrize("point", list(KILLS))
def test_killed_at_a_point_then_restarted_every_event_applied_exactly_once(backend, point):
    victim, nth, redelivery_expected = KILLS[point]
    consultations_db = backend.engine("consultations")
    with consultations_db.begin() as conn:
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {LEDGER}"))
        conn.execute(sa.text(f"CREATE TABLE {LEDGER} (event_id VARCHAR(64) NOT NULL, outcome VARCHAR(16) NOT NULL, pid INTEGER)"))
    stage(backend)
    with backend.engine("cohorts").connect() as conn:
        expected = conn.execute(sa.text("SELECT count(*) FROM outbox")).scalar_one()

    def ledger(outcome: str) -> int:
        with consultations_db.connect() as conn:
            return conn.execute(sa.text(f"SELECT count(*) FROM {LEDGER} WHERE outcome = :o"), {"o": outcome}).scalar_one()

    kill = {"ROSTOK_KILL_POINT": f"{point}@{nth}"}
    processes = {
        "cohorts": start_worker(backend, "cohorts", **(kill if victim == "cohorts" else {})),
        "consultations": start_worker(backend, "consultations", **(kill if victim == "consultations" else {})),
    }
    try:
        assert processes[victim].wait(timeout=120) == -signal.SIGKILL, f"{point} was never reached"
        processes[victim] = start_worker(backend, victim)  # started again, without the kill point
        wait_until(lambda: ledger("applied") >= expected, timeout=120, message=f"all {expected} events applied")
        with backend.engine("cohorts").connect() as conn:
            wait_until(lambda: conn.execute(sa.text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")).scalar_one() == 0,
                       timeout=60, message="the outbox drained")
        if redelivery_expected:
            wait_until(lambda: ledger("duplicate") > 0, timeout=30, message="the redelivery the crash caused")
    finally:
        for process in processes.values():
            stop_process(process)
    with consultations_db.connect() as conn:
        applied_twice = conn.execute(sa.text(
            f"SELECT event_id, count(*) FROM {LEDGER} WHERE outcome = 'applied' GROUP BY event_id HAVING count(*) > 1"
        )).all()
        distinct = conn.execute(sa.text(f"SELECT count(DISTINCT event_id) FROM {LEDGER} WHERE outcome = 'applied'")).scalar_one()
        inbox = conn.execute(sa.text("SELECT count(*) FROM inbox")).scalar_one()
        teams_in_replica = conn.execute(sa.text("SELECT count(*) FROM team_replica")).scalar_one()
    duplicates = ledger("duplicate")
    with consultations_db.begin() as conn:
        conn.execute(sa.text(f"DROP TABLE {LEDGER}"))  # the database is the session's: its schema must match the models
    consultations_db.dispose()
    assert not applied_twice, f"applied more than once: {applied_twice[:5]}"
    assert distinct == inbox == expected
    assert teams_in_replica == N
    print(f"{backend.name} {point}: {expected} applied once each, {duplicates} duplicate deliveries absorbed")
