"""Account rules in plain Python."""
from __future__ import annotations

import datetime as dt
import hashlib

ROLES = ("coordinator", "mentor", "juror")
MIN_PASSWORD_LENGTH = 8

# After this many failed sign-ins for one e-mail from one address, each further attempt waits: the owner,
# signing in from elsewhere, is never locked out by someone guessing.
FREE_FAILURES = 5
# One address guessing across many e-mails is slowed too, after more room (a school's shared Wi-Fi).
FREE_ADDRESS_FAILURES = 20
MAX_DELAY = dt.timedelta(minutes=15)
# failures older than this are forgotten
FAILURE_MEMORY = dt.timedelta(hours=1)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def pair_key(email: str, address: str) -> str:
    """The key of one e-mail tried from one address (hashed: it fits the column whatever the lengths)."""
    return "pair:" + hashlib.sha256(f"{normalise_email(email)}\n{address}".encode()).hexdigest()


def address_key(address: str) -> str:
    return "addr:" + address[:200]


def retry_after(failures: int, last_failed_at: dt.datetime, now: dt.datetime, *, free: int = FREE_FAILURES) -> float:
    """Seconds to wait before the next attempt is even checked (0 when free)."""
    if failures < free or now - last_failed_at > FAILURE_MEMORY:
        return 0.0
    delay = min(MAX_DELAY, dt.timedelta(seconds=2 ** (failures - free + 1)))
    remaining = (last_failed_at + delay - now).total_seconds()
    return max(0.0, remaining)


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is refused (a message id), or None."""
    from services.cohorts.accounts.common_passwords import is_common

    if len(password) < MIN_PASSWORD_LENGTH:
        return "short"
    local = normalise_email(email).split("@")[0]
    if is_common(password) or (len(local) >= 4 and local in password.lower()):
        return "common"
    return None
