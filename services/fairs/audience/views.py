"""The audience vote: the public page (no sign-in, one vote per phone or per ticket), its API, tickets for the chair."""
from __future__ import annotations

import hashlib
import io
import uuid

import segno
from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, url_for
from flask.views import MethodView
from flask_babel import gettext, lazy_gettext
from shared.web.blueprint import Blueprint as ApiBlueprint
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from services.fairs.audience import operations, rules
from services.fairs.audience.schemas import (BurstSchema, TicketSchema, TicketsInSchema, VoteCountSchema,
    VoteInSchema, VoteSchema)
from services.fairs.fair import lookups
from services.fairs.listing import page_of
from shared.db import is_sqlite
from shared.errors import N_, UseCaseError
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow, discard
from shared.web.errors import translate_messages
from shared.web.forms import IdField, Number, valid
from shared.web.idempotency import idempotent
from shared.web.pagination import PageArgs, page_schema
from shared.web.urls import external_url

api = ApiBlueprint("audience", __name__, url_prefix="/fairs/api/v1", description="The audience vote and its tickets")
pages = Blueprint("audience_pages", __name__, url_prefix="/fairs", template_folder="templates")

VOTER_COOKIE = "rostok_voter"
VOTER_AGE = 60 * 60 * 24 * 30


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.extensions["rostok.runtime"].settings.secret_key, salt="rostok-voter")


def device() -> str | None:
    """The phone's identity from its signed cookie (set when it opened the vote page), or None."""
    raw = request.cookies.get(VOTER_COOKIE)
    if not raw:
        return None
    try:
        value = _signer().loads(raw)
    except BadSignature:
        return None
    return value if isinstance(value, str) and len(value) == 32 else None


def _address() -> str:
    return (request.remote_addr or "unknown")[:64]


def _slowed(fair_id: int) -> None:
    """Over the limit for this address: 429 with Retry-After (the attempt is counted all the same).

    The attempt commits on its own, before the vote, so that refused attempts count too (wrong ticket codes tried
    one after another are slowed like any other burst). Callers run it before the request's own unit of work
    touches the database: SQLite takes one writer at a time, and a request already holding it would wait on itself.
    Only when it does hold it (not the case in this module's views) does the attempt go with the request.
    """
    runtime = current_app.extensions["rostok.runtime"]
    request_uow = g.get("_uow")
    if is_sqlite(runtime.engine) and request_uow is not None and request_uow.session.in_transaction():
        wait = operations.note_attempt(request_uow.session, fair_id, _address())
    else:
        with runtime.session_factory() as session, session.begin():
            wait = operations.note_attempt(session, fair_id, _address())
    if wait is not None:
        message = N_("Too many votes from this network: wait a minute and try again.")
        raise UseCaseError(429, message, {"pitch_id": [message]}, retry_after=wait)


def vote_url(fair_id: int, ticket: str | None = None, code: str | None = None) -> str:
    return external_url(url_for("audience_pages.vote", fair_id=fair_id, ticket=ticket, code=code))


def presence_secret() -> bytes:
    """The key of the hall's presence codes: derived from the service secret, never the secret itself."""
    return hashlib.sha256(b"rostok presence codes\0" + current_app.config["SECRET_KEY"].encode()).digest()


def _ticket_body(fair_id: int, t: dict) -> dict:
    return {**t, "vote_url": vote_url(fair_id, t["pretty"])}


@api.route("/fairs/<int:fair_id>/tickets")
class Tickets(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(TicketSchema))
    def get(self, args, fair_id):
        """The fair's ticket codes, each marked used once it has voted"""
        return page_of([_ticket_body(fair_id, t) for t in operations.tickets(current_uow(), fair_id)], args)

    @allow("coordinator")
    @idempotent
    @api.arguments(TicketsInSchema)
    @api.response(201, page_schema(TicketSchema))
    def post(self, data, fair_id):
        """Issue ``count`` new ticket codes (each votes once, in ticket mode); answers the new codes"""
        made = operations.issue_tickets(current_uow(), fair_id, data["count"])
        items = [_ticket_body(fair_id, {"code": t.code, "pretty": rules.pretty_code(t.code), "used": False}) for t in made]
        return {"items": items, "total": len(items), "page": 1, "per_page": len(items)}


@api.route("/fairs/<int:fair_id>/votes")
class Votes(MethodView):
    @allow(PUBLIC)
    @api.arguments(VoteInSchema)
    @api.response(200, VoteSchema)
    def post(self, data, fair_id):
        """Vote: ``{"pitch_id"}`` from a phone that opened the vote page (changeable until voting closes), or
        ``{"pitch_id", "ticket"}`` in ticket mode (a ticket votes once). Too many from one address: 429 with Retry-After."""
        _slowed(fair_id)
        return operations.cast_vote(current_uow(), fair_id, data["pitch_id"], device=device(), ticket=data.get("ticket"),
                                    address=_address(), presence=data.get("presence"), presence_secret=presence_secret())


@api.route("/fairs/<int:fair_id>/vote-counts")
class VoteCounts(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(VoteCountSchema))
    def get(self, args, fair_id):
        """Votes per pitch of the lineup (coordinators; the hall sees them only when the chair shows them)"""
        uow = current_uow()
        counts = operations.vote_counts(uow, fair_id)
        return page_of([{"pitch_id": p["id"], "votes": counts.get(p["id"], 0)} for p in lookups.lineup(uow, fair_id)], args)


