import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.fairs.db import Base
from services.fairs.stage import rules
from shared.db import UTCDateTime, utcnow


class Stage(Base):
    """What the hall sees of a fair right now: the pitch on stage, its timer, the counts shown, the leaders revealed.

    ``version`` grows with every change: the projector and the phones poll with it as their ETag.
    """

    __tablename__ = "stage"
    __table_args__ = (
        sa.CheckConstraint(f"revealed BETWEEN 0 AND {rules.MAX_REVEAL}", name="revealed"),
        sa.CheckConstraint(
            f"planned_seconds BETWEEN {rules.MIN_PLANNED_SECONDS} AND {rules.MAX_PLANNED_SECONDS}", name="planned_seconds"),
        sa.CheckConstraint("elapsed_seconds >= 0", name="elapsed_seconds"),
    )

    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), primary_key=True)
    pitch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("pitches.id"))
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # the timer runs since then (None: stopped)
    elapsed_seconds: Mapped[int] = mapped_column(sa.Integer, default=0)  # counted before the last start
    planned_seconds: Mapped[int] = mapped_column(sa.Integer, default=rules.DEFAULT_PLANNED_SECONDS)
    skipped: Mapped[list] = mapped_column(sa.JSON, default=list)  # pitch ids whose team was absent
    counts_shown: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    revealed: Mapped[int] = mapped_column(sa.Integer, default=0)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
