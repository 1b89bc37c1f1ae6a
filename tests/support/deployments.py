"""The whole system as processes, in either deployment: gunicorn web and a worker per service.

- ``embedded``: `make run`'s shape (SQLite file per service, kombu ``filesystem://`` events), see ``EmbeddedSystem``.
- ``production``: the same processes on PostgreSQL (a fresh database per service for this run) and RabbitMQ (a broker
  prefix of this run), configured only by the environment variables production sets.

A failed start stops every process it started and fails with their logs.
"""
from __future__ import annotations

import secrets
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.embedded import ADMIN, SERVICES, EmbeddedSystem
from tests.support.system import ROOT, PgDatabases, delete_topology, make_settings

DEPLOYMENTS = ("embedded", "production")


class StartFailed(AssertionError):
    pass


class ProcessSystem(EmbeddedSystem):
    """The processes of ``EmbeddedSystem``, started until every service is ready (database and broker); a failed
    command says what it printed, and a failed start leaves nothing running."""

    name = "embedded"
    admin = {"email": ADMIN[0], "password": ADMIN[1]}

    def env_for(self, service: str | None) -> dict:
        """The environment of a process of ``service`` (None: the web process serving all three)."""
        return self.env

    def _run(self, *args) -> None:
        service = args[0].split(".")[-1]
        done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=self.env_for(service), capture_output=True, timeout=180)
        if done.returncode != 0:
            raise StartFailed(
                f"{self.name}: `python -m {' '.join(args)}` exited with {done.returncode}:\n"
                f"{done.stdout.decode(errors='replace')[-3000:]}\n{done.stderr.decode(errors='replace')[-3000:]}"
            )

    def _start(self, name: str, *args) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        service = name.removesuffix("-worker") if name.endswith("-worker") else None
        with open(self.logs / f"{name}.log", "wb") as log:
            self.processes.append(subprocess.Popen(args, cwd=ROOT, env=self.env_for(service), stdout=log, stderr=subprocess.STDOUT))
        self.names = [*getattr(self, "names", []), name]

    def start(self, *, timeout: float = 120.0) -> "ProcessSystem":
        """Migrate, make sure of the first coordinator, start web and workers, and wait until every service is ready."""
        try:
            for service in SERVICES:
                self._run(f"services.{service}", "migrate")
            self._run("services.cohorts", "ensure-admin")
            gunicorn = str(Path(sys.executable).with_name("gunicorn"))
            self._start("web", gunicorn, "-c", "deploy/gunicorn.conf.py", "services.gateway:create_gateway()")
            for service in SERVICES:
                self._start(f"{service}-worker", sys.executable, "-m", f"services.{service}", "worker")
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if all(self._answers(service) for service in SERVICES):
                    return self
                exited = [name for name, p in zip(self.names, self.processes) if p.poll() is not None]
                if exited:
                    raise StartFailed(f"the {self.name} deployment did not start: {', '.join(exited)} exited\n{self.read_logs()}")
                time.sleep(0.3)
            raise StartFailed(f"the {self.name} deployment was not ready within {timeout:.0f} s\n{self.read_logs()}")
        except BaseException:
            self.stop()  # a failed start leaves nothing running
            raise

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
