"""Pledge pages: the desk (a coordinator's phone at the fair, a few seconds per pledge), the pledges followed until
received, each project's needs, and the board the projector shows."""
from __future__ import annotations

import uuid

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from services.fairs.fair import lookups
from services.fairs.pledges import operations, partners, reads, rules
from services.fairs.pledges.forms import ChangeForm, DeskForm, NeedForm
from services.fairs.pledges.models import Pledge
from services.fairs.zones import programme_zone
from shared.errors import UseCaseError
from shared.web.actor import current_actor
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import field_refusal, valid
from shared.web.idempotency import idempotent

pages = Blueprint("pledge_pages", __name__, url_prefix="/fairs", template_folder="templates")

KIND_LABELS = {"money": lazy_gettext("Money"), "in_kind": lazy_gettext("In kind")}
PARTNER_KINDS = {"business": lazy_gettext("a business"), "authority": lazy_gettext("an authority"),
                 "ngo": lazy_gettext("an NGO"), "person": lazy_gettext("a person")}
CHANGE_LABELS = {"recorded": lazy_gettext("recorded"), "status": lazy_gettext("status"), "amount": lazy_gettext("amount"),
                 "received_amount": lazy_gettext("received amount"), "description": lazy_gettext("description"),
                 "partner_id": lazy_gettext("partner (merged)"), "need_id": lazy_gettext("need"), "note": lazy_gettext("note")}
STATUS_LABELS = {"pledged": lazy_gettext("pledged"), "confirmed": lazy_gettext("confirmed"),
                 "received": lazy_gettext("received"), "withdrawn": lazy_gettext("withdrawn")}
DESK_RECENT = 10


def _in_programme_zone(uow, fair) -> None:
    """Times on these pages in the programme's zone (Flask-Babel reads it from ``g.timezone``)."""
    g.timezone = programme_zone(uow, fair.cohort_id)


@pages.route("/<int:fair_id>/pledge-desk", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def desk(fair_id):
    """Record a pledge as it is called out: the partner (chosen from the list as you type, or new), the project,
    money or in-kind help, a note. A phone on a bad network may send the form twice: its key records it once."""
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    errors, status, values = {}, 200, {}
    if request.method == "POST":
        values = request.form
        try:
            data = valid(DeskForm()).data_for_use_case()
            chosen = partners.desk_labels(uow).get((data["partner"] or "").strip())
            if chosen is not None:  # picked from the list: that partner, even among namesakes
                data["partner_id"] = chosen
            pledge = operations.record(uow, fair_id, data, current_actor())
        except UseCaseError as exc:
            errors, status = field_refusal(exc)
        else:
            shown = reads.describe(uow, [pledge])[0]
            flash(gettext("Recorded: %(partner)s, %(what)s for %(team)s.", partner=shown["partner"], team=shown["team_name"],
                          what=_what(shown)), "success")
            return redirect(url_for("pledge_pages.desk", fair_id=fair_id), 303)
    _in_programme_zone(uow, fair)
    lineup = lookups.lineup(uow, fair_id)
    names = {p["id"]: p["team_name"] for p in lineup}
    needs = [(n, names.get(n.pitch_id)) for n in operations.needs(uow, fair_id) if n.pitch_id in names]
    recent = reads.describe(uow, list(uow.session.execute(operations.listed(fair_id).limit(DESK_RECENT)).scalars()))
    known = list(partners.desk_labels(uow))
    refusal = rules.taking_refusal(fair.state)
    return render_template(
        "pledges/desk.html", fair=fair, lineup=lineup, needs=needs, recent=recent, known=known, errors=errors,
        values=values, key=uuid.uuid4().hex, kinds=KIND_LABELS, partner_kinds=PARTNER_KINDS, statuses=STATUS_LABELS,
        refusal=gettext(rules.REFUSALS.get(refusal, rules.REFUSALS["draft"])) if refusal else None, what=_what,
    ), status


def _what(p: dict) -> str:
    from shared.web.i18n import money

    if p["kind"] == "money":
        return money(p["amount"])
    return p["description"] + (f" ({money(p['amount'])})" if p["amount"] is not None else "")


@pages.route("/<int:fair_id>/pledges", methods=["GET"])
@allow("coordinator")
def pledges(fair_id):
    """Every pledge of the fair, to follow up: not yet received first (oldest first), then the rest."""
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    _in_programme_zone(uow, fair)
    outstanding = reads.describe(uow, list(uow.session.execute(operations.listed(fair_id, outstanding=True)).scalars()))
    done = reads.describe(uow, list(uow.session.execute(
        operations.listed(fair_id).where(Pledge.status.in_(("received", "withdrawn")))).scalars()))
    return render_template("pledges/pledges.html", fair=fair, outstanding=outstanding, done=done, statuses=STATUS_LABELS,
                           kinds=KIND_LABELS, what=_what, projects=reads.by_project(uow, fair_id),
                           partners=reads.by_partner(uow, fair_id), key=uuid.uuid4().hex, change_labels=CHANGE_LABELS,
                           histories=reads.histories(uow, [p["id"] for p in outstanding + done]))


@pages.route("/<int:fair_id>/pledges/<int:pledge_id>", methods=["POST"])
@allow("coordinator")
@idempotent
def change(fair_id, pledge_id):
    """One pledge's status forward, its received amount, its withdrawal, or a correction of its amount or
    description (those two with a reason)."""
    uow = current_uow()
    pledge = operations.get(uow, pledge_id)
    if pledge.fair_id != fair_id:
        raise UseCaseError(404)
    try:
        operations.change(uow, pledge_id, valid(ChangeForm()).data_for_use_case(), current_actor())
    except UseCaseError as exc:
        errors, _status = field_refusal(exc)
        for messages in errors.values():
            flash("; ".join(messages if isinstance(messages, list) else [messages]), "error")
    else:
        flash(gettext("Pledge %(id)s: %(status)s.", id=pledge_id, status=STATUS_LABELS[pledge.status]), "success")
    return redirect(url_for("pledge_pages.pledges", fair_id=fair_id) + f"#pledge-{pledge_id}", 303)


@pages.route("/<int:fair_id>/needs", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def needs(fair_id):
    """Each project's needs, entered before the fair: money, or in-kind items with their estimated value."""
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    errors, status, values = {}, 200, {}
    if request.method == "POST":
        values = request.form
        try:
            operations.add_need(uow, fair_id, valid(NeedForm()).data_for_use_case())
        except UseCaseError as exc:
            errors, status = field_refusal(exc)
        else:
            flash(gettext("Need added."), "success")
            return redirect(url_for("pledge_pages.needs", fair_id=fair_id), 303)
    return render_template("pledges/needs.html", fair=fair, lineup=lookups.lineup(uow, fair_id), projects=reads.by_project(uow, fair_id),
                           errors=errors, values=values, kinds=KIND_LABELS, key=uuid.uuid4().hex), status


@pages.route("/<int:fair_id>/pledge-board")
@allow("coordinator")
def board(fair_id):
    """The pledge board for the projector: large type, dark or light; it follows the pledges by itself."""
    from services.fairs.pledges.views import board_tag, board_view

    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    return render_template("pledges/board.html", fair=fair, view=board_view(uow, fair), tag=board_tag(uow, fair_id))
