"""A working group's work plan items."""
import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow


class WorkItem(Base):
    """Something the group will do: who owns it (a member), by when, how far it is."""

    __tablename__ = "work_items"
    __table_args__ = (
        sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name="status"),
        sa.CheckConstraint("length(trim(title)) > 0", name="title"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("teams.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    owner_person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    due_on: Mapped[dt.date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(12), default="planned")
    note: Mapped[str | None] = mapped_column(sa.String(1000))
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
