import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow


class SchoolSession(Base):
    """A session of the school (a lecture, a workshop, a day of the away school)."""

    __tablename__ = "school_sessions"
    __table_args__ = (
        sa.CheckConstraint("duration_minutes > 0 AND duration_minutes <= 1440", name="duration"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(sa.Integer)
    place: Mapped[str | None] = mapped_column(sa.String(300))
    trainer: Mapped[str | None] = mapped_column(sa.String(300))
    # the session as an event of its cohort (the events list, the plan, the calendar); its attendance stays here
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("centre_events.id"), unique=True)
    # counts changes of the session and of its attendance list (attendance events carry it)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attendance(Base):
    __tablename__ = "attendance"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("school_sessions.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), primary_key=True, index=True)


class SchoolReachFact(Base):
    """When a person first attended a session of a cohort's school, kept in step with the attendance rows and the
    sessions' times (recomputed for the people a change touches, under a lock on their rows): the whole-period count
    of unique people reads one row per person here instead of every attendance. A report cut to a period reads the
    attendance itself."""

    __tablename__ = "school_reach_facts"

    cohort_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    person_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    # none only for a moment inside the transaction that recomputes it (the row is then deleted)
    first_attended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AttendanceChange(Base):
    """Who changed an attendance list, when, and how."""

    __tablename__ = "attendance_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("school_sessions.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    account_name: Mapped[str] = mapped_column(sa.String(200))
    added: Mapped[list] = mapped_column(sa.JSON)
    removed: Mapped[list] = mapped_column(sa.JSON)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
