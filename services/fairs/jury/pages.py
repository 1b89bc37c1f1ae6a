"""Pages: the coordinator's jury (jurors, their links and QR codes, flagged conflicts); the juror's personal link,
own sheets and the sheet form."""
from __future__ import annotations

import io

import segno
import sqlalchemy as sa
from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext

from services.fairs.fair import lookups
from services.fairs.fair import rules as fair_rules
from services.fairs.judging import rules as judging_rules
from services.fairs.jury import conflicts, links, operations, rules, sheets
from services.fairs.jury.consulted import flags, review
from services.fairs.jury.forms import JurorForm, ReviewForm, SheetForm
from services.fairs.jury.models import Conflict
from services.fairs.jury.views import link_url, seat
from shared import auth
from shared.errors import N_, UseCaseError
from shared.hooks import Hook
from shared.web.access import LINK, PUBLIC, allow
from shared.web.app import LINK_SESSION_KEY
from shared.web.boundary import current_uow, discard
from shared.web.errors import translate_messages
from shared.web.forms import refusal_text, valid
from shared.web.idempotency import idempotent

pages = Blueprint("jury_pages", __name__, url_prefix="/fairs", template_folder="templates")

STATE_LABELS = {k: lazy_gettext(v) for k, v in judging_rules.STATE_LABELS.items()}
TIE_BREAK_LABELS = {k: lazy_gettext(v) for k, v in fair_rules.TIE_BREAK_LABELS.items()}
STATE_TAGS = {judging_rules.NOT_STARTED: "tag-off", judging_rules.INCOMPLETE: "tag-warn", judging_rules.COMPLETE: "",
              judging_rules.RECUSED: "tag-off"}
RECUSAL_LABELS = {
    rules.CONSULTED: lazy_gettext("you consulted this team"),
    rules.MENTOR: lazy_gettext("you mentor this team"),
    rules.MEMBER: lazy_gettext("you are in this team"),
    rules.DECLARED: lazy_gettext("you declared a conflict of interest"),
}
# a scale up to this maximum is a row of buttons; above it, a number field
BUTTONS_UP_TO = 10
# (fair_id) -> a page or None: where a juror's personal link leads instead of their sheets (the stage registers its
# live page for the day)
juror_landing = Hook("where a juror's personal link leads")


