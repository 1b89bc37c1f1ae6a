import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow
from shared.events.contracts import DEFAULT_TIMEZONE


class Program(Base):
    __tablename__ = "programs"
    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        sa.CheckConstraint("currency IN ('RUB', 'KZT', 'EUR', 'USD') AND grant_currency IN ('RUB', 'KZT', 'EUR', 'USD')",
                           name="currencies"),
        sa.CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        sa.CheckConstraint("(grant_amount IS NULL OR grant_amount >= 0) AND (cofinancing_amount IS NULL OR cofinancing_amount >= 0)",
                           name="money_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    funder: Mapped[str | None] = mapped_column(sa.String(300))
    starts_on: Mapped[dt.date] = mapped_column(sa.Date)
    ends_on: Mapped[dt.date] = mapped_column(sa.Date)
    timezone: Mapped[str] = mapped_column(sa.String(64), default=DEFAULT_TIMEZONE)
    # the money spent and raised (pledges, awards, the report's funds) and the money the grant comes in (a programme
    # funded in euros spends in tenge): never summed across the two
    currency: Mapped[str] = mapped_column(sa.String(3), default="RUB", server_default="RUB")
    grant_currency: Mapped[str] = mapped_column(sa.String(3), default="RUB", server_default="RUB")
    grant_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    cofinancing_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    targets: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Cohort(Base):
    __tablename__ = "cohorts"
    __table_args__ = (sa.CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("programs.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    # a cascade: the cohort whose participants train this one (its trainers are the cascade package's)
    parent_cohort_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    region: Mapped[str | None] = mapped_column(sa.String(200))  # where it works: an oblast, a region (a cascade counts by it)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # for the pages' way back to the programme; read only, loaded when asked
    program: Mapped[Program] = relationship(Program, viewonly=True, lazy="select")


class Territory(Base):
    """A settlement of a municipal district (Быстринский МР / с. Эссо)."""

    __tablename__ = "territories"
    __table_args__ = (
        sa.UniqueConstraint("district_key", "settlement_key"),
        sa.CheckConstraint("length(trim(district)) > 0 AND length(trim(settlement)) > 0", name="names_not_blank"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    district: Mapped[str] = mapped_column(sa.String(200))
    settlement: Mapped[str] = mapped_column(sa.String(200))
    # normalised (casefold, ё→е) for duplicate checks: SQLite's lower() is ASCII-only
    district_key: Mapped[str] = mapped_column(sa.String(200))
    settlement_key: Mapped[str] = mapped_column(sa.String(200))
