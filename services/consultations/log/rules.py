"""Consultation rules in plain Python (no Flask, no database)."""
from __future__ import annotations

import datetime as dt
import zoneinfo

from shared.errors import N_, Msg, invalid
# the programme's time zone comes with the cohort; until cohorts has told us, the one its contract assumes
from shared.events.contracts import DEFAULT_TIMEZONE

MAX_MINUTES = 8 * 60
MAX_ANONYMOUS = 100_000
DEFAULT_MINUTES = {"individual": 60, "group": 90, "webinar": 90}
# a held consultation may be logged a little "in the future" by a phone whose clock runs fast
CLOCK_SLACK = dt.timedelta(minutes=5)
TOPIC_LENGTH = 120

# topics offered before mentors have used any: message ids, shown in the reader's language
STARTER_TOPICS = (
    N_("Social project design"),
    N_("Project management"),
    N_("Fundraising"),
    N_("Promotion"),
    N_("Registering an NGO"),
)

# a starter topic is one topic whatever the language it was picked in: each name (the message id and its
# translations in the catalogues) leads to the message id, which is what is stored and counted
STARTER_NAMES = {
    "Social project design": ("Социальное проектирование",),
    "Project management": ("Управление проектом",),
    "Fundraising": ("Фандрайзинг",),
    "Promotion": ("Продвижение",),
    "Registering an NGO": ("Регистрация НКО",),
}


def canonical_topic(name: str) -> str:
    """The stored name of a topic: a starter topic's message id in any language, else the name as typed."""
    key = normalise_topic(name)
    for msgid, names in STARTER_NAMES.items():
        if key == normalise_topic(msgid) or key in {normalise_topic(n) for n in names}:
            return msgid
    return name


def status_for(started_at: dt.datetime, now: dt.datetime, *, requested: str | None = None) -> str:
    """A start in the future makes a planned consultation; one in the past is held."""
    if started_at > now + CLOCK_SLACK:
        return "planned"
    return requested if requested in ("planned", "held") else "held"


def next_status(current: str, started_at: dt.datetime, now: dt.datetime, requested: str | None) -> str:
    """The status after an amendment: held only once its time has passed, and never back to planned."""
    if current == "held":
        return "held"
    return status_for(started_at, now, requested=requested or current)


def check(kind: str, duration: int, anonymous: int, team_ids: list[int], *, walk_in: bool = False) -> dict:
    """Field errors (message ids) of a consultation, empty when it is valid. ``walk_in``: the centre's own, for
    people who walked in (named, or typed at the desk): no team is asked for."""
    errors: dict[str, list] = {}
    if duration <= 0:
        errors["duration_minutes"] = [N_("The duration must be positive.")]
    elif duration > MAX_MINUTES:
        errors["duration_minutes"] = [N_("At most 8 hours (480 minutes).")]
    if anonymous < 0:
        errors["anonymous_attendees"] = [N_("The number of listeners cannot be negative.")]
    elif anonymous > MAX_ANONYMOUS:
        errors["anonymous_attendees"] = [Msg(N_("At most %(max)s listeners."), max=f"{MAX_ANONYMOUS:,}".replace(",", " "))]
    elif anonymous and kind != "webinar":
        errors["anonymous_attendees"] = [N_("An anonymous headcount is only for webinars.")]
    if not team_ids and kind != "webinar" and not walk_in:
        errors["team_ids"] = [N_("Choose at least one team.")]
    if kind == "individual" and len(team_ids) > 1:
        errors["team_ids"] = [N_("An individual consultation is with one team.")]
    return errors


def normalise_topic(name: str) -> str:
    """The key a topic is matched by: spaces collapsed, case folded, ё as е, cut to the column."""
    return " ".join(name.split()).casefold().replace("ё", "е")[:TOPIC_LENGTH]


def clean_topic(name: str) -> str:
    return canonical_topic(" ".join(name.split())[:TOPIC_LENGTH])


def same_minute(a: dt.datetime, b: dt.datetime) -> bool:
    """A form shows minutes: a time typed back unchanged keeps its seconds."""
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def amendment_from_form(submitted: dict, *, started_at: dt.datetime, status: str, cohort_id: int | None, attendees: list[int],
                        offered: set[int], took_place: bool) -> dict:
    """What an edit form's submission changes, by the form's three rules:

    - a time typed back unchanged keeps its seconds (the form shows minutes);
    - the people the form no longer offers (erased, withdrawn from the cohort) stay on a consultation that stays in
      its cohort: not offered is not unticked;
    - "it took place" turns a planned consultation into a held one.
    """
    changes = dict(submitted)
    if "started_at" in changes and same_minute(changes["started_at"], started_at):
        changes["started_at"] = started_at
    if "attendee_ids" in changes:
        stays = changes.get("cohort_id", cohort_id) == cohort_id
        kept = {pid for pid in attendees if pid not in offered} if stays else set()
        changes["attendee_ids"] = sorted(set(changes["attendee_ids"]) | kept)
    if status == "planned" and took_place:
        changes["status"] = "held"
    return changes


def normalised(field: str, value):
    """A value as it compares for the history: lists as sorted sets, topics by key, empty text as none."""
    if value is None:
        return None
    if field in ("team_ids", "attendee_ids"):
        return sorted(set(value))
    if field == "topics":
        return sorted({normalise_topic(clean_topic(t)) for t in value if clean_topic(t)})
    if field in ("notes", "online_url"):
        return value.strip() or None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc)
    return value


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or DEFAULT_TIMEZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)


def local_date(moment: dt.datetime, tz: str | None) -> dt.date:
    return moment.astimezone(zone(tz)).date()


def visitor_errors(visitors: list[dict]) -> list[str] | None:
    """A visitor typed at the desk is a name with a phone or an e-mail (cohorts recognises them by it); a phone
    must be a real number. The first problem of each visitor, or None when all are fine."""
    import phonenumbers

    problems = []
    for visitor in visitors:
        phone, email = (visitor.get("phone") or "").strip(), (visitor.get("email") or "").strip()
        if not phone and not email:
            problems.append(Msg(N_("%(name)s: give a phone or an e-mail."), name=visitor["full_name"]))
            continue
        if phone:
            try:
                valid = phonenumbers.is_valid_number(phonenumbers.parse(phone, "RU"))
            except phonenumbers.NumberParseException:
                valid = False
            if not valid:
                problems.append(Msg(N_("%(name)s: not a valid phone number."), name=visitor["full_name"]))
    return problems or None


def online_url(value: str | None) -> str | None:
    """An online meeting's link: a web address (http or https), or none."""
    from urllib.parse import urlsplit

    value = (value or "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 500:
        raise invalid("online_url", N_("Give the meeting's web address (https://…)."))
    return value
