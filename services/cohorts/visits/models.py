import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow

PURPOSES = ("library", "office", "incubator", "other")


class Visit(Base):
    __tablename__ = "visits"
    __table_args__ = (
        sa.CheckConstraint("purpose IN (" + ", ".join(f"'{p}'" for p in PURPOSES) + ")", name="purpose"),
        sa.Index("ix_visits_visited_on", "visited_on"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    program_id: Mapped[int | None] = mapped_column(sa.ForeignKey("programs.id"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(12))
    visited_on: Mapped[dt.date] = mapped_column(sa.Date)
    note: Mapped[str | None] = mapped_column(sa.String(300))
    account_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
