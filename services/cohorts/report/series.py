"""The figures charts draw: consultations per month by kind, hours per mentor (held consultations in the scope)."""
from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from services.cohorts.accounts.models import Account
from services.cohorts.figures.models import ConsultationFact
from services.cohorts.report import indicators as ind
from services.cohorts.report.scope import Scope

KINDS = ("individual", "group", "webinar")


def _held(scope: Scope):
    return sa.and_(ConsultationFact.cohort_id.in_(scope.cohort_ids), ConsultationFact.status == "held",
                   scope.within(ConsultationFact.started_at))


def consultations_per_month(session, scope: Scope) -> list[tuple[str, dict]]:
    """("2026-06", {"individual": n, ...}) by the month in the programme's time zone, oldest first."""
    tz = scope.tz
    months: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    if session.get_bind().dialect.name == "postgresql":  # counted by the database: one row per month and kind
        month = sa.func.to_char(sa.func.timezone(scope.program.timezone, ConsultationFact.started_at), "YYYY-MM")
        for label, kind, n in session.execute(sa.select(month, ConsultationFact.kind, sa.func.count())
                                              .where(_held(scope)).group_by(month, ConsultationFact.kind)):
            months[label][kind] += n
    else:
        for at, kind in session.execute(sa.select(ConsultationFact.started_at, ConsultationFact.kind).where(_held(scope))):
            months[at.astimezone(tz).strftime("%Y-%m")][kind] += 1
    return [(label, dict(months[label])) for label in sorted(months)]


def hours_per_mentor(session, scope: Scope) -> list[tuple[str, float]]:
    """(mentor's name, hours), most hours first."""
    rows = session.execute(sa.select(ConsultationFact.mentor_account_id, sa.func.sum(ConsultationFact.duration_minutes))
                           .where(_held(scope)).group_by(ConsultationFact.mentor_account_id)).all()
    names = dict(session.execute(sa.select(Account.id, Account.name).where(Account.id.in_([r[0] for r in rows]))).all())
    out = [(names.get(mentor) or f"#{mentor}", ind.hours(minutes)) for mentor, minutes in rows]
    return sorted(out, key=lambda r: (-r[1], r[0]))
