"""The audience vote's rules in plain Python: ticket codes, when a vote is taken, the limits per address.

A device (its signed cookie) holds one vote and may change it until voting closes: a second vote from it replaces
the first, it is never counted twice. A printed ticket votes once: the same vote sent again is the same vote, another
pitch is refused.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets

from shared.errors import N_

# no 0/O, 1/I/L: read off paper in a village hall
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_TICKETS = 500

# per address (a hall's Wi-Fi may put many phones behind one): slowed above this, shown to the chair from BURST
WINDOW = dt.timedelta(seconds=60)
VOTES_PER_WINDOW = 30
BURST = 15

# a phone votes from the hall: with the code the projector shows, a new one every PRESENCE_PERIOD (the one before
# still taken, so a code read just before it changes is not refused)
PRESENCE_PERIOD = 60
PRESENCE_DIGITS = 4
SET_ASIDE_REASON_LENGTH = 400
# a vote is stored a moment after its attempt is noted: a burst's votes are those up to this long after its last attempt
BURST_VOTE_GRACE = dt.timedelta(seconds=5)

REFUSALS = {
    "draft": N_("Voting has not opened yet."),
    "voting_closed": N_("Voting is closed."),
    "closed": N_("Voting is closed."),
    "published": N_("The results are published: votes are frozen."),
}


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(raw) -> str:
    """A code as people type it: any case, spaces and dashes ignored."""
    return "".join(ch for ch in str(raw or "").upper() if ch.isalnum())[:40]


def pretty_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def refusal(state: str, voting_open: bool) -> str | None:
    """Why a vote is not taken now (a key of REFUSALS), or None while voting is open."""
    if state == "open":
        return None if voting_open else "voting_closed"
    return state


def retry_after(attempts: list[dt.datetime], now: dt.datetime) -> int | None:
    """Seconds until the address may vote again, or None when under the limit (``attempts``: its earlier ones,
    refused ones included, so hammering keeps an address slowed)."""
    recent = sorted(a for a in attempts if now - a < WINDOW)
    if len(recent) < VOTES_PER_WINDOW:
        return None
    oldest_counted = recent[-VOTES_PER_WINDOW]
    return max(1, math.ceil((oldest_counted + WINDOW - now).total_seconds()))


def bursts(attempts: list[tuple[str, dt.datetime, bool]]) -> list[dict]:
    """Addresses with at least BURST attempts inside one window: how many at most, how many were slowed, when."""
    by_address: dict[str, list[tuple[dt.datetime, bool]]] = {}
    for address, at, accepted in attempts:
        by_address.setdefault(address, []).append((at, accepted))
    out = []
    for address, rows in by_address.items():
        rows.sort()
        times = [at for at, _ in rows]
        most, start = 0, 0
        for end in range(len(times)):
            while times[end] - times[start] >= WINDOW:
                start += 1
            most = max(most, end - start + 1)
        if most >= BURST:
            out.append({"address": address, "attempts": len(rows), "most_in_a_minute": most,
                        "slowed": sum(1 for _, ok in rows if not ok), "first_at": times[0], "last_at": times[-1]})
    return sorted(out, key=lambda b: (-b["most_in_a_minute"], b["address"]))


def presence_code(secret: bytes, fair_id: int, moment: dt.datetime) -> str:
    """The code the projector shows at ``moment``: digits of an HMAC of the fair and the period, so only the
    server (and the hall, which reads it off the screen) knows it."""
    period = int(moment.timestamp()) // PRESENCE_PERIOD
    digest = hmac.new(secret, f"presence:{fair_id}:{period}".encode(), hashlib.sha256).digest()
    return str(int.from_bytes(digest[:8], "big") % 10 ** PRESENCE_DIGITS).zfill(PRESENCE_DIGITS)


def clean_presence(raw) -> str:
    """A code as typed: digits only (spaces and dashes people add are ignored)."""
    return "".join(ch for ch in str(raw or "") if ch.isdigit())[:PRESENCE_DIGITS * 2]


def presence_valid(secret: bytes, fair_id: int, code, now: dt.datetime) -> bool:
    """The code on the screen now, or the one just before it."""
    typed = clean_presence(code)
    if len(typed) != PRESENCE_DIGITS:
        return False
    shown = (presence_code(secret, fair_id, now), presence_code(secret, fair_id, now - dt.timedelta(seconds=PRESENCE_PERIOD)))
    return any(hmac.compare_digest(typed, code) for code in shown)
