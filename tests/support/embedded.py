"""The whole system on the embedded default (SQLite + filesystem), as `make run` starts it."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.system import ROOT

SERVICES = ("cohorts", "consultations", "fairs")
ADMIN = ("coordinator@example.ru", "embedded-pass-1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StartFailed(AssertionError):
    pass


class EmbeddedSystem:
    name = "embedded"

    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ROSTOK_")}
        self.env.update(
            ROSTOK_EMBEDDED="1",
            ROSTOK_VAR_DIR=str(var_dir),
            ROSTOK_PORT=str(self.port),
            ROSTOK_BIND_HOST="127.0.0.1",
            ROSTOK_ADMIN_EMAIL=ADMIN[0],
            ROSTOK_ADMIN_PASSWORD=ADMIN[1],
            ROSTOK_LOG_FORMAT="text",
            ROSTOK_LOG_LEVEL="WARNING",
            ROSTOK_RELAY_POLL_SECONDS="0.2",
            ROSTOK_RETRY_BASE_SECONDS="0.5",  # a retried event within seconds, not the minutes of production
            WEB_CONCURRENCY="1",
            PYTHONPATH=str(ROOT),
        )
        self.processes: list[subprocess.Popen] = []
        self.names: list[str] = []
        self.logs = var_dir / "logs"

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
        self.names.append(name)

    def start(self, *, timeout: float = 120.0) -> "EmbeddedSystem":
        """Migrate, make sure of the first coordinator, start web and workers, and wait until every service answers."""
        try:
            for service in SERVICES:
                self._run(f"services.{service}", "migrate")
            self._run("services.cohorts", "ensure-admin")
            gunicorn = str(Path(sys.executable).with_name("gunicorn"))
            self._start("web", gunicorn, "-c", "deploy/gunicorn.conf.py", "services.gateway:create_gateway()")
            for service in SERVICES:
                self._start(f"{service}-worker", sys.executable, "-m", f"services.{service}", "worker")
            # gunicorn accepts before its worker has loaded the app: a slow first answer is "not yet", like a refusal
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if all(self._answers(service) for service in SERVICES):
                    return self
                exited = [name for name, p in zip(self.names, self.processes) if p.poll() is not None]
                if exited:
                    raise StartFailed(f"the {self.name} system did not start: {', '.join(exited)} exited\n{self.read_logs()}")
                time.sleep(0.3)
            raise StartFailed(f"the {self.name} system was not ready within {timeout:.0f} s\n{self.read_logs()}")
        except BaseException:
            self.stop()  # a failed start leaves nothing running
            raise

    def _answers(self, service: str) -> bool:
        try:
            return requests.get(f"{self.url}/{service}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def read_logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted(self.logs.glob("*.log")))

    def stop(self) -> None:
        for p in self.processes:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
