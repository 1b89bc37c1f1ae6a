"""Read side: lists, a consultation with its links, a team's timeline, a mentor's summary."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.consultations.db import ATTENDANCE, REPLICAS
from services.consultations.log import operations, rules
from services.consultations.log.models import Consultation, ConsultationAttendee, ConsultationChange, ConsultationTeam, NextStep
from shared.db import utcnow


def cohort_zones(session) -> dict[int, str]:
    """The programme's time zone of each cohort the replica knows."""
    c = REPLICAS.cohorts
    return {row.id: row.timezone for row in session.execute(sa.select(c.c.id, c.c.timezone))}


def overdue_clause(session, *, now: dt.datetime | None = None):
    """Open and due before today, today being the date in each cohort's programme time zone."""
    now = now or utcnow()
    by_zone: dict[str, list[int]] = {}
    for cohort_id, tz in cohort_zones(session).items():
        by_zone.setdefault(tz, []).append(cohort_id)
    known = [i for ids in by_zone.values() for i in ids]
    cases = [sa.and_(Consultation.cohort_id.in_(ids), NextStep.due_on < rules.local_date(now, tz)) for tz, ids in by_zone.items()]
    cases.append(sa.and_(Consultation.cohort_id.not_in(known) if known else sa.true(), NextStep.due_on < rules.local_date(now, None)))
    return sa.and_(NextStep.status == "open", sa.or_(*cases))


