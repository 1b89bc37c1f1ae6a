"""Events use cases: set up an event, register (a seat or the waiting list), cancel, check in at the door.

Every change to an event's seats happens under a lock on the event's row: fifty people pressing "register" for the
last ten seats queue on it, and exactly ten get seats (the row's CHECK on ``seats_taken`` is the last guard).
Helpers flush, never commit.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa

from services.cohorts.events import rules
from services.cohorts.events.models import Event, Registration, RegistrationAttempt
from services.cohorts.people.models import Person
from services.cohorts.validation import require_text
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.text import normalise
from shared.hooks import Hook
from shared.uow import UnitOfWork

# a public form sent from one address: a hall on one Wi-Fi (fifty people in a minute) passes, a script does not
FLOOD_WINDOW = dt.timedelta(minutes=10)
FLOOD_LIMIT = 120
FIELDS = ("program_id", "cohort_id", "plan_item_id", "kind", "title", "starts_at", "duration_minutes", "place",
          "online_url", "capacity", "registration", "registration_closes_at", "anonymous_attendees")
# (uow, values): an event names the plan line it carries out; the plan checks the line (it exists, it is of the
# event's programme) and fills the programme when the event named none
plan_line_named = Hook("an event names a plan line")


def _where_it_belongs(uow: UnitOfWork, values: dict) -> None:
    """A cohort's event is its programme's; a plan line is of the same programme (the plan checks its own lines)."""
    from services.cohorts.programs.models import Cohort, Program

    if values.get("cohort_id") is not None:
        cohort = uow.session.get(Cohort, values["cohort_id"])
        if cohort is None:
            raise invalid("cohort_id", N_("No such cohort."))
        if values.get("program_id") is None:
            values["program_id"] = cohort.program_id
        elif values["program_id"] != cohort.program_id:
            raise invalid("cohort_id", N_("This cohort belongs to another programme."))
    if values.get("program_id") is not None and uow.session.get(Program, values["program_id"]) is None:
        raise invalid("program_id", N_("No such programme."))
    if values.get("plan_item_id") is not None:
        plan_line_named(uow, values)


def _duration(value) -> int:
    if value is None or not 0 < value <= rules.MAX_DURATION:
        raise invalid("duration_minutes", Msg(N_("From 1 to %(max)d minutes."), max=rules.MAX_DURATION))
    return value


def create_event(uow: UnitOfWork, data: dict) -> Event:
    values = {f: data.get(f) for f in FIELDS}
    values["title"] = require_text("title", values["title"])[:rules.TITLE_LENGTH]
    values["duration_minutes"] = _duration(values["duration_minutes"])
    values["registration"] = values["registration"] or "open"
    values["anonymous_attendees"] = values["anonymous_attendees"] or 0
    _where_it_belongs(uow, values)
    event = Event(**values, seats_taken=0, version=1)
    uow.session.add(event)
    uow.flush()
    return event


def get_event(uow: UnitOfWork, event_id: int, *, for_update: bool = False) -> Event:
    event = uow.session.get(Event, event_id, with_for_update=for_update or None)
    if event is None:
        raise not_found(N_("No such event."))
    return event


def update_event(uow: UnitOfWork, event_id: int, changes: dict) -> Event:
    """Correct an event. A capacity below the seats given is refused; a larger one moves the waiting list up."""
    event = get_event(uow, event_id, for_update=True)
    values = {f: changes.get(f, getattr(event, f)) for f in FIELDS}
    values["title"] = require_text("title", values["title"])[:rules.TITLE_LENGTH]
    values["duration_minutes"] = _duration(values["duration_minutes"])
    _where_it_belongs(uow, values)
    if values["capacity"] is not None and values["capacity"] < event.seats_taken:
        raise invalid("capacity", Msg(N_("%(count)d seats are already given: the capacity cannot be less."), count=event.seats_taken))
    for field, value in values.items():
        setattr(event, field, value)
    event.version += 1
    _move_up(uow, event)
    uow.flush()
    return event


def events(program_id: int | None = None) -> sa.Select:
    query = sa.select(Event)
    if program_id is not None:
        query = query.where(Event.program_id == program_id)
    return query.order_by(Event.starts_at, Event.id)


def _note_attempt(uow: UnitOfWork, address: str | None, now: dt.datetime) -> None:
    """Count this address's registrations in the window; over the limit: 429, and nothing is created."""
    address = (address or "unknown")[:64]
    recent = uow.session.execute(sa.select(sa.func.count()).select_from(RegistrationAttempt).where(
        RegistrationAttempt.address == address, RegistrationAttempt.at > now - FLOOD_WINDOW)).scalar_one()
    if recent >= FLOOD_LIMIT:
        message = N_("Too many registrations from this network: wait a few minutes and try again.")
        raise UseCaseError(429, message, {"full_name": [message]}, retry_after=int(FLOOD_WINDOW.total_seconds()))
    uow.session.add(RegistrationAttempt(address=address, at=now))


