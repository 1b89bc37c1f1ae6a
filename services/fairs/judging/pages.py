"""Pages: the coordinator's fairs, jury and lineup; the juror's personal link, own sheets and the sheet form."""
from __future__ import annotations

import io

import segno
import sqlalchemy as sa
from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext

from services.fairs.db import REPLICAS
from services.fairs.judging import operations, rules, sheets
from services.fairs.judging.models import Conflict
from services.fairs.judging.views import is_coordinator, link_url, seat
from services.fairs.setup import operations as life
from services.fairs.setup import rules as life_rules
from shared import auth
from shared.errors import UseCaseError
from shared.web.actor import current_actor
from shared.web.access import LINK, PUBLIC, allow
from shared.web.app import LINK_SESSION_KEY
from shared.web.boundary import current_uow, discard
from shared.web.errors import translate_messages
from shared.web.forms import refusal_text, refusal_with_reasons
from shared.web.idempotency import idempotent

pages = Blueprint("judging_pages", __name__, url_prefix="/fairs")

STATE_LABELS = {k: lazy_gettext(v) for k, v in rules.STATE_LABELS.items()}
FAIR_STATE_LABELS = {k: lazy_gettext(v) for k, v in life_rules.STATE_LABELS.items()}
TIE_BREAK_LABELS = {k: lazy_gettext(v) for k, v in life_rules.TIE_BREAK_LABELS.items()}
STATE_TAGS = {rules.NOT_STARTED: "tag-off", rules.INCOMPLETE: "tag-warn", rules.COMPLETE: "", rules.RECUSED: "tag-off"}
RECUSAL_LABELS = {
    rules.CONSULTED: lazy_gettext("you consulted this team"),
    rules.MENTOR: lazy_gettext("you mentor this team"),
    rules.MEMBER: lazy_gettext("you are in this team"),
    rules.DECLARED: lazy_gettext("you declared a conflict of interest"),
}
# a scale up to this maximum is a row of buttons; above it, a number field
BUTTONS_UP_TO = 10


def _cohorts(uow) -> list[tuple[int, str]]:
    c = REPLICAS.cohorts
    return [(r.id, r.name) for r in uow.session.execute(sa.select(c.c.id, c.c.name).order_by(c.c.id.desc()))]


@pages.route("/", methods=["GET", "POST"])
@allow("coordinator", "juror", LINK)
@idempotent
def home():
    """Coordinators: every fair, with its jury and lineup, and a new fair. Jurors: the fairs whose jury they sit on.

    A juror's personal link opens only its own fair: here it leads to that juror's sheets.
    """
    if g.principal.via == "link":
        if request.method != "GET":
            raise UseCaseError(403)
        return redirect(url_for("judging_pages.my_sheets", fair_id=g.principal.scope["fair_id"]), 303)
    uow = current_uow()
    coordinator = is_coordinator()
    errors, status, values = {}, 200, {}
    if request.method == "POST":
        if not coordinator:
            raise UseCaseError(403)
        values = request.form
        try:
            data = _fair_form(request.form)
            fair = operations.create_fair(uow, data)
        except UseCaseError as exc:
            errors, status = translate_messages(exc.errors), exc.status
            if exc.message and not errors:
                flash(translate_messages(exc.message), "error")
        else:
            flash(gettext("Fair created."), "success")
            return redirect(url_for("judging_pages.jurors", fair_id=fair.id), 303)
    fairs = operations.fairs_of(uow, None if coordinator else g.principal.account_id)
    counts = {}
    for fair in fairs:
        counts[fair.id] = (len(operations.lineup(uow, fair.id)), len(operations.jurors(uow, fair.id)))
    cohorts = dict(_cohorts(uow))
    return render_template(
        "judging/home.html", fairs=fairs, counts=counts, cohorts=cohorts, coordinator=coordinator,
        errors=errors, values=values,
    ), status


