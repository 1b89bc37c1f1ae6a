"""Rows sent to PostgreSQL as one JSON parameter: plain values as PostgreSQL's input reads them, nothing guessed."""
from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

from shared.events.recordset import _dumps


def test_plain_values_are_written_as_postgresql_reads_them():
    at = dt.datetime(2026, 3, 8, 10, 30, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=12)))
    row = {"at": at, "on": dt.date(2026, 3, 8), "id": uuid.UUID(int=7), "sum": Decimal("150000.50"),
           "name": "Эссо-тур", "n": 3, "ok": True, "none": None, "ids": [1, 2]}
    assert json.loads(_dumps([row])) == [{"at": "2026-03-08T10:30:00.123456+12:00", "on": "2026-03-08",
                                          "id": "00000000-0000-0000-0000-000000000007", "sum": "150000.50",
                                          "name": "Эссо-тур", "n": 3, "ok": True, "none": None, "ids": [1, 2]}]


@pytest.mark.parametrize("value", [dt.datetime(2026, 3, 8, 10, 30), float("nan"), b"bytes", object()])
def test_what_is_not_plain_refuses_to_encode(value):
    # the batch then goes row by row, each through the column's own bind processing
    with pytest.raises((TypeError, ValueError)):
        _dumps([{"value": value}])
