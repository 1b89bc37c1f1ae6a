"""A work plan's rules in plain Python: an item's statuses and when it is overdue."""
from __future__ import annotations

import datetime as dt

from shared.errors import N_

PLANNED, IN_PROGRESS, DONE, DROPPED = "planned", "in_progress", "done", "dropped"
STATUSES = (PLANNED, IN_PROGRESS, DONE, DROPPED)
STATUS_LABELS = {PLANNED: N_("planned"), IN_PROGRESS: N_("in progress"), DONE: N_("done"), DROPPED: N_("dropped")}
OPEN = (PLANNED, IN_PROGRESS)
TITLE_LENGTH = 300


def overdue(status: str, due_on: dt.date, today: dt.date) -> bool:
    """Still to do after the day it was due (the due day itself is not late)."""
    return status in OPEN and today > due_on
