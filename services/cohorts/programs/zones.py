"""Times of a programme's records are shown in that programme's time zone, on every page."""
from __future__ import annotations

import sqlalchemy as sa
from flask import g

from services.cohorts.programs.models import Cohort, Program


def show_times_of_cohort(session, cohort_id: int) -> str | None:
    """Make the page's dates and times those of the cohort's programme (Flask-Babel reads g.timezone)."""
    tz = session.execute(
        sa.select(Program.timezone).join(Cohort, Cohort.program_id == Program.id).where(Cohort.id == cohort_id)
    ).scalar_one_or_none()
    if tz:
        g.timezone = tz
    return tz
