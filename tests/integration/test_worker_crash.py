"""Workers killed with SIGKILL in the middle of a batch: nothing lost, every event applied exactly once."""
from __future__ import annotations

import datetime as dt
import signal
import subprocess

import sqlalchemy as sa

from services.cohorts.programs import operations as programs
from services.cohorts.teams import operations as teams
from tests.support.processes import stop_process, worker_process
from tests.support.system import wait_until

N = 1500


def start_worker(system, service, **overrides):
    return worker_process(service, system.settings(service, **overrides), stderr=subprocess.PIPE)


def scalar(runtime, query):
    with runtime.engine.connect() as conn:
        return conn.execute(query).scalar_one()


def test_workers_killed_mid_batch_lose_nothing_and_apply_once(system):
    cohorts = system.runtime("cohorts")
    consultations = system.runtime("consultations")
    with cohorts.uow() as uow:
        program = programs.create_program(
            uow, {"name": "П", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 12, 31), "timezone": "Asia/Kamchatka"}
        )
        cohort = programs.create_cohort(uow, program_id=program.id, name="К")
        territory = programs.create_territory(uow, district="Мильковский МР", settlement="с. Мильково")
        uow.commit()
    for start in range(0, N, 250):
        with cohorts.uow() as uow:
            for i in range(start, start + 250):
                teams.register_team(uow, cohort.id, {"name": f"Команда {i}", "kind": "ngo", "territory_id": territory.id})
            uow.commit()

    outbox = cohorts.tables.outbox
    unsent = sa.select(sa.func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
    inbox = consultations.tables.inbox
    applied = sa.select(sa.func.count()).select_from(inbox).where(inbox.c.routing_key == "cohorts.team.registered")

    # small batches so that a kill lands in the middle of one; short leases so the
    # rows a dead relay had claimed are taken over quickly
    relay = start_worker(system, "cohorts", relay_batch_size=50, relay_lease_seconds=2.0)
    consumer = start_worker(system, "consultations")
    try:
        wait_until(lambda: scalar(cohorts, unsent) < N, timeout=60, message="the relay to start sending")
        relay.send_signal(signal.SIGKILL)
        relay.wait()
        sent_at_kill = scalar(cohorts, sa.select(sa.func.count()).select_from(outbox)) - scalar(cohorts, unsent)
        assert sent_at_kill < N, "the relay must be killed with rows still to send"
        relay = start_worker(system, "cohorts", relay_batch_size=50, relay_lease_seconds=2.0)

        wait_until(lambda: scalar(consultations, applied) > 100, timeout=60, message="the consumer to apply some")
        consumer.send_signal(signal.SIGKILL)
        consumer.wait()
        applied_at_kill = scalar(consultations, applied)
        assert 0 < applied_at_kill < N, "the kill must land mid-stream"
        consumer = start_worker(system, "consultations")
        wait_until(lambda: scalar(consultations, applied) == N, timeout=120, message=f"all {N} events applied")
        wait_until(lambda: scalar(cohorts, unsent) == 0, timeout=60, message="the outbox drained")
    finally:
        for process in (relay, consumer):
            stop_process(process)

    from services.consultations.db import REPLICAS

    replica = sa.select(sa.func.count(sa.distinct(REPLICAS.teams.c.id))).select_from(REPLICAS.teams)
    assert scalar(consultations, replica) == N
    assert scalar(consultations, sa.select(sa.func.count()).select_from(consultations.tables.failed)) == 0
    # exactly once: one inbox row per event id, and no event id lost
    assert scalar(consultations, applied) == N
    print(f"killed the relay after {sent_at_kill} sent, the consumer after {applied_at_kill} applied")
