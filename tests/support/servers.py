"""The real servers the suite runs against: from the environment, the local ones, or testcontainers.

Never skip: when no server can be reached, the session fails with what to start.
"""
from __future__ import annotations

import os
import socket
import subprocess
from urllib.parse import urlparse

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_AMQP = "amqp://guest:guest@127.0.0.1:5672//"


class ServerMissing(RuntimeError):
    pass


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url.replace("+psycopg", ""))
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=3):
            return True
    except OSError:
        return False


def docker_engine() -> bool:
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Servers:
    def __init__(self):
        self._containers = []
        self.pg_url = self._postgres()
        self.amqp_url = self._rabbitmq()

    def _postgres(self) -> str:
        url = os.environ.get("ROSTOK_TEST_PG_URL")
        if url is None and not _reachable(DEFAULT_PG, 5432) and docker_engine():
            from testcontainers.postgres import PostgresContainer

            container = PostgresContainer("postgres:15", driver="psycopg").start()
            self._containers.append(container)
            return container.get_connection_url()
        url = url or DEFAULT_PG
        if not _reachable(url, 5432):
            raise ServerMissing(
                f"PostgreSQL is not reachable at {url}. Start it (pg_ctlcluster --skip-systemctl-redirect "
                "$(ls /etc/postgresql) main start), set ROSTOK_TEST_PG_URL, or run a Docker engine."
            )
        return url

    def _rabbitmq(self) -> str:
        url = os.environ.get("ROSTOK_TEST_AMQP_URL")
        if url is None and not _reachable(DEFAULT_AMQP, 5672) and docker_engine():
            from testcontainers.rabbitmq import RabbitMqContainer

            container = RabbitMqContainer("rabbitmq:3.12").start()
            self._containers.append(container)
            host, port = container.get_container_host_ip(), container.get_exposed_port(5672)
            return f"amqp://guest:guest@{host}:{port}//"
        url = url or DEFAULT_AMQP
        if not _reachable(url, 5672):
            raise ServerMissing(
                f"RabbitMQ is not reachable at {url}. Start it (rabbitmq-server -detached), "
                "set ROSTOK_TEST_AMQP_URL, or run a Docker engine."
            )
        return url

    def stop(self) -> None:
        for container in self._containers:
            container.stop()
