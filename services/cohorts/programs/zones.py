"""Times of a programme's records are shown in that programme's time zone, and its money in its currency, on every
page."""
from __future__ import annotations

import sqlalchemy as sa
from flask import g

from services.cohorts.programs.models import Cohort, Program


def show_times_of_cohort(session, cohort_id: int) -> str | None:
    """Make the page's dates and times those of the cohort's programme (Flask-Babel reads g.timezone), and its money
    that programme's currency (``money()`` reads g.currency)."""
    row = session.execute(
        sa.select(Program.timezone, Program.currency).join(Cohort, Cohort.program_id == Program.id).where(Cohort.id == cohort_id)
    ).first()
    if row is None:
        return None
    g.timezone, g.currency = row.timezone, row.currency
    return row.timezone


def show_programme(program) -> None:
    """The page shows this programme's times and money."""
    g.timezone, g.currency = program.timezone, program.currency
