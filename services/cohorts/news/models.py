import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow


class NewsItem(Base):
    __tablename__ = "news_items"
    __table_args__ = (
        sa.CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        sa.Index("ix_news_items_program_published", "program_id", "published_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("programs.id"))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"), index=True)  # a working group's own news
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    author_name: Mapped[str | None] = mapped_column(sa.String(200))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
