"""Tables of first contacts: one row per cohort and person holding when the person was first reached by one kind of
activity (a held consultation, a school session), kept in step with the rows they summarise, so the whole-period count
of unique people reads one row per person instead of every attendance.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


def recompute(session, facts: sa.Table, at: str, pairs: Iterable[tuple[int, int]], first_of: Callable[[sa.Table], sa.ScalarSelect]) -> None:
    """Recompute each (cohort, person)'s first contact, ``first_of(facts)`` being the earliest time correlated to the
    fact row's ``cohort_id`` and ``person_id`` (none when nothing is left).

    The rows are locked first, in one statement of their own (created when missing), in a fixed order: a concurrent
    change about the same person waits for this transaction to commit, and the recomputation that follows, a new
    statement in READ COMMITTED, sees every row committed before it. A person left with nothing loses the row."""
    ordered = sorted({(c, p) for c, p in pairs if c is not None})
    if not ordered:
        return
    insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(facts)
    session.execute(insert.on_conflict_do_update(index_elements=["cohort_id", "person_id"], set_={at: facts.c[at]}),
                    [{"cohort_id": c, "person_id": p, at: None} for c, p in ordered])
    chosen = sa.tuple_(facts.c.cohort_id, facts.c.person_id).in_(ordered)
    session.execute(sa.update(facts).where(chosen).values({at: first_of(facts)}))
    session.execute(sa.delete(facts).where(chosen, facts.c[at].is_(None)))
