"""Grants awarded by a programme's calls, as cohorts knows them from ``fairs.grant.awarded`` (applied once, in any
order: a redelivery changes nothing). The report counts grants, money awarded and organisations funded (each once: by
INN, else by name)."""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from services.cohorts.figures.models import GrantAwardFact
from shared.db import utcnow
from shared.events.replica import batched, replica_write
from shared.text import normalise


@batched
def apply(uow, env) -> None:
    d = env.data
    for award in d["awards"]:
        key = {"call_id": d["call_id"], "application_id": award["application_id"]}
        replica_write(uow, GrantAwardFact.__table__, key, dict(
            program_id=d["program_id"], call_name=d["call_name"][:300], title=award["title"][:300],
            organisation=award["organisation"][:300], inn=award.get("inn"), amount=award["amount"], partial=award["partial"],
            published_at=d["published_at"], updated_at=utcnow()), version=env.entity_version)


def figures(session, program_id: int, within=sa.true()) -> dict:
    """``awarded``: grants; ``amount``: money awarded; ``organisations``: different organisations funded; ``partial``:
    awards below the request (the funding line's last). ``within``: a condition on ``published_at`` (the report's cut)."""
    facts = list(session.execute(sa.select(GrantAwardFact).where(GrantAwardFact.program_id == program_id, within)).scalars())
    organisations = {fact.inn or normalise(fact.organisation) for fact in facts}
    return {"awarded": len(facts), "amount": sum((Decimal(f.amount) for f in facts), Decimal(0)),
            "organisations": len(organisations), "partial": sum(1 for f in facts if f.partial)}
