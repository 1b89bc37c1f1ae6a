"""A throw-away database and broker prefix for one benchmark run, on the same servers as the tests."""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
import uuid
from pathlib import Path

from tests.support.system import PgDatabases, delete_topology, make_settings, migrate

PG = os.environ.get("ROSTOK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("ROSTOK_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


@contextlib.contextmanager
def bench_settings(*services: str, **overrides):
    run = "bench" + uuid.uuid4().hex[:8]
    dbs = PgDatabases(PG, run)
    var = Path(tempfile.mkdtemp(prefix="rostok-bench-"))
    settings = {}
    try:
        for service in services:
            url = dbs.create(service)
            migrate(service, url)
            settings[service] = make_settings(service, database_url=url, broker_url=AMQP, prefix=f"rostok-{run}", var_dir=var, **overrides)
        yield settings
    finally:
        try:
            delete_topology(next(iter(settings.values())))
        finally:
            dbs.drop_all()


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started