def _fair_form(form, *, with_cohort: bool = True) -> dict:
    """The fair form (new, or ``with_cohort=False`` to edit) as the API's data; field errors named like the API's."""
    import datetime as dt

    errors: dict[str, list] = {}
    data: dict = {"place": (form.get("place") or "").strip() or None}
    if data["place"] and len(data["place"]) > 300:
        errors["place"] = ["Longer than maximum length 300."]
    name = (form.get("name") or "").strip()
    if not name:
        errors["name"] = ["Missing data for required field."]
    elif len(name) > 300:
        errors["name"] = ["Longer than maximum length 300."]
    data["name"] = name
    if with_cohort:
        data["cohort_id"] = _id(form.get("cohort_id"))
        if data["cohort_id"] is None:
            errors["cohort_id"] = ["Missing data for required field."]
    raw_date = (form.get("held_on") or "").strip()
    try:
        data["held_on"] = dt.date.fromisoformat(raw_date)
    except ValueError:
        errors["held_on"] = ["Missing data for required field." if not raw_date else "Not a valid date."]
    for field, default in (("jury_weight", 1.0), ("audience_weight", 0.0)):
        try:
            data[field] = _number(form.get(field), default)
        except ValueError:
            errors[field] = ["Not a valid number."]
    if "audience_mode" in form:  # the formula's fields: a form without them (the new-fair form) keeps the defaults
        data["standardise"] = form.get("standardise") == "1"
        data["audience_mode"] = form.get("audience_mode") if form.get("audience_mode") in life_rules.AUDIENCE_MODES else "device"
    if "tie_break" in form:
        data["tie_breaks"] = [key for key in form.getlist("tie_break") if key][: len(life_rules.TIE_BREAKS) + 2]
        errors.update(life_rules.check_tie_breaks(data["tie_breaks"]))
    weights = rules.check_weights(*(None if f in errors else data[f] for f in ("jury_weight", "audience_weight")))
    errors.update({f: m for f, m in weights.items() if f not in errors})  # every field's message at once
    if errors:
        raise UseCaseError(422, None, errors)
    return data


def _number(raw, default=None) -> float:
    """A number as people type it here: «0,7» or «0.7», «1 000»; blank is ``default`` (None: required)."""
    text = "".join((raw or "").split()).replace(",", ".")
    if not text:
        if default is None:
            raise ValueError("missing")
        return default
    value = float(text)
    if value != value or abs(value) > 10**6:
        raise ValueError(text)
    return value


def _criterion_form(form) -> dict:
    """The criterion form as the API's data; field errors named like the API's."""
    errors: dict[str, list] = {}
    name = " ".join((form.get("name") or "").split())
    if not name:
        errors["name"] = ["Missing data for required field."]
    elif len(name) > 200:
        errors["name"] = ["Longer than maximum length 200."]
    data: dict = {"name": name}
    raw_weight = (form.get("weight") or "").strip()
    try:
        data["weight"] = _number(raw_weight)
    except ValueError:
        errors["weight"] = ["Missing data for required field." if not raw_weight else "Not a valid number."]
    raw_max = (form.get("max_score") or "").strip()
    try:
        data["max_score"] = int(raw_max)
        if abs(data["max_score"]) > 2**31 - 1:
            raise ValueError(raw_max)
    except ValueError:
        errors["max_score"] = ["Missing data for required field." if not raw_max else "Not a valid integer."]
    limits = rules.check_criterion(data.get("weight"), data.get("max_score"))
    errors.update({f: m for f, m in limits.items() if f not in errors})
    if errors:
        raise UseCaseError(422, None, errors)
    return data


def _form_refusal(exc: UseCaseError) -> tuple[dict, int]:
    """A refused form: nothing it staged is kept; field messages for the fields, anything else flashed."""
    errors = translate_messages(exc.errors or {})
    if exc.message and (exc.status == 409 or not errors):
        flash(refusal_with_reasons(exc), "error")  # the reasons too: the page may not show the fields they name
    discard()
    return errors, exc.status


def _id(raw) -> int | None:
    """A form's id as a number the columns can hold, else None."""
    try:
        value = int((raw or "").strip())
    except ValueError:
        return None
    return value if 1 <= value < 2**63 else None


@pages.route("/teams")
@allow("coordinator", "juror")
def teams():
    t = REPLICAS.teams
    rows = current_uow().session.execute(sa.select(t).where(t.c.archived.is_(False)).order_by(t.c.name)).mappings().all()
    return render_template("judging/teams.html", teams=rows, coordinator=is_coordinator())


