"""A test system: each service migrated into its own database of this run, on a broker prefix of this run."""
from __future__ import annotations

import os
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import psycopg
import sqlalchemy as sa

from shared.config import Settings
from shared.events.topology import Topology
from shared.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("cohorts", "consultations", "fairs")
SECRET = "t-" + secrets.token_urlsafe(40)  # random, as a production key must be


def make_settings(service: str, *, database_url: str, broker_url: str, prefix: str, var_dir: Path, **overrides) -> Settings:
    values = dict(
        service=service,
        embedded=False,
        var_dir=var_dir,
        secret_key=SECRET,
        database_url=database_url,
        broker_url=broker_url,
        broker_prefix=prefix,
        pool_size=3,
        relay_batch_size=200,
        relay_poll_seconds=0.2,
        relay_lease_seconds=10.0,
        consumer_max_attempts=3,
        retry_base_seconds=0.05,
        token_ttl_seconds=3600,
        log_level="WARNING",
        log_format="text",
        admin_email=None,
        admin_password=None,
        mail_url=None,
        testing=True,
        public_url="http://localhost",
        allowed_hosts=("localhost", "127.0.0.1"),
    )
    values.update(overrides)
    return Settings(**values)


def env_for(settings: Settings) -> dict:
    """Environment variables giving a subprocess the same configuration."""
    env = dict(os.environ)
    env.update(
        ROSTOK_SECRET_KEY=settings.secret_key,
        ROSTOK_BROKER_URL=settings.broker_url,
        ROSTOK_BROKER_PREFIX=settings.broker_prefix,
        ROSTOK_VAR_DIR=str(settings.var_dir),
        ROSTOK_RELAY_POLL_SECONDS=str(settings.relay_poll_seconds),
        ROSTOK_RELAY_LEASE_SECONDS=str(settings.relay_lease_seconds),
        ROSTOK_RELAY_BATCH_SIZE=str(settings.relay_batch_size),
        ROSTOK_CONSUMER_MAX_ATTEMPTS=str(settings.consumer_max_attempts),
        ROSTOK_RETRY_BASE_SECONDS=str(settings.retry_base_seconds),
        ROSTOK_OUTBOX_KEEP_DAYS=str(settings.outbox_keep_days),
        ROSTOK_INBOX_KEEP_DAYS=str(settings.inbox_keep_days),
        ROSTOK_PUBLIC_URL=settings.public_url,
        ROSTOK_ALLOWED_HOSTS=",".join(settings.allowed_hosts),
        ROSTOK_LOG_FORMAT="text",
        ROSTOK_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env[f"ROSTOK_{settings.service.upper()}_DATABASE_URL"] = settings.database_url
    env.pop("ROSTOK_EMBEDDED", None)
    return env


class PgDatabases:
    """Creates this run's databases on the server and drops them at the end."""

    def __init__(self, admin_url: str, run_id: str):
        self.admin = sa.make_url(admin_url)
        self.run_id = run_id
        self.created: list[str] = []

    def _admin_conn(self):
        return psycopg.connect(
            self.admin.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True
        )

    def create(self, name: str) -> str:
        db = f"rostok_{self.run_id}_{name}"
        with self._admin_conn() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{db}"')
        self.created.append(db)
        return self.admin.set(database=db).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self._admin_conn() as conn:
            for db in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def migrate(service: str, database_url: str) -> None:
    upgrade(ROOT / "services" / service / "migrations", database_url)


def truncate_all(engine: sa.Engine, metadata: sa.MetaData) -> None:
    if engine.dialect.name != "postgresql":
        with engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
        return
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
                conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        except sa.exc.OperationalError:
            if attempt == 2:
                raise
            # a connection an earlier test left idle inside a transaction holds a lock: end it rather than hang
            with engine.begin() as conn:
                conn.execute(sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
                ))


def purge_queues(settings: Settings) -> None:
    from shared.events import broker
    from shared.events.topology import for_connection

    with broker.connect(settings) as connection:
        topology = for_connection(settings.broker_prefix, connection)
        topology.declare(connection)
        channel = connection.channel()
        for queue in topology.all_queues():
            queue(channel).purge()


def delete_topology(settings: Settings) -> None:
    from shared.events import broker
    from shared.events.topology import for_connection

    with broker.connect(settings) as connection:
        for_connection(settings.broker_prefix, connection).delete(connection)


def wait_until(predicate, *, timeout: float = 90.0, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message} (last value: {last!r})")


class WorkerThread:
    """A service's worker (relay + consumer + retries) in a thread of the test process."""

    def __init__(self, runtime):
        from shared.worker import run_worker

        self.stop = threading.Event()
        self.thread = threading.Thread(target=run_worker, args=(runtime, self.stop), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=30)


def scalar(engine: sa.Engine, statement):
    """One value read on a connection returned at once (a lambda's bare connect() would sit idle in a transaction)."""
    with engine.connect() as conn:
        return conn.execute(statement).scalar()
