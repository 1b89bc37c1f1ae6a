"""The embedded relay's doorbell: SQLite has no NOTIFY, so a process that commits outbox rows rings a UNIX datagram
socket the relay of that service listens on, and the relay sends at once instead of at its next poll.

A ring is a hint, never the only way: one that finds nobody listening (the relay restarting, a path too long for a
UNIX socket) is dropped, and the relay's poll (``ROSTOK_RELAY_POLL_SECONDS``) still finds the rows.
"""
from __future__ import annotations

import logging
import os
import select
import socket
from pathlib import Path

log = logging.getLogger("rostok.relay")

# AF_UNIX paths are limited to 108 bytes on Linux (104 elsewhere)
_LONGEST = 100


def bell_path(var_dir: Path, service: str) -> Path | None:
    path = Path(var_dir) / "broker" / f"{service}.bell"
    return path if len(os.fsencode(path)) <= _LONGEST else None


def ring(path: Path) -> None:
    """Ring once, without waiting; nobody listening is fine."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.setblocking(False)
            s.sendto(b"!", os.fsencode(path))
    except OSError:
        pass


class Bell:
    """The relay's end: bound to the path, waited on with a timeout."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.unlink()  # left by a relay that stopped without closing (one relay per service on SQLite)
        except FileNotFoundError:
            pass
        self.path = path
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(os.fsencode(path))
        self.socket.setblocking(False)

    def wait(self, timeout: float) -> bool:
        """Until a ring or the timeout; True when rung (every ring waiting is taken: one round sends them all)."""
        ready, _, _ = select.select([self.socket], [], [], timeout)
        if not ready:
            return False
        while True:
            try:
                self.socket.recv(16)
            except (BlockingIOError, InterruptedError):
                return True

    def close(self) -> None:
        self.socket.close()
        try:
            self.path.unlink()
        except OSError:
            pass
