"""Pledges made at the fairs, as cohorts knows them from ``fairs.pledge.recorded`` / ``.updated``.

Applied idempotently and in any order: each event carries the pledge's version, and a fact is only written over by
a newer one (a redelivery, or an older event arriving late, changes nothing). Figures keep money and in-kind help
apart: pledged (not withdrawn), confirmed (confirmed or received) and received (what came).
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from services.cohorts.figures.models import PledgeFact
from shared.db import utcnow
from shared.events.replica import batched, replica_write

ZERO = Decimal(0)


@batched
def apply(uow, env) -> None:
    d = env.data
    replica_write(uow, PledgeFact.__table__, {"id": d["id"]}, dict(
        fair_id=d["fair_id"], cohort_id=d["cohort_id"], team_id=d["team_id"], partner=d["partner"][:300], kind=d["kind"],
        amount=d["amount"], status=d["status"], received_amount=d.get("received_amount"), pitch_id=d.get("pitch_id"),
        partner_id=d.get("partner_id"), anonymous=bool(d.get("anonymous")), description=(d.get("description") or None) and d["description"][:500],
        pledged_at=d.get("pledged_at"), partner_kind=d.get("partner_kind"), updated_at=utcnow(),
    ), version=env.entity_version)


def _value(fact) -> Decimal:
    """What a pledge counts for now: what came once received, else what was pledged."""
    if fact.status == "received" and fact.received_amount is not None:
        return Decimal(fact.received_amount)
    return Decimal(fact.amount or 0)


# the sums a pledge of each status adds to, in its kind (a withdrawn one adds to none)
_STAGES = {"pledged": ("pledged",), "confirmed": ("pledged", "confirmed"), "received": ("pledged", "confirmed", "received")}


def empty() -> dict:
    return {f"{kind}_{stage}": ZERO for kind in ("money", "in_kind") for stage in ("pledged", "confirmed", "received")}


def add(into: dict, fact) -> dict:
    """Count one pledge into sums (``into``, as ``empty()`` made them)."""
    stages = _STAGES.get(fact.status, ())
    if stages:
        value = _value(fact)
        for stage in stages:
            into[f"{fact.kind}_{stage}"] += value
    return into


def sums(facts) -> dict:
    out = empty()
    for fact in facts:
        add(out, fact)
    return out


def totals(session, cohort_id: int) -> dict:
    """The cohort's pledges: money and in-kind (by estimated value) pledged, confirmed and received."""
    return sums(session.execute(sa.select(PledgeFact).where(PledgeFact.cohort_id == cohort_id)).scalars())


def for_team(session, team_id: int) -> dict:
    """The team's pledges, newest first (withdrawn ones kept, marked), and its sums."""
    facts = list(session.execute(
        sa.select(PledgeFact).where(PledgeFact.team_id == team_id).order_by(PledgeFact.pledged_at.desc(), PledgeFact.id.desc())
    ).scalars())
    return {"items": facts, "sums": sums(facts)}
