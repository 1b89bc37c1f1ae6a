"""Who leads: the pitches ranked 1 to 3, ties included (a tie at third place makes four leaders, never a silent cut)."""
from __future__ import annotations

LEADER_RANKS = 3


def leaders(items: list[dict]) -> list[dict]:
    return [row for row in items if row["total"] is not None and row["rank"] <= LEADER_RANKS]
