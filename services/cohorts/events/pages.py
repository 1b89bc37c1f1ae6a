"""Events' pages: the public registration form and ticket (no account, a slow phone at 360 px), the door (by its
personal link, working offline), and the coordinator's list of events with who registered."""
from __future__ import annotations

import io
import json

import segno
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField, URLField
from wtforms.validators import URL, DataRequired, Email, InputRequired, Length, NumberRange, Optional

from services.cohorts.events import operations, rules
from services.cohorts.programs.models import Program
from shared.db import utcnow
from shared.errors import UseCaseError
from shared.events.contracts import DEFAULT_TIMEZONE
from shared.hooks import Hook
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow
from shared.web.forms import apply_errors, refusal_text
from shared.web.idempotency import idempotent
from shared.web.urls import external_url

pages = Blueprint("event_pages", __name__, url_prefix="/cohorts", template_folder="templates")
# (uow, {programme id: name}) -> [(line id, label)]: the plan lines an event may carry out (the plan lists them)
plan_line_choices = Hook("the plan lines an event may carry out")
# (uow, event) -> (text, link label, url) or None: what another package says about an event on its page
event_notes = Hook("notes on an event's page")


class RegistrationForm(FlaskForm):
    idempotency_key = HiddenField()
    full_name = StringField(lazy_gettext("Your name"), validators=[DataRequired(), Length(min=2, max=300)])
    phone = StringField(lazy_gettext("Phone"), validators=[Optional(), Length(max=40)])
    email = StringField(lazy_gettext("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    organisation = StringField(lazy_gettext("Organisation"), validators=[Optional(), Length(max=300)])
    settlement = StringField(lazy_gettext("Settlement"), validators=[Optional(), Length(max=200)])
    consent = BooleanField(lazy_gettext("I agree to the processing of my personal data (Federal Law 152-FZ) for taking part in this event"),
                           validators=[InputRequired(message=lazy_gettext("Registration needs your consent to the processing of personal data."))])


class EventForm(FlaskForm):
    idempotency_key = HiddenField()
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=rules.TITLE_LENGTH)])
    kind = SelectField(lazy_gettext("Kind"), choices=[(k, lazy_gettext(rules.KIND_LABELS[k])) for k in rules.KINDS])
    starts_at = DateTimeLocalField(lazy_gettext("Starts"), validators=[InputRequired()])
    duration_minutes = IntegerField(lazy_gettext("Duration, minutes"), default=120,
                                    validators=[InputRequired(), NumberRange(min=1, max=rules.MAX_DURATION)])
    place = StringField(lazy_gettext("Place"), validators=[Optional(), Length(max=300)])
    capacity = IntegerField(lazy_gettext("Seats (empty: no limit)"), validators=[Optional(), NumberRange(min=1, max=100_000)])
    online_url = URLField(lazy_gettext("Online link"), validators=[Optional(), URL(), Length(max=500)])
    registration = SelectField(lazy_gettext("Registration"), choices=[
        ("open", lazy_gettext("Open to anyone")), ("invitation", lazy_gettext("By invitation")), ("closed", lazy_gettext("Closed"))])
    registration_closes_at = DateTimeLocalField(lazy_gettext("Registration closes (empty: when the event ends)"), validators=[Optional()])
    program_id = SelectField(lazy_gettext("Programme"), coerce=lambda v: int(v) if v else None, validators=[Optional()])
    plan_item_id = SelectField(lazy_gettext("Line of the plan it carries out"), coerce=lambda v: int(v) if v else None,
                               validators=[Optional()])


def _program_zone(uow, program_id) -> str:
    program = uow.session.get(Program, program_id) if program_id else None
    g.timezone = program.timezone if program else DEFAULT_TIMEZONE
    return g.timezone


def _qr(text: str, title: str) -> str:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False, title=title)
    return buffer.getvalue().decode()


@pages.route("/events/<int:event_id>/register", methods=["GET", "POST"])
@allow(PUBLIC)
@idempotent
def register(event_id):
    uow = current_uow()
    event = operations.get_event(uow, event_id)
    _program_zone(uow, event.program_id)
    form = RegistrationForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            data = {f: (form[f].data or None) for f in ("full_name", "phone", "email", "organisation", "settlement")}
            try:
                registration = operations.register(uow, event.id, {**data, "consent": form.consent.data is True},
                                                   address=(request.remote_addr or "unknown"))
            except UseCaseError as exc:
                status = apply_errors(form, exc)
            else:
                return redirect(url_for("event_pages.ticket", ticket=registration.ticket), 303)
        else:
            status = 422
    reason = rules.refusal(event.registration, event.closes_at, utcnow())
    full = event.capacity is not None and event.seats_taken >= event.capacity
    return render_template("events/register.html", event=event, form=form, reason=reason, full=full,
                           kind_label=gettext(rules.KIND_LABELS[event.kind])), status


