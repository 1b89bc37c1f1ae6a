"""Relay and consumer on SQLite and kombu's filesystem transport (no server needed)."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from services.cohorts.programs import operations as programs
from services.cohorts.runtime import build_runtime as cohorts_runtime
from services.cohorts.teams import operations as teams
from services.consultations.db import REPLICAS
from services.consultations.runtime import build_runtime as consultations_runtime
from shared.events import broker
from tests.support.system import make_settings, migrate, wait_until


@pytest.fixture(autouse=True)
def _fresh_filesystem_bindings(monkeypatch):
    """kombu keeps the filesystem transport's bindings for the whole process: each test's folders start afresh."""
    from kombu.transport import filesystem, virtual

    monkeypatch.setattr(filesystem.Transport, "global_state", virtual.BrokerState())


def embedded_settings(service, tmp_path):
    return make_settings(
        service,
        database_url=f"sqlite:///{tmp_path / (service + '.db')}",
        broker_url="filesystem://",
        prefix="rostok",
        var_dir=tmp_path,
    )


def test_filesystem_messages_are_written_atomically_and_applied_once(tmp_path):
    cohorts = cohorts_runtime(embedded_settings("cohorts", tmp_path))
    consultations = consultations_runtime(embedded_settings("consultations", tmp_path))
    migrate("cohorts", cohorts.settings.database_url)
    migrate("consultations", consultations.settings.database_url)
    import datetime as dt

    with cohorts.uow() as uow:
        program = programs.create_program(uow, {"name": "П", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 2, 1)})
        cohort = programs.create_cohort(uow, program_id=program.id, name="К")
        territory = programs.create_territory(uow, district="Мильковский МР", settlement="с. Шаромы")
        for i in range(20):
            teams.register_team(uow, cohort.id, {"name": f"Т{i}", "kind": "ngo", "territory_id": territory.id})
        uow.commit()

    relay = cohorts.relay()
    assert relay.drain() == 21  # the cohort and twenty teams
    folder = cohorts.settings.broker_transport_options["data_folder_out"]
    names = os.listdir(folder)
    assert not [n for n in names if n.startswith(".tmp-")], "no temporary file left behind"
    assert len([n for n in names if n.endswith(".rostok.consultations.msg")]) == 21

    applier = consultations.applier()
    with broker.connect(consultations.settings) as connection:
        from shared.events.topology import for_connection

        queue = for_connection("rostok", connection).queue("consultations")(connection.channel())
        bodies = []
        while (message := queue.get(no_ack=False)) is not None:
            bodies.append(message.body)
            message.ack()
    outcomes = [applier.apply_raw(b).status for b in bodies + bodies[:5]]  # five redelivered
    assert outcomes.count("applied") == 21 and outcomes.count("duplicate") == 5  # the cohort and 20 teams, 5 resent
    with consultations.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.teams)).scalar_one() == 20
    cohorts.dispose()
    consultations.dispose()


def test_delivered_copies_leave_the_processed_folder_within_seconds(tmp_path):
    """A delivered message may carry a name that an erasure removes everywhere: its copy must not linger."""
    import threading

    from services.cohorts.people import operations as people
    from shared.worker import run_worker

    cohorts = cohorts_runtime(embedded_settings("cohorts", tmp_path))
    consultations = consultations_runtime(embedded_settings("consultations", tmp_path))
    migrate("cohorts", cohorts.settings.database_url)
    migrate("consultations", consultations.settings.database_url)
    with cohorts.uow() as uow:
        people.register_person(uow, {"full_name": "Ольга Стираемая"})
        uow.commit()
    processed = consultations.settings.broker_transport_options["processed_folder"]

    def holding_the_name():
        found = []
        for name in os.listdir(processed) if os.path.isdir(processed) else []:
            try:
                content = open(os.path.join(processed, name), "rb").read().decode("utf-8", "replace")
            except FileNotFoundError:
                continue
            if "Стираемая" in content or "\\u0421\\u0442\\u0438\\u0440" in content:
                found.append(name)
        return found

    def applied():
        with consultations.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(REPLICAS.people)).scalar_one()

    stop = threading.Event()
    workers = [threading.Thread(target=run_worker, args=(r, stop), daemon=True) for r in (cohorts, consultations)]
    for w in workers:
        w.start()
    try:
        wait_until(lambda: applied() == 1, message="the person in consultations")
        wait_until(lambda: holding_the_name() == [], timeout=15, message="no delivered copy holding the name")
    finally:
        stop.set()
        for w in workers:
            w.join(timeout=15)


def test_a_bind_returns_only_once_the_table_file_holds_it(tmp_path):
    """kombu caches the bindings of the whole process before writing them: a second declaration in the same
    process (another thread's relay, or a new folder) must still find the binding in the table file."""
    from shared.events.topology import for_connection

    for folder in ("first", "second"):  # the same process, kombu's cache already holding every binding the second time
        settings = embedded_settings("cohorts", tmp_path / folder)
        with broker.connect(settings) as connection:
            topology = for_connection(settings.broker_prefix, connection)
            topology.declare(connection)
            table = connection.default_channel.get_table(topology.exchange.name)
            assert {b.queue for b in table} == {topology.queue_name(s) for s in ("cohorts", "consultations", "fairs")}, folder


def test_the_embedded_relay_is_rung_at_commit_and_sends_before_its_poll(tmp_path):
    """SQLite has no NOTIFY: a commit with outbox rows rings the relay's doorbell, and the relay sends at once
    instead of at its next poll (here a minute away)."""
    import threading

    cohorts = cohorts_runtime(make_settings("cohorts", database_url=f"sqlite:///{tmp_path / 'cohorts.db'}",
                                            broker_url="filesystem://", prefix="rostok", var_dir=tmp_path,
                                            relay_poll_seconds=60.0))
    migrate("cohorts", cohorts.settings.database_url)
    assert cohorts.bell is not None
    relay = cohorts.relay()
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,))
    thread.start()
    try:
        wait_until(lambda: cohorts.bell.exists(), message="the relay listening at its doorbell")
        import datetime as dt
        import time

        with cohorts.uow() as uow:
            program = programs.create_program(uow, {"name": "П", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 2, 1)})
            programs.create_cohort(uow, program_id=program.id, name="К")  # announced: cohorts.cohort.created
            uow.commit()
        rung = time.monotonic()
        outbox = cohorts.tables.outbox

        def sent():
            with cohorts.engine.connect() as conn:  # a new read each time: SQLite keeps one transaction's snapshot
                return conn.execute(sa.select(sa.func.count()).select_from(outbox).where(outbox.c.sent_at.is_not(None))).scalar_one()

        wait_until(lambda: sent() == 1, timeout=30, message="the event sent")
        assert time.monotonic() - rung < 30  # long before the minute's poll
    finally:
        stop.set()
        from shared.events.bell import ring

        ring(cohorts.bell)  # wakes the relay to see the stop
        thread.join(30)
        cohorts.dispose()
    assert not thread.is_alive()