@pages.route("/<int:fair_id>/jurors", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def jurors(fair_id):
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    status = 200
    if request.method == "POST":
        form = JurorForm()
        try:
            valid(form)
            operations.add_juror(uow, fair_id, form.account_id.data)
        except UseCaseError as exc:
            flash(refusal_text(exc), "error")
            status = exc.status
        else:
            flash(gettext("Juror added. Give them the personal link or let them scan the QR code."), "success")
            return redirect(url_for("jury_pages.jurors", fair_id=fair_id), 303)
    rows = operations.jurors(uow, fair_id)
    on_jury = {r["juror"].account_id for r in rows}
    accounts = operations.juror_candidates(uow)
    candidates = [a for a in accounts if a["id"] not in on_jury]
    links = {r["juror"].id: link_url(r["juror"]) for r in rows}
    return render_template(
        "jury/jurors.html", fair=fair, jurors=rows, links=links, candidates=candidates, any_accounts=bool(accounts),
        flags=_flags(uow, fair, rows),
    ), status


def _flags(uow, fair, rows) -> list[dict]:
    names = {r["juror"].id: r["name"] for r in rows}
    teams = {p["id"]: p["team_name"] for p in lookups.lineup(uow, fair.id)}
    return [{**f, "juror_name": names.get(f["juror_id"], ""), "team_name": teams.get(f["pitch_id"], "")} for f in flags(uow, fair)]


@pages.route("/<int:fair_id>/conflicts/review", methods=["POST"])
@allow("coordinator")
def review_flag(fair_id):
    """The chair confirms or clears a flagged conflict (a juror who consulted the team)."""
    uow = current_uow()
    fair = lookups.get_fair(uow, fair_id)
    form = ReviewForm()
    try:
        valid(form)
        review(uow, fair, form.juror_id.data, form.pitch_id.data, form.decision.data, g.principal.account_id)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
        discard()
    else:
        flash(gettext("Decision saved."), "success")
    return redirect(url_for("jury_pages.jurors", fair_id=fair_id) + "#flagged", 303)


@pages.route("/<int:fair_id>/jurors/<int:juror_id>/remove", methods=["POST"])
@allow("coordinator")
def remove_juror(fair_id, juror_id):
    operations.remove_juror(current_uow(), fair_id, juror_id)
    flash(gettext("Juror removed: their link no longer works."), "success")
    return redirect(url_for("jury_pages.jurors", fair_id=fair_id), 303)


@pages.route("/<int:fair_id>/jurors/<int:juror_id>/reissue", methods=["POST"])
@allow("coordinator")
def reissue_link(fair_id, juror_id):
    operations.reissue_link(current_uow(), fair_id, juror_id)
    flash(gettext("New link made: the old one no longer works."), "success")
    return redirect(url_for("jury_pages.jurors", fair_id=fair_id), 303)


@pages.route("/<int:fair_id>/jurors/<int:juror_id>/qr.svg")
@allow("coordinator")
def juror_qr(fair_id, juror_id):
    juror = operations.get_juror(current_uow(), fair_id, juror_id)
    buffer = io.BytesIO()
    segno.make(link_url(juror), error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, title=gettext("Personal link"))
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"  # a link is a credential
    return response


@pages.route("/j/<token>", methods=["GET", "POST"])
@allow(PUBLIC)
def open_link(token):
    """A juror's phone opens the personal link: it signs in for that juror at that fair, without an account.

    Someone already signed in with an account on this browser (a coordinator trying a link) is asked first:
    the link replaces their session only when they confirm (a POST with the form's token).
    """
    secret = current_app.extensions["rostok.runtime"].settings.secret_key
    try:
        principal = links.principal(secret, token)
    except auth.TokenError:
        return _link_refused(404)
    state = operations.link_state(current_uow(), principal)
    if state != "valid":
        return _link_refused(410 if state == "revoked" else 404)
    signed_in = g.get("principal")
    if request.method == "GET" and signed_in is not None and signed_in.via == "session":
        return render_template("jury/link_switch.html", name=signed_in.name, token=token,
                               juror=operations.link_name(current_uow().session, principal))
    language = session.get("lang")
    session.clear()  # whoever was signed in on this browser, it is now this juror's phone
    if language:
        session["lang"] = language
    session[LINK_SESSION_KEY] = token
    session.permanent = True
    fair_id = principal.scope["fair_id"]
    landing = next((url for url in juror_landing(fair_id) if url), None)  # the stage's live page on the day
    return redirect(landing or url_for("jury_pages.my_sheets", fair_id=fair_id), 303)


def _link_refused(status: int):
    session.pop(LINK_SESSION_KEY, None)
    return render_template("jury/link_refused.html", status=status), status


@pages.route("/<int:fair_id>/my-sheets")
@allow("juror", LINK)
def my_sheets(fair_id):
    uow = current_uow()
    juror_seat = seat(fair_id)
    fair = lookups.get_fair(uow, fair_id)
    rows = sheets.my_sheets(uow, juror_seat)
    done = sum(1 for r in rows if r["state"] in (judging_rules.COMPLETE, judging_rules.RECUSED))
    return render_template(
        "jury/my_sheets.html", fair=fair, rows=rows, done=done, states=STATE_LABELS, tags=STATE_TAGS, juror_id=juror_seat.juror.id,
        queue_texts=queue_texts(),
        recusals=RECUSAL_LABELS, criteria=lookups.criteria(uow, fair_id), tie_break_labels=TIE_BREAK_LABELS,
        refusal=_state_refusal(fair),
    )


def queue_texts() -> dict:
    """What the plain sheet and the juror's list say about sheets waiting on the phone (sheet-offline.js)."""
    return {
        "waiting": gettext("No network: the sheet waits on this phone and is sent when the network is back (%(n)s waiting)."),
        "sent": gettext("Sent."),
        "refused": gettext("Not accepted: %(label)s: %(reason)s"),
        "dismiss": gettext("Remove from the phone"),
    }


@pages.route("/<int:fair_id>/pitches/<int:pitch_id>/sheet", methods=["GET", "POST"])
@allow("juror", LINK)
@idempotent
def sheet(fair_id, pitch_id):
    uow = current_uow()
    juror_seat = seat(fair_id)
    fair = lookups.get_fair(uow, fair_id)
    pitch = next((p for p in lookups.lineup(uow, fair_id) if p["id"] == pitch_id), None)
    if pitch is None:
        raise UseCaseError(404, N_("No such pitch at this fair."))
    criteria = lookups.criteria(uow, fair_id)
    declared = uow.session.execute(
        sa.select(Conflict).where(Conflict.juror_id == juror_seat.juror.id, Conflict.pitch_id == pitch_id)
    ).scalar_one_or_none()
    form = SheetForm.for_criteria(criteria)
    errors: dict = {}
    status = 200
    if request.method == "POST":
        if not form.validate():
            errors, status = {"scores": form.score_errors(criteria), **{k: v for k, v in form.errors.items() if not k.startswith("score")}}, 422
        elif form.conflict.data:
            conflicts.declare_conflict(uow, juror_seat, pitch_id, form.conflict_reason.data)
            flash(gettext("Conflict of interest declared: you do not score this pitch."), "success")
            return redirect(url_for("jury_pages.my_sheets", fair_id=fair_id), 303)
        else:
            try:
                saved, withdrawn = conflicts.send_sheet(uow, juror_seat, pitch_id, form.scores(criteria), form.comment.data)
            except UseCaseError as exc:
                errors = translate_messages(exc.errors)
                if exc.status == 409:
                    flash(refusal_text(exc), "error")
                status = exc.status
            else:
                if withdrawn:
                    flash(gettext("Your declared conflict is withdrawn: you score this pitch."), "info")
                if saved["state"] == judging_rules.COMPLETE:
                    flash(gettext("Sheet saved: complete."), "success")
                else:
                    flash(gettext("Sheet saved: %(n)s of %(m)s criteria scored.", n=len(saved["scores"]), m=len(criteria)), "warning")
                return redirect(url_for("jury_pages.my_sheets", fair_id=fair_id) + f"#pitch-{pitch_id}", 303)
    current = sheets.own_sheet(uow, juror_seat, pitch_id)
    values = dict(current["scores"])
    comment = current["comment"]
    if request.method == "POST":  # what was sent, to correct
        values = {str(c.id): form[f"score_{c.id}"]._value() for c in criteria}
        comment = form.comment.data or ""
    return render_template(
        "jury/sheet.html", fair=fair, pitch=pitch, criteria=criteria, sheet=current, values=values, comment=comment,
        juror_id=juror_seat.juror.id, queue_texts=queue_texts(),
        errors=errors.get("scores", {}) if isinstance(errors.get("scores"), dict) else {}, other_errors=errors,
        recusal=RECUSAL_LABELS.get(current["recusal"]) if current["recusal"] != rules.DECLARED else None,
        declared=declared, buttons_up_to=BUTTONS_UP_TO, refusal=_state_refusal(fair),
    ), status


def _state_refusal(fair) -> str | None:
    """What the juror's pages say while the fair does not take sheets."""
    message = rules.SHEET_REFUSALS.get(fair.state)
    return gettext(message) if message else None
