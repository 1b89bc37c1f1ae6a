import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.fairs.db import Base
from shared.db import BigId, UTCDateTime, utcnow


class Ticket(Base):
    """A printed ticket code: in ticket mode, one vote per ticket."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Vote(Base):
    """One voter's vote: a device (its signed cookie) or a ticket; one row per voter per fair."""

    __tablename__ = "votes"
    __table_args__ = (
        sa.UniqueConstraint("fair_id", "voter"),
        sa.CheckConstraint("(voter LIKE 'device:%' AND ticket_id IS NULL) OR (voter LIKE 'ticket:%' AND ticket_id IS NOT NULL)",
                           name="voter"),
        sa.Index("ix_votes_fair_id_pitch_id", "fair_id", "pitch_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"))
    pitch_id: Mapped[int] = mapped_column(sa.ForeignKey("pitches.id"))
    voter: Mapped[str] = mapped_column(sa.String(80))
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id"), unique=True)
    address: Mapped[str | None] = mapped_column(sa.String(64))
    changes: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the chair set it aside with a burst from one address: kept, never counted
    set_aside_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    set_aside_reason: Mapped[str | None] = mapped_column(sa.String(500))


class VoteAttempt(Base):
    """Every vote request by address, kept in the database so that every web process counts the same bursts."""

    __tablename__ = "vote_attempts"
    __table_args__ = (sa.Index("ix_vote_attempts_fair_id_address_at", "fair_id", "address", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"))
    address: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted: Mapped[bool] = mapped_column(sa.Boolean)
