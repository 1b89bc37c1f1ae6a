import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from services.cohorts.organisations import rules
from shared.db import BigId, UTCDateTime, utcnow


class Organisation(Base):
    """One record per real organisation; people and (later) events, visits and applications refer to it by id."""

    __tablename__ = "organisations"
    __table_args__ = (
        # one INN, one organisation: refused at the database too
        sa.Index("uq_organisations_inn", "inn", unique=True, postgresql_where=sa.text("inn IS NOT NULL AND merged_into_id IS NULL"),
                 sqlite_where=sa.text("inn IS NOT NULL AND merged_into_id IS NULL")),
        sa.CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in rules.KINDS) + ")", name="kind"),
        sa.CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        sa.CheckConstraint("inn IS NULL OR length(inn) IN (10, 12)", name="inn_length"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(rules.NAME_LENGTH))
    # normalised (casefold, ё→е, quotes and spaces) for duplicate checks and search: SQLite's lower() is ASCII-only
    name_key: Mapped[str] = mapped_column(sa.String(rules.NAME_LENGTH), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    inn: Mapped[str | None] = mapped_column(sa.String(12))
    settlement: Mapped[str | None] = mapped_column(sa.String(200))
    settlement_key: Mapped[str] = mapped_column(sa.String(200), default="")
    # a record folded into another by a merge stays as a pointer to it
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def event_body(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "inn": self.inn, "settlement": self.settlement}
