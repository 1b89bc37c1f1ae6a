"""A cohort's trainers (its parent is a column of the cohort)."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.cohorts.db import Base


class CohortTrainer(Base):
    """A person who was a participant of the parent cohort and leads this one."""

    __tablename__ = "cohort_trainers"

    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), primary_key=True, index=True)
