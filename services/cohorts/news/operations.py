"""News items of a programme, and what its public face shows. Helpers flush, never commit."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.cohorts.news.models import NewsItem
from services.cohorts.validation import require_text
from shared.db import utcnow
from shared.errors import N_, invalid
from shared.uow import UnitOfWork

BODY_LENGTH = 20_000


def _group_of(uow: UnitOfWork, program_id: int, team_id: int | None) -> int | None:
    """A working group of this programme, whose news this is (None: the programme's own)."""
    from services.cohorts.programs.models import Cohort
    from services.cohorts.teams.models import Team
    from services.cohorts.teams.themes import WORKING_GROUP

    if team_id is None:
        return None
    found = uow.session.execute(sa.select(Team.id).join(Cohort, Cohort.id == Team.cohort_id).where(
        Team.id == team_id, Team.kind == WORKING_GROUP, Cohort.program_id == program_id)).scalar_one_or_none()
    if found is None:
        raise invalid("team_id", N_("No such working group in this programme."))
    return found


def publish(uow: UnitOfWork, program_id: int, data: dict, *, author_name: str | None) -> NewsItem:
    from services.cohorts.programs.operations import get_program

    get_program(uow, program_id)
    team_id = _group_of(uow, program_id, data.get("team_id"))
    body = (data.get("body") or "").strip()
    if not body:
        raise invalid("body", N_("Must not be blank."))
    now = utcnow()
    item = NewsItem(program_id=program_id, team_id=team_id, title=require_text("title", data.get("title"))[:300], body=body[:BODY_LENGTH],
                    author_name=author_name, published_at=now, updated_at=now)
    uow.session.add(item)
    uow.flush()
    return item


def news(program_id: int, limit: int = 20, *, team_id: int | None = None) -> sa.Select:
    """The programme's news, its groups' included; ``team_id``: one working group's only."""
    query = sa.select(NewsItem).where(NewsItem.program_id == program_id)
    if team_id is not None:
        query = query.where(NewsItem.team_id == team_id)
    return query.order_by(NewsItem.published_at.desc(), NewsItem.id.desc()).limit(limit)


def groups(uow: UnitOfWork, program_id: int) -> list:
    """The programme's working groups (not archived), for its public page and the news form."""
    from services.cohorts.programs.models import Cohort
    from services.cohorts.teams.models import Team
    from services.cohorts.teams.themes import WORKING_GROUP

    return list(uow.session.execute(sa.select(Team).join(Cohort, Cohort.id == Team.cohort_id).where(
        Cohort.program_id == program_id, Team.kind == WORKING_GROUP, Team.archived.is_(False)).order_by(Team.name_key)).scalars())


def upcoming_open_events(uow: UnitOfWork, program_id: int, now: dt.datetime) -> list:
    """The programme's events not yet over whose registration is open to anyone, soonest first."""
    from services.cohorts.events.models import Event

    events = uow.session.execute(sa.select(Event).where(Event.program_id == program_id, Event.registration == "open",
                                                        Event.starts_at >= now - dt.timedelta(days=7))
                                 .order_by(Event.starts_at, Event.id)).scalars().all()
    return [e for e in events if e.starts_at + dt.timedelta(minutes=e.duration_minutes) > now]


def calendar_events(uow: UnitOfWork, program_id: int) -> list:
    """Every event of the programme for its calendar feed (past ones stay: a calendar keeps its history)."""
    from services.cohorts.events.models import Event

    return uow.session.execute(sa.select(Event).where(Event.program_id == program_id).order_by(Event.starts_at, Event.id)).scalars().all()


def group_meetings(uow: UnitOfWork, program_id: int, *, since: dt.datetime | None = None) -> list[dict]:
    """The programme's working groups' online meetings (planned or held, not cancelled), as consultations told
    cohorts of them: when, how long, which group, the link. ``since``: from then on only."""
    from services.cohorts.figures.models import ConsultationFact

    found = groups(uow, program_id)
    names = {t.id: t.name for t in found}
    if not names:
        return []
    query = sa.select(ConsultationFact).where(ConsultationFact.cohort_id.in_({t.cohort_id for t in found}),
                                              ConsultationFact.online_url.is_not(None), ConsultationFact.status != "cancelled")
    if since is not None:
        query = query.where(ConsultationFact.started_at >= since)
    out = []
    for fact in uow.session.execute(query.order_by(ConsultationFact.started_at, ConsultationFact.id)).scalars():
        group = next((names[t] for t in fact.team_ids or () if t in names), None)
        if group is not None:
            out.append({"id": fact.id, "group": group, "starts_at": fact.started_at, "duration_minutes": fact.duration_minutes,
                        "online_url": fact.online_url, "version": fact.version, "updated_at": fact.updated_at})
    return out
