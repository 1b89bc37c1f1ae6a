"""The contacts behind the reach, as one SQL union, and the figures counted from it by the database.

A contact is one occasion a named person took part:

- ``events``: checked in at an event (a registration alone is not reach);
- ``cohorts``: a participant of a cohort (not withdrawn), from when they enrolled;
- ``school``: present at a school session;
- ``consultations``: at a held consultation;
- ``visits``: used the library, the office or the incubator's desk;
- ``fairs``: a member of a team whose pitch was ranked at a fair.

A person merged into another counts as the record kept (the merge's pointer followed one step: a merge moves
every pointer to the record it keeps). An erased person is counted and never shown. The people of a figure are
distinct kept records; the organisations, the distinct organisations of the register those people belong to.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from services.cohorts.events.models import Event, Registration
from services.cohorts.figures.models import ConsultationAttendeeFact, ConsultationFact, FairResultFact
from services.cohorts.membership.models import CohortParticipant, TeamMember
from services.cohorts.organisations.models import Organisation
from services.cohorts.people.models import Person
from services.cohorts.programs.models import Cohort
from services.cohorts.school.models import Attendance, SchoolSession
from services.cohorts.visits.models import Visit

ACTIVITIES = ("events", "cohorts", "school", "consultations", "visits", "fairs")
FREQUENT_CONTACTS = 3  # a frequent user: three contacts or more


@dataclass(frozen=True)
class Cut:
    """The period as UTC instants [since, until) and the programme (None: the whole centre)."""
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    program_id: int | None = None

    def within(self, column):
        conditions = [sa.true()]
        if self.since is not None:
            conditions.append(column >= self.since)
        if self.until is not None:
            conditions.append(column < self.until)
        return sa.and_(*conditions)

    def within_day(self, column):
        """The same cut for a date column (a visit's day)."""
        conditions = [sa.true()]
        if self.since is not None:
            conditions.append(column >= self.since.date())
        if self.until is not None:
            conditions.append(column < self.until.date() + dt.timedelta(days=1))
        return sa.and_(*conditions)


def _of_program(cut: Cut, cohort_column):
    if cut.program_id is None:
        return sa.true()
    return cohort_column.in_(sa.select(Cohort.id).where(Cohort.program_id == cut.program_id))


def contacts(cut: Cut) -> sa.Subquery:
    """(person_id, activity, occasion) for every contact in the cut; occasion tells contacts of one kind apart."""
    # an activity travels as its index in ACTIVITIES: a small integer is cheaper to carry and compare by the thousand
    events = (sa.select(Registration.person_id.label("person_id"), sa.literal(0).label("activity"),
                        Registration.event_id.label("occasion"))
              .join(Event, Event.id == Registration.event_id)
              .where(Registration.checked_in_at.is_not(None), cut.within(Event.starts_at),
                     sa.true() if cut.program_id is None else Event.program_id == cut.program_id))
    cohorts = (sa.select(CohortParticipant.person_id, sa.literal(1), CohortParticipant.cohort_id)
               .where(CohortParticipant.withdrawn.is_(False), _of_program(cut, CohortParticipant.cohort_id),
                      sa.true() if cut.until is None else CohortParticipant.enrolled_at < cut.until))
    school = (sa.select(Attendance.person_id, sa.literal(2), Attendance.session_id)
              .join(SchoolSession, SchoolSession.id == Attendance.session_id)
              .where(cut.within(SchoolSession.starts_at), _of_program(cut, SchoolSession.cohort_id)))
    consultations = (sa.select(ConsultationAttendeeFact.person_id, sa.literal(3), ConsultationAttendeeFact.consultation_id)
                     .where(ConsultationAttendeeFact.held.is_(True), cut.within(ConsultationAttendeeFact.started_at),
                            _of_program(cut, ConsultationAttendeeFact.cohort_id)))
    visits = (sa.select(Visit.person_id, sa.literal(4), Visit.id)
              .where(cut.within_day(Visit.visited_on), sa.true() if cut.program_id is None else Visit.program_id == cut.program_id))
    fairs = (sa.select(TeamMember.person_id, sa.literal(5), FairResultFact.fair_id)
             .join(FairResultFact, FairResultFact.team_id == TeamMember.team_id)
             .where(cut.within(sa.func.coalesce(FairResultFact.published_at, FairResultFact.updated_at)),
                    _of_program(cut, FairResultFact.cohort_id)))
    return sa.union_all(events, cohorts, school, consultations, visits, fairs).subquery("contacts")


def _kept_id(c: sa.Subquery) -> tuple:
    """The record kept for each contact's person, and the join that finds it: merged records are few, so the
    contacts meet them in a small hash, not the whole register."""
    merged = sa.select(Person.id, Person.merged_into_id).where(Person.merged_into_id.is_not(None)).subquery("merged")
    return sa.func.coalesce(merged.c.merged_into_id, c.c.person_id), c.outerjoin(merged, merged.c.id == c.c.person_id)


def kept_contacts(cut: Cut) -> sa.Subquery:
    """The contacts with each person as the record kept, and that record's organisation and its kind."""
    c = contacts(cut)
    kept_id, joined = _kept_id(c)
    base = sa.select(kept_id.label("person_id"), c.c.activity, c.c.occasion).select_from(joined).subquery("named")
    kept = aliased(Person)
    return (sa.select(base.c.person_id, base.c.activity, base.c.occasion, kept.organisation_id, kept.erased_at,
                      Organisation.kind.label("sector"))
            .join(kept, kept.id == base.c.person_id)
            .outerjoin(Organisation, Organisation.id == kept.organisation_id)).subquery("kept")


def anonymous(session, cut: Cut) -> dict:
    """People present who were never named: at events and at consultations (each occasion's own count)."""
    at_events = session.execute(sa.select(sa.func.coalesce(sa.func.sum(Event.anonymous_attendees), 0)).where(
        cut.within(Event.starts_at), sa.true() if cut.program_id is None else Event.program_id == cut.program_id)).scalar_one()
    at_consultations = session.execute(sa.select(sa.func.coalesce(sa.func.sum(ConsultationFact.anonymous_attendees), 0)).where(
        ConsultationFact.status == "held", cut.within(ConsultationFact.started_at),
        _of_program(cut, ConsultationFact.cohort_id))).scalar_one()
    return {"events": int(at_events), "consultations": int(at_consultations)}


def figures(session, cut: Cut) -> dict:
    """Every figure of the reach in one statement and one pass over the contacts: each kept person once with their
    contacts counted and a flag per activity, then summed by sector (a person has one sector, an organisation one
    kind, so the sectors' sums are the totals)."""
    c = contacts(cut)
    kept_id, joined = _kept_id(c)
    # the activities a person took part in, as one bit each (PostgreSQL's bit_or; on SQLite the sum of the
    # distinct bits is the same number)
    bit = sa.literal(1).op("<<")(c.c.activity)
    postgresql = session.get_bind().dialect.name == "postgresql"
    mask = (sa.func.bit_or(bit) if postgresql else sa.func.sum(sa.distinct(bit))).label("activities")
    per_person = (sa.select(kept_id.label("person_id"), sa.func.count().label("contacts"), mask)
                  .select_from(joined).group_by(kept_id)).subquery("per_person")
    kept = aliased(Person)
    sector = sa.func.coalesce(Organisation.kind, "none")
    if postgresql:
        # a hundred thousand people grouped in memory rather than spilled to disk (for this transaction only)
        session.execute(sa.text("SET LOCAL work_mem = '64MB'"))
    rows = session.execute(
        sa.select(sector.label("sector"), sa.func.count().label("people"), sa.func.count(sa.distinct(kept.organisation_id)),
                  sa.func.sum(sa.case((per_person.c.contacts >= FREQUENT_CONTACTS, 1), else_=0)),
                  *[sa.func.sum(sa.case((per_person.c.activities.op("&")(1 << i) > 0, 1), else_=0)) for i in range(len(ACTIVITIES))])
        .join(kept, kept.id == per_person.c.person_id)
        .outerjoin(Organisation, Organisation.id == kept.organisation_id)
        .group_by(sector)).all()
    by_activity = dict.fromkeys(ACTIVITIES, 0)
    by_sector, people, organisations, frequent = {}, 0, 0, 0
    for row in rows:
        by_sector[row[0]] = int(row[1])
        people += int(row[1])
        organisations += int(row[2])
        frequent += int(row[3] or 0)
        for a, value in zip(ACTIVITIES, row[4:]):
            by_activity[a] += int(value or 0)
    hidden = anonymous(session, cut)
    return {"people": people, "organisations": organisations, "by_activity": by_activity,
            "by_sector": dict(sorted(by_sector.items())), "frequent": frequent,
            "anonymous": sum(hidden.values()), "anonymous_by_activity": hidden}


def people(cut: Cut, *, activity: str | None = None, sector: str | None = None, frequent: bool = False) -> sa.Select:
    """The people behind a figure: each kept record once, with its contacts counted and its activities."""
    k = kept_contacts(cut)
    query = sa.select(k.c.person_id, sa.func.count().label("contacts"),
                      sa.func.min(sa.func.coalesce(k.c.sector, "none")).label("sector")).group_by(k.c.person_id)
    if activity is not None:
        query = query.having(sa.func.sum(sa.case((k.c.activity == ACTIVITIES.index(activity), 1), else_=0)) > 0)
    if sector is not None:
        query = query.having(sa.func.min(sa.func.coalesce(k.c.sector, "none")) == sector)
    if frequent:
        query = query.having(sa.func.count() >= FREQUENT_CONTACTS)
    rows = query.subquery()
    return (sa.select(Person.id, Person.full_name, Person.organisation, Person.settlement, Person.erased_at,
                      rows.c.contacts, rows.c.sector)
            .join(rows, rows.c.person_id == Person.id).order_by(Person.name_key, Person.id))


def organisations(cut: Cut) -> sa.Select:
    """The organisations behind the figure: each once, with how many of its people took part."""
    k = kept_contacts(cut)
    rows = (sa.select(k.c.organisation_id, sa.func.count(sa.distinct(k.c.person_id)).label("people"))
            .where(k.c.organisation_id.is_not(None)).group_by(k.c.organisation_id)).subquery()
    return (sa.select(Organisation.id, Organisation.name, Organisation.kind, Organisation.settlement, rows.c.people)
            .join(rows, rows.c.organisation_id == Organisation.id).order_by(Organisation.name_key, Organisation.id))
