"""The funder's indicators, each a figure and the records behind it.

Every indicator answers ``value(session, scope)`` and ``records(session, scope, page, per_page)``; the records'
``total`` is the figure for counts, and their ``sum`` is the figure for hours and rubles (tested for each).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from services.cohorts.figures import pledges as pledge_figures
from services.cohorts.figures.models import ConsultationFact, FairResultFact, PledgeFact
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Territory
from services.cohorts.report import people as people_figures
from services.cohorts.report.scope import Scope
from services.cohorts.teams.models import Team
from shared.errors import N_

KNOWN_PARTNER_KINDS = ("business", "authority", "ngo", "person")
CODES = ("participants", "teams", "consultations", "consultation_hours", "leaders", "funds_raised")
LABELS = {
    "participants": N_("Participants (each counted once)"),
    "teams": N_("Teams"),
    "consultations": N_("Consultations held"),
    "consultation_hours": N_("Consultation hours"),
    "leaders": N_("Leader projects"),
    "funds_raised": N_("Funds raised"),
}


def _page(items: list, page: int, per_page: int, **extra) -> dict:
    start = (page - 1) * per_page
    return {"items": items[start:start + per_page], "total": len(items), "page": page, "per_page": per_page, **extra}


# participants: unique people --------------------------------------------------------------------------------------

def participants_value(session, scope: Scope, reached=None) -> int:
    return len(reached if reached is not None else people_figures.reached(session, scope))


def participants_records(session, scope: Scope, page: int, per_page: int, *, reached=None) -> dict:
    """``reached``: the people to list when the caller has them already (one row of a breakdown), else everyone."""
    if reached is None and people_figures.pages_in_database(session):
        total, chosen = people_figures.reached_page(session, scope, (page - 1) * per_page, per_page)
    else:
        reached = people_figures.reached(session, scope) if reached is None else reached
        order = sorted(reached.values(), key=lambda r: (r.first_contact is None, r.first_contact or 0, r.person_id))
        total, chosen = len(order), order[(page - 1) * per_page:page * per_page]
    people = {p.id: p for p in session.execute(sa.select(Person).where(Person.id.in_([r.person_id for r in chosen]))).scalars()}
    items = []
    for r in chosen:
        person = people[r.person_id]
        erased = person.erased_at is not None
        items.append({
            "id": person.id, "erased": erased,
            # an erased person is counted, never named
            "full_name": None if erased else person.full_name, "settlement": None if erased else person.settlement,
            "sources": [s for s in people_figures.SOURCES if s in r.sources], "first_contact": r.first_contact,
            "url": f"/cohorts/api/v1/people/{person.id}",
        })
    return {"items": items, "total": total, "page": page, "per_page": per_page}


# teams ------------------------------------------------------------------------------------------------------------

def _teams(scope: Scope):
    query = sa.select(Team).where(Team.cohort_id.in_(scope.cohort_ids), Team.archived.is_(False))
    if scope.until is not None:  # a team counts in a period if it was registered by its end
        query = query.where(Team.created_at < scope.until)
    return query


def teams_value(session, scope: Scope) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(_teams(scope).subquery())).scalar_one()


def _team_item(team: Team, territory: Territory | None, **extra) -> dict:
    return {"id": team.id, "name": team.name, "kind": team.kind, "cohort_id": team.cohort_id, "project_title": team.project_title,
            "district": territory.district if territory else None, "settlement": territory.settlement if territory else None,
            "url": f"/cohorts/api/v1/teams/{team.id}", **extra}


PROJECTS = {"developed": Team.project_title.is_not(None), "presented": Team.nominated_at.is_not(None)}


def teams_records(session, scope: Scope, page: int, per_page: int, *, projects: str | None = None) -> dict:
    """``projects``: only the teams whose project was developed (named) or presented (nominated to the fair)."""
    query = _teams(scope) if projects is None else _teams(scope).where(PROJECTS[projects])
    total = session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.add_columns(Territory).outerjoin(Territory, Territory.id == Team.territory_id)
                           .order_by(Team.name, Team.id).limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": [_team_item(t, terr) for t, terr in rows], "total": total, "page": page, "per_page": per_page}


# consultations and hours ------------------------------------------------------------------------------------------

def _held(scope: Scope, kind: str | None = None):
    held = sa.and_(ConsultationFact.cohort_id.in_(scope.cohort_ids), ConsultationFact.status == "held",
                   scope.within(ConsultationFact.started_at))
    return held if kind is None else sa.and_(held, ConsultationFact.kind == kind)


def _held_totals(session, scope: Scope, kind: str | None = None):
    return session.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(ConsultationFact.duration_minutes), 0))
                           .where(_held(scope, kind))).one()


def hours(minutes) -> float:
    """Minutes as hours to a tenth, halves rounded up as a funder reads them (135 minutes: 2.3 hours)."""
    return float((Decimal(int(minutes)) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def consultations_value(session, scope: Scope) -> int:
    return _held_totals(session, scope)[0]


def consultation_hours_value(session, scope: Scope) -> float:
    return hours(_held_totals(session, scope)[1])


def consultations_records(session, scope: Scope, page: int, per_page: int, *, kind: str | None = None) -> dict:
    """``kind``: only individual, group or webinar consultations."""
    held = _held(scope, kind)
    count, minutes = _held_totals(session, scope, kind)
    facts = session.execute(sa.select(ConsultationFact).where(held)
                            .order_by(ConsultationFact.started_at, ConsultationFact.id).limit(per_page).offset((page - 1) * per_page)).scalars()
    items = [{"id": f.id, "kind": f.kind, "started_at": f.started_at, "duration_minutes": f.duration_minutes,
              "hours": hours(f.duration_minutes), "mentor_account_id": f.mentor_account_id, "team_ids": f.team_ids,
              "named_attendees": len(f.attendee_ids or ()), "anonymous_attendees": f.anonymous_attendees,
              "url": f"/consultations/api/v1/consultations/{f.id}"} for f in facts]
    # the hours figure is the sum of the records' minutes, in hours
    return {"items": items, "total": count, "page": page, "per_page": per_page, "sum_minutes": int(minutes), "sum": hours(minutes)}


# leaders ----------------------------------------------------------------------------------------------------------

def leaders_query(scope: Scope):
    # a leader counts in a period when its fair's results were published in it (a fact from before that date was
    # kept: when cohorts learnt of the results)
    return sa.select(FairResultFact).where(
        FairResultFact.cohort_id.in_(scope.cohort_ids), FairResultFact.leader.is_(True),
        scope.within(sa.func.coalesce(FairResultFact.published_at, FairResultFact.updated_at)))


def leaders_value(session, scope: Scope) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(leaders_query(scope).subquery())).scalar_one()


def leaders_records(session, scope: Scope, page: int, per_page: int) -> dict:
    rows = session.execute(leaders_query(scope).add_columns(Team, Territory).outerjoin(Team, Team.id == FairResultFact.team_id)
                           .outerjoin(Territory, Territory.id == Team.territory_id)
                           .order_by(FairResultFact.fair_id, FairResultFact.rank, FairResultFact.team_id)).all()
    items = []
    for fact, team, territory in rows:
        extra = {"fair_id": fact.fair_id, "rank": fact.rank, "score": fact.score}
        items.append(_team_item(team, territory, **extra) if team else {"id": fact.team_id, "url": None, **extra})
    return _page(items, page, per_page)


# funds ------------------------------------------------------------------------------------------------------------

def _pledges(scope: Scope):
    # a pledge is dated when it was made (an older event without that date: when cohorts learnt of it)
    return sa.select(PledgeFact).where(PledgeFact.cohort_id.in_(scope.cohort_ids),
                                       scope.within(sa.func.coalesce(PledgeFact.pledged_at, PledgeFact.updated_at)))


def counted(fact) -> Decimal:
    """What a pledge counts for in the figures (what came once received); nothing once withdrawn."""
    return Decimal(0) if fact.status == "cancelled" else pledge_figures._value(fact)


# what a pledge not withdrawn counts for, as ``counted`` says it, summed by the database
_COUNTED = sa.case((sa.and_(PledgeFact.status == "received", PledgeFact.received_amount.is_not(None)), PledgeFact.received_amount),
                   else_=PledgeFact.amount)
# the statuses a stage's sums take in (see ``figures.pledges``): confirmed sums hold the received ones too
STAGE_STATUSES = {"pledged": ("pledged", "confirmed", "received"), "confirmed": ("confirmed", "received"), "received": ("received",)}


def _funds(scope: Scope, kind: str = "money", stage: str = "pledged", partner_kind: str | None = None):
    """The pledges behind one sum of the funds: a kind, a stage, partners of a kind (``unknown``: none announced).
    The defaults are the funds-raised figure: money pledged and not withdrawn."""
    query = _pledges(scope).where(PledgeFact.kind == kind, PledgeFact.status.in_(STAGE_STATUSES[stage]))
    if partner_kind == "unknown":
        query = query.where(sa.or_(PledgeFact.partner_kind.is_(None), PledgeFact.partner_kind.not_in(KNOWN_PARTNER_KINDS)))
    elif partner_kind is not None:
        query = query.where(PledgeFact.partner_kind == partner_kind)
    return query


def _funds_totals(session, query) -> tuple[int, Decimal]:
    count, total = session.execute(query.with_only_columns(sa.func.count(), sa.func.sum(_COUNTED))).one()
    return count, Decimal(total or 0)


def funds_value(session, scope: Scope) -> Decimal:
    """Money raised at the fairs: money pledged and not withdrawn, at what came where it was received."""
    return _funds_totals(session, _funds(scope))[1]


def pledge_item(fact, team: Team | None) -> dict:
    return {"id": fact.id, "fair_id": fact.fair_id, "team_id": fact.team_id, "team": team.name if team else None,
            "project_title": team.project_title if team else None,
            "partner": None if fact.anonymous else fact.partner, "anonymous": fact.anonymous, "kind": fact.kind,
            "status": fact.status, "amount": float(fact.amount), "received_amount": None if fact.received_amount is None else float(fact.received_amount),
            "counted": float(counted(fact)), "pledged_at": fact.pledged_at, "description": fact.description,
            "url": f"/fairs/api/v1/pledges/{fact.id}"}


def funds_records(session, scope: Scope, page: int, per_page: int, *, kind: str = "money", stage: str = "pledged",
                  partner_kind: str | None = None) -> dict:
    """The pledges behind a sum of the funds tables (see ``_funds``); the defaults are the funds-raised figure's."""
    query = _funds(scope, kind, stage, partner_kind)
    count, total = _funds_totals(session, query)
    rows = session.execute(query.add_columns(Team).outerjoin(Team, Team.id == PledgeFact.team_id)
                           .order_by(PledgeFact.pledged_at, PledgeFact.id).limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": [pledge_item(f, t) for f, t in rows], "total": count, "page": page, "per_page": per_page, "sum": float(total)}


def sessions_records(session, scope: Scope, page: int, per_page: int) -> dict:
    """The school's sessions held in the scope, each with how many were present (the figure "school sessions")."""
    from services.cohorts.school.models import Attendance, SchoolSession

    held = sa.and_(SchoolSession.cohort_id.in_(scope.cohort_ids), scope.within(SchoolSession.starts_at))
    total = session.execute(sa.select(sa.func.count()).where(held)).scalar_one()
    rows = session.execute(
        sa.select(SchoolSession, sa.func.count(Attendance.person_id)).outerjoin(Attendance, Attendance.session_id == SchoolSession.id)
        .where(held).group_by(SchoolSession.id).order_by(SchoolSession.starts_at, SchoolSession.id)
        .limit(per_page).offset((page - 1) * per_page)).all()
    items = [{"id": s.id, "title": s.title, "starts_at": s.starts_at, "duration_minutes": s.duration_minutes, "present": present,
              "url": f"/cohorts/api/v1/sessions/{s.id}/attendance"} for s, present in rows]
    return {"items": items, "total": total, "page": page, "per_page": per_page}


VALUES = {
    "participants": participants_value, "teams": teams_value, "consultations": consultations_value,
    "consultation_hours": consultation_hours_value, "leaders": leaders_value, "funds_raised": funds_value,
}
RECORDS = {
    "participants": participants_records, "teams": teams_records, "consultations": consultations_records,
    "consultation_hours": consultations_records, "leaders": leaders_records, "funds_raised": funds_records,
}


def indicator(code: str, value, target, records_url: str) -> dict:
    percent = round(float(value) * 100 / float(target)) if target else None  # 52 of 50 is 104 %, not 100
    return {"value": float(value) if isinstance(value, Decimal) else value, "target": float(target) if isinstance(target, Decimal) else target,
            "percent": percent, "records": records_url}
