"""Who reviews what: each application to the call's number of experts, none with a conflict, loads kept even.

Plain Python. ``assign`` keeps what is already assigned (a coordinator's choice, a sheet already started) and fills
the rest: applications with the fewest experts free to review them first (so that a tightly conflicted one is not
left short by a greedy start), each taking the free experts with the lightest load, then the lowest id (the same
input always gives the same assignment). An expert never reviews an application they are conflicted with: a
declared conflict, their own organisation, or a partner of it (the caller gives those pairs).
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Assignment:
    assigned: dict[int, tuple[int, ...]]  # application -> its experts, ascending
    short: dict[int, int]  # application -> how many experts it still lacks (too few free of conflict)
    loads: dict[int, int]  # expert -> how many applications they review


def assign(applications: Sequence[int], experts: Sequence[int], per_application: int,
           conflicted: Collection[tuple[int, int]], kept: Mapping[int, Collection[int]] | None = None) -> Assignment:
    """``conflicted``: (expert, application) pairs that may never meet; ``kept``: application -> experts already
    assigned (a conflicted one among them is dropped: its sheet stops counting)."""
    pairs = {(int(e), int(a)) for e, a in conflicted}
    chosen: dict[int, set[int]] = {int(a): {int(e) for e in (kept or {}).get(a, ()) if (int(e), int(a)) not in pairs}
                                   for a in applications}
    loads = {int(e): 0 for e in experts}
    for members in chosen.values():
        for expert in members:
            loads[expert] = loads.get(expert, 0) + 1

    def free(application: int) -> list[int]:
        return [e for e in loads if (e, application) not in pairs and e not in chosen[application]]

    short: dict[int, int] = {}
    for application in sorted(chosen, key=lambda a: (len(free(a)), a)):
        need = per_application - len(chosen[application])
        if need <= 0:
            continue
        picked = sorted(free(application), key=lambda e: (loads[e], e))[:need]
        for expert in picked:
            chosen[application].add(expert)
            loads[expert] += 1
        if len(picked) < need:
            short[application] = need - len(picked)
    return Assignment({a: tuple(sorted(es)) for a, es in chosen.items()}, short, loads)