# --- the coordinator's jury page ---------------------------------------------------------------------


@pages.route("/<int:fair_id>/jurors", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def jurors(fair_id):
    uow = current_uow()
    fair = operations.get_fair(uow, fair_id)
    status = 200
    if request.method == "POST":
        try:
            operations.add_juror(uow, fair_id, _id(request.form.get("account_id")) or 0)
        except UseCaseError as exc:
            flash(refusal_text(exc), "error")
            status = exc.status
        else:
            flash(gettext("Juror added. Give them the personal link or let them scan the QR code."), "success")
            return redirect(url_for("judging_pages.jurors", fair_id=fair_id), 303)
    rows = operations.jurors(uow, fair_id)
    on_jury = {r["juror"].account_id for r in rows}
    accounts = operations.juror_candidates(uow)
    candidates = [a for a in accounts if a["id"] not in on_jury]
    links = {r["juror"].id: link_url(r["juror"]) for r in rows}
    return render_template(
        "judging/jurors.html", fair=fair, jurors=rows, links=links, candidates=candidates, any_accounts=bool(accounts),
        flags=_flags(uow, fair, rows),
    ), status


def _flags(uow, fair, rows) -> list[dict]:
    from services.fairs.judging.consulted import flags

    names = {r["juror"].id: r["name"] for r in rows}
    teams = {p["id"]: p["team_name"] for p in operations.lineup(uow, fair.id)}
    return [{**f, "juror_name": names.get(f["juror_id"], ""), "team_name": teams.get(f["pitch_id"], "")} for f in flags(uow, fair)]


@pages.route("/<int:fair_id>/conflicts/review", methods=["POST"])
@allow("coordinator")
def review_flag(fair_id):
    """The chair confirms or clears a flagged conflict (a juror who consulted the team)."""
    from services.fairs.judging.consulted import review

    uow = current_uow()
    fair = operations.get_fair(uow, fair_id)
    try:
        review(uow, fair, _id(request.form.get("juror_id")) or 0, _id(request.form.get("pitch_id")) or 0,
               request.form.get("decision") or "", g.principal.account_id)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
        discard()
    else:
        flash(gettext("Decision saved."), "success")
    return redirect(url_for("judging_pages.jurors", fair_id=fair_id) + "#flagged", 303)


@pages.route("/<int:fair_id>/jurors/<int:juror_id>/remove", methods=["POST"])
@allow("coordinator")
def remove_juror(fair_id, juror_id):
    operations.remove_juror(current_uow(), fair_id, juror_id)
    flash(gettext("Juror removed: their link no longer works."), "success")
    return redirect(url_for("judging_pages.jurors", fair_id=fair_id), 303)


@pages.route("/<int:fair_id>/jurors/<int:juror_id>/reissue", methods=["POST"])
@allow("coordinator")
def reissue_link(fair_id, juror_id):
    operations.reissue_link(current_uow(), fair_id, juror_id)
    flash(gettext("New link made: the old one no longer works."), "success")
    return redirect(url_for("judging_pages.jurors", fair_id=fair_id), 303)


@pages.route("/<int:fair_id>/jurors/<int:juror_id>/qr.svg")
@allow("coordinator")
def juror_qr(fair_id, juror_id):
    juror = operations.get_juror(current_uow(), fair_id, juror_id)
    buffer = io.BytesIO()
    segno.make(link_url(juror), error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, title=gettext("Personal link"))
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"  # a link is a credential
    return response


# --- the coordinator's lineup page -------------------------------------------------------------------


@pages.route("/<int:fair_id>/lineup")
@allow("coordinator")
def lineup(fair_id):
    uow = current_uow()
    fair = operations.get_fair(uow, fair_id)
    return render_template(
        "judging/lineup.html", fair=fair, pitches=operations.lineup(uow, fair_id), criteria=operations.criteria(uow, fair_id),
        cohort=operations.cohort_name(uow, fair.cohort_id),
    )


@pages.route("/<int:fair_id>/pitches/<int:pitch_id>/move", methods=["POST"])
@allow("coordinator")
def move_pitch(fair_id, pitch_id):
    uow = current_uow()
    order = [p["id"] for p in operations.lineup(uow, fair_id)]
    if pitch_id in order:
        here = order.index(pitch_id) + 1
        target = here - 1 if request.form.get("direction") == "up" else here + 1
        try:
            operations.move_pitch(uow, fair_id, pitch_id, max(1, target))
        except UseCaseError as exc:
            _form_refusal(exc)
    return redirect(url_for("judging_pages.lineup", fair_id=fair_id) + f"#pitch-{pitch_id}", 303)


# --- the coordinator's fair settings: name, date, place, weights, criteria --------------------------


def _settings(fair_id: int, *, fair_errors=None, fair_values=None, criterion_errors=None, criterion_values=None, status=200,
              state_errors=None):
    from services.fairs.judging.consulted import pending_flags

    uow = current_uow()
    fair = operations.get_fair(uow, fair_id)
    return render_template(
        "judging/settings.html", fair=fair, criteria=operations.criteria(uow, fair_id),
        state_labels=FAIR_STATE_LABELS, tie_break_labels=TIE_BREAK_LABELS, tie_break_keys=life_rules.TIE_BREAKS,
        history=life.history(uow, fair_id), pending_flags=len(pending_flags(uow, fair)) if fair.state == "draft" else 0,
        state_errors=state_errors or {},
        scored=operations.scored_criteria(uow, fair_id), cohort=operations.cohort_name(uow, fair.cohort_id),
        fair_errors=fair_errors or {}, fair_values=fair_values, criterion_errors=criterion_errors or {},
        criterion_values=criterion_values or {}, max_criterion_score=rules.MAX_CRITERION_SCORE,
    ), status


@pages.route("/<int:fair_id>/settings", methods=["GET", "POST"])
@allow("coordinator")
def settings(fair_id):
    """The fair's name, date, place and weights; its criteria (added, corrected, deleted before they are scored)."""
    if request.method == "POST":
        uow = current_uow()
        operations.get_fair(uow, fair_id)
        try:
            operations.update_fair(uow, fair_id, _fair_form(request.form, with_cohort=False))
        except UseCaseError as exc:
            errors, status = _form_refusal(exc)
            return _settings(fair_id, fair_errors=errors, fair_values=request.form, status=status)
        flash(gettext("Fair saved."), "success")
        return redirect(url_for("judging_pages.settings", fair_id=fair_id), 303)
    return _settings(fair_id)


@pages.route("/<int:fair_id>/state", methods=["POST"])
@allow("coordinator")
def change_state(fair_id):
    """The chair opens the fair, closes scoring, or reopens it with a reason."""
    uow = current_uow()
    operations.get_fair(uow, fair_id)
    target = request.form.get("state") or ""
    try:
        if target not in life_rules.STATES:
            raise UseCaseError(422, None, {"state": ["Must be one of: draft, open, closed, published."]})
        life.change_state(uow, fair_id, target, current_actor(), (request.form.get("reason") or "")[:life_rules.REASON_LENGTH])
    except UseCaseError as exc:
        errors, status = _form_refusal(exc)
        if "reason" in errors or not exc.message:
            return _settings(fair_id, state_errors=errors, status=status)
        return redirect(url_for("judging_pages.settings", fair_id=fair_id) + "#state", 303)
    flash(gettext("The fair's state: %(state)s.", state=FAIR_STATE_LABELS[target]), "success")
    return redirect(url_for("judging_pages.settings", fair_id=fair_id) + "#state", 303)


@pages.route("/<int:fair_id>/voting", methods=["POST"])
@allow("coordinator")
def change_voting(fair_id):
    """The chair closes or reopens the audience vote."""
    uow = current_uow()
    operations.get_fair(uow, fair_id)
    try:
        fair = life.set_voting(uow, fair_id, request.form.get("voting_open") == "1", current_actor())
    except UseCaseError as exc:
        _form_refusal(exc)
    else:
        flash(gettext("The audience vote is open.") if fair.voting_open else gettext("The audience vote is closed."), "success")
    return redirect(url_for("judging_pages.settings", fair_id=fair_id) + "#state", 303)


@pages.route("/<int:fair_id>/criteria", methods=["POST"])
@allow("coordinator")
@idempotent
def add_criterion(fair_id):
    uow = current_uow()
    operations.get_fair(uow, fair_id)
    try:
        criterion = operations.add_criterion(uow, fair_id, _criterion_form(request.form))
    except UseCaseError as exc:
        errors, status = _form_refusal(exc)
        return _settings(fair_id, criterion_errors=errors, criterion_values=request.form, status=status)
    flash(gettext("Criterion added: %(name)s.", name=criterion.name), "success")
    return redirect(url_for("judging_pages.settings", fair_id=fair_id) + "#criteria", 303)


@pages.route("/<int:fair_id>/criteria/<int:criterion_id>", methods=["GET", "POST"])
@allow("coordinator")
def edit_criterion(fair_id, criterion_id):
    uow = current_uow()
    fair = operations.get_fair(uow, fair_id)
    criterion = operations.get_criterion(uow, fair_id, criterion_id)
    errors, status, values = {}, 200, None
    if request.method == "POST":
        try:
            operations.update_criterion(uow, fair_id, criterion_id, _criterion_form(request.form))
        except UseCaseError as exc:
            errors, status = _form_refusal(exc)
            values = request.form
        else:
            flash(gettext("Criterion saved."), "success")
            return redirect(url_for("judging_pages.settings", fair_id=fair_id) + f"#criterion-{criterion_id}", 303)
    return render_template(
        "judging/criterion.html", fair=fair, criterion=criterion, scored=criterion_id in operations.scored_criteria(uow, fair_id),
        errors=errors, values=values, max_criterion_score=rules.MAX_CRITERION_SCORE,
    ), status


@pages.route("/<int:fair_id>/criteria/<int:criterion_id>/delete", methods=["POST"])
@allow("coordinator")
def delete_criterion(fair_id, criterion_id):
    uow = current_uow()
    criterion = operations.get_criterion(uow, fair_id, criterion_id)
    name = criterion.name
    try:
        operations.delete_criterion(uow, fair_id, criterion_id)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
        return redirect(url_for("judging_pages.settings", fair_id=fair_id) + f"#criterion-{criterion_id}", 303)
    flash(gettext("Criterion deleted: %(name)s.", name=name), "success")
    return redirect(url_for("judging_pages.settings", fair_id=fair_id) + "#criteria", 303)


# --- the juror's personal link -----------------------------------------------------------------------


@pages.route("/fairs/<int:fair_id>/<path:rest>", methods=["GET", "POST"])
@allow(PUBLIC)
def old_address(fair_id, rest):
    """A fair's pages were once under /fairs/fairs/<id>/…: a bookmark, a link in a letter or an open tab still lands
    on the page (308 keeps a form's method and body; the page itself checks who may use it)."""
    target = request.path.replace("/fairs/fairs/", "/fairs/", 1)
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, 308)


