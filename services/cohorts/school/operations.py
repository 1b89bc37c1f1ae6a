"""School sessions and their attendance lists."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts import first_contacts
from services.cohorts.membership.models import CohortParticipant
from services.cohorts.programs.models import Cohort
from services.cohorts.school.models import Attendance, AttendanceChange, SchoolReachFact, SchoolSession
from services.cohorts.people.models import Person
from services.cohorts.validation import require_text
from shared.errors import N_, Msg, UseCaseError, not_found
from shared.uow import UnitOfWork


def create_session(uow: UnitOfWork, cohort_id: int, data: dict) -> SchoolSession:
    if uow.session.get(Cohort, cohort_id) is None:
        raise not_found(N_("No such cohort."))
    data = {**data, "title": require_text("title", data.get("title"))}
    session = SchoolSession(cohort_id=cohort_id, version=1, **data)
    uow.session.add(session)
    uow.flush()
    session.event_id = _as_event(uow, session).id
    # the catalogue has no session event: an empty attendance list announces the session to consultations
    _publish(uow, session, [])
    return session


def get_session(uow: UnitOfWork, session_id: int, *, for_update: bool = False) -> SchoolSession:
    session = uow.session.get(SchoolSession, session_id, with_for_update=for_update or None)
    if session is None:
        raise not_found(N_("No such session."))
    return session


def update_session(uow: UnitOfWork, session_id: int, data: dict) -> SchoolSession:
    session = get_session(uow, session_id, for_update=True)
    if "title" in data:
        data = {**data, "title": require_text("title", data["title"])}
    for key, value in data.items():
        setattr(session, key, value)
    session.version += 1
    uow.flush()
    _as_event(uow, session)
    present = present_ids(uow, session.id)
    if "starts_at" in data:  # its time moved: so may everyone's first session
        _reach(uow.session, ((session.cohort_id, p) for p in present))
    _publish(uow, session, present)
    return session


def cancel_session(uow: UnitOfWork, session_id: int) -> SchoolSession:
    """A session that will not take place leaves the schedule. One whose attendance was ever taken did take
    place (and its list went to the team timelines): it stays, and is corrected instead."""
    session = get_session(uow, session_id, for_update=True)
    taken = uow.session.execute(
        sa.select(sa.func.count()).select_from(AttendanceChange).where(AttendanceChange.session_id == session_id)
    ).scalar_one()
    if taken:
        raise UseCaseError(409, N_("Attendance was taken at this session: it took place and cannot be cancelled. Correct it instead."))
    event_id = session.event_id
    uow.session.delete(session)
    uow.flush()
    if event_id is not None:
        from services.cohorts.events.models import Event

        uow.session.delete(uow.session.get(Event, event_id))
        uow.flush()
    return session


def _as_event(uow: UnitOfWork, session: SchoolSession):
    """The session's event of its cohort, made or brought up to date: a training for the cohort's participants
    (by invitation: nobody registers from outside). Its attendance stays the school's tick-list."""
    from services.cohorts.events.models import Event

    cohort = uow.session.get(Cohort, session.cohort_id)
    event = uow.session.get(Event, session.event_id) if session.event_id else None
    if event is None:
        event = Event(kind="training", registration="invitation", seats_taken=0, anonymous_attendees=0, version=0)
        uow.session.add(event)
    event.program_id, event.cohort_id = cohort.program_id, cohort.id
    event.title, event.starts_at, event.duration_minutes, event.place = (
        session.title, session.starts_at, session.duration_minutes, session.place)
    event.version += 1
    uow.flush()
    return event


def present_ids(uow: UnitOfWork, session_id: int) -> list[int]:
    return sorted(uow.session.execute(sa.select(Attendance.person_id).where(Attendance.session_id == session_id)).scalars())


def _publish(uow: UnitOfWork, session: SchoolSession, person_ids: list[int]) -> None:
    uow.publish(
        "cohorts.attendance.recorded",
        {
            "session_id": session.id,
            "cohort_id": session.cohort_id,
            "title": session.title,
            "starts_at": session.starts_at,
            "duration_minutes": session.duration_minutes,
            "person_ids": person_ids,
        },
        entity_version=session.version,
    )


def _names(uow: UnitOfWork, person_ids) -> dict[int, str]:
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    return dict(uow.session.execute(sa.select(Person.id, Person.full_name).where(Person.id.in_(ids))).all())


def _labels(names: dict[int, str], person_ids) -> str:
    return ", ".join(f"{names[p]} (#{p})" if p in names else f"#{p}" for p in person_ids)


