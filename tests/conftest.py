"""Session-wide real servers: this run's own databases and broker prefix, cleaned up at the end."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.support.servers import ServerMissing, Servers
from tests.support.system import (
    SERVICES,
    PgDatabases,
    delete_topology,
    make_settings,
    migrate,
    purge_queues,
    truncate_all,
)

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def run_id() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def servers():
    try:
        servers = Servers()
    except ServerMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield servers
    servers.stop()


@pytest.fixture(scope="session")
def pg_databases(servers, run_id):
    dbs = PgDatabases(servers.pg_url, run_id)
    urls = {}
    try:
        for service in SERVICES:
            urls[service] = dbs.create(service)
            migrate(service, urls[service])
        yield urls
    finally:
        dbs.drop_all()


@pytest.fixture(scope="session")
def broker_prefix(run_id) -> str:
    return f"rostok-test-{run_id}"


@pytest.fixture(scope="session")
def var_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("var")


class System:
    """The three services on real PostgreSQL and RabbitMQ."""

    def __init__(self, urls, amqp_url, prefix, var_dir):
        self.urls = urls
        self.amqp_url = amqp_url
        self.prefix = prefix
        self.var_dir = var_dir
        self._runtimes = {}
        self._apps = {}

    def settings(self, service, **overrides):
        values = dict(database_url=self.urls[service], broker_url=self.amqp_url, prefix=self.prefix, var_dir=self.var_dir)
        values.update(overrides)
        return make_settings(service, **values)

    def runtime(self, service):
        if service not in self._runtimes:
            runtime_module = __import__(f"services.{service}.runtime", fromlist=["build_runtime"])
            self._runtimes[service] = runtime_module.build_runtime(self.settings(service))
        return self._runtimes[service]

    def app(self, service):
        if service not in self._apps:
            app_module = __import__(f"services.{service}.app", fromlist=["create_app"])
            self._apps[service] = app_module.create_app(self.settings(service))
        return self._apps[service]

    def client(self, service):
        return self.app(service).test_client()

    def reset(self):
        for service in SERVICES:
            truncate_all(self.runtime(service).engine, self.runtime(service).metadata)
        purge_queues(self.settings("cohorts"))

    def dispose(self):
        for runtime in self._runtimes.values():
            runtime.dispose()
        for app in self._apps.values():
            app.extensions["rostok.runtime"].dispose()


@pytest.fixture(scope="session")
def _system(servers, pg_databases, broker_prefix, var_dir):
    system = System(pg_databases, servers.amqp_url, broker_prefix, var_dir)
    yield system
    system.dispose()
    try:
        delete_topology(system.settings("cohorts"))
    except Exception as exc:  # the broker may be gone at the very end; say so
        print(f"could not delete the test topology {broker_prefix}: {exc}")


@pytest.fixture
def system(_system):
    _system.reset()
    return _system


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
