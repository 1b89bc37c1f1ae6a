import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from services.cohorts.plan import rules
from shared.db import BigId, UTCDateTime, utcnow


class PlanItem(Base):
    """A line of a programme's plan: an activity of a kind in a month, with a target of people where there is one."""

    __tablename__ = "plan_items"
    __table_args__ = (
        sa.CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in rules.KINDS) + ")", name="kind"),
        sa.CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        sa.CheckConstraint("target_people IS NULL OR target_people >= 0", name="target_not_negative"),
        sa.Index("ix_plan_items_program_month", "program_id", "month"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("programs.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(300))
    month: Mapped[dt.date] = mapped_column(sa.Date)  # the first day of the month
    target_people: Mapped[int | None] = mapped_column(sa.Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
