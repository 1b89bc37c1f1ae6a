"""Events: the API. Coordinators set events up and see who registered; registering and cancelling are public (no
account, the ticket is the key); the door works by its personal link."""
from __future__ import annotations

from flask import request, url_for
from flask.views import MethodView
from shared.web.blueprint import Blueprint

from services.cohorts.events import operations
from services.cohorts.events.schemas import (
    AnonymousSchema, CheckedInSchema, CheckInSchema, DoorArgs, DoorLinkSchema, DoorListSchema, EventArgs, EventPatchSchema, EventSchema,
    EventWriteSchema, RegistrationArgs, RegistrationSchema, RegistrationWriteSchema, TicketSchema,
)
from shared.errors import N_, invalid
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow
from shared.web.idempotency import idempotent
from shared.web.pagination import page_schema, paginate
from shared.web.urls import external_url

api = Blueprint("centre_events", __name__, url_prefix="/cohorts/api/v1", description="Events of the centre: registration and the door")


# what an event's answer carries from the model (the registration page's address is made for each)
EVENT_FIELDS = tuple(f for f in EventSchema().fields if f != "registration_url")


def event_body(event) -> dict:
    body = {f: getattr(event, f) for f in EVENT_FIELDS}
    body["registration_url"] = external_url(url_for("event_pages.register", event_id=event.id))
    return body


def ticket_body(uow, registration) -> dict:
    return {"status": registration.status, "position": operations.position(uow, registration), "ticket": registration.ticket,
            "event_id": registration.event_id, "ticket_url": external_url(url_for("event_pages.ticket", ticket=registration.ticket))}


def _address() -> str:
    return (request.remote_addr or "unknown")[:64]


@api.route("/events")
class Events(MethodView):
    @allow("coordinator")
    @api.arguments(EventArgs, location="query")
    @api.response(200, page_schema(EventSchema))
    def get(self, args):
        """Events by start, of a programme (``program_id``) or all"""
        uow = current_uow()
        page = paginate(uow.session, operations.events(args.get("program_id")), page=args["page"], per_page=args["per_page"])
        return {**page, "items": [event_body(e) for e in page["items"]]}

    @allow("coordinator")
    @idempotent
    @api.arguments(EventWriteSchema)
    @api.response(201, EventSchema)
    def post(self, data):
        """An event: the centre's own (no programme), a programme's, or a cohort's"""
        return event_body(operations.create_event(current_uow(), data))


@api.route("/events/<int:event_id>")
class EventItem(MethodView):
    @allow("coordinator")
    @api.response(200, EventSchema)
    def get(self, event_id):
        """An event, with the seats given"""
        return event_body(operations.get_event(current_uow(), event_id))

    @allow("coordinator")
    @api.arguments(EventPatchSchema)
    @api.response(200, EventSchema)
    def patch(self, changes, event_id):
        """Correct an event; ``anonymous_attendees`` counts the people present who were never named"""
        return event_body(operations.update_event(current_uow(), event_id, changes))


@api.route("/events/<int:event_id>/registrations")
class Registrations(MethodView):
    @allow("coordinator")
    @api.arguments(RegistrationArgs, location="query")
    @api.response(200, RegistrationSchema(many=True))
    def get(self, args, event_id):
        """Who registered, in the order they came (the waiting list with places)"""
        uow = current_uow()
        operations.get_event(uow, event_id)
        rows = []
        for registration, person, place in operations.registrations(uow, event_id, args.get("status")):
            rows.append({"id": registration.id, "person_id": person.id, "full_name": person.full_name,
                         "organisation": person.organisation, "settlement": person.settlement, "status": registration.status,
                         "position": place, "checked_in_at": registration.checked_in_at,
                         "queued_at": registration.queued_at})
        return rows

    @allow(PUBLIC)
    @idempotent
    @api.arguments(RegistrationWriteSchema)
    @api.response(201, TicketSchema)
    def post(self, data, event_id):
        """Register, no account: a seat while there is one, else the waiting list with its place. The same phone or
        e-mail again answers the same registration. Closed, past or by-invitation events: 409 naming why; too many
        from one address: 429"""
        uow = current_uow()
        return ticket_body(uow, operations.register(uow, event_id, data, address=_address()))