def _seat_or_queue(event: Event, registration: Registration) -> None:
    # the line's order is the order the event's lock was taken in, not when the request arrived
    registration.queued_at = utcnow()
    registration.cancelled_at = None
    if rules.takes_seat(event.capacity, event.seats_taken):
        registration.status = "registered"
        event.seats_taken += 1
    else:
        registration.status = "waitlisted"


def _move_up(uow: UnitOfWork, event: Event) -> list[Registration]:
    """The first in the waiting list take the seats free now (under the event's lock)."""
    moved = []
    while rules.takes_seat(event.capacity, event.seats_taken):
        first = uow.session.execute(sa.select(Registration).where(
            Registration.event_id == event.id, Registration.status == "waitlisted")
            .order_by(Registration.queued_at, Registration.id).limit(1)).scalars().first()
        if first is None:
            break
        first.status = "registered"
        event.seats_taken += 1
        moved.append(first)
    return moved


def register(uow: UnitOfWork, event_id: int, data: dict, *, address: str | None = None,
             now: dt.datetime | None = None) -> Registration:
    """A seat while there is one, else the waiting list. The same phone or e-mail again answers the same registration.
    (Guests of an event by invitation are added at the door or by check-in, not here.)"""
    from services.cohorts.people.operations import match_or_register

    now = now or utcnow()
    _note_attempt(uow, address, now)
    _open_to(get_event(uow, event_id), now)
    if data.get("consent") is not True:
        raise invalid("consent", N_("Registration needs your consent to the processing of personal data."))
    require_text("full_name", data.get("full_name"))
    person, _new = match_or_register(uow, {
        "full_name": data.get("full_name"), "phone": data.get("phone"), "email": data.get("email"),
        "organisation": data.get("organisation"), "settlement": data.get("settlement"),
    }, consent_method="online")
    # the event's row is locked only now, for the seat alone: the person's matching above does not queue on it
    event = uow.session.get(Event, event_id, with_for_update=True, populate_existing=True)
    _open_to(event, now)
    registration = uow.session.execute(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.person_id == person.id)).scalars().first()
    if registration is None:
        registration = Registration(event_id=event.id, person_id=person.id, ticket=rules.new_ticket(), created_at=now)
        uow.session.add(registration)
        _seat_or_queue(event, registration)
    elif registration.status == "cancelled":
        _seat_or_queue(event, registration)
    uow.flush()
    return registration


def _open_to(event: Event, now: dt.datetime) -> None:
    reason = rules.refusal(event.registration, event.closes_at, now)
    if reason is not None:
        raise conflict(reason, {"event": [reason]})


def position(uow: UnitOfWork, registration: Registration) -> int | None:
    """A waitlisted registration's place in the line (1 is next); None for any other."""
    if registration.status != "waitlisted":
        return None
    ahead = uow.session.execute(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.event_id == registration.event_id, Registration.status == "waitlisted",
        sa.or_(Registration.queued_at < registration.queued_at,
               sa.and_(Registration.queued_at == registration.queued_at, Registration.id < registration.id)))).scalar_one()
    return ahead + 1


def by_ticket(uow: UnitOfWork, ticket: str, event_id: int | None = None) -> Registration:
    registration = uow.session.execute(sa.select(Registration).where(Registration.ticket == ticket)).scalars().first()
    if registration is None or (event_id is not None and registration.event_id != event_id):
        raise not_found(N_("No such ticket."))
    return registration


def cancel(uow: UnitOfWork, event_id: int, ticket: str, *, now: dt.datetime | None = None) -> Registration:
    """Give the seat back: the first in the waiting list takes it at once. Cancelling twice changes nothing."""
    event = get_event(uow, event_id, for_update=True)
    registration = by_ticket(uow, ticket, event.id)
    if registration.status == "cancelled":
        return registration
    if registration.checked_in_at is not None:
        raise conflict(N_("You were already checked in at this event."))
    if registration.status == "registered":
        event.seats_taken -= 1
    registration.status, registration.cancelled_at = "cancelled", now or utcnow()
    _move_up(uow, event)
    uow.flush()
    return registration


def check_in(uow: UnitOfWork, event_id: int, *, ticket: str | None = None, registration_id: int | None = None,
             now: dt.datetime | None = None) -> Registration:
    """Mark a registrant present (by the ticket's QR, or picked from the door's list). Twice is once."""
    get_event(uow, event_id)
    if ticket is not None:
        registration = by_ticket(uow, ticket, event_id)
    else:
        registration = uow.session.get(Registration, registration_id, with_for_update=True)
        if registration is None or registration.event_id != event_id:
            raise not_found(N_("No such registration at this event."))
    if registration.status == "cancelled":
        raise conflict(N_("This registration was cancelled."), {"ticket": [N_("This registration was cancelled.")]})
    if registration.checked_in_at is None:
        registration.checked_in_at = now or utcnow()
    uow.flush()
    return registration


