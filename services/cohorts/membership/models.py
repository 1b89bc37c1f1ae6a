import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from shared.db import UTCDateTime, utcnow


class TeamMember(Base):
    __tablename__ = "team_members"
    __table_args__ = (
        sa.CheckConstraint("role IN ('leader', 'member')", name="role"),
        # one team per person in a cohort: moving is remove + add
        sa.UniqueConstraint("cohort_id", "person_id", name="one_team_per_cohort"),
    )

    team_id: Mapped[int] = mapped_column(sa.ForeignKey("teams.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), primary_key=True, index=True)
    # denormalised so that "one team per person in a cohort" is a database constraint
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"))
    role: Mapped[str] = mapped_column(sa.String(10), default="member")
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CohortParticipant(Base):
    """A person taking part in a cohort: every team member, and guests without a team."""

    __tablename__ = "cohort_participants"

    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), primary_key=True, index=True)
    withdrawn: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # counts enrolments and withdrawals of this person in this cohort (events carry it)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    enrolled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamMentor(Base):
    __tablename__ = "team_mentors"

    team_id: Mapped[int] = mapped_column(sa.ForeignKey("teams.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"), primary_key=True, index=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
