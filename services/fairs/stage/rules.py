"""Stage rules in plain Python (no Flask, no database): moving along the lineup, the pitch timer, revealing leaders.

The lineup is a list of pitch ids in stage order; ``skipped`` holds the pitches whose team is absent.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from shared.errors import N_, Msg, UseCaseError, conflict

DEFAULT_PLANNED_SECONDS = 5 * 60
MIN_PLANNED_SECONDS, MAX_PLANNED_SECONDS = 60, 60 * 60
MAX_REVEAL = 3  # the three leader projects the chair announces
# the fair's state as the console names it
STATE_LABELS = {
    "draft": N_("The fair is a draft"),
    "open": N_("The fair is open: scoring"),
    "closed": N_("Scoring is closed"),
    "published": N_("Results published"),
}


def next_pitch(order: list[int], current: int | None, skipped=()) -> int:
    """The pitch after ``current`` that is not skipped; the first one when nothing is on stage yet."""
    start = order.index(current) + 1 if current in order else 0
    for pid in order[start:]:
        if pid not in skipped:
            return pid
    raise conflict(N_("This is the last pitch of the lineup."))


def previous_pitch(order: list[int], current: int | None, skipped=()) -> int:
    """The pitch before ``current`` that is not skipped."""
    if current not in order:
        raise conflict(N_("No pitch is on stage yet."))
    for pid in reversed(order[: order.index(current)]):
        if pid not in skipped:
            return pid
    raise conflict(N_("This is the first pitch of the lineup."))


def skip(order: list[int], current: int | None, skipped=()) -> tuple[int | None, list[int]]:
    """The team on stage is absent: it is marked skipped and the next pitch comes on (none when it was the last)."""
    if current not in order:
        raise conflict(N_("No pitch is on stage yet."))
    now_skipped = sorted(set(skipped) | {current}, key=order.index)
    following = [pid for pid in order[order.index(current) + 1:] if pid not in now_skipped]
    return (following[0] if following else None), now_skipped


def go_to(order: list[int], pitch_id: int, skipped=()) -> tuple[int, list[int]]:
    """The chair puts a pitch on stage; a skipped team that arrived late is no longer skipped."""
    if pitch_id not in order:
        raise UseCaseError(422, None, {"pitch_id": [N_("No such pitch in the lineup.")]})
    return pitch_id, [pid for pid in skipped if pid != pitch_id and pid in order]


@dataclass(frozen=True)
class Timer:
    """A pitch's timer: seconds counted before the last start, and when it was started (None: stopped)."""

    elapsed: int = 0
    started_at: dt.datetime | None = None

    @property
    def running(self) -> bool:
        return self.started_at is not None

    def seconds(self, now: dt.datetime) -> int:
        if self.started_at is None:
            return self.elapsed
        return self.elapsed + max(0, int((now - self.started_at).total_seconds()))

    def start(self, now: dt.datetime) -> "Timer":
        return self if self.running else replace(self, started_at=now)

    def stop(self, now: dt.datetime) -> "Timer":
        return Timer(elapsed=self.seconds(now), started_at=None) if self.running else self


def check_planned(seconds) -> dict:
    if seconds is None or not MIN_PLANNED_SECONDS <= seconds <= MAX_PLANNED_SECONDS:
        return {"planned_seconds": [Msg(N_("From %(min)s to %(max)s minutes."),
                                        min=MIN_PLANNED_SECONDS // 60, max=MAX_PLANNED_SECONDS // 60)]}
    return {}


def leader_steps(items: list[dict]) -> list[list[dict]]:
    """The leaders in the order the chair reveals them: the third place first, the winner last.

    Items are the leaderboard's (``rank``, ``tied``...). A step is one rank: pitches tied on it are revealed
    together, so a tie is never broken by the order of the reveal. Only ranks 1 to 3 lead.
    """
    by_rank: dict[int, list[dict]] = {}
    for item in items:
        rank = item.get("rank")
        if rank is not None and rank <= MAX_REVEAL:
            by_rank.setdefault(rank, []).append(item)
    return [by_rank[rank] for rank in sorted(by_rank, reverse=True)]


def revealed_leaders(items: list[dict], revealed: int) -> list[list[dict]]:
    """Only what the chair has revealed, third place first; never more."""
    steps = leader_steps(items)
    return steps[:max(0, min(revealed, len(steps)))]


def check_reveal(current: int, wanted: int, steps: int, scoring_over: bool) -> None:
    """The chair reveals the leaders one by one, once scoring is over; hiding them again is always allowed."""
    if wanted < 0:
        raise UseCaseError(422, None, {"revealed": [N_("Cannot be negative.")]})
    if wanted <= current:
        return
    if not scoring_over:
        raise conflict(N_("Close scoring before revealing the leaders: the ranking may still change."),
                       {"revealed": [N_("Scoring is still open.")]})
    if wanted > current + 1:
        raise conflict(N_("The leaders are revealed one by one."), {"revealed": [N_("One at a time.")]})
    if wanted > steps:
        raise conflict(N_("Every leader is already revealed."), {"revealed": [N_("Nothing left to reveal.")]})


def minutes_seconds(seconds: int) -> str:
    """«4:05»: a timer as the hall reads it."""
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"
