"""The funder's report for a cohort or a whole programme: every indicator once, with the link to its records."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from services.cohorts.cascade.operations import figures as cascade_figures
from services.cohorts.figures.grants import figures as grant_figures
from services.cohorts.figures.models import GrantAwardFact, ConsultationFact, FairResultFact, PledgeFact
from services.cohorts.report import indicators as ind
from services.cohorts.report import people as people_figures
from services.cohorts.report.breakdowns import breakdowns
from services.cohorts.report.funds import funds
from services.cohorts.report.scope import Scope
from services.cohorts.school.models import Attendance, SchoolSession
from services.cohorts.teams.models import Team


def records_url(base: str, code: str, scope: Scope) -> str:
    cut = "&".join(f"{k}={v.isoformat()}" for k, v in (("from", scope.first_day), ("to", scope.last_day)) if v)
    return f"{base}/records/{code}" + (f"?{cut}" if cut else "")


def freshness(session, scope: Scope) -> dt.datetime | None:
    """When cohorts last applied an event behind these figures (a consultation, a result or a pledge)."""
    ids = scope.cohort_ids
    # one statement: the newest of each kind of fact (each the last entry of an index), then the newest of the three
    newest = sa.union_all(*(sa.select(sa.func.max(model.updated_at).label("at")).where(model.cohort_id.in_(ids))
                            for model in (ConsultationFact, FairResultFact, PledgeFact))).subquery()
    return session.execute(sa.select(sa.func.max(newest.c.at))).scalar()


def report(session, scope: Scope, *, base: str) -> dict:
    """``base``: the report's API path; each indicator's records live under it."""
    reached = people_figures.reached(session, scope)
    targets = scope.program.targets or {}
    money = funds(session, scope)
    ids = scope.cohort_ids
    held = sa.and_(ConsultationFact.cohort_id.in_(ids), ConsultationFact.status == "held", scope.within(ConsultationFact.started_at))
    # one pass over the held consultations, by kind: how many, minutes, listeners without names, named attendances
    # (the attendee lists are read for webinars alone: the webinar audience is the only figure that needs them)
    named = sa.case((ConsultationFact.kind == "webinar", sa.func.json_array_length(ConsultationFact.attendee_ids)), else_=0)
    by_kind = {kind: (n, int(minutes), int(anonymous), int(named)) for kind, n, minutes, anonymous, named in session.execute(
        sa.select(ConsultationFact.kind, sa.func.count(), sa.func.coalesce(sa.func.sum(ConsultationFact.duration_minutes), 0),
                  sa.func.coalesce(sa.func.sum(ConsultationFact.anonymous_attendees), 0), sa.func.coalesce(sa.func.sum(named), 0))
        .where(held).group_by(ConsultationFact.kind))}
    # figures read once: people from the reach just computed, consultations from the pass above, funds from the pledges' sums
    known = {"participants": len(reached), "funds_raised": money["raised"]["money_pledged"],
             "consultations": sum(v[0] for v in by_kind.values()), "consultation_hours": ind.hours(sum(v[1] for v in by_kind.values()))}
    values = {code: known[code] if code in known else ind.VALUES[code](session, scope) for code in ind.CODES}
    split = breakdowns(session, scope, reached)
    webinars, _, anonymous, named = by_kind.get("webinar", (0, 0, 0, 0))
    live = sa.and_(Team.cohort_id.in_(ids), Team.archived.is_(False))
    developed = session.execute(sa.select(sa.func.count()).where(live, Team.project_title.is_not(None))).scalar_one()
    presented = session.execute(sa.select(sa.func.count()).where(live, Team.nominated_at.is_not(None))).scalar_one()
    # the same leaders as the figure and its records: those whose results were published inside the period
    leaders = [dict(row) for row in session.execute(
        ind.leaders_query(scope).with_only_columns(FairResultFact.fair_id, FairResultFact.team_id, Team.name.label("team"),
                                                   FairResultFact.rank, FairResultFact.score)
        .outerjoin(Team, Team.id == FairResultFact.team_id).order_by(FairResultFact.fair_id, FairResultFact.rank)).mappings()]
    sessions = session.execute(
        sa.select(SchoolSession, sa.func.count(Attendance.person_id)).outerjoin(Attendance, Attendance.session_id == SchoolSession.id)
        .where(SchoolSession.cohort_id.in_(ids), scope.within(SchoolSession.starts_at))
        .group_by(SchoolSession.id).order_by(SchoolSession.starts_at, SchoolSession.id)).all()
    program = scope.program
    return {
        "program_id": program.id,
        "program": program.name,
        "funder": program.funder,
        "currency": program.currency,  # the money raised and spent: pledges, awards
        "grant_currency": program.grant_currency,  # the grant and co-financing (never summed with the other)
        "cohorts": [{"id": c.id, "name": c.name} for c in scope.cohorts],
        "period": scope.period,
        "generated_at": dt.datetime.now(dt.timezone.utc),
        "fresh_as_of": freshness(session, scope),
        "indicators": {code: ind.indicator(code, values[code], targets.get(code), records_url(base, code, scope)) for code in ind.CODES},
        "breakdowns": split,
        "participants_by_sex": split["sex"],
        "youth_14_35": split["youth_14_35"].get("youth_14_35", 0),
        "projects_developed": developed,
        "projects_presented": presented,
        "consultations_by_kind": {k: v[0] for k, v in by_kind.items()},
        "consultation_hours_by_kind": {k: ind.hours(v[1]) for k, v in by_kind.items()},
        # webinar audiences are reported apart and never added into the unique people
        "webinar_anonymous_attendees": int(anonymous),
        "webinar_audience": {"webinars": webinars, "named_attendances": int(named), "anonymous_listeners": int(anonymous)},
        "pledges_in_kind": session.execute(sa.select(sa.func.count()).select_from(
            ind._pledges(scope).where(PledgeFact.kind == "in_kind", PledgeFact.status != "cancelled").subquery())).scalar_one(),
        "pledges": money["raised"],
        "funds": money,
        "grant_amount": _plain(program.grant_amount),
        "cofinancing_amount": _plain(program.cofinancing_amount),
        "leaders": leaders,
        # a programme's grants calls (none in a cohort's report: a call is the programme's)
        "grants": grant_figures(session, program.id, scope.within(GrantAwardFact.published_at)) if scope.whole_programme else None,
        # a cascade of trainers: each level's people and organisations, each trainer's reach, everyone once
        "cascade": cascade_figures(session, program.id) if scope.whole_programme else None,
        "sessions": [{"id": s.id, "cohort_id": s.cohort_id, "title": s.title, "starts_at": s.starts_at,
                      "duration_minutes": s.duration_minutes, "present": present} for s, present in sessions],
    }


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value
