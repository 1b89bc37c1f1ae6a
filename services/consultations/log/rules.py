"""Consultation rules in plain Python (no Flask, no database)."""
from __future__ import annotations

import datetime as dt

from shared.errors import N_

MAX_MINUTES = 8 * 60
DEFAULT_MINUTES = {"individual": 60, "group": 90, "webinar": 90}
# a held consultation may be logged a little "in the future" by a phone whose clock runs fast
CLOCK_SLACK = dt.timedelta(minutes=5)


def status_for(started_at: dt.datetime, now: dt.datetime, *, requested: str | None = None) -> str:
    """A start in the future makes a planned consultation; one in the past is held."""
    if started_at > now + CLOCK_SLACK:
        return "planned"
    return requested if requested in ("planned", "held") else "held"


def check(kind: str, duration: int, anonymous: int, team_ids: list[int]) -> dict:
    """Field errors (message ids) of a consultation, empty when it is valid."""
    errors: dict[str, list[str]] = {}
    if duration <= 0:
        errors["duration_minutes"] = [N_("The duration must be positive.")]
    elif duration > MAX_MINUTES:
        errors["duration_minutes"] = [N_("At most 8 hours (480 minutes).")]
    if anonymous < 0:
        errors["anonymous_attendees"] = [N_("Must be greater than or equal to {min}.").format(min=0)]
    elif anonymous and kind != "webinar":
        errors["anonymous_attendees"] = [N_("An anonymous headcount is only for webinars.")]
    if not team_ids and kind != "webinar":
        errors["team_ids"] = [N_("Choose at least one team.")]
    if kind == "individual" and len(team_ids) > 1:
        errors["team_ids"] = [N_("An individual consultation is with one team.")]
    return errors


def normalise_topic(name: str) -> str:
    return " ".join(name.split()).casefold().replace("ё", "е")
