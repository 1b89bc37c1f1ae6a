import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base
from shared.db import BigId, UTCDateTime, utcnow


class Person(Base):
    """One record per real person; others refer to people by this id."""

    __tablename__ = "people"
    __table_args__ = (
        # the same phone or e-mail is one person: refused at the database too
        sa.Index("uq_people_phone", "phone", unique=True, postgresql_where=sa.text("phone IS NOT NULL AND merged_into_id IS NULL"), sqlite_where=sa.text("phone IS NOT NULL AND merged_into_id IS NULL")),
        sa.Index("uq_people_email", "email", unique=True, postgresql_where=sa.text("email IS NOT NULL AND merged_into_id IS NULL"), sqlite_where=sa.text("email IS NOT NULL AND merged_into_id IS NULL")),
        sa.CheckConstraint("sex IS NULL OR sex IN ('female', 'male')", name="sex"),
        sa.CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year"),
        sa.CheckConstraint("length(trim(full_name)) > 0", name="full_name_not_blank"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(300))
    name_key: Mapped[str] = mapped_column(sa.String(300), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20))  # E.164
    email: Mapped[str | None] = mapped_column(sa.String(254))  # lower-case
    settlement: Mapped[str | None] = mapped_column(sa.String(200))
    organisation: Mapped[str | None] = mapped_column(sa.String(300))  # as written; the register's record below
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    position: Mapped[str | None] = mapped_column(sa.String(200))
    birth_year: Mapped[int | None] = mapped_column(sa.Integer)
    sex: Mapped[str | None] = mapped_column(sa.String(10))
    consent_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    consent_method: Mapped[str | None] = mapped_column(sa.String(30))
    consent_guardian: Mapped[str | None] = mapped_column(sa.String(300))
    archived: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def event_body(self) -> dict:
        return {
            "id": self.id,
            "full_name": self.full_name,
            "settlement": self.settlement,
            "organisation": self.organisation,
            "organisation_id": self.organisation_id,
            "position": self.position,
            "birth_year": self.birth_year,
            "sex": self.sex,
            "archived": self.archived,
            "erased": self.erased_at is not None,
        }
