"""A service's worker as its own process, as deployments run it, and stopping it the way an orchestrator does."""
from __future__ import annotations

import signal
import subprocess
import sys

from shared.config import Settings
from tests.support.system import ROOT, env_for


def worker_process(service: str, settings: Settings, *, extra_env: dict | None = None, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    env = env_for(settings)
    env.update(extra_env or {})
    return subprocess.Popen([sys.executable, "-m", f"services.{service}", "worker"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=stderr)


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, then thirty seconds to finish what it holds, then SIGKILL."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
