"""The back-off of a failed event, in one place: the event consumer waits by it and the settings check against it."""
from __future__ import annotations

LONGEST_PAUSE_SECONDS = 3600.0


def pause_seconds(base_seconds: float, attempts: int) -> float:
    """How long a failed event waits after its ``attempts``-th failure: doubling from the base, at most an hour."""
    return min(LONGEST_PAUSE_SECONDS, base_seconds * 2 ** max(0, attempts - 1))


def budget_seconds(base_seconds: float, max_attempts: int) -> float:
    """From an event's first failure to its last attempt (then it is dead): the pauses between the attempts."""
    return sum(pause_seconds(base_seconds, n) for n in range(1, max_attempts))
