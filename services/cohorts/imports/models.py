import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow


class ImportBatch(Base):
    """An uploaded spreadsheet and its preview; confirming applies exactly the previewed plan."""

    __tablename__ = "import_batches"
    __table_args__ = (sa.CheckConstraint("status IN ('previewed', 'applied')", name="status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(300))
    plan: Mapped[list] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(10), default="previewed")
    created_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
