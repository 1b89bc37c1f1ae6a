"""The consumer applies in batches: one transaction per batch with a savepoint per event, one multiple ack."""
from __future__ import annotations

import sqlalchemy as sa

from services.consultations.runtime import build_runtime as consultations_runtime
from tests.support.events import queue_depth, count, publish_raw, replica_teams, team_event
from tests.support.system import WorkerThread, wait_until


def test_a_batch_commits_once_and_a_bad_event_or_a_duplicate_never_rolls_back_the_others(system, monkeypatch):
    runtime = consultations_runtime(system.settings("consultations"))
    original = runtime.handlers["cohorts.team.registered"]

    def poisoned(uow, env):
        if env.data["name"] == "Яд":
            raise ValueError("cannot apply this team")
        original(uow, env)

    runtime.handlers["cohorts.team.registered"] = poisoned
    good = [team_event(100 + i, f"Команда {i}", 1) for i in range(100)]
    poison = team_event(99, "Яд", 1)
    # one entity's three versions, newest first: order within a batch keeps the newest
    versions = [team_event(7, "Третье имя", 3, "updated"), team_event(7, "Первое имя", 1), team_event(7, "Второе имя", 2, "updated")]
    events = good[:50] + [poison, good[10]] + versions + good[50:]  # good[10] delivered twice
    batches = []
    applier_class = type(runtime.applier())
    real = applier_class.apply_batch
    monkeypatch.setattr(applier_class, "apply_batch", lambda self, bodies, **how: (batches.append(len(bodies)), real(self, bodies, **how))[1])
    retried = []  # a retry of a stored failure is a batch of one of its own
    real_raw = applier_class.apply_raw
    monkeypatch.setattr(applier_class, "apply_raw", lambda self, body: (retried.append(1), real_raw(self, body))[1])
    publish_raw(system, *events)
    failed = runtime.tables.failed
    with WorkerThread(runtime):
        wait_until(lambda: count(runtime, runtime.tables.inbox) == 103, message="every distinct good event applied")
        wait_until(lambda: count(runtime, failed, failed.c.status == "dead") == 1, message="the poison dead alone")
        wait_until(lambda: queue_depth(system, "consultations") == 0, message="every delivery acked")
    names = {t["id"]: (t["name"], t["version"]) for t in replica_teams(system)}
    assert len(names) == 101 and 99 not in names  # a hundred teams and team 7, never the poison
    assert names[7] == ("Третье имя", 3)
    # 105 deliveries in a handful of transactions (one per batch; the poison's bookkeeping and retries apart)
    assert sum(batches) - len(retried) == 105 and len(batches) - len(retried) <= 10 and max(batches) > 1, (batches, retried)
    runtime.dispose()


def _person_event(person_id: int, name: str, version: int):
    from shared.events import envelope

    return envelope.build("cohorts.person.updated" if version > 1 else "cohorts.person.registered",
                          {"id": person_id, "full_name": name}, producer="cohorts", entity_version=version,
                          correlation_id="test")


def _statements(engine, run):
    seen = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        result = run()
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    return result, seen


def test_a_batch_writes_each_replica_table_in_one_statement_keeping_the_newest_version(system):
    runtime = consultations_runtime(system.settings("consultations"))
    teams = [team_event(300 + i, f"Команда {i}", 1) for i in range(40)]
    people = [_person_event(900 + i, f"Человек {i}", 1) for i in range(20)]
    # one team's three versions, newest in the middle, and a person met again later in the batch
    versions = [team_event(7, "Первое имя", 1), team_event(7, "Третье имя", 3, "updated"), team_event(7, "Второе имя", 2, "updated")]
    events = teams[:20] + versions + people + teams[20:] + [_person_event(900, "Человек 0, новое имя", 2)]
    outcomes, statements = _statements(runtime.engine, lambda: runtime.applier().apply_batch([e.to_json() for e in events]))
    assert [o.status for o in outcomes] == ["applied"] * len(events)
    # the inbox rows (the failures of the same ids resolved with them), the teams, the people: three statements
    assert len(statements) == 3, statements
    assert sum("INSERT INTO inbox" in s for s in statements) == 1, statements
    assert sum("INSERT INTO team_replica" in s for s in statements) == 1, statements
    assert sum("INSERT INTO person_replica" in s for s in statements) == 1, statements
    names = {t["id"]: (t["name"], t["version"]) for t in replica_teams(system)}
    assert len(names) == 41 and names[7] == ("Третье имя", 3)
    from services.consultations.db import REPLICAS

    with runtime.engine.connect() as conn:
        held = {row.id: row.full_name for row in conn.execute(sa.select(REPLICAS.people.c.id, REPLICAS.people.c.full_name))}
    assert len(held) == 20 and held[900] == "Человек 0, новое имя"
    # the same batch again: every event a duplicate, nothing written over
    again = runtime.applier().apply_batch([e.to_json() for e in events])
    assert {o.status for o in again} == {"duplicate"}
    runtime.dispose()


def test_a_held_row_the_database_refuses_fails_its_event_alone(system):
    """A row that fails only when written (too long for its column) is found by applying each event in its own
    savepoint: that event is a failure to retry, the rest of the batch applies once."""
    runtime = consultations_runtime(system.settings("consultations"))
    good = [team_event(400 + i, f"Команда {i}", 1) for i in range(30)]
    bad = team_event(399, "Я" * 400, 1)  # the replica keeps 300 characters
    events = good[:15] + [bad] + good[15:]
    outcomes = runtime.applier().apply_batch([e.to_json() for e in events])
    assert [o.status for o in outcomes] == ["applied"] * 15 + ["failed"] + ["applied"] * 15
    ids = {t["id"] for t in replica_teams(system)}
    assert ids == {400 + i for i in range(30)}
    failed = runtime.tables.failed
    assert count(runtime, failed, failed.c.event_id == bad.id, failed.c.status == "retrying") == 1
    assert count(runtime, runtime.tables.inbox) == 30
    runtime.dispose()


def test_the_consumer_keeps_one_database_connection_and_takes_a_new_one_when_it_died_while_idle(system):
    """Batch after batch on one connection (no check-out, pre-ping and check-in each); a database restart while the
    queue is idle costs the next batch no outage pause: it goes again at once on a new connection."""
    import threading

    runtime = consultations_runtime(system.settings("consultations"))
    taken = []
    sa.event.listen(runtime.engine.pool, "checkout", lambda *_: taken.append(threading.current_thread().name))
    consumer = runtime.consumer()
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    inbox = runtime.tables.inbox
    try:
        for wave in range(4):
            publish_raw(system, *[team_event(600 + 10 * wave + i, f"Команда {wave}.{i}", 1) for i in range(10)])
            wait_until(lambda: count(runtime, inbox) == 10 * (wave + 1), message=f"wave {wave} applied")
        applying = [name for name in taken if "apply" in name]
        assert len(applying) == 1, taken
        # the database restarts while nothing comes: every connection to it is gone, the consumer's kept one too
        with runtime.engine.connect() as conn:
            gone = conn.exec_driver_sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        "WHERE datname = current_database() AND pid <> pg_backend_pid()").scalar()
        assert gone >= 1
        publish_raw(system, *[team_event(700 + i, f"После {i}", 1) for i in range(10)])
        wait_until(lambda: count(runtime, inbox) == 50, message="the wave after the restart applied")
        assert consumer.outage_retries == 0, "a connection that died while idle is not an outage"
        assert len([name for name in taken if "apply" in name]) == 2, taken
    finally:
        stop.set()
        thread.join(timeout=30)
        runtime.dispose()
    assert len(replica_teams(system)) == 50
