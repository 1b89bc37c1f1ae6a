"""A fair's own tables: the fair (its state and formula), its criteria, its lineup, its history."""
import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.fairs.db import Base
from shared.db import BigId, UTCDateTime, utcnow

WEIGHT = sa.Numeric(7, 3)

# the tie-break list a fair starts with: higher jury score, then higher audience score, then more first places
DEFAULT_TIE_BREAKS = ("jury", "audience", "first_places")


class Fair(Base):
    """A fair: draft (criteria, weights, formula and lineup editable) -> open (scoring, voting) -> closed -> published.

    Closed goes back to open with a reason; published is final. The formula (weights, ``standardise``,
    ``tie_breaks``) is fixed when the fair opens.
    """

    __tablename__ = "fairs"
    __table_args__ = (
        sa.CheckConstraint("jury_weight >= 0 AND audience_weight >= 0 AND jury_weight + audience_weight > 0", name="weights"),
        sa.CheckConstraint("state IN ('draft', 'open', 'closed', 'published')", name="state"),
        sa.CheckConstraint("audience_mode IN ('device', 'ticket')", name="audience_mode"),
        sa.CheckConstraint("state = 'draft' OR opened_at IS NOT NULL", name="opened"),
        sa.CheckConstraint("state <> 'published' OR published_at IS NOT NULL", name="published"),
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
    state: Mapped[str] = mapped_column(sa.String(10), default="draft", server_default="draft")
    standardise: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    audience_mode: Mapped[str] = mapped_column(sa.String(10), default="device", server_default="device")
    tie_breaks: Mapped[list] = mapped_column(sa.JSON, default=lambda: list(DEFAULT_TIE_BREAKS))
    voting_open: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


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
    # set by the chair when no juror's sheet can count for the pitch: it is ranked on its audience score, and says why
    without_jury_reason: Mapped[str | None] = mapped_column(sa.String(500))



class FairChange(Base):
    """The fair's history: every change of its state, of the audience vote, and the chair's decisions to rank a
    pitch without a jury score (``from_value`` the pitch id, ``to_value`` on or off, ``reason`` team: why) and to set
    a burst's votes aside (``from_value`` how many, ``reason`` address: why), with who, when and why."""

    __tablename__ = "fair_history"
    __table_args__ = (sa.CheckConstraint("field IN ('state', 'voting_open', 'without_jury', 'votes_set_aside')", name="field"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    field: Mapped[str] = mapped_column(sa.String(20))
    from_value: Mapped[str] = mapped_column(sa.String(20))
    to_value: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str | None] = mapped_column(sa.String(1000))
    account_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    actor_name: Mapped[str | None] = mapped_column(sa.String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
