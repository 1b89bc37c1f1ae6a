import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.consultations.db import Base
from shared.db import BigId, UTCDateTime, utcnow

from shared.errors import N_

KINDS = ("individual", "group", "webinar")
STATUSES = (N_("planned"), N_("held"), N_("cancelled"))
ACTIONS = (N_("logged"), N_("amended"))


class Consultation(Base):
    __tablename__ = "consultations"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('individual', 'group', 'webinar')", name="kind"),
        sa.CheckConstraint("status IN ('planned', 'held', 'cancelled')", name="status"),
        sa.CheckConstraint("duration_minutes BETWEEN 1 AND 480", name="duration"),
        sa.CheckConstraint("anonymous_attendees >= 0", name="anonymous"),
        sa.Index("ix_consultations_mentor_start", "mentor_account_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # none: the centre's own consultation, for people who walked in (no team, no cohort)
    cohort_id: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)
    kind: Mapped[str] = mapped_column(sa.String(12))
    status: Mapped[str] = mapped_column(sa.String(12))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(sa.Integer)
    mentor_account_id: Mapped[int] = mapped_column(sa.BigInteger)
    anonymous_attendees: Mapped[int] = mapped_column(sa.Integer, default=0)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    online_url: Mapped[str | None] = mapped_column(sa.String(500))  # an online meeting's link (a working group meets so)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsultationTeam(Base):
    __tablename__ = "consultation_teams"

    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id"), primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, index=True)


class ConsultationAttendee(Base):
    __tablename__ = "consultation_attendees"

    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, index=True)


class ConsultationVisitor(Base):
    """Someone who walked in, as typed at the desk, until cohorts answers with the person of the register they are
    (matched by phone or e-mail, or created): then ``person_id`` is set and they are one of the attendees."""

    __tablename__ = "consultation_visitors"
    # the typed contact is kept only until the match lands: then the register holds it
    __table_args__ = (sa.CheckConstraint("person_id IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL", name="contact"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id"), index=True)
    full_name: Mapped[str] = mapped_column(sa.String(300))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    organisation: Mapped[str | None] = mapped_column(sa.String(300))
    person_id: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Topic(Base):
    """The list of topics grows as mentors use it; matched case-insensitively."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    name_key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    uses: Mapped[int] = mapped_column(sa.Integer, default=0)


class ConsultationTopic(Base):
    __tablename__ = "consultation_topics"

    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(sa.ForeignKey("topics.id"), primary_key=True)


class NextStep(Base):
    __tablename__ = "next_steps"
    __table_args__ = (sa.CheckConstraint("status IN ('open', 'closed')", name="status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id"), index=True)
    text: Mapped[str] = mapped_column(sa.String(500))
    owner: Mapped[str | None] = mapped_column(sa.String(200))
    due_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(8), default="open")
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[int | None] = mapped_column(sa.BigInteger)


class ConsultationChange(Base):
    """Who changed a consultation, when, and what."""

    __tablename__ = "consultation_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id"), index=True)
    account_id: Mapped[int] = mapped_column(sa.BigInteger)
    account_name: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(12))
    changes: Mapped[dict] = mapped_column(sa.JSON)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
