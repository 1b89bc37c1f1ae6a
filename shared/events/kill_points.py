"""Crash points, for the tests that prove "nothing lost, nothing doubled".

``ROSTOK_KILL_POINT=<point>[@<n>]`` makes the process kill itself with
SIGKILL the n-th time (default: the first) it passes the named point:

- ``relay-after-publish``: the broker confirmed a batch, not yet marked sent;
- ``relay-mid-batch``: half a batch published, no confirm awaited yet;
- ``consumer-mid-batch``: half a batch applied in its open transaction;
- ``consumer-after-commit``: a batch applied and committed, not yet acked.

``ROSTOK_EVENT_LEDGER=<table>`` makes the applier write a row per
application (in the handler's transaction) and per absorbed duplicate (on
its own) into that table, which the test creates: an effect that is not
idempotent by itself, so a second application would show as a second row.
Both are unset in normal running, where each check is one dictionary lookup.
"""
from __future__ import annotations

import os
import signal

import sqlalchemy as sa

POINTS = ("relay-after-publish", "relay-mid-batch", "consumer-mid-batch", "consumer-after-commit")
_passed: dict[str, int] = {}


def _target() -> tuple[str, int] | None:
    spec = os.environ.get("ROSTOK_KILL_POINT")
    if not spec:
        return None
    point, _, nth = spec.partition("@")
    if point not in POINTS:
        raise ValueError(f"unknown kill point {point!r} (known: {', '.join(POINTS)})")
    return point, int(nth or 1)


def reached(point: str) -> None:
    target = _target()
    if target is None or target[0] != point:
        return
    _passed[point] = _passed.get(point, 0) + 1
    if _passed[point] == target[1]:
        os.kill(os.getpid(), signal.SIGKILL)


def ledger_table() -> str | None:
    name = os.environ.get("ROSTOK_EVENT_LEDGER")
    if name and not name.replace("_", "").isalnum():
        raise ValueError("ROSTOK_EVENT_LEDGER must be a plain table name")
    return name or None


def note(connection_or_session, event_id: str, outcome: str) -> None:
    """One ledger row: ``applied`` inside the event's transaction, ``duplicate`` for a redelivery absorbed."""
    table = ledger_table()
    if table is None:
        return
    connection_or_session.execute(
        sa.text(f"INSERT INTO {table} (event_id, outcome, pid) VALUES (:event_id, :outcome, :pid)"),
        {"event_id": event_id, "outcome": outcome, "pid": os.getpid()},
    )
