"""The reach asked for: the cut from the dates (days in the programme's time zone, or the centre's), the figures."""
from __future__ import annotations

import datetime as dt
import zoneinfo

from services.cohorts.programs.models import Program
from services.cohorts.reach import queries
from shared.errors import N_, invalid
from shared.events.contracts import DEFAULT_TIMEZONE
from shared.uow import UnitOfWork


def cut(uow: UnitOfWork, first_day: dt.date | None, last_day: dt.date | None, program_id: int | None) -> queries.Cut:
    zone = DEFAULT_TIMEZONE
    if program_id is not None:
        program = uow.session.get(Program, program_id)
        if program is None:
            raise invalid("program_id", N_("No such programme."))
        zone = program.timezone
    if first_day and last_day and last_day < first_day:
        raise invalid("to", N_("The end of the period comes before its start."))
    tz = zoneinfo.ZoneInfo(zone)

    def midnight(day):
        return None if day is None else dt.datetime.combine(day, dt.time(), tz).astimezone(dt.timezone.utc)

    return queries.Cut(since=midnight(first_day), until=midnight(last_day + dt.timedelta(days=1)) if last_day else None,
                       program_id=program_id)

