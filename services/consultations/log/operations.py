"""Consultation use cases: log, amend, hold, cancel; next steps; each publishes its event."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from services.consultations.db import REPLICAS
from services.consultations.log import rules
from services.consultations.log.models import (
    Consultation,
    ConsultationAttendee,
    ConsultationChange,
    ConsultationTeam,
    ConsultationTopic,
    NextStep,
    Topic,
)
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class Actor:
    account_id: int
    name: str
    coordinator: bool


def _teams(uow: UnitOfWork, team_ids: list[int]) -> list:
    t = REPLICAS.teams
    rows = uow.session.execute(sa.select(t).where(t.c.id.in_(team_ids))).mappings().all() if team_ids else []
    unknown = sorted(set(team_ids) - {r["id"] for r in rows})
    if unknown:
        raise invalid("team_ids", Msg(N_("No such team: %(ids)s."), ids=", ".join(f"#{i}" for i in unknown)))
    return rows


def _cohort_of(uow: UnitOfWork, team_rows, cohort_id: int | None) -> int:
    cohorts = {r["cohort_id"] for r in team_rows}
    if cohort_id is not None:
        cohorts.add(cohort_id)
    if len(cohorts) > 1:
        raise invalid("team_ids", N_("The teams belong to different cohorts."))
    if not cohorts:
        raise invalid("cohort_id", N_("Choose a team or a cohort."))
    return cohorts.pop()


def _check_attendees(uow: UnitOfWork, cohort_id: int, person_ids: list[int]) -> None:
    p = REPLICAS.participants
    ok = set(uow.session.execute(
        sa.select(p.c.person_id).where(p.c.cohort_id == cohort_id, p.c.active.is_(True), p.c.person_id.in_(person_ids))
    ).scalars()) if person_ids else set()
    strangers = [i for i in person_ids if i not in ok]
    if strangers:
        raise invalid("attendee_ids", Msg(N_("Not participants of this cohort: %(ids)s."), ids=", ".join(f"#{i}" for i in strangers)))


def _topics(uow: UnitOfWork, names: list[str]) -> list[Topic]:
    topics = []
    for name in names:
        clean = " ".join(name.split())[:120]
        if not clean:
            continue
        key = rules.normalise_topic(clean)
        topic = uow.session.execute(sa.select(Topic).where(Topic.name_key == key)).scalar_one_or_none()
        if topic is None:
            topic = Topic(name=clean, name_key=key, uses=0)
            uow.session.add(topic)
            uow.flush()
        if topic not in topics:
            topics.append(topic)
    return topics


def body(uow: UnitOfWork, c: Consultation) -> dict:
    return {
        "id": c.id,
        "cohort_id": c.cohort_id,
        "kind": c.kind,
        "status": c.status,
        "started_at": c.started_at,
        "duration_minutes": c.duration_minutes,
        "mentor_account_id": c.mentor_account_id,
        "team_ids": team_ids(uow, c.id),
        "attendee_ids": attendee_ids(uow, c.id),
        "anonymous_attendees": c.anonymous_attendees,
        "topics": topic_names(uow, c.id),
    }


def team_ids(uow, cid):
    return sorted(uow.session.execute(sa.select(ConsultationTeam.team_id).where(ConsultationTeam.consultation_id == cid)).scalars())


def attendee_ids(uow, cid):
    return sorted(uow.session.execute(sa.select(ConsultationAttendee.person_id).where(ConsultationAttendee.consultation_id == cid)).scalars())


def topic_names(uow, cid):
    return sorted(uow.session.execute(
        sa.select(Topic.name).join(ConsultationTopic, ConsultationTopic.topic_id == Topic.id).where(ConsultationTopic.consultation_id == cid)
    ).scalars())


def _record(uow: UnitOfWork, c: Consultation, actor: Actor, action: str, changes: dict) -> None:
    uow.session.add(ConsultationChange(consultation_id=c.id, account_id=actor.account_id, account_name=actor.name, action=action, changes=changes))


def _set_links(uow: UnitOfWork, c: Consultation, teams: list[int], attendees: list[int], topics: list[Topic]) -> None:
    s = uow.session
    s.execute(sa.delete(ConsultationTeam).where(ConsultationTeam.consultation_id == c.id))
    s.execute(sa.delete(ConsultationAttendee).where(ConsultationAttendee.consultation_id == c.id))
    s.execute(sa.delete(ConsultationTopic).where(ConsultationTopic.consultation_id == c.id))
    for tid in sorted(set(teams)):
        s.add(ConsultationTeam(consultation_id=c.id, team_id=tid))
    for pid in sorted(set(attendees)):
        s.add(ConsultationAttendee(consultation_id=c.id, person_id=pid))
    for topic in topics:
        topic.uses += 1
        s.add(ConsultationTopic(consultation_id=c.id, topic_id=topic.id))


def _mentor_for(actor: Actor, requested: int | None) -> int:
    if requested is None or requested == actor.account_id:
        return actor.account_id
    if not actor.coordinator:
        raise invalid("mentor_account_id", N_("A mentor logs their own consultations."))
    return requested


def _validated(uow: UnitOfWork, data: dict, *, now: dt.datetime) -> tuple[int, list, str]:
    kind = data["kind"]
    teams = sorted(set(data.get("team_ids") or []))
    errors = rules.check(kind, data["duration_minutes"], data.get("anonymous_attendees") or 0, teams)
    if errors:
        raise UseCaseError(422, None, errors)
    team_rows = _teams(uow, teams)
    cohort_id = _cohort_of(uow, team_rows, data.get("cohort_id"))
    attendees = sorted(set(data.get("attendee_ids") or []))
    _check_attendees(uow, cohort_id, attendees)
    status = rules.status_for(data["started_at"], now, requested=data.get("status"))
    if data.get("status") == "held" and status == "planned":
        raise invalid("started_at", N_("A held consultation cannot start in the future."))
    return cohort_id, teams, status


def log_consultation(uow: UnitOfWork, actor: Actor, data: dict, *, now: dt.datetime | None = None) -> Consultation:
    now = now or utcnow()
    cohort_id, teams, status = _validated(uow, data, now=now)
    c = Consultation(
        cohort_id=cohort_id,
        kind=data["kind"],
        status=status,
        started_at=data["started_at"],
        duration_minutes=data["duration_minutes"],
        mentor_account_id=_mentor_for(actor, data.get("mentor_account_id")),
        anonymous_attendees=data.get("anonymous_attendees") or 0,
        notes=data.get("notes"),
        version=1,
    )
    uow.session.add(c)
    uow.flush()
    _set_links(uow, c, teams, data.get("attendee_ids") or [], _topics(uow, data.get("topics") or []))
    for step in data.get("next_steps") or []:
        uow.session.add(NextStep(consultation_id=c.id, text=step["text"], owner=step.get("owner"), due_on=step.get("due_on"), status="open"))
    _record(uow, c, actor, "logged", {"status": status})
    uow.flush()
    uow.publish("consultations.consultation.logged", body(uow, c), entity_version=c.version)
    return c


def get(uow: UnitOfWork, cid: int, *, for_update: bool = False) -> Consultation:
    c = uow.session.get(Consultation, cid, with_for_update=for_update or None)
    if c is None:
        raise not_found(N_("No such consultation."))
    return c


def check_editable(c: Consultation, actor: Actor) -> None:
    if not actor.coordinator and c.mentor_account_id != actor.account_id:
        raise UseCaseError(403, N_("Mentors edit only their own consultations."))
    if c.status == "cancelled":
        raise conflict(N_("The consultation is cancelled."))


def amend(uow: UnitOfWork, actor: Actor, cid: int, changes: dict, *, now: dt.datetime | None = None) -> Consultation:
    now = now or utcnow()
    c = get(uow, cid, for_update=True)
    check_editable(c, actor)
    current = {
        "kind": c.kind, "started_at": c.started_at, "duration_minutes": c.duration_minutes,
        "team_ids": team_ids(uow, c.id), "attendee_ids": attendee_ids(uow, c.id),
        "anonymous_attendees": c.anonymous_attendees, "topics": topic_names(uow, c.id), "cohort_id": c.cohort_id,
        "status": c.status, "notes": c.notes,
    }
    merged = {**current, **{k: v for k, v in changes.items() if k != "next_steps"}}
    _cohort_id, teams, status = _validated(uow, merged, now=now)
    diff = {k: [_plain(current.get(k)), _plain(v)] for k, v in changes.items() if k != "next_steps" and current.get(k) != v}
    for field in ("kind", "started_at", "duration_minutes", "anonymous_attendees", "notes"):
        setattr(c, field, merged[field])
    c.status = status
    if "mentor_account_id" in changes:
        c.mentor_account_id = _mentor_for(actor, changes["mentor_account_id"])
    _set_links(uow, c, teams, merged["attendee_ids"], _topics(uow, merged["topics"]))
    for step in changes.get("next_steps") or []:
        uow.session.add(NextStep(consultation_id=c.id, text=step["text"], owner=step.get("owner"), due_on=step.get("due_on"), status="open"))
    c.version += 1
    _record(uow, c, actor, "amended", diff)
    uow.flush()
    uow.publish("consultations.consultation.amended", body(uow, c), entity_version=c.version)
    return c


def _plain(value):
    return value.isoformat() if isinstance(value, (dt.datetime, dt.date)) else value


def cancel(uow: UnitOfWork, actor: Actor, cid: int) -> Consultation:
    c = get(uow, cid, for_update=True)
    check_editable(c, actor)
    c.status = "cancelled"
    c.version += 1
    _record(uow, c, actor, "cancelled", {})
    uow.flush()
    uow.publish("consultations.consultation.cancelled", body(uow, c), entity_version=c.version)
    return c


def set_step_status(uow: UnitOfWork, actor: Actor, step_id: int, status: str) -> NextStep:
    step = uow.session.get(NextStep, step_id, with_for_update=True)
    if step is None:
        raise not_found(N_("No such next step."))
    step.status = status
    step.closed_at = utcnow() if status == "closed" else None
    step.closed_by = actor.account_id if status == "closed" else None
    uow.flush()
    return step
