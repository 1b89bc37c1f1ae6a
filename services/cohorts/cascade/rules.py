"""The cascade's rules in plain Python: a cohort's level, and the ancestry that may not loop."""
from __future__ import annotations

from collections.abc import Mapping


def loops(parent_of: Mapping[int, int | None], cohort_id: int, new_parent: int | None) -> bool:
    """Whether naming ``new_parent`` as the cohort's parent makes it its own ancestor."""
    seen = {cohort_id}
    current = new_parent
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def levels(parent_of: Mapping[int, int | None]) -> dict[int, int]:
    """Each cohort's level: 1 for a cohort with no parent (trained by the programme's experts), its parent's + 1 below.
    A parent outside the mapping (another programme's) counts as the top."""
    out: dict[int, int] = {}

    def level(cohort_id: int) -> int:
        if cohort_id not in out:
            parent = parent_of.get(cohort_id)
            out[cohort_id] = 1 if parent is None or parent not in parent_of else level(parent) + 1
        return out[cohort_id]

    for cohort_id in parent_of:
        level(cohort_id)
    return out


def attended_half(attended: int, sessions: int) -> bool:
    """At least half of the cohort's sessions (a cohort with none: nobody yet)."""
    return sessions > 0 and 2 * attended >= sessions