@pages.route("/tickets/<string:ticket>")
@allow(PUBLIC)
def ticket(ticket):
    uow = current_uow()
    registration = operations.by_ticket(uow, ticket)
    event = operations.get_event(uow, registration.event_id)
    _program_zone(uow, event.program_id)
    url = external_url(url_for("event_pages.ticket", ticket=ticket))
    return render_template("events/ticket.html", event=event, registration=registration,
                           position=operations.position(uow, registration), qr=_qr(url, gettext("Ticket")),
                           kind_label=gettext(rules.KIND_LABELS[event.kind]))


class CancelForm(FlaskForm):
    pass


@pages.route("/tickets/<string:ticket>/cancel", methods=["POST"])
@allow(PUBLIC)
def cancel(ticket):
    uow = current_uow()
    registration = operations.by_ticket(uow, ticket)
    if not CancelForm().validate():
        abort(400)
    try:
        operations.cancel(uow, registration.event_id, ticket)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Your registration is cancelled. Thank you for freeing the seat."), "success")
    return redirect(url_for("event_pages.ticket", ticket=ticket), 303)


@pages.route("/door/<string:token>")
@allow(PUBLIC)
def door(token):
    uow = current_uow()
    event = operations.event_by_door(uow, token)
    _program_zone(uow, event.program_id)
    rows = operations.door_rows(uow, event.id)
    return render_template("events/door.html", event=event, token=token, rows=rows,
                           rows_json=json.dumps(rows, ensure_ascii=False),
                           checkin_url=url_for("centre_events.DoorCheckIns", token=token),
                           anonymous_url=url_for("centre_events.DoorAnonymous", token=token),
                           list_url=url_for("centre_events.Door", token=token))


@pages.route("/events", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def index():
    uow = current_uow()
    form = EventForm()
    programs = uow.session.query(Program).order_by(Program.starts_on.desc(), Program.id).all()
    form.program_id.choices = [("", gettext("The centre's own"))] + [(p.id, p.name) for p in programs]
    form.plan_item_id.choices = [("", gettext("None"))] + [
        choice for answer in plan_line_choices(uow, {p.id: p.name for p in programs}) for choice in answer]
    status = 200
    if request.method == "POST":
        if form.validate():
            zone = _program_zone(uow, form.program_id.data)
            from zoneinfo import ZoneInfo
            starts = form.starts_at.data.replace(tzinfo=ZoneInfo(zone))
            closes = form.registration_closes_at.data.replace(tzinfo=ZoneInfo(zone)) if form.registration_closes_at.data else None
            try:
                made = operations.create_event(uow, {
                    "title": form.title.data, "kind": form.kind.data, "starts_at": starts,
                    "duration_minutes": form.duration_minutes.data, "place": form.place.data or None,
                    "online_url": form.online_url.data or None, "registration": form.registration.data,
                    "registration_closes_at": closes, "capacity": form.capacity.data, "program_id": form.program_id.data,
                    "plan_item_id": form.plan_item_id.data})
            except UseCaseError as exc:
                status = apply_errors(form, exc)
            else:
                flash(gettext("Event added: %(title)s.", title=made.title), "success")
                return redirect(url_for("event_pages.show", event_id=made.id), 303)
        else:
            status = 422
    g.timezone = DEFAULT_TIMEZONE
    listed = uow.session.execute(operations.events()).scalars().all()
    return render_template("events/index.html", form=form, events=listed, labels=rules.KIND_LABELS), status


class DoorLinkForm(FlaskForm):
    pass


@pages.route("/events/<int:event_id>", methods=["GET", "POST"])
@allow("coordinator")
def show(event_id):
    uow = current_uow()
    event = operations.get_event(uow, event_id)
    _program_zone(uow, event.program_id)
    door_url = None
    if request.method == "POST":
        if not DoorLinkForm().validate():
            abort(400)
        door_url = external_url(url_for("event_pages.door", token=operations.make_door_link(uow, event.id)))
    rows = operations.registrations(uow, event.id)
    present = sum(1 for r, _p, _n in rows if r.checked_in_at is not None)
    notes = [note for note in event_notes(uow, event) if note]
    return render_template("events/show.html", event=event, rows=rows, door_url=door_url, present=present, notes=notes, door_form=DoorLinkForm(),
                           kind_label=gettext(rules.KIND_LABELS[event.kind]),
                           registration_url=external_url(url_for("event_pages.register", event_id=event.id)))
