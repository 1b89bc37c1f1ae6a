"""School sessions and their attendance lists."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.membership.models import CohortParticipant
from services.cohorts.programs.models import Cohort
from services.cohorts.school.models import Attendance, AttendanceChange, SchoolSession
from shared.errors import N_, Msg, invalid, not_found
from shared.uow import UnitOfWork


def create_session(uow: UnitOfWork, cohort_id: int, data: dict) -> SchoolSession:
    if uow.session.get(Cohort, cohort_id) is None:
        raise not_found(N_("No such cohort."))
    session = SchoolSession(cohort_id=cohort_id, version=1, **data)
    uow.session.add(session)
    uow.flush()
    return session


def get_session(uow: UnitOfWork, session_id: int, *, for_update: bool = False) -> SchoolSession:
    session = uow.session.get(SchoolSession, session_id, with_for_update=for_update or None)
    if session is None:
        raise not_found(N_("No such session."))
    return session


def update_session(uow: UnitOfWork, session_id: int, data: dict) -> SchoolSession:
    session = get_session(uow, session_id, for_update=True)
    for key, value in data.items():
        setattr(session, key, value)
    session.version += 1
    uow.flush()
    _publish(uow, session, present_ids(uow, session.id))
    return session


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


def record_attendance(uow: UnitOfWork, session_id: int, person_ids: list[int], *, account_id: int | None, account_name: str) -> list[int]:
    """The full list replaces the previous one: a resend from a phone changes nothing."""
    session = get_session(uow, session_id, for_update=True)
    wanted = sorted(set(person_ids))
    participants = set(
        uow.session.execute(
            sa.select(CohortParticipant.person_id).where(
                CohortParticipant.cohort_id == session.cohort_id, CohortParticipant.withdrawn.is_(False)
            )
        ).scalars()
    )
    strangers = [pid for pid in wanted if pid not in participants]
    if strangers:
        raise invalid("person_ids", Msg(N_("Not participants of this cohort: %(ids)s."), ids=", ".join(f"#{p}" for p in strangers)))
    present = present_ids(uow, session_id)
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
    _publish(uow, session, wanted)
    return wanted


def history(uow: UnitOfWork, session_id: int) -> list[AttendanceChange]:
    get_session(uow, session_id)
    return list(
        uow.session.execute(
            sa.select(AttendanceChange).where(AttendanceChange.session_id == session_id).order_by(AttendanceChange.changed_at.desc(), AttendanceChange.id.desc())
        ).scalars()
    )
