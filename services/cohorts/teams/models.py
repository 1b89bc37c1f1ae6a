import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow

TEAM_KINDS = ("initiative_group", "ngo", "working_group")  # a working group: standing, thematic, many organisations


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (
        sa.UniqueConstraint("cohort_id", "name_key"),
        sa.CheckConstraint("kind IN ('initiative_group', 'ngo', 'working_group')", name="kind"),
        # a working group has a theme, and only a working group has one
        sa.CheckConstraint("(kind = 'working_group') = (theme IS NOT NULL)", name="theme"),
        sa.CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        # a team that left is not on the fair's lineup
        sa.CheckConstraint("NOT archived OR nominated_at IS NULL", name="archived_not_nominated"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    name_key: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(20))
    territory_id: Mapped[int] = mapped_column(sa.ForeignKey("territories.id"), index=True)
    theme: Mapped[str | None] = mapped_column(sa.String(30))
    project_title: Mapped[str | None] = mapped_column(sa.String(500))
    project_summary: Mapped[str | None] = mapped_column(sa.Text)
    archived: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    nominated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # counts every change of the team aggregate (members and nomination included)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    territory = relationship("Territory", lazy="selectin", viewonly=True)
