"""Account rules in plain Python."""
from __future__ import annotations

import datetime as dt

ROLES = ("coordinator", "mentor", "juror")
MIN_PASSWORD_LENGTH = 8

# After this many failed sign-ins for one e-mail, each further attempt waits.
FREE_FAILURES = 5
MAX_DELAY = dt.timedelta(minutes=15)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def retry_after(failures: int, last_failed_at: dt.datetime, now: dt.datetime) -> float:
    """Seconds to wait before the next attempt is even checked (0 when free)."""
    if failures < FREE_FAILURES:
        return 0.0
    delay = min(MAX_DELAY, dt.timedelta(seconds=2 ** (failures - FREE_FAILURES + 1)))
    remaining = (last_failed_at + delay - now).total_seconds()
    return max(0.0, remaining)
