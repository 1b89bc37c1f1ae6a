"""Consultations as cohorts knows them from ``consultations.consultation.logged`` / ``.amended`` / ``.cancelled``.

Applied idempotently and in any order: a fact is only written over by a newer version, and its named attendees (one
row each, for counting people with an index) are replaced to match it whenever the event is the version now held.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.figures.models import ConsultationAttendeeFact, ConsultationFact
from shared.db import utcnow
from shared.events.replica import upsert_if_newer


def apply(uow, env) -> None:
    d = env.data
    upsert_if_newer(uow.session, ConsultationFact.__table__, {"id": d["id"]}, dict(
        cohort_id=d["cohort_id"], kind=d["kind"], status=d["status"], started_at=d["started_at"],
        duration_minutes=d["duration_minutes"], mentor_account_id=d["mentor_account_id"], team_ids=d["team_ids"],
        attendee_ids=d["attendee_ids"], anonymous_attendees=d["anonymous_attendees"], updated_at=utcnow(),
    ), version=env.entity_version)
    # the fact now held is this event's version only if the event was not older (a redelivery rewrites the same rows)
    held_version = uow.session.execute(sa.select(ConsultationFact.version).where(ConsultationFact.id == d["id"])).scalar_one()
    if held_version != env.entity_version:
        return
    table = ConsultationAttendeeFact.__table__
    uow.session.execute(sa.delete(table).where(table.c.consultation_id == d["id"]))
    people = sorted(set(d["attendee_ids"]))
    if people:
        uow.session.execute(sa.insert(table), [
            {"consultation_id": d["id"], "person_id": p, "cohort_id": d["cohort_id"], "started_at": d["started_at"],
             "held": d["status"] == "held"} for p in people])
