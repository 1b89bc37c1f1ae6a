"""The plan's rules in plain Python: a month is written "2027-03"; a line is overdue when its month has passed and
nothing it plans was held."""
from __future__ import annotations

import datetime as dt
import re

from services.cohorts.events.rules import KINDS as EVENT_KINDS
from shared.errors import N_

KINDS = EVENT_KINDS + ("consultation",)
KIND_LABELS_EXTRA = {"consultation": N_("Consultations")}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> dt.date | None:
    """"2027-03" → 1 March 2027; anything else → None."""
    match = MONTH.match((text or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def month_text(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def overdue(month: dt.date, held: int, today: dt.date) -> bool:
    """The month is over and nothing planned in it was held."""
    month_over = (today.year, today.month) > (month.year, month.month)
    return month_over and held == 0
