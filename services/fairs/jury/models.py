"""The jury's tables: jurors and their links, sheets and their scores and revisions, conflicts, the chair's reviews
of consultation flags, and the consultations' log as the jury needs it."""
import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.fairs.db import Base
from shared.db import BigId, UTCDateTime, utcnow

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
    # when the current link was made: an account signed out after it (a new password) kills the link
    link_issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


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
    # the chair's open request to correct this sheet; the juror's next change carries it and clears it
    correction_reason: Mapped[str | None] = mapped_column(sa.String(1000))
    correction_requested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SheetRevision(Base):
    """Every change of a sent sheet: old and new scores and comment, when, by whom, and the chair's reason."""

    __tablename__ = "sheet_revisions"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('sent', 'changed', 'reopened', 'recused')", name="kind"),
        sa.CheckConstraint("kind <> 'reopened' OR reason IS NOT NULL", name="reopen_reason"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    sheet_id: Mapped[int] = mapped_column(sa.ForeignKey("sheets.id"), index=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    old_scores: Mapped[dict | None] = mapped_column(sa.JSON)
    new_scores: Mapped[dict | None] = mapped_column(sa.JSON)
    old_comment: Mapped[str | None] = mapped_column(sa.Text)
    new_comment: Mapped[str | None] = mapped_column(sa.Text)
    reason: Mapped[str | None] = mapped_column(sa.String(1000))
    account_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    via: Mapped[str] = mapped_column(sa.String(10))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


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


class ConsultationReplica(Base):
    """Consultations' log as fairs needs it: who logged one with which teams (a standing conflict to flag)."""

    __tablename__ = "consultation_replica"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    cohort_id: Mapped[int] = mapped_column(sa.BigInteger)
    mentor_account_id: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    team_ids: Mapped[list] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(12))
    version: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class RecusalReview(Base):
    """The chair's decision on a flagged recusal (a juror who consulted the team): confirmed or cleared."""

    __tablename__ = "recusal_reviews"
    __table_args__ = (
        sa.UniqueConstraint("juror_id", "pitch_id"),
        sa.CheckConstraint("decision IN ('confirmed', 'cleared')", name="decision"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("jurors.id"))
    pitch_id: Mapped[int] = mapped_column(sa.ForeignKey("pitches.id"))
    decision: Mapped[str] = mapped_column(sa.String(10))
    account_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
