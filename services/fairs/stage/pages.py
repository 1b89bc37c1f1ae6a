"""Stage pages: the chair's console, the projector, the juror's live phone page."""
from __future__ import annotations

import datetime as dt
import re

import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field, HiddenField, StringField, ValidationError
from wtforms.validators import Length, NumberRange, Optional

from services.fairs.audience.views import presence_secret
from services.fairs.audience.views import vote_url as audience_vote_url
from services.fairs.fair import lookups
from services.fairs.fair.rules import TIE_BREAK_LABELS
from services.fairs.jury.pages import BUTTONS_UP_TO
from services.fairs.jury.rules import RECUSAL_LABELS
from services.fairs.jury.views import seat
from services.fairs.stage import chair, operations, rules
from shared.db import utcnow
from shared.errors import UseCaseError
from shared.web.access import LINK, allow
from shared.web.actor import current_actor
from shared.web.boundary import current_uow
from shared.web.errors import translate_messages
from shared.web.forms import IdField, Number, refusal_with_reasons, valid
from shared.web.idempotency import idempotent

ANCHOR = re.compile(r"[a-z][a-z0-9-]{0,40}")

pages = Blueprint("stage_pages", __name__, url_prefix="/fairs", template_folder="templates")


class Moment(Field):
    """A moment the console wrote into the form: ISO 8601 with its offset."""

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if raw:
            try:
                value = dt.datetime.fromisoformat(raw)
            except ValueError:
                value = None
            if value is None or value.tzinfo is None:
                raise ValueError(lazy_gettext("Not a valid date and time."))
            self.data = value


class Action(StringField):
    def pre_validate(self, form):
        if self.data not in chair.ACTIONS:
            raise ValidationError(lazy_gettext("Unknown action."))


class ConsoleForm(FlaskForm):
    """Every button of the chair's console: the action, and the values the button carries."""

    action = Action()
    version = Number(integer=True, validators=[Optional(), NumberRange(min=0, max=2**31 - 1)])
    pitch_id = IdField()
    sheet_id = IdField()
    planned_minutes = Number(integer=True, validators=[Optional(), NumberRange(min=0, max=24 * 60)])
    reason = StringField(validators=[Optional(), Length(max=1000)])
    address = StringField(validators=[Optional(), Length(max=64)])
    since = Moment()
    until = Moment()
    back = HiddenField()


def _state_labels() -> dict:
    return {k: gettext(v) for k, v in rules.STATE_LABELS.items()}


@pages.route("/<int:fair_id>/console", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def console(fair_id):
    """The chair runs the fair from here: every button a form (it works without JavaScript); the page refreshes
    itself when the stage, the sheets or the votes change."""
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    if request.method == "POST":
        form = ConsoleForm()
        try:
            message = chair.run(uow, fair_id, valid(form).data, current_actor(), now=utcnow())
        except UseCaseError as exc:
            flash(refusal_with_reasons(exc), "error")  # what the use case staged is dropped
        else:
            if message:
                flash(translate_messages(message), "success")
        anchor = form.back.data or ""  # back to the part of the console the button was in
        return redirect(url_for("stage_pages.console", fair_id=fair_id) + (f"#{anchor}" if ANCHOR.fullmatch(anchor) else ""), 303)
    view = operations.console_view(uow, fair_id, now=utcnow())
    return render_template(
        "stage/console.html", fair=fair, view=view, clock=rules.minutes_seconds, state_labels=_state_labels(),
        recusal_labels={k: gettext(v) for k, v in RECUSAL_LABELS.items()},
        tag=operations.fingerprint(uow, fair_id, now=utcnow(), audience="console"),
    )


@pages.route("/<int:fair_id>/projector")
@allow("coordinator")
def projector(fair_id):
    """The hall's screen: full screen, large type, dark or light; it follows the stage by itself."""
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    now = utcnow()
    view = operations.hall_view(uow, fair_id, now=now, presence_secret=presence_secret())
    vote_url = audience_vote_url(fair_id)  # on the configured public address, never the request's Host
    # the QR code carries the hall's code of the minute: scanning it fills the code in
    qr = segno.make(audience_vote_url(fair_id, code=view.get("presence")), error="m").svg_inline(
        scale=1, border=2, omitsize=True, light="#fff", dark="#000")
    return render_template(
        "stage/projector.html", fair=fair, view=view, vote_url=vote_url, qr=Markup(qr),
        tag=operations.fingerprint(uow, fair_id, now=now, audience="hall"),
    )


def live_or_none(fair_id: int) -> str | None:
    """Where a juror's personal link leads: the live page while the fair is open (it follows the stage as soon as
    the chair runs it, so a link scanned before the first pitch needs no second scan); else None (their sheets)."""
    uow = current_uow()
    if lookups.get_fair(uow, fair_id).state == "open" or operations.get_stage(uow, fair_id) is not None:
        return url_for("stage_pages.live", fair_id=fair_id)
    return None


@pages.route("/<int:fair_id>/live")
@allow("juror", LINK)
def live(fair_id):
    """The juror's phone on the fair day: the sheet of the pitch on stage, by itself; sheets kept on the phone
    until sent."""
    uow = current_uow()
    juror_seat = seat(fair_id)
    fair = lookups.get_fair(uow, fair_id)
    return render_template(
        "stage/live.html", fair=fair, data=operations.live_page(uow, juror_seat, now=utcnow()),
        buttons_up_to=BUTTONS_UP_TO, tie_breaks=_tie_breaks(fair),
    )


def _tie_breaks(fair) -> list[str]:
    return [gettext(TIE_BREAK_LABELS[key]) if key in TIE_BREAK_LABELS else key for key in (fair.tie_breaks or [])]
