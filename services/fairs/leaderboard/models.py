"""The leaderboard frozen when the results are published: written by publishing, read by everyone after."""
import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.fairs.db import Base
from shared.db import UTCDateTime


class FairResult(Base):
    """The ranking as it stood when the fair was published: frozen, shown on the public results page."""

    __tablename__ = "fair_results"

    fair_id: Mapped[int] = mapped_column(sa.ForeignKey("fairs.id"), primary_key=True)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    account_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    ranking: Mapped[list] = mapped_column(sa.JSON)
    leaders: Mapped[list] = mapped_column(sa.JSON)
    formula: Mapped[dict] = mapped_column(sa.JSON)
    standardised: Mapped[bool] = mapped_column(sa.Boolean)
    fallback_reason: Mapped[str | None] = mapped_column(sa.String(200))
    stable_top: Mapped[bool | None] = mapped_column(sa.Boolean)
    board: Mapped[dict | None] = mapped_column(sa.JSON)  # the whole leaderboard as published (None for fairs published before it was kept)
