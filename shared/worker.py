"""The worker process: outbox relay, queue consumer and retry loop, side by side.

Each runs in its own thread with its own connections; SIGTERM/SIGINT stop them
cleanly (a message being handled is finished and acked, or left unacked and
redelivered). A heartbeat file lets the health check see that the loops live.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
import time
from pathlib import Path

from shared.events import broker
from shared.events.consumer import DatabaseUnavailable
from shared.runtime import Runtime

log = logging.getLogger("rostok.worker")
PROCESSED_COPY_SECONDS = 2.0


def heartbeat_path(runtime: Runtime) -> Path:
    return runtime.settings.var_dir / "run" / f"{runtime.service}-worker-{os.getpid()}.heartbeat"


def heartbeat_glob(runtime: Runtime) -> list[Path]:
    return sorted((runtime.settings.var_dir / "run").glob(f"{runtime.service}-worker-*.heartbeat"))


def run_worker(runtime: Runtime, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    # before anything else (the purge below would take them): what a killed consumer had taken comes back
    restored = broker.restore_taken(runtime.settings, f"{runtime.settings.broker_prefix}.{runtime.service}")
    if restored:
        log.warning("%d message(s) taken before the last stop delivered again", restored)
    relay = runtime.relay()
    applier = runtime.applier()
    consumer = runtime.consumer(applier)
    beat = heartbeat_path(runtime)
    beat.parent.mkdir(parents=True, exist_ok=True)
    last_housekeeping = 0.0

    def housekeeping() -> None:
        nonlocal last_housekeeping
        beat.write_text(str(time.time()))
        try:
            applier.retry_due()
        except DatabaseUnavailable as exc:  # an outage: the consumer says so already, once, not every second
            log.debug("retry loop waits for the database: %s", exc)
        except Exception:
            log.exception("retry loop failed")
        try:
            # the embedded transport keeps a copy of each message it delivered; nothing reads it, and it may
            # hold a name that an erasure has since removed everywhere else: gone within seconds
            broker.purge_processed(runtime.settings, older_than_seconds=PROCESSED_COPY_SECONDS)
        except Exception:
            log.exception("purging processed copies failed")
        now = time.monotonic()
        if now - last_housekeeping > 600:
            last_housekeeping = now
            try:
                relay.purge_sent(runtime.outbox_keep)
                applier.purge_inbox(runtime.inbox_keep)
            except Exception:
                log.exception("housekeeping failed")

    threads = [
        threading.Thread(target=relay.run, args=(stop,), name="relay", daemon=True),
        threading.Thread(target=consumer.run, args=(stop,), name="consumer", daemon=True),
    ] + [
        threading.Thread(target=loop, args=(runtime, stop), name=getattr(loop, "__module__", "loop"), daemon=True)
        for loop in runtime.background
    ]
    for t in threads:
        t.start()
    log.info("worker started (%s)", runtime.service)
    while not stop.is_set():
        stop.wait(1.0)
        housekeeping()
        if not stop.is_set() and not all(t.is_alive() for t in threads[:2]):
            log.error("a worker loop died; stopping so the supervisor restarts the process")
            stop.set()
    for t in threads:
        t.join(timeout=15)
    beat.unlink(missing_ok=True)
    runtime.dispose()
    log.info("worker stopped")


def check_worker(runtime: Runtime, max_age: float = 60.0) -> bool:
    now = time.time()
    for path in heartbeat_glob(runtime):
        try:
            if now - float(path.read_text() or 0) < max_age:
                return True
        except (OSError, ValueError):
            continue
    return False
