"""Events' rules in plain Python: kinds, who gets a seat, when registration is open, what the door may show."""
from __future__ import annotations

import datetime as dt
import secrets

from shared.errors import N_

KINDS = ("seminar", "workshop", "round_table", "discussion", "conference", "open_day", "webinar", "training")
KIND_LABELS = {
    "seminar": N_("Seminar"), "workshop": N_("Workshop"), "round_table": N_("Round table"), "discussion": N_("Discussion"),
    "conference": N_("Conference"), "open_day": N_("Open day"), "webinar": N_("Webinar"), "training": N_("Training"),
}
REGISTRATION_MODES = ("open", "invitation", "closed")
STATUSES = ("registered", "waitlisted", "cancelled", "walk_in")
TITLE_LENGTH = 300
MAX_DURATION = 7 * 24 * 60  # a week-long away school at most
TICKET_BYTES = 24  # 32 URL-safe characters: guessing one is hopeless, and tickets are never listed by id


def new_ticket() -> str:
    return secrets.token_urlsafe(TICKET_BYTES)


def ends_at(starts_at: dt.datetime, duration_minutes: int) -> dt.datetime:
    return starts_at + dt.timedelta(minutes=duration_minutes)


def closes_at(starts_at: dt.datetime, duration_minutes: int, registration_closes_at: dt.datetime | None) -> dt.datetime:
    """Registration closes when the coordinator set, else when the event ends (people sign up on the day too)."""
    return registration_closes_at or ends_at(starts_at, duration_minutes)


def refusal(mode: str, closes: dt.datetime, now: dt.datetime) -> str | None:
    """Why the public form cannot register now, or None. (A full event is not refused: the waiting list takes them.)"""
    if mode == "closed":
        return N_("Registration for this event is closed.")
    if mode == "invitation":
        return N_("This event is by invitation: ask the organisers.")
    if now >= closes:
        return N_("Registration for this event has ended.")
    return None


def takes_seat(capacity: int | None, seats_taken: int) -> bool:
    """A seat while any is left (no capacity: always); otherwise the waiting list."""
    return capacity is None or seats_taken < capacity


def phone_tail(phone: str | None) -> str | None:
    """What the door may show of a phone: its last three digits (namesakes told apart), never the number."""
    if not phone:
        return None
    return "…" + phone[-3:]


def email_hint(email: str | None) -> str | None:
    """What the door may show of an e-mail: its first letter and the domain."""
    if not email or "@" not in email:
        return None
    local, domain = email.split("@", 1)
    return f"{local[:1]}…@{domain}"
