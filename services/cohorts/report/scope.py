"""What a report covers: the cohorts (one, or every cohort of a programme) and the period, cut in the programme's time zone."""
from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import sqlalchemy as sa

from services.cohorts.programs.models import Cohort, Program
from shared.errors import N_, not_found


@dataclass(frozen=True)
class Scope:
    program: Program
    cohorts: tuple  # Cohort rows, in id order
    first_day: dt.date | None  # the cut asked for (None: from the beginning)
    last_day: dt.date | None  # inclusive
    whole_programme: bool = False  # a programme's report (its own figures, such as grants, count), not a cohort's

    @property
    def cohort_ids(self) -> list[int]:
        return [c.id for c in self.cohorts]

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.program.timezone)

    @property
    def since(self) -> dt.datetime | None:
        """The cut's first instant in UTC (midnight of the first day where the programme is)."""
        if self.first_day is None:
            return None
        return dt.datetime.combine(self.first_day, dt.time(), self.tz).astimezone(dt.timezone.utc)

    @property
    def until(self) -> dt.datetime | None:
        """The instant after the cut (midnight after its last day), UTC."""
        if self.last_day is None:
            return None
        return dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time(), self.tz).astimezone(dt.timezone.utc)

    def within(self, column):
        """A condition keeping ``column`` (a UTC timestamp) inside the cut; true when nothing was cut."""
        conditions = []
        if self.since is not None:
            conditions.append(column >= self.since)
        if self.until is not None:
            conditions.append(column < self.until)
        return sa.and_(sa.true(), *conditions)

    def contains(self, at: dt.datetime | None) -> bool:
        if at is None:
            return self.since is None and self.until is None
        return (self.since is None or at >= self.since) and (self.until is None or at < self.until)

    @property
    def period(self) -> dict:
        """The period the figures cover: the cut, or else the programme's own dates."""
        return {"from": self.first_day or self.program.starts_on, "to": self.last_day or self.program.ends_on,
                "timezone": self.program.timezone, "cut": self.first_day is not None or self.last_day is not None}

    @property
    def reference_year(self) -> int:
        """The year ages are counted in (youth 14–35): the period's last year, never today's clock."""
        return self.period["to"].year


def for_cohort(session, cohort_id: int, first_day=None, last_day=None) -> Scope:
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise not_found(N_("No such cohort."))
    return Scope(session.get(Program, cohort.program_id), (cohort,), first_day, last_day)


def for_program(session, program_id: int, first_day=None, last_day=None) -> Scope:
    program = session.get(Program, program_id)
    if program is None:
        raise not_found(N_("No such programme."))
    cohorts = tuple(session.execute(sa.select(Cohort).where(Cohort.program_id == program_id).order_by(Cohort.id)).scalars())
    return Scope(program, cohorts, first_day, last_day, whole_programme=True)