@pages.route("/j/<token>", methods=["GET", "POST"])
@allow(PUBLIC)
def open_link(token):
    """A juror's phone opens the personal link: it signs in for that juror at that fair, without an account.

    Someone already signed in with an account on this browser (a coordinator trying a link) is asked first:
    the link replaces their session only when they confirm (a POST with the form's token).
    """
    secret = current_app.extensions["rostok.runtime"].settings.secret_key
    try:
        principal = auth.verify_link(secret, token)
    except auth.TokenError:
        return _link_refused(404)
    state = operations.link_state(current_uow(), principal)
    if state != "valid":
        return _link_refused(410 if state == "revoked" else 404)
    signed_in = g.get("principal")
    if request.method == "GET" and signed_in is not None and signed_in.via == "session":
        return render_template("judging/link_switch.html", name=signed_in.name, token=token,
                               juror=operations.link_name(current_uow().session, principal))
    language = session.get("lang")
    session.clear()  # whoever was signed in on this browser, it is now this juror's phone
    if language:
        session["lang"] = language
    session[LINK_SESSION_KEY] = token
    session.permanent = True
    return redirect(current_app.extensions["fairs.juror_landing"](principal.scope["fair_id"]), 303)  # the live page on the day


def _link_refused(status: int):
    session.pop(LINK_SESSION_KEY, None)
    return render_template("judging/link_refused.html", status=status), status