def expanded(uow, c: Consultation) -> dict:
    data = operations.body(uow, c)
    data.update(notes=c.notes, version=c.version, visitors=operations.visitors(uow, c.id), next_steps=list(
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


def recent(session, *, mentor_account_id: int | None, limit: int = 20) -> list[dict]:
    """The latest consultations (a mentor's own, or everyone's for a coordinator), with team and mentor names."""
    query = consultations({"mentor_account_id": mentor_account_id}).limit(limit)
    rows = session.execute(query).scalars().all()
    ids = [c.id for c in rows]
    t, a = REPLICAS.teams, REPLICAS.accounts
    teams: dict[int, list[str]] = {cid: [] for cid in ids}
    if ids:
        for cid, name in session.execute(
            sa.select(ConsultationTeam.consultation_id, t.c.name).join(t, t.c.id == ConsultationTeam.team_id)
            .where(ConsultationTeam.consultation_id.in_(ids)).order_by(t.c.name)
        ):
            teams[cid].append(name)
    mentors = dict(session.execute(
        sa.select(a.c.id, a.c.name).where(a.c.id.in_({c.mentor_account_id for c in rows}))
    ).all()) if rows else {}
    return [{"c": c, "teams": teams[c.id], "mentor": mentors.get(c.mentor_account_id, f"#{c.mentor_account_id}")} for c in rows]


def next_steps(args: dict, *, account_id: int, session=None) -> sa.Select:
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
        query = query.where(overdue_clause(session))
    return query.where(Consultation.status != "cancelled")


def history(uow, cid: int):
    return uow.session.execute(
        sa.select(ConsultationChange).where(ConsultationChange.consultation_id == cid).order_by(ConsultationChange.at.desc(), ConsultationChange.id.desc())
    ).scalars().all()


def team(uow, team_id: int):
    from shared.errors import N_, not_found

    row = uow.session.execute(sa.select(REPLICAS.teams).where(REPLICAS.teams.c.id == team_id)).mappings().first()
    if row is None:
        raise not_found(N_("No such team."))
    return row


def timeline(uow, team_id: int) -> list[dict]:
    """Consultations, school attendance and nominations the service knows of, newest first."""
    s = uow.session
    items = []
    rows = s.execute(
        sa.select(Consultation).join(ConsultationTeam, ConsultationTeam.consultation_id == Consultation.id)
        .where(ConsultationTeam.team_id == team_id)
    ).scalars().all()
    people, accounts = REPLICAS.people, REPLICAS.accounts
    for c in rows:
        attendees = s.execute(
            sa.select(people.c.full_name).join(ConsultationAttendee, ConsultationAttendee.person_id == people.c.id)
            .where(ConsultationAttendee.consultation_id == c.id, people.c.erased.is_(False)).order_by(people.c.full_name)
        ).scalars().all()
        mentor = s.execute(sa.select(accounts.c.name).where(accounts.c.id == c.mentor_account_id)).scalar()
        steps = s.execute(sa.select(NextStep).where(NextStep.consultation_id == c.id).order_by(NextStep.id)).scalars().all()
        items.append({"type": "consultation", "at": c.started_at, "consultation": c, "topics": operations.topic_names(uow, c.id),
                      "attendees": attendees, "mentor": mentor, "steps": steps})
    members = set(s.execute(sa.select(REPLICAS.members.c.person_id).where(REPLICAS.members.c.team_id == team_id, REPLICAS.members.c.active)).scalars())
    team = s.execute(sa.select(REPLICAS.teams).where(REPLICAS.teams.c.id == team_id)).mappings().first()
    if team is not None:
        for session in s.execute(sa.select(ATTENDANCE).where(ATTENDANCE.c.cohort_id == team["cohort_id"])).mappings():
            present = members.intersection(session["person_ids"])
            items.append({"type": "school", "at": session["starts_at"], "title": session["title"], "present": len(present), "of": len(members)})
        if team["nominated"]:
            items.append({"type": "nomination", "at": team["updated_at"], "title": team["project_title"]})
    return sorted(items, key=lambda i: i["at"], reverse=True)


def step_teams(session, steps) -> dict[int, list[str]]:
    """The names of the teams of each step's consultation."""
    ids = {st.consultation_id for st in steps}
    if not ids:
        return {}
    t = REPLICAS.teams
    names: dict[int, list[str]] = {}
    for cid, name in session.execute(
        sa.select(ConsultationTeam.consultation_id, t.c.name).join(t, t.c.id == ConsultationTeam.team_id)
        .where(ConsultationTeam.consultation_id.in_(ids)).order_by(t.c.name)
    ):
        names.setdefault(cid, []).append(name)
    return {st.id: names.get(st.consultation_id, []) for st in steps}


def mentor_zone(session, account_id: int) -> str:
    """The programme time zone a mentor's figures are shown in: of their teams' cohort, else their last consultation's."""
    m = REPLICAS.mentors
    cohort_id = session.execute(
        sa.select(m.c.cohort_id).where(m.c.account_id == account_id, m.c.active).order_by(m.c.team_id).limit(1)
    ).scalar_one_or_none()
    if cohort_id is None:
        cohort_id = session.execute(
            sa.select(Consultation.cohort_id).where(Consultation.mentor_account_id == account_id)
            .order_by(Consultation.created_at.desc()).limit(1)
        ).scalar_one_or_none()
    return cohort_zones(session).get(cohort_id) or rules.DEFAULT_TIMEZONE


def mentor_summary(uow, account_id: int, *, quiet_days: int = 14, now: dt.datetime | None = None) -> dict:
    s = uow.session
    now = now or utcnow()
    zones = cohort_zones(s)
    steps_query = next_steps({"status": "open", "mine": True}, account_id=account_id, session=s)
    open_steps = s.execute(steps_query).scalars().all()
    overdue_ids = set(s.execute(
        sa.select(NextStep.id).join(Consultation, Consultation.id == NextStep.consultation_id)
        .where(Consultation.mentor_account_id == account_id, Consultation.status != "cancelled", overdue_clause(s, now=now))
    ).scalars())
    m = REPLICAS.mentors
    teams = s.execute(
        sa.select(REPLICAS.teams).join(m, m.c.team_id == REPLICAS.teams.c.id)
        .where(m.c.account_id == account_id, m.c.active).order_by(REPLICAS.teams.c.name)
    ).mappings().all()
    last_seen = dict(s.execute(
        sa.select(ConsultationTeam.team_id, sa.func.max(Consultation.started_at))
        .join(Consultation, Consultation.id == ConsultationTeam.consultation_id)
        .where(Consultation.status == "held")
        .group_by(ConsultationTeam.team_id)
    ).all())
    cutoff = now - dt.timedelta(days=quiet_days)
    quiet = [
        {"team": t, "last": _aware(last_seen.get(t["id"]))}
        for t in teams
        if last_seen.get(t["id"]) is None or _aware(last_seen[t["id"]]) < cutoff
    ]
    held = s.execute(
        sa.select(Consultation.started_at, Consultation.duration_minutes, Consultation.cohort_id).where(
            Consultation.mentor_account_id == account_id, Consultation.status == "held"
        )
    ).all()
    months: dict[dt.date, int] = {}
    for started, minutes, cohort_id in held:
        # a month in the programme's time zone: 23:30 on the 31st in Kamchatka is not next month's
        key = rules.local_date(_aware(started), zones.get(cohort_id)).replace(day=1)
        months[key] = months.get(key, 0) + minutes
    # the latest steps done, so that a step closed by mistake is one tap from open again
    done_steps = s.execute(
        next_steps({"status": "closed", "mine": True}, account_id=account_id).order_by(None)
        .order_by(NextStep.closed_at.desc(), NextStep.id.desc()).limit(5)
    ).scalars().all()
    planned = s.execute(
        sa.select(Consultation).where(Consultation.mentor_account_id == account_id, Consultation.status == "planned")
        .order_by(Consultation.started_at)
    ).scalars().all()
    return {
        "open_steps": open_steps,
        "done_steps": done_steps,
        "step_teams": step_teams(s, [*open_steps, *done_steps]),
        "overdue": [st for st in open_steps if st.id in overdue_ids],
        "quiet_teams": quiet,
        "quiet_days": quiet_days,
        "hours_by_month": sorted(((k, round(v / 60, 2)) for k, v in months.items()), reverse=True),
        "planned": planned,
        "teams": teams,
        "timezone": mentor_zone(s, account_id),
    }


def _aware(value):
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value
