"""Consultations as cohorts knows them from ``consultations.consultation.logged`` / ``.amended`` / ``.cancelled``.

Applied idempotently and in any order: a fact is only written over by a newer version, and its named attendees (one
row each, for counting people with an index) are replaced to match it whenever the event is the version now held; each
person's first held consultation in the cohort follows them.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts import first_contacts
from services.cohorts.figures.models import ConsultationAttendeeFact, ConsultationFact, ConsultationReachFact
from shared.db import utcnow
from shared.events.replica import upsert_if_newer


def apply(uow, env) -> None:
    d = env.data
    upsert_if_newer(uow.session, ConsultationFact.__table__, {"id": d["id"]}, dict(
        cohort_id=d["cohort_id"], kind=d["kind"], status=d["status"], started_at=d["started_at"],
        duration_minutes=d["duration_minutes"], mentor_account_id=d["mentor_account_id"], team_ids=d["team_ids"],
        attendee_ids=d["attendee_ids"], anonymous_attendees=d["anonymous_attendees"], online_url=d.get("online_url"),
        updated_at=utcnow(),
    ), version=env.entity_version)
    # the fact now held is this event's version only if the event was not older (a redelivery rewrites the same rows)
    held_version = uow.session.execute(sa.select(ConsultationFact.version).where(ConsultationFact.id == d["id"])).scalar_one()
    if held_version != env.entity_version:
        return
    table = ConsultationAttendeeFact.__table__
    before = uow.session.execute(sa.delete(table).where(table.c.consultation_id == d["id"])
                                 .returning(table.c.cohort_id, table.c.person_id)).all()
    people = sorted(set(d["attendee_ids"]))
    if people:
        uow.session.execute(sa.insert(table), [
            {"consultation_id": d["id"], "person_id": p, "cohort_id": d["cohort_id"], "started_at": d["started_at"],
             "held": d["status"] == "held"} for p in people])
    _reach(uow.session, {(c, p) for c, p in before} | {(d["cohort_id"], p) for p in people})


def _reach(session, pairs: set) -> None:
    """Recompute each (cohort, person)'s first held consultation from the attendee rows (the centre's own consultations
    belong to no cohort's figures)."""
    attendee = ConsultationAttendeeFact.__table__
    first_contacts.recompute(session, ConsultationReachFact.__table__, "first_held_at", pairs, lambda reach: (
        sa.select(sa.func.min(attendee.c.started_at)).where(
            attendee.c.cohort_id == reach.c.cohort_id, attendee.c.held.is_(True), attendee.c.person_id == reach.c.person_id)
        .scalar_subquery()))
