"""Partners, needs, pledges and every change of a pledge. The state rules that a row alone can say are checks."""
import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.fairs.db import Base
from shared.db import BigId, UTCDateTime, utcnow

MONEY = sa.Numeric(14, 2)  # rubles and kopecks, up to a trillion


class Partner(Base):
    """A business, an authority, an NGO or a person who pledges; counted once by INN, phone and e-mail.

    A partner merged into another keeps its row (``merged_into_id``) with its contacts cleared, so that the
    survivor holds them alone and the unique keys stay true.
    """

    __tablename__ = "partners"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('business', 'authority', 'ngo', 'person')", name="kind"),
        sa.CheckConstraint("inn IS NULL OR length(inn) IN (10, 12)", name="inn"),
        sa.CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="merged_into"),
        sa.CheckConstraint("length(name) > 0", name="name"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    name_key: Mapped[str] = mapped_column(sa.String(300), index=True)  # casefolded, ё as е: Cyrillic search on SQLite too
    kind: Mapped[str] = mapped_column(sa.String(10))
    inn: Mapped[str | None] = mapped_column(sa.String(12), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20), unique=True)  # E.164
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)  # lower case
    anonymous: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("partners.id"))
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Need(Base):
    """What a project asks for: money, or an in-kind item with its estimated value."""

    __tablename__ = "pledge_needs"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('money', 'in_kind')", name="kind"),
        sa.CheckConstraint("amount > 0", name="amount"),
        sa.CheckConstraint("kind = 'money' OR description IS NOT NULL", name="description"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), index=True)
    pitch_id: Mapped[int] = mapped_column(sa.ForeignKey("pitches.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    description: Mapped[str | None] = mapped_column(sa.String(500))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Pledge(Base):
    """A partner's pledge to a project of the lineup: pledged -> confirmed -> received, or withdrawn with a reason.

    ``amount`` is the money pledged or the estimated value of the in-kind help; ``received_amount`` what came.
    """

    __tablename__ = "pledges"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('money', 'in_kind')", name="kind"),
        sa.CheckConstraint("status IN ('pledged', 'confirmed', 'received', 'withdrawn')", name="status"),
        sa.CheckConstraint("amount IS NULL OR amount > 0", name="amount"),
        sa.CheckConstraint("kind = 'in_kind' OR amount IS NOT NULL", name="money_amount"),
        sa.CheckConstraint("kind = 'money' OR description IS NOT NULL", name="in_kind_description"),
        sa.CheckConstraint("received_amount IS NULL OR (status = 'received' AND received_amount >= 0)", name="received_amount"),
        sa.CheckConstraint("status <> 'received' OR received_at IS NOT NULL", name="received_at"),
        sa.CheckConstraint("status <> 'withdrawn' OR withdrawn_reason IS NOT NULL", name="withdrawn_reason"),
        sa.Index("ix_pledges_fair_id_status_created_at", "fair_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"))
    pitch_id: Mapped[int] = mapped_column(sa.ForeignKey("pitches.id"), index=True)
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("partners.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pledge_needs.id"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    description: Mapped[str | None] = mapped_column(sa.String(500))
    note: Mapped[str | None] = mapped_column(sa.String(1000))
    status: Mapped[str] = mapped_column(sa.String(10), default="pledged")
    received_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.String(1000))
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PledgeChange(Base):
    """A pledge's history: recorded, each status set, each correction, a move to a merged partner; old -> new."""

    __tablename__ = "pledge_history"
    __table_args__ = (
        sa.CheckConstraint("field IN ('recorded', 'status', 'amount', 'received_amount', 'description', 'partner_id', "
                           "'need_id', 'note')", name="field"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    pledge_id: Mapped[int] = mapped_column(sa.ForeignKey("pledges.id"), index=True)
    field: Mapped[str] = mapped_column(sa.String(20))
    old_value: Mapped[str | None] = mapped_column(sa.String(1000))
    new_value: Mapped[str | None] = mapped_column(sa.String(1000))
    reason: Mapped[str | None] = mapped_column(sa.String(1000))
    account_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    actor_name: Mapped[str | None] = mapped_column(sa.String(200))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