@api.route("/events/<int:event_id>/registrations/<string:ticket>")
class RegistrationItem(MethodView):
    @allow(PUBLIC)
    @api.response(200, TicketSchema)
    def get(self, event_id, ticket):
        """A ticket's state (its holder's seat or place in the line)"""
        uow = current_uow()
        return ticket_body(uow, operations.by_ticket(uow, ticket, event_id))

    @allow(PUBLIC)
    @api.response(200, TicketSchema)
    def delete(self, event_id, ticket):
        """Cancel by the ticket: the first in the waiting list takes the seat at once"""
        uow = current_uow()
        return ticket_body(uow, operations.cancel(uow, event_id, ticket))


def _check_in(uow, event_id: int, data: dict):
    if data.get("ticket"):
        return operations.check_in(uow, event_id, ticket=data["ticket"])
    if data.get("registration_id"):
        return operations.check_in(uow, event_id, registration_id=data["registration_id"])
    if data.get("full_name"):
        return operations.walk_in(uow, event_id, data)
    raise invalid("ticket", N_("Scan a ticket, pick a name, or type a walk-in's name with a phone or e-mail."))


def _checked(registration) -> dict:
    return {"id": registration.id, "person_id": registration.person_id, "status": registration.status,
            "checked_in_at": registration.checked_in_at, "walk_in": registration.status == "walk_in"}


@api.route("/events/<int:event_id>/checkins")
class CheckIns(MethodView):
    @allow("coordinator")
    @idempotent
    @api.arguments(CheckInSchema)
    @api.response(201, CheckedInSchema)
    def post(self, data, event_id):
        """Check in a ticket (``{"ticket"}``), a registrant (``{"registration_id"}``) or a walk-in
        (``{"full_name","phone","email","organisation"}``, one person of the register)"""
        uow = current_uow()
        return _checked(_check_in(uow, event_id, data))


@api.route("/events/<int:event_id>/door-link")
class DoorLink(MethodView):
    @allow("coordinator")
    @api.response(201, DoorLinkSchema)
    def post(self, event_id):
        """A personal link for the door's volunteers (no account); a new one ends the old"""
        token = operations.make_door_link(current_uow(), event_id)
        return {"url": external_url(url_for("event_pages.door", token=token))}


@api.route("/door/<string:token>")
class Door(MethodView):
    @allow(PUBLIC)
    @api.arguments(DoorArgs, location="query")
    @api.response(200, DoorListSchema)
    def get(self, args, token):
        """The door's list (by its link): names, organisations, settlements and check-in state; never a phone or
        an e-mail in full. ``q``: any part of the name, the organisation or the phone"""
        uow = current_uow()
        event = operations.event_by_door(uow, token)
        return {"event": event_body(event), "registrants": operations.door_rows(uow, event.id, args.get("q"))}


@api.route("/door/<string:token>/checkins")
class DoorCheckIns(MethodView):
    @allow(PUBLIC)
    @idempotent
    @api.arguments(CheckInSchema)
    @api.response(201, CheckedInSchema)
    def post(self, data, token):
        """Check in at the door (by its link), as ``events/{id}/checkins``"""
        uow = current_uow()
        event = operations.event_by_door(uow, token)
        return _checked(_check_in(uow, event.id, data))


@api.route("/door/<string:token>/anonymous")
class DoorAnonymous(MethodView):
    @allow(PUBLIC)
    @api.arguments(AnonymousSchema)
    @api.response(200, AnonymousSchema)
    def put(self, data, token):
        """The count of people present who were never named"""
        uow = current_uow()
        event = operations.event_by_door(uow, token)
        return operations.set_anonymous(uow, event.id, data["anonymous_attendees"])
