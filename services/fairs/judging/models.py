import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.fairs.db import Base
from shared.db import BigId, UTCDateTime, utcnow

WEIGHT = sa.Numeric(7, 3)


class Fair(Base):
    __tablename__ = "fairs"
    __table_args__ = (
        sa.CheckConstraint("jury_weight >= 0 AND audience_weight >= 0 AND jury_weight + audience_weight > 0", name="weights"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    held_on: Mapped[dt.date] = mapped_column(sa.Date)
    place: Mapped[str | None] = mapped_column(sa.String(300))
    jury_weight: Mapped[Decimal] = mapped_column(WEIGHT)
    audience_weight: Mapped[Decimal] = mapped_column(WEIGHT)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Criterion(Base):
    __tablename__ = "criteria"
    __table_args__ = (
        sa.CheckConstraint("weight > 0", name="weight"),
        sa.CheckConstraint("max_score BETWEEN 1 AND 100", name="max_score"),
        sa.UniqueConstraint("fair_id", "name"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    weight: Mapped[Decimal] = mapped_column(WEIGHT)
    max_score: Mapped[int] = mapped_column(sa.Integer)
    position: Mapped[int] = mapped_column(sa.Integer)


class Pitch(Base):
    """A nominated team's place in the fair's lineup; kept (inactive) when the nomination is withdrawn."""

    __tablename__ = "pitches"
    __table_args__ = (sa.UniqueConstraint("fair_id", "team_id"), sa.CheckConstraint("position >= 1", name="position"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    team_id: Mapped[int] = mapped_column(sa.BigInteger)
    position: Mapped[int] = mapped_column(sa.Integer)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)


class Juror(Base):
    """An account on a fair's jury; removing keeps the row (and its sheets), and kills the link."""

    __tablename__ = "jurors"
    __table_args__ = (sa.UniqueConstraint("fair_id", "account_id"), sa.CheckConstraint("link_version >= 1", name="link_version"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    account_id: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    link_version: Mapped[int] = mapped_column(sa.Integer, default=1)
    removed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Sheet(Base):
    """One juror's score sheet for one pitch."""

    __tablename__ = "sheets"
    __table_args__ = (sa.UniqueConstraint("juror_id", "pitch_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("jurors.id"))
    pitch_id: Mapped[int] = mapped_column(sa.ForeignKey("pitches.id"), index=True)
    comment: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Score(Base):
    """A criterion's score on a sheet; the criterion's maximum is copied so the database holds the range."""

    __tablename__ = "scores"
    __table_args__ = (
        sa.CheckConstraint("max_score BETWEEN 1 AND 100", name="max_score"),
        sa.CheckConstraint("value >= 0 AND value <= max_score", name="value"),
    )

    sheet_id: Mapped[int] = mapped_column(sa.ForeignKey("sheets.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id"), primary_key=True)
    value: Mapped[int] = mapped_column(sa.Integer)
    max_score: Mapped[int] = mapped_column(sa.Integer)


class Conflict(Base):
    """A conflict of interest a juror declared for a pitch: they score nothing for it."""

    __tablename__ = "conflicts"
    __table_args__ = (sa.UniqueConstraint("juror_id", "pitch_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("jurors.id"))
    pitch_id: Mapped[int] = mapped_column(sa.ForeignKey("pitches.id"))
    reason: Mapped[str | None] = mapped_column(sa.String(1000))
    declared_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
