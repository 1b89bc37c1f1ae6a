"""Read side: lists, a consultation with its links, a team's timeline, a mentor's summary."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.consultations.db import ATTENDANCE, REPLICAS
from services.consultations.log import operations
from services.consultations.log.models import Consultation, ConsultationChange, ConsultationTeam, NextStep
from shared.db import utcnow


def expanded(uow, c: Consultation) -> dict:
    data = operations.body(uow, c)
    data.update(notes=c.notes, version=c.version, next_steps=list(
        uow.session.execute(sa.select(NextStep).where(NextStep.consultation_id == c.id).order_by(NextStep.id)).scalars()
    ))
    return data


def consultations(args: dict) -> sa.Select:
    query = sa.select(Consultation).order_by(Consultation.started_at.desc(), Consultation.id.desc())
    if args.get("team_id"):
        query = query.where(Consultation.id.in_(sa.select(ConsultationTeam.consultation_id).where(ConsultationTeam.team_id == args["team_id"])))
    for field in ("mentor_account_id", "status", "kind"):
        if args.get(field):
            query = query.where(getattr(Consultation, field) == args[field])
    return query


def next_steps(args: dict, *, account_id: int) -> sa.Select:
    query = sa.select(NextStep).join(Consultation, Consultation.id == NextStep.consultation_id).order_by(
        NextStep.due_on.is_(None), NextStep.due_on, NextStep.id
    )
    if args.get("status"):
        query = query.where(NextStep.status == args["status"])
    if args.get("team_id"):
        query = query.where(Consultation.id.in_(sa.select(ConsultationTeam.consultation_id).where(ConsultationTeam.team_id == args["team_id"])))
    if args.get("mine"):
        query = query.where(Consultation.mentor_account_id == account_id)
    if args.get("overdue"):
        query = query.where(NextStep.status == "open", NextStep.due_on < dt.date.today())
    return query.where(Consultation.status != "cancelled")


def history(uow, cid: int):
    return uow.session.execute(
        sa.select(ConsultationChange).where(ConsultationChange.consultation_id == cid).order_by(ConsultationChange.at.desc(), ConsultationChange.id.desc())
    ).scalars().all()


def timeline(uow, team_id: int) -> list[dict]:
    """Consultations, school attendance and nominations the service knows of, newest first."""
    s = uow.session
    items = []
    rows = s.execute(
        sa.select(Consultation).join(ConsultationTeam, ConsultationTeam.consultation_id == Consultation.id)
        .where(ConsultationTeam.team_id == team_id)
    ).scalars().all()
    for c in rows:
        items.append({"type": "consultation", "at": c.started_at, "consultation": c, "topics": operations.topic_names(uow, c.id)})
    members = set(s.execute(sa.select(REPLICAS.members.c.person_id).where(REPLICAS.members.c.team_id == team_id, REPLICAS.members.c.active)).scalars())
    team = s.execute(sa.select(REPLICAS.teams).where(REPLICAS.teams.c.id == team_id)).mappings().first()
    if team is not None:
        for session in s.execute(sa.select(ATTENDANCE).where(ATTENDANCE.c.cohort_id == team["cohort_id"])).mappings():
            present = members.intersection(session["person_ids"])
            items.append({"type": "school", "at": session["starts_at"], "title": session["title"], "present": len(present), "of": len(members)})
        if team["nominated"]:
            items.append({"type": "nomination", "at": team["updated_at"], "title": team["project_title"]})
    return sorted(items, key=lambda i: i["at"], reverse=True)


def mentor_summary(uow, account_id: int, *, quiet_days: int = 14) -> dict:
    s = uow.session
    today = dt.date.today()
    open_steps = s.execute(next_steps({"status": "open", "mine": True}, account_id=account_id)).scalars().all()
    m = REPLICAS.mentors
    teams = s.execute(
        sa.select(REPLICAS.teams).join(m, m.c.team_id == REPLICAS.teams.c.id).where(m.c.account_id == account_id, m.c.active)
    ).mappings().all()
    last_seen = dict(s.execute(
        sa.select(ConsultationTeam.team_id, sa.func.max(Consultation.started_at))
        .join(Consultation, Consultation.id == ConsultationTeam.consultation_id)
        .where(Consultation.status == "held")
        .group_by(ConsultationTeam.team_id)
    ).all())
    cutoff = utcnow() - dt.timedelta(days=quiet_days)
    quiet = [
        {"team": t, "last": _aware(last_seen.get(t["id"]))}
        for t in teams
        if last_seen.get(t["id"]) is None or _aware(last_seen[t["id"]]) < cutoff
    ]
    held = s.execute(
        sa.select(Consultation.started_at, Consultation.duration_minutes).where(
            Consultation.mentor_account_id == account_id, Consultation.status == "held"
        )
    ).all()
    months: dict[str, int] = {}
    for started, minutes in held:
        key = started.date().replace(day=1)
        months[key] = months.get(key, 0) + minutes
    planned = s.execute(
        sa.select(Consultation).where(Consultation.mentor_account_id == account_id, Consultation.status == "planned")
        .order_by(Consultation.started_at)
    ).scalars().all()
    return {
        "open_steps": open_steps,
        "overdue": [st for st in open_steps if st.due_on and st.due_on < today],
        "quiet_teams": quiet,
        "quiet_days": quiet_days,
        "hours_by_month": sorted(((k, round(v / 60, 2)) for k, v in months.items()), reverse=True),
        "planned": planned,
        "teams": teams,
    }


def _aware(value):
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value
