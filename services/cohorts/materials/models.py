"""A material of an event: a file kept here, or a link."""
import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow


class Material(Base):
    __tablename__ = "materials"
    __table_args__ = (
        sa.CheckConstraint("language IN ('ru', 'kk', 'en')", name="language"),
        sa.CheckConstraint("(url IS NULL) <> (content IS NULL)", name="file_or_link"),
        sa.CheckConstraint("size IS NULL OR size <= 10485760", name="size"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("centre_events.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    language: Mapped[str] = mapped_column(sa.String(2))
    url: Mapped[str | None] = mapped_column(sa.String(1000))
    filename: Mapped[str | None] = mapped_column(sa.String(255))
    content_type: Mapped[str | None] = mapped_column(sa.String(100))
    size: Mapped[int | None] = mapped_column(sa.Integer)
    content: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))  # read only when downloaded
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
