"""Unique people reached: one person counts once across enrolment, team membership, school attendance, named
consultation attendees and the fair (members of the teams that presented), after merges.

Consultation facts carry the attendee ids consultations knew at the time; a person merged since is followed to the
record kept (``merged_into_id``), so the two records count once. An erased person stays counted, under their id, and
is never named. A withdrawn enrolment no longer counts by itself; what the person attended still does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from services.cohorts.figures.models import ConsultationAttendeeFact, ConsultationFact, ConsultationReachFact, FairResultFact
from services.cohorts.membership.models import CohortParticipant, TeamMember
from services.cohorts.people.models import Person
from services.cohorts.report.scope import Scope
from services.cohorts.school.models import Attendance, SchoolReachFact, SchoolSession
from services.cohorts.teams.models import Team

SOURCES = ("enrolment", "team", "school", "consultation", "fair")
# the sources a person's OR-ed bits stand for, for each of the 32 combinations
_BITS = [tuple(source for index, source in enumerate(SOURCES) if bits >> index & 1) for bits in range(1 << len(SOURCES))]


@dataclass
class Reached:
    person_id: int
    first_contact: dt.datetime | None = None
    sources: set = field(default_factory=set)

    def touch(self, source: str, at: dt.datetime | None) -> None:
        self.sources.add(source)
        if at is not None and (self.first_contact is None or at < self.first_contact):
            self.first_contact = at


def ids_in(session, column, ids):
    """``column IN ids`` for thousands of ids: one array parameter on PostgreSQL instead of one parameter per id."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == sa.any_(sa.cast(sa.bindparam(None, list(ids), type_=ARRAY(sa.BigInteger)), ARRAY(sa.BigInteger)))
    return column.in_(list(ids))


def canonical(session) -> dict[int, int]:
    """Each merged-away person id → the id of the record finally kept (chains of merges followed)."""
    merged = dict(session.execute(sa.select(Person.id, Person.merged_into_id).where(Person.merged_into_id.is_not(None))).all())
    out = {}
    for pid in merged:
        kept, seen = merged[pid], {pid}
        while kept in merged and kept not in seen:
            seen.add(kept)
            kept = merged[kept]
        out[pid] = kept
    return out


def _contacts(session, scope: Scope):
    """(person id as recorded, when, source) for every contact inside the scope."""
    ids = scope.cohort_ids
    yield from ((p, at, "enrolment") for p, at in session.execute(
        sa.select(CohortParticipant.person_id, CohortParticipant.enrolled_at).where(
            CohortParticipant.cohort_id.in_(ids), CohortParticipant.withdrawn.is_(False), scope.within(CohortParticipant.enrolled_at))))
    yield from ((p, at, "team") for p, at in session.execute(
        sa.select(TeamMember.person_id, TeamMember.added_at).where(TeamMember.cohort_id.in_(ids), scope.within(TeamMember.added_at))))
    yield from ((p, at, "school") for p, at in session.execute(
        sa.select(Attendance.person_id, SchoolSession.starts_at).join(SchoolSession, SchoolSession.id == Attendance.session_id)
        .where(SchoolSession.cohort_id.in_(ids), scope.within(SchoolSession.starts_at))))
    for attendees, at in session.execute(sa.select(ConsultationFact.attendee_ids, ConsultationFact.started_at).where(
            ConsultationFact.cohort_id.in_(ids), ConsultationFact.status == "held", scope.within(ConsultationFact.started_at))):
        for p in attendees or ():
            yield p, at, "consultation"
    # the fair: members of the teams it ranked, or of the teams nominated to it (dated by the nomination)
    presented = sa.or_(Team.nominated_at.is_not(None), Team.id.in_(
        sa.select(FairResultFact.team_id).where(FairResultFact.cohort_id.in_(ids))))
    yield from ((p, at, "fair") for p, at in session.execute(
        sa.select(TeamMember.person_id, Team.nominated_at).join(Team, Team.id == TeamMember.team_id)
        .where(Team.cohort_id.in_(ids), presented)) if scope.contains(at))