# --- the juror's own sheets --------------------------------------------------------------------------


@pages.route("/<int:fair_id>/my-sheets")
@allow("juror", LINK)
def my_sheets(fair_id):
    uow = current_uow()
    juror_seat = seat(fair_id)
    fair = operations.get_fair(uow, fair_id)
    rows = sheets.my_sheets(uow, juror_seat)
    done = sum(1 for r in rows if r["state"] in (rules.COMPLETE, rules.RECUSED))
    return render_template(
        "judging/my_sheets.html", fair=fair, rows=rows, done=done, states=STATE_LABELS, tags=STATE_TAGS, juror_id=juror_seat.juror.id,
        queue_texts=queue_texts(),
        recusals=RECUSAL_LABELS, criteria=operations.criteria(uow, fair_id), tie_break_labels=TIE_BREAK_LABELS,
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
    fair = operations.get_fair(uow, fair_id)
    pitch = next((p for p in operations.lineup(uow, fair_id) if p["id"] == pitch_id), None)
    if pitch is None:
        raise UseCaseError(404, "No such pitch at this fair.")
    criteria = operations.criteria(uow, fair_id)
    declared = uow.session.execute(
        sa.select(Conflict).where(Conflict.juror_id == juror_seat.juror.id, Conflict.pitch_id == pitch_id)
    ).scalar_one_or_none()
    errors: dict = {}
    status = 200
    if request.method == "POST":
        if request.form.get("conflict"):
            operations.declare_conflict(uow, juror_seat, pitch_id, request.form.get("conflict_reason", "")[:1000])
            flash(gettext("Conflict of interest declared: you do not score this pitch."), "success")
            return redirect(url_for("judging_pages.my_sheets", fair_id=fair_id), 303)
        scores, errors = _scores_from(request.form, criteria)
        if not errors:
            try:
                saved, withdrawn = sheets.send_sheet(uow, juror_seat, pitch_id, scores, request.form.get("comment"))
            except UseCaseError as exc:
                errors = translate_messages(exc.errors)
                if exc.status == 409:
                    flash(refusal_text(exc), "error")
                status = exc.status
            else:
                if withdrawn:
                    flash(gettext("Your declared conflict is withdrawn: you score this pitch."), "info")
                if saved["state"] == rules.COMPLETE:
                    flash(gettext("Sheet saved: complete."), "success")
                else:
                    flash(gettext("Sheet saved: %(n)s of %(m)s criteria scored.", n=len(saved["scores"]), m=len(criteria)), "warning")
                return redirect(url_for("judging_pages.my_sheets", fair_id=fair_id) + f"#pitch-{pitch_id}", 303)
        else:
            status = 422
    current = sheets.own_sheet(uow, juror_seat, pitch_id)
    values = dict(current["scores"])
    comment = current["comment"]
    if request.method == "POST":  # what was sent, to correct
        values = {str(c.id): request.form.get(f"score-{c.id}", "") for c in criteria}
        comment = request.form.get("comment", "")
    return render_template(
        "judging/sheet.html", fair=fair, pitch=pitch, criteria=criteria, sheet=current, values=values, comment=comment,
        juror_id=juror_seat.juror.id, queue_texts=queue_texts(),
        errors=errors.get("scores", {}) if isinstance(errors.get("scores"), dict) else {}, other_errors=errors,
        recusal=RECUSAL_LABELS.get(current["recusal"]) if current["recusal"] != rules.DECLARED else None,
        declared=declared, buttons_up_to=BUTTONS_UP_TO, refusal=_state_refusal(fair),
    ), status


def _state_refusal(fair) -> str | None:
    """What the juror's pages say while the fair does not take sheets."""
    message = rules.SHEET_REFUSALS.get(fair.state)
    return gettext(message) if message else None


def _scores_from(form, criteria) -> tuple[dict, dict]:
    """The form's score fields (``score-<criterion id>``): blank is not scored yet; the rest go to the use case."""
    scores, errors = {}, {}
    for c in criteria:
        raw = (form.get(f"score-{c.id}") or "").strip()
        if not raw:
            continue
        try:
            scores[str(c.id)] = int(raw)
        except ValueError:
            errors[str(c.id)] = [translate_messages("Not a valid integer.")]
    return scores, ({"scores": errors} if errors else {})