def record_attendance(
    uow: UnitOfWork, session_id: int, person_ids: list[int], *, account_id: int | None, account_name: str, base_version: int | None = None
) -> list[int]:
    """The full list replaces the previous one: a resend from a phone changes nothing.

    ``base_version`` is the session's version the tick-list was loaded with: a
    list ticked on an older version (someone saved meanwhile) is refused with
    the current list, unless it is the same list.
    """
    session = get_session(uow, session_id, for_update=True)
    wanted = sorted(set(person_ids))
    present = present_ids(uow, session_id)
    if base_version is not None and base_version != session.version and wanted != present:
        raise UseCaseError(
            409,
            N_("The attendance list was changed by someone else after this one was opened: check the current list and save again."),
            {"base_version": [N_("The attendance list was changed by someone else after this one was opened: check the current list and save again.")]},
            current={"person_ids": present, "version": session.version},
        )
    participants = set(
        uow.session.execute(
            sa.select(CohortParticipant.person_id).where(
                CohortParticipant.cohort_id == session.cohort_id, CohortParticipant.withdrawn.is_(False)
            )
        ).scalars()
    )
    strangers = [pid for pid in wanted if pid not in participants]
    if strangers:
        names = _names(uow, strangers)
        message = Msg(N_("Not participants of this cohort: %(ids)s."), ids=_labels(names, strangers))
        raise UseCaseError(422, message, {"person_ids": [message]}, refused_ids=strangers,
                           current={"person_ids": present, "version": session.version})
    added = sorted(set(wanted) - set(present))
    removed = sorted(set(present) - set(wanted))
    if not added and not removed:
        return present
    if removed:
        uow.session.execute(sa.delete(Attendance).where(Attendance.session_id == session_id, Attendance.person_id.in_(removed)))
    for pid in added:
        uow.session.add(Attendance(session_id=session_id, person_id=pid))
    uow.session.add(AttendanceChange(session_id=session_id, account_id=account_id, account_name=account_name, added=added, removed=removed))
    session.version += 1
    uow.flush()
    _reach(uow.session, ((session.cohort_id, p) for p in (*added, *removed)))
    _publish(uow, session, wanted)
    return wanted


def _reach(session, pairs) -> None:
    """Recompute each (cohort, person)'s first school session attended from the attendance rows."""
    first_contacts.recompute(session, SchoolReachFact.__table__, "first_attended_at", pairs, lambda reach: (
        sa.select(sa.func.min(SchoolSession.starts_at)).join(Attendance, Attendance.session_id == SchoolSession.id).where(
            SchoolSession.cohort_id == reach.c.cohort_id, Attendance.person_id == reach.c.person_id).scalar_subquery()))


def history(uow: UnitOfWork, session_id: int) -> list[AttendanceChange]:
    get_session(uow, session_id)
    return list(
        uow.session.execute(
            sa.select(AttendanceChange).where(AttendanceChange.session_id == session_id).order_by(AttendanceChange.changed_at.desc(), AttendanceChange.id.desc())
        ).scalars()
    )


def history_rows(uow: UnitOfWork, session_id: int, limit: int | None = None) -> list[dict]:
    """The history with names: who changed the list, when, who was added and who removed."""
    changes = history(uow, session_id)[:limit]
    names = _names(uow, [p for c in changes for p in (*c.added, *c.removed)])

    def people(ids):
        return [{"id": p, "full_name": names.get(p, "—")} for p in ids]

    return [
        {"changed_at": c.changed_at, "account_id": c.account_id, "account_name": c.account_name, "added": list(c.added),
         "removed": list(c.removed), "added_people": people(c.added), "removed_people": people(c.removed)}
        for c in changes
    ]


def follow_merge(uow: UnitOfWork, merged, kept) -> None:
    """A merge of two people: the attendance history names the kept record (the attendance rows themselves move with
    the person's references; the first sessions attended are recomputed for the kept record once they have)."""
    reach = SchoolReachFact.__table__
    uow.session.execute(sa.delete(reach).where(reach.c.person_id == merged.id))
    sessions = sa.select(SchoolSession.id).where(SchoolSession.cohort_id.in_(
        sa.select(CohortParticipant.cohort_id).where(CohortParticipant.person_id == merged.id)))
    for change in uow.session.execute(sa.select(AttendanceChange).where(AttendanceChange.session_id.in_(sessions))).scalars():
        if merged.id in change.added or merged.id in change.removed:
            change.added = sorted({kept.id if p == merged.id else p for p in change.added})
            change.removed = sorted({kept.id if p == merged.id else p for p in change.removed})


def recount_reach(uow: UnitOfWork, kept) -> None:
    """After a merge: the kept record's first session in every cohort whose school they attended, the moved rows
    included."""
    cohorts = uow.session.execute(sa.select(SchoolSession.cohort_id).join(Attendance, Attendance.session_id == SchoolSession.id)
                                  .where(Attendance.person_id == kept.id).distinct()).scalars()
    _reach(uow.session, ((c, kept.id) for c in cohorts))