def _contacts_per_source(scope: Scope):
    """The same contacts as one query for the database (PostgreSQL): a row per person and source, with the first time
    and the source as a bit, so attendance and consultations' attendees never travel to Python row by row."""
    ids, whole = scope.cohort_ids, scope.since is None and scope.until is None
    first = lambda person, at: (person.label("person_id"), sa.func.min(at).label("at"))
    presented = sa.or_(Team.nominated_at.is_not(None), Team.id.in_(sa.select(FairResultFact.team_id).where(FairResultFact.cohort_id.in_(ids))))
    queries = {
        "enrolment": sa.select(*first(CohortParticipant.person_id, CohortParticipant.enrolled_at)).where(
            CohortParticipant.cohort_id.in_(ids), CohortParticipant.withdrawn.is_(False), scope.within(CohortParticipant.enrolled_at)),
        "team": sa.select(*first(TeamMember.person_id, TeamMember.added_at)).where(
            TeamMember.cohort_id.in_(ids), scope.within(TeamMember.added_at)),
        # the school: over the whole period, each person's first session per cohort; cut to a period, the attendance
        "school": sa.select(*first(SchoolReachFact.person_id, SchoolReachFact.first_attended_at)).where(
            SchoolReachFact.cohort_id.in_(ids)) if whole else
        sa.select(*first(Attendance.person_id, SchoolSession.starts_at)).join(
            SchoolSession, SchoolSession.id == Attendance.session_id).where(SchoolSession.cohort_id.in_(ids), scope.within(SchoolSession.starts_at)),
        # named attendees: over the whole period, one row per person and cohort (their first held consultation);
        # cut to a period, the attendee rows of the period (both kept in step with the consultations' facts)
        "consultation": sa.select(*first(ConsultationReachFact.person_id, ConsultationReachFact.first_held_at)).where(
            ConsultationReachFact.cohort_id.in_(ids)) if whole else
        sa.select(*first(ConsultationAttendeeFact.person_id, ConsultationAttendeeFact.started_at)).where(
            ConsultationAttendeeFact.cohort_id.in_(ids), ConsultationAttendeeFact.held.is_(True), scope.within(ConsultationAttendeeFact.started_at)),
        # the fair: members of the teams it ranked or that were nominated to it, dated by the nomination
        "fair": sa.select(*first(TeamMember.person_id, Team.nominated_at)).join(Team, Team.id == TeamMember.team_id).where(
            Team.cohort_id.in_(ids), presented, scope.within(Team.nominated_at) if scope.since or scope.until else sa.true()),
    }
    return sa.union_all(*(query.group_by(sa.text("1")).add_columns(sa.literal(1 << SOURCES.index(source)).label("source"))
                          for source, query in queries.items())).subquery()


def _contacts_grouped(session, scope: Scope):
    """One row per person as recorded: the sources OR-ed (a hash aggregate, where an array of distinct sources needed a
    sort of every row), the first contact; ids cohorts never had are dropped by the join on people."""
    contacts = _contacts_per_source(scope)
    rows = session.execute(sa.select(contacts.c.person_id, sa.func.min(contacts.c.at), sa.func.bit_or(contacts.c.source))
                           .join(Person, Person.id == contacts.c.person_id).group_by(contacts.c.person_id))
    for pid, at, bits in rows:
        yield pid, at, _BITS[bits]


def pages_in_database(session) -> bool:
    """Whether the database groups, orders and cuts the list of people itself (``reached_page``): PostgreSQL."""
    return session.get_bind().dialect.name == "postgresql"


def reached_page(session, scope: Scope, offset: int, limit: int) -> tuple[int, list[Reached]]:
    """How many people were reached inside the scope, and ``limit`` of them from ``offset`` in the order of first
    contact (then id; never contacted at a known time last), as ``reached`` would give them sorted (PostgreSQL).

    The database groups, orders, counts and cuts, so only the page's people leave it: merged records are followed
    to the kept one by a table of ``canonical()``'s pairs, after the join on people has dropped unknown ids."""
    from sqlalchemy.dialects.postgresql import ARRAY

    contacts = _contacts_per_source(scope)
    kept = canonical(session)
    arrays = (sa.bindparam(None, list(column), type_=ARRAY(sa.BigInteger)) for column in (kept, kept.values()))
    merges = sa.func.unnest(*arrays).table_valued("merged_id", "kept_id").render_derived(name="merges")
    person = sa.func.coalesce(merges.c.kept_id, contacts.c.person_id).label("person_id")
    joined = contacts.join(Person, Person.id == contacts.c.person_id).outerjoin(merges, merges.c.merged_id == contacts.c.person_id)
    first, bits = sa.func.min(contacts.c.at), sa.func.bit_or(contacts.c.source)
    rows = session.execute(sa.select(person, first, bits, sa.func.count().over()).select_from(joined).group_by(person)
                           .order_by(first.asc().nulls_last(), person).offset(offset).limit(limit)).all()
    if rows:
        total = rows[0][3]
    elif offset:  # past the last page: the count alone
        total = session.execute(sa.select(sa.func.count(sa.distinct(person))).select_from(joined)).scalar_one()
    else:
        total = 0
    return total, [Reached(pid, at, set(_BITS[b])) for pid, at, b, _ in rows]


def reached(session, scope: Scope) -> dict[int, Reached]:
    """Kept person id → how and when first reached, for everyone reached inside the scope."""
    kept = canonical(session)
    out: dict[int, Reached] = {}
    grouped = pages_in_database(session)
    rows = _contacts_grouped(session, scope) if grouped else ((pid, at, (source,)) for pid, at, source in _contacts(session, scope))
    for pid, at, sources in rows:
        pid = kept.get(pid, pid)
        entry = out.get(pid)
        if entry is None:
            out[pid] = Reached(pid, at, set(sources))
        else:
            entry.sources.update(sources)
            entry.touch(sources[0], at)
    if grouped:  # the database kept only people it has
        return out
    # an id consultations sent that cohorts never had is nobody to count
    known = set(session.execute(sa.select(Person.id).where(ids_in(session, Person.id, out))).scalars()) if out else set()
    return {pid: entry for pid, entry in out.items() if pid in known}