def walk_in(uow: UnitOfWork, event_id: int, data: dict, *, now: dt.datetime | None = None) -> Registration:
    """Someone who came without registering: one person of the register (matched by phone or e-mail), checked in."""
    from services.cohorts.people.operations import match_or_register

    now = now or utcnow()
    event = get_event(uow, event_id, for_update=True)
    require_text("full_name", data.get("full_name"))
    person, _new = match_or_register(uow, {
        "full_name": data.get("full_name"), "phone": data.get("phone"), "email": data.get("email"),
        "organisation": data.get("organisation"),
    })
    registration = uow.session.execute(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.person_id == person.id)).scalars().first()
    if registration is None:
        registration = Registration(event_id=event.id, person_id=person.id, ticket=rules.new_ticket(), status="walk_in",
                                    queued_at=now, created_at=now)
        uow.session.add(registration)
    elif registration.status == "cancelled":
        registration.status, registration.cancelled_at = "walk_in", None
    if registration.checked_in_at is None:
        registration.checked_in_at = now
    uow.flush()
    return registration


def registrations(uow: UnitOfWork, event_id: int, status: str | None = None) -> list[tuple[Registration, Person, int | None]]:
    """The event's registrations in the line's order, each with its person and its place in the waiting list (as
    ``position`` says it, counted along the list rather than asked of the database row by row)."""
    query = (sa.select(Registration, Person).join(Person, Person.id == Registration.person_id)
             .where(Registration.event_id == event_id))
    if status is not None:
        query = query.where(Registration.status == status)
    rows, place = [], 0
    for registration, person in uow.session.execute(query.order_by(Registration.queued_at, Registration.id)).all():
        if registration.status == "waitlisted":
            place += 1
        rows.append((registration, person, place if registration.status == "waitlisted" else None))
    return rows


def _door_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_door_link(uow: UnitOfWork, event_id: int) -> str:
    """A new personal link for the door's volunteers (the old one stops working); only its hash is kept."""
    event = get_event(uow, event_id, for_update=True)
    token = secrets.token_urlsafe(24)
    event.door_token_hash = _door_hash(token)
    uow.flush()
    return token


def event_by_door(uow: UnitOfWork, token: str) -> Event:
    event = uow.session.execute(sa.select(Event).where(Event.door_token_hash == _door_hash(token or ""))).scalars().first()
    if event is None:
        raise not_found(N_("This door link is not valid: ask the coordinator for a new one."))
    return event


def door_rows(uow: UnitOfWork, event_id: int, q: str | None = None) -> list[dict]:
    """What the door may see of each registrant: name, organisation, settlement, check-in state, the phone's last
    digits (namesakes told apart); never a phone or an e-mail in full. Erased people are left out.

    ``q`` finds by any part of the name, the organisation or the phone (the phone searched here, on the server,
    since the door's own copy of the list carries only its last four digits, for searching offline)."""
    needle, digits = normalise(q), "".join(ch for ch in (q or "") if ch.isdigit())
    rows = []
    for registration, person, _place in registrations(uow, event_id):
        if registration.status == "cancelled" or person.erased_at is not None:
            continue
        if needle and needle not in normalise(person.full_name) and needle not in normalise(person.organisation) and not (
                len(digits) >= 3 and digits in (person.phone or "")):
            continue
        rows.append({
            "id": registration.id, "full_name": person.full_name, "organisation": person.organisation,
            "settlement": person.settlement, "phone_tail": rules.phone_tail(person.phone),
            "email_hint": None if person.phone else rules.email_hint(person.email), "status": registration.status,
            "checked_in": registration.checked_in_at is not None,
            "search": " ".join(filter(None, (normalise(person.full_name), normalise(person.organisation),
                                             (person.phone or "")[-4:]))),
        })
    return rows


def recount_seats(uow: UnitOfWork, person_id: int) -> None:
    """The seats of the events this person is registered for, counted again from the registrations (after a merge
    dropped one of two registrations of the same person), and the waiting lists moved up into any seat freed."""
    event_ids = uow.session.execute(sa.select(Registration.event_id).where(Registration.person_id == person_id)).scalars().all()
    for event_id in sorted(set(event_ids)):
        event = get_event(uow, event_id, for_update=True)
        event.seats_taken = uow.session.execute(sa.select(sa.func.count()).select_from(Registration).where(
            Registration.event_id == event_id, Registration.status == "registered")).scalar_one()
        _move_up(uow, event)
    uow.flush()


def set_anonymous(uow: UnitOfWork, event_id: int, count: int) -> Event:
    if count < 0 or count > 1_000_000:
        raise invalid("anonymous_attendees", N_("A count from 0."))
    event = get_event(uow, event_id, for_update=True)
    event.anonymous_attendees = count
    event.version += 1
    uow.flush()
    return event
