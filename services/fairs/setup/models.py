import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.fairs.db import Base
from shared.db import BigId, UTCDateTime, utcnow


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
