import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from services.cohorts.events import rules
from shared.db import BigId, UTCDateTime, utcnow


def _one_of(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Event(Base):
    """An event of the centre, of a programme or of a cohort, whatever its kind."""

    __tablename__ = "centre_events"
    __table_args__ = (
        sa.CheckConstraint(_one_of("kind", rules.KINDS), name="kind"),
        sa.CheckConstraint(_one_of("registration", rules.REGISTRATION_MODES), name="registration"),
        sa.CheckConstraint(f"duration_minutes > 0 AND duration_minutes <= {rules.MAX_DURATION}", name="duration"),
        sa.CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        sa.CheckConstraint("anonymous_attendees >= 0", name="anonymous_not_negative"),
        # the seats given never exceed the capacity: the last guard of the capacity race
        sa.CheckConstraint("seats_taken >= 0 AND (capacity IS NULL OR (capacity > 0 AND seats_taken <= capacity))", name="seats"),
        sa.Index("ix_centre_events_program_starts", "program_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int | None] = mapped_column(sa.ForeignKey("programs.id"))
    cohort_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    plan_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan_items.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(rules.TITLE_LENGTH))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(sa.Integer)
    place: Mapped[str | None] = mapped_column(sa.String(300))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    capacity: Mapped[int | None] = mapped_column(sa.Integer)
    seats_taken: Mapped[int] = mapped_column(sa.Integer, default=0)
    registration: Mapped[str] = mapped_column(sa.String(12), default="open")
    registration_closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # people present who were never named (a talk at a school, a street stand): reported beside the named, never added
    anonymous_attendees: Mapped[int] = mapped_column(sa.Integer, default=0)
    # the door's personal link: only its hash is kept, the link is shown once when made
    door_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def closes_at(self) -> dt.datetime:
        return rules.closes_at(self.starts_at, self.duration_minutes, self.registration_closes_at)


class Registration(Base):
    """A person's place at an event: a seat, a place in the waiting list, a walk-in at the door, or cancelled."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        # the same person registering again is the same registration
        sa.UniqueConstraint("event_id", "person_id", name="one_per_person"),
        sa.CheckConstraint(_one_of("status", rules.STATUSES), name="status"),
        sa.Index("ix_event_registrations_queue", "event_id", "status", "queued_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("centre_events.id"))
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    ticket: Mapped[str] = mapped_column(sa.String(64), unique=True)
    status: Mapped[str] = mapped_column(sa.String(12))
    # the waiting list's order (set anew when someone registers again after cancelling)
    queued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class RegistrationAttempt(Base):
    """A public registration sent, by address: a script flooding the form is stopped, a hall on one Wi-Fi is not."""

    __tablename__ = "registration_attempts"
    __table_args__ = (sa.Index("ix_registration_attempts_address_at", "address", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    address: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
