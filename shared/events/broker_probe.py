"""The broker's last known state, for readyz and /metrics, checked off the request path.

A web thread never opens a broker connection: it reads the state a
background check left behind, and asks for a new check when that state is
older than ``max_age``. The check connects with a short timeout and reads
the service's queue depth, so one connection every ``max_age`` seconds per
process is all the probes and scrapes cost, however often they come. A
broker that is away makes readiness "degraded", never "unavailable": a
broker outage must not take the site down (the outbox keeps the events).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

log = logging.getLogger("rostok.broker_probe")


@dataclass(frozen=True)
class BrokerState:
    ok: bool
    detail: str  # "ok", or what went wrong ("unreachable: ConnectionRefusedError")
    queue_depth: int | None
    checked_at: float  # time.monotonic() of the check


class BrokerProbe:
    def __init__(self, check: Callable[[], int], *, max_age: float = 10.0, first_wait: float = 3.0):
        """``check`` connects, reads the queue depth and returns it, raising when the broker is away."""
        self._check = check
        self.max_age = max_age
        self.first_wait = first_wait
        self._state: BrokerState | None = None
        self._lock = threading.Lock()
        self._running: threading.Thread | None = None
        self.checks = 0

    def state(self) -> BrokerState:
        """The last known state; starts a background check when it is stale (the first call waits for one, briefly)."""
        state = self._state
        if state is None or time.monotonic() - state.checked_at > self.max_age:
            thread = self._start_check()
            if state is None and thread is not None:
                thread.join(self.first_wait)
                state = self._state
        if state is None:
            return BrokerState(False, "not checked yet", None, time.monotonic())
        return state

    def _start_check(self) -> threading.Thread | None:
        with self._lock:
            if self._running is not None and self._running.is_alive():
                return self._running  # one check at a time, whatever the number of callers
            self._running = threading.Thread(target=self._run_check, name="broker-probe", daemon=True)
            self._running.start()
            return self._running

    def _run_check(self) -> None:
        self.checks += 1
        try:
            depth = self._check()
            self._state = BrokerState(True, "ok", depth, time.monotonic())
        except Exception as exc:
            log.info("broker check failed: %s", exc)
            self._state = BrokerState(False, f"unreachable: {type(exc).__name__}", None, time.monotonic())