@api.route("/fairs/<int:fair_id>/vote-bursts")
class VoteBursts(MethodView):
    @allow("coordinator")
    @api.arguments(PageArgs, location="query")
    @api.response(200, page_schema(BurstSchema))
    def get(self, args, fair_id):
        """Addresses that sent a burst of votes (15 or more within a minute), with how many were slowed"""
        uow = current_uow()
        lookups.get_fair(uow, fair_id)
        return page_of(operations.vote_bursts(uow, fair_id), args)


# --- pages -------------------------------------------------------------------------------------------


class VoteForm(FlaskForm):
    """The public vote: the project chosen, and the ticket's code or the hall's presence code when the fair asks."""

    pitch_id = IdField(validators=[InputRequired(lazy_gettext("Choose a project."))])
    ticket = StringField(validators=[Optional(), Length(max=40)])
    presence = StringField(validators=[Optional(), Length(max=40)])


class TicketsForm(FlaskForm):
    count = Number(integer=True, validators=[InputRequired(), NumberRange(min=0, max=2**31 - 1)])  # the use case names the limit


@pages.route("/<int:fair_id>/vote", methods=["GET", "POST"])
@allow(PUBLIC)
def vote(fair_id):
    """The public vote page, phone-sized: the lineup, one vote. Counts are never shown here."""
    slowed = None
    if request.method == "POST":
        try:
            _slowed(fair_id)  # first, in its own transaction (see there)
        except UseCaseError as exc:
            slowed = exc
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    me = device()
    if fair.state == "draft":  # nothing of the fair before it opens: not its name, not its lineup
        page = render_template("audience/not_open.html", fair_id=fair_id)
        return _as_voter(current_app.make_response((page, 409 if request.method == "POST" else 200)), fair, me)
    errors, status = {}, 200
    form = VoteForm(formdata=None)
    ticket = rules.clean_code(request.values.get("ticket"))
    if request.method == "POST":
        form = VoteForm()
        try:
            if slowed is not None:
                raise slowed
            valid(form)
            operations.cast_vote(uow, fair_id, form.pitch_id.data, device=me, ticket=form.ticket.data, address=_address(),
                                 presence=form.presence.data, presence_secret=presence_secret())
        except UseCaseError as exc:
            discard()
            errors, status = translate_messages(exc.errors or {}), exc.status
            if exc.message and not errors:
                flash(translate_messages(exc.message), "error")
        else:
            flash(gettext("Thank you: your vote is counted."), "success")
            return redirect(url_for("audience_pages.vote", fair_id=fair_id, ticket=rules.pretty_code(ticket) if ticket else None,
                                    code=rules.clean_presence(form.presence.data) or None), 303)
    why = rules.refusal(fair.state, fair.voting_open)
    response = current_app.make_response((render_template(
        "audience/vote.html", fair=fair, pitches=lookups.lineup(uow, fair_id), mine=operations.my_vote(uow, fair_id, me),
        ticket=rules.pretty_code(ticket) if ticket else "", errors=errors,
        presence=rules.clean_presence(request.values.get("presence") or request.args.get("code")),
        chosen=form.pitch_id.data if errors else None,  # a refused vote keeps the choice
        refusal=gettext(rules.REFUSALS[why]) if why else None,
    ), status))
    return _as_voter(response, fair, me)


def _as_voter(response, fair, me):
    """The phone gets its voter cookie on its first visit (before the fair opens too), and no page is cached."""
    if me is None and fair.audience_mode == "device":
        response.set_cookie(VOTER_COOKIE, _signer().dumps(uuid.uuid4().hex), max_age=VOTER_AGE, path="/fairs",
                            httponly=True, samesite="Lax", secure=request.is_secure)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@pages.route("/<int:fair_id>/vote/qr.svg")
@allow(PUBLIC)
def vote_qr(fair_id):
    """The vote page as a QR code (the projector shows it)."""
    lookups.get_fair(current_uow(), fair_id)
    code = rules.clean_presence(request.args.get("code"))[:rules.PRESENCE_DIGITS] or None  # the projector's code, scanned with the vote
    buffer = io.BytesIO()
    segno.make(vote_url(fair_id, code=code), error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=False, title=gettext("Vote"))
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=60"})


@pages.route("/<int:fair_id>/tickets", methods=["GET", "POST"])
@allow("coordinator")
def tickets_page(fair_id):
    """Ticket codes to print, each with a QR code that opens the vote page with the code filled in."""
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    if request.method == "POST":
        form = TicketsForm()
        try:
            made = operations.issue_tickets(uow, fair_id, form.count.data if form.validate() else 0)
        except UseCaseError as exc:
            discard()
            flash("; ".join(m for v in translate_messages(exc.errors).values() for m in v) or translate_messages(exc.message), "error")
        else:
            flash(gettext("Tickets issued: %(n)s.", n=len(made)), "success")
        return redirect(url_for("audience_pages.tickets_page", fair_id=fair_id), 303)
    rows = []
    for t in operations.tickets(uow, fair_id):
        buffer = io.BytesIO()
        segno.make(vote_url(fair_id, t["pretty"]), error="m").save(buffer, kind="svg", scale=3, border=1, xmldecl=False)
        rows.append({**t, "svg": buffer.getvalue().decode()})
    return render_template("audience/tickets.html", fair=fair, tickets=rows, max_tickets=rules.MAX_TICKETS)
