"""The whole system as processes, in either deployment: gunicorn web and a worker per service.

- ``embedded``: `make run`'s shape (SQLite file per service, kombu ``filesystem://`` events), see ``EmbeddedSystem``.
- ``production``: the same processes on PostgreSQL (a fresh database per service for this run) and RabbitMQ (a broker
  prefix of this run), configured only by the environment variables production sets.

A failed start stops every process it started and fails with their logs.
"""
from __future__ import annotations

import secrets
from pathlib import Path

import requests

from tests.support.embedded import ADMIN, SERVICES, EmbeddedSystem
from tests.support.system import PgDatabases, delete_topology, make_settings

DEPLOYMENTS = ("embedded", "production")


class ProcessSystem(EmbeddedSystem):
    """The processes of ``EmbeddedSystem``, started until every service is ready (database and broker)."""

    admin = {"email": ADMIN[0], "password": ADMIN[1]}

    def _answers(self, service: str) -> bool:
        """Ready, not only alive: its database reachable and its broker too."""
        try:
            r = requests.get(f"{self.url}/{service}/readyz", timeout=5)
            return r.status_code == 200 and r.json().get("status") == "ok"
        except (requests.RequestException, ValueError):
            return False

    def read_logs(self) -> str:
        return f"[{self.name} logs under {self.logs}]\n" + super().read_logs()


class EmbeddedDeployment(ProcessSystem):
    name = "embedded"


class ProductionDeployment(ProcessSystem):
    """The production shape on this machine's servers: nothing embedded, every setting from the environment."""

    name = "production"

    def __init__(self, var_dir: Path, *, database_urls: dict, broker_url: str, broker_prefix: str):
        super().__init__(var_dir)
        self.database_urls = database_urls
        self.broker_url = broker_url
        self.broker_prefix = broker_prefix
        # production's own timings: the relay wakes on NOTIFY, retries back off from 2 s
        for name in ("ROSTOK_EMBEDDED", "ROSTOK_RELAY_POLL_SECONDS"):
            self.env.pop(name, None)
        self.env.update(
            ROSTOK_SECRET_KEY=secrets.token_urlsafe(48),
            ROSTOK_BROKER_URL=broker_url,
            ROSTOK_BROKER_PREFIX=broker_prefix,
            ROSTOK_PUBLIC_URL=self.url,
            ROSTOK_ALLOWED_HOSTS="127.0.0.1,localhost",
            ROSTOK_DB_POOL_SIZE="3",
            WEB_CONCURRENCY="2",  # two gunicorn workers: a session and a form travel between processes
        )
        for service in SERVICES:
            self.env[f"ROSTOK_{service.upper()}_DATABASE_URL"] = database_urls[service]

    def env_for(self, service: str | None) -> dict:
        # as in docker-compose.yml: a service's migration and worker know only their own database
        if service is None:
            return self.env
        others = {f"ROSTOK_{other.upper()}_DATABASE_URL" for other in SERVICES if other != service}
        return {k: v for k, v in self.env.items() if k not in others}

    def cleanup(self) -> None:
        """The broker objects of this prefix go (the databases are dropped by their owner)."""
        settings = make_settings("cohorts", database_url=self.database_urls["cohorts"], broker_url=self.broker_url,
                                 prefix=self.broker_prefix, var_dir=self.var_dir)
        try:
            delete_topology(settings)
        except Exception as exc:  # the broker may be gone at the very end; say so
            print(f"could not delete the broker topology {self.broker_prefix}: {exc}")


def production(var_dir: Path, *, pg_url: str, amqp_url: str, run_id: str, prefix: str, name: str = "journey"):
    """Fresh databases ``rostok_<run>_<name>_<service>`` and the broker prefix ``<prefix>-<name>``; returns
    (deployment, databases), the databases to be dropped by the caller with ``drop_all()``."""
    databases = PgDatabases(pg_url, run_id)
    urls = {}
    try:
        for service in SERVICES:
            urls[service] = databases.create(f"{name}_{service}")
    except BaseException:
        databases.drop_all()
        raise
    return ProductionDeployment(var_dir, database_urls=urls, broker_url=amqp_url, broker_prefix=f"{prefix}-{name}"), databases
