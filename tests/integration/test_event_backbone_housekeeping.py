"""Envelope versions and the housekeeping of the outbox and the inbox, on PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
import time_machine

from shared.migrate import upgrade
from tests.support.events import count, replica_teams, team_event
from tests.support.system import ROOT, SERVICES

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.timezone.utc)


def test_an_unknown_major_version_goes_to_dead_letters_with_its_reason(system):
    runtime = system.runtime("consultations")
    applier = runtime.applier()
    body = json.loads(team_event(3, "Из будущего", 1).to_json())
    body["version"] = 2  # a producer already on a breaking version 2 of cohorts.team.registered
    outcome = applier.apply_raw(json.dumps(body, ensure_ascii=False))
    assert outcome.status == "dead"
    failed = runtime.tables.failed
    with runtime.engine.connect() as conn:
        row = conn.execute(sa.select(failed)).one()
    assert "unknown version 2" in row.last_error and "versions 1 to 1" in row.last_error
    assert row.attempts == 1  # dead at once: waiting will not teach this consumer version 2
    assert replica_teams(system) == []
    # the version it knows is applied as ever
    assert applier.apply_raw(team_event(4, "Сегодняшняя", 1).to_json()).status == "applied"


def test_sent_outbox_rows_and_old_inbox_ids_are_purged_after_their_age(system):
    cohorts, consultations = system.runtime("cohorts"), system.runtime("consultations")
    outbox, inbox = cohorts.tables.outbox, consultations.tables.inbox
    with cohorts.engine.begin() as conn:
        for i, (created, sent) in enumerate([
            (NOW - dt.timedelta(days=10), NOW - dt.timedelta(days=9)),   # sent long ago: goes
            (NOW - dt.timedelta(days=10), None),                         # never sent: stays, however old
            (NOW - dt.timedelta(days=2), NOW - dt.timedelta(days=2)),    # sent recently: stays
        ] + [(NOW - dt.timedelta(days=12), NOW - dt.timedelta(days=11))] * 4):  # four more that go
            conn.execute(sa.insert(outbox).values(event_id=f"00000000-0000-4000-8000-{i:012d}", routing_key="cohorts.x",
                                                  body="{}", created_at=created, sent_at=sent))
    with consultations.engine.begin() as conn:
        for i, days in enumerate([45, 31, 29, 1] * 3):
            conn.execute(sa.insert(inbox).values(event_id=f"00000000-0000-4000-9000-{i:012d}", routing_key="cohorts.x",
                                                 occurred_at=NOW - dt.timedelta(days=days),
                                                 processed_at=NOW - dt.timedelta(days=days)))
    with time_machine.travel(NOW, tick=False):
        assert cohorts.relay().purge_sent(cohorts.outbox_keep, batch=2) == 5  # in batches too
        assert consultations.applier().purge_inbox(consultations.inbox_keep, batch=4) == 6  # in batches
    assert count(cohorts, outbox) == 2
    assert count(cohorts, outbox, outbox.c.sent_at.is_(None)) == 1
    assert count(consultations, inbox) == 6
    assert count(consultations, inbox, inbox.c.processed_at < NOW - dt.timedelta(days=30)) == 0


def _purge_statements(runtime) -> list[tuple[str, object]]:
    """The SQL the two purges send (captured as the driver receives it), each with its parameters."""
    sent: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("DELETE"):
            sent.append((statement, parameters))

    sa.event.listen(runtime.engine, "before_cursor_execute", capture)
    try:
        runtime.relay().purge_sent(runtime.outbox_keep)
        runtime.applier().purge_inbox(runtime.inbox_keep)
    finally:
        sa.event.remove(runtime.engine, "before_cursor_execute", capture)
    return sent


@pytest.mark.parametrize("service", SERVICES)
def test_the_purges_read_their_tables_by_index_on_postgresql(system, service):
    runtime = system.runtime(service)
    statements = _purge_statements(runtime)
    assert len(statements) == 2
    plans = []
    with runtime.engine.connect() as conn:
        # with sequential scans priced out, a plan still reading the whole table has no index it can use
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        for statement, parameters in statements:
            plans.append("\n".join(conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars()))
        conn.rollback()
    assert "ix_outbox_sent_at" in plans[0], plans[0]
    assert "ix_inbox_processed_at" in plans[1], plans[1]


@pytest.mark.parametrize("service", SERVICES)
def test_the_purges_read_their_tables_by_index_on_sqlite(system, service, tmp_path):
    url = f"sqlite:///{tmp_path / (service + '.db')}"
    upgrade(ROOT / "services" / service / "migrations", url)
    runtime_module = __import__(f"services.{service}.runtime", fromlist=["build_runtime"])
    runtime = runtime_module.build_runtime(system.settings(service, database_url=url))
    try:
        statements = _purge_statements(runtime)
        assert len(statements) == 2
        with runtime.engine.connect() as conn:
            plans = [
                "\n".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
                for statement, parameters in statements
            ]
    finally:
        runtime.dispose()
    assert "ix_outbox_sent_at" in plans[0], plans[0]
    assert "ix_inbox_processed_at" in plans[1], plans[1]
