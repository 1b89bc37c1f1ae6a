"""Envelope versions and the housekeeping of the outbox and the inbox, on PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
import time_machine

from tests.integration.test_event_backbone import count, replica_teams, team_event

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
        ]):
            conn.execute(sa.insert(outbox).values(event_id=f"00000000-0000-4000-8000-{i:012d}", routing_key="cohorts.x",
                                                  body="{}", created_at=created, sent_at=sent))
    with consultations.engine.begin() as conn:
        for i, days in enumerate([45, 31, 29, 1] * 3):
            conn.execute(sa.insert(inbox).values(event_id=f"00000000-0000-4000-9000-{i:012d}", routing_key="cohorts.x",
                                                 occurred_at=NOW - dt.timedelta(days=days),
                                                 processed_at=NOW - dt.timedelta(days=days)))
    with time_machine.travel(NOW, tick=False):
        assert cohorts.relay().purge_sent(cohorts.outbox_keep) == 1
        assert consultations.applier().purge_inbox(consultations.inbox_keep, batch=4) == 6  # in batches
    assert count(cohorts, outbox) == 2
    assert count(cohorts, outbox, outbox.c.sent_at.is_(None)) == 1
    assert count(consultations, inbox) == 6
    assert count(consultations, inbox, inbox.c.processed_at < NOW - dt.timedelta(days=30)) == 0
