"""School pages: sessions of a cohort, the attendance tick-list for a phone, the printable sign-in sheet."""
from __future__ import annotations

import datetime as dt
import zoneinfo

import sqlalchemy as sa
from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from services.cohorts.membership import queries as membership
from services.cohorts.programs.models import Cohort, Program
from services.cohorts.school import operations
from services.cohorts.school.models import SchoolSession
from shared.errors import N_, UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.errors import translate_messages
from shared.web.forms import IdList, Number, apply_errors, refusal_text, valid
from shared.web.idempotency import idempotent
from shared.web.pagination import paginate

pages = Blueprint("school_pages", __name__, url_prefix="/cohorts")
PER_PAGE = 30


class SessionForm(FlaskForm):
    idempotency_key = HiddenField()
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=300)])
    starts_at = DateTimeLocalField(lazy_gettext("Starts at"), validators=[DataRequired()], format="%Y-%m-%dT%H:%M")
    duration_minutes = IntegerField(lazy_gettext("Duration, minutes"), validators=[DataRequired(), NumberRange(min=1, max=1440)])
    place = StringField(lazy_gettext("Place"), validators=[Optional(), Length(max=300)])
    trainer = StringField(lazy_gettext("Trainer"), validators=[Optional(), Length(max=300)])


def _cohort_and_zone(uow, cohort_id: int):
    row = uow.session.execute(
        sa.select(Cohort, Program.timezone).join(Program, Program.id == Cohort.program_id).where(Cohort.id == cohort_id)
    ).first()
    if row is None:
        abort(404)
    g.timezone = row.timezone  # dates on the page in the programme's time zone
    return row.Cohort, zoneinfo.ZoneInfo(row.timezone)


@pages.route("/cohorts/<int:cohort_id>/sessions", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def sessions(cohort_id):
    uow = current_uow()
    cohort, zone = _cohort_and_zone(uow, cohort_id)
    form = SessionForm()
    status = 200
    if form.validate_on_submit():
        data = {
            "title": form.title.data,
            "starts_at": form.starts_at.data.replace(tzinfo=zone).astimezone(dt.timezone.utc),
            "duration_minutes": form.duration_minutes.data,
            "place": form.place.data or None,
            "trainer": form.trainer.data or None,
        }
        try:
            session = operations.create_session(uow, cohort_id, data)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Session “%(title)s” planned.", title=session.title), "success")
            return redirect(url_for("school_pages.sessions", cohort_id=cohort_id))
    elif request.method == "POST":
        status = 422
    page = min(max(1, request.args.get("page", 1, type=int)), 10_000)
    result = paginate(
        uow.session, sa.select(SchoolSession).where(SchoolSession.cohort_id == cohort_id).order_by(SchoolSession.starts_at, SchoolSession.id),
        page=page, per_page=PER_PAGE,
    )
    counts = dict(
        uow.session.execute(
            sa.select(operations.Attendance.session_id, sa.func.count())
            .join(SchoolSession, SchoolSession.id == operations.Attendance.session_id)
            .where(SchoolSession.cohort_id == cohort_id)
            .group_by(operations.Attendance.session_id)
        ).all()
    )
    return render_template("school/sessions.html", cohort=cohort, sessions=result["items"], result=result, counts=counts, form=form), status


@pages.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@allow("coordinator")
def edit(session_id):
    uow = current_uow()
    session = operations.get_session(uow, session_id)
    cohort, zone = _cohort_and_zone(uow, session.cohort_id)
    form = SessionForm(obj=session)
    status = 200
    if request.method == "GET":
        form.starts_at.data = session.starts_at.astimezone(zone).replace(tzinfo=None)
    elif form.validate_on_submit():
        data = {
            "title": form.title.data,
            "starts_at": form.starts_at.data.replace(tzinfo=zone).astimezone(dt.timezone.utc),
            "duration_minutes": form.duration_minutes.data,
            "place": form.place.data or None,
            "trainer": form.trainer.data or None,
        }
        try:
            operations.update_session(uow, session_id, data)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for("school_pages.sessions", cohort_id=cohort.id), 303)
    else:
        status = 422
    return render_template("school/edit.html", form=form, session=session, cohort=cohort), status


@pages.route("/sessions/<int:session_id>/cancel", methods=["POST"])
@allow("coordinator")
def cancel(session_id):
    uow = current_uow()
    session = operations.get_session(uow, session_id)
    cohort_id, title = session.cohort_id, session.title
    try:
        operations.cancel_session(uow, session_id)
    except UseCaseError as exc:
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Session “%(title)s” cancelled.", title=title), "success")
    return redirect(url_for("school_pages.sessions", cohort_id=cohort_id), 303)


def _tick_list(uow, session):
    participants = uow.session.execute(membership.participants(session.cohort_id)).mappings().all()
    present = set(operations.present_ids(uow, session.id))
    return participants, present


class AttendanceForm(FlaskForm):
    """The tick-list as a plain form: the people present, and the version of the list the page showed."""

    person_ids = IdList()
    base_version = Number(integer=True, validators=[Optional(), NumberRange(min=0, max=2**31 - 1)])


@pages.route("/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@allow("coordinator")
def attendance(session_id):
    """The tick-list. Works without JavaScript (a plain form) and, with it, offline (see offline-list.js)."""
    uow = current_uow()
    session = operations.get_session(uow, session_id)
    cohort, _zone = _cohort_and_zone(uow, session.cohort_id)
    if request.method == "POST":
        form = AttendanceForm()
        wanted = form.person_ids.data or []
        try:
            valid(form)
            operations.record_attendance(uow, session_id, wanted, account_id=g.principal.account_id, account_name=g.principal.name,
                                         base_version=form.base_version.data)
        except UseCaseError as exc:
            flash(gettext("Not saved.") + " " + refusal_text(exc), "error")
            return redirect(url_for("school_pages.attendance", session_id=session_id), 303)
        flash(gettext("Attendance saved: %(count)d present.", count=len(set(wanted))), "success")
        return redirect(url_for("school_pages.attendance", session_id=session_id), 303)
    participants, present = _tick_list(uow, session)
    changes = operations.history_rows(uow, session_id, limit=10)
    return render_template(
        "school/attendance.html", session=session, cohort=cohort, participants=participants, present=present, changes=changes
    )


def _json_error(status: int, message, errors: dict | None = None, **extra):
    body = {"message": translate_messages(message) if message else gettext("Not saved."), "errors": translate_messages(errors or {}), **extra}
    return jsonify(body), status


@pages.route("/sessions/<int:session_id>/attendance.json", methods=["PUT"])
@allow("coordinator")
def attendance_json(session_id):
    """What the offline queue sends: ``{"person_ids": [...], "base_version": n}``, the full list.

    Always answers JSON, refusals included (``{"message", "errors", ...}``), so
    the page can tell a list to drop (4xx: show it, stop retrying) from a
    network to wait for.
    """
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _json_error(400, N_("Invalid JSON body."), {"person_ids": [N_("Not a valid list.")]})
    ids = data.get("person_ids")
    base_version = data.get("base_version")
    errors = {}
    if not isinstance(ids, list) or not all(type(i) is int and 0 < i < 2**63 for i in ids):
        errors["person_ids"] = [N_("Not a valid list.")]
    if base_version is not None and (type(base_version) is not int or not 0 <= base_version < 2**31):
        errors["base_version"] = [N_("Not a valid integer.")]
    if errors:
        return _json_error(422, None, errors)
    uow = current_uow()
    try:
        saved = operations.record_attendance(uow, session_id, ids, account_id=g.principal.account_id, account_name=g.principal.name,
                                             base_version=base_version)
        version = operations.get_session(uow, session_id).version
    except UseCaseError as exc:
        return _json_error(exc.status, exc.message, exc.errors, **exc.extra)
    except sa.exc.SQLAlchemyError:
        uow.rollback()
        return _json_error(409, N_("The list could not be saved: reload the page."))
    return jsonify(person_ids=saved, version=version, message=gettext("Attendance saved: %(count)d present.", count=len(saved)))


@pages.route("/sessions/<int:session_id>/sheet")
@allow("coordinator")
def sheet(session_id):
    """The sign-in sheet ("лист регистрации") to print and have signed."""
    uow = current_uow()
    session = operations.get_session(uow, session_id)
    cohort, _zone = _cohort_and_zone(uow, session.cohort_id)
    participants, present = _tick_list(uow, session)
    program = uow.session.get(Program, cohort.program_id)
    return render_template("school/sheet.html", session=session, cohort=cohort, program=program, participants=participants, present=present)


def event_note(uow, event):
    """On the page of an event that is a school session: where its people are marked."""
    session_id = uow.session.execute(sa.select(SchoolSession.id).where(SchoolSession.event_id == event.id)).scalar()
    if session_id is None:
        return None
    return (gettext("A session of the cohort's school: its people are marked on the attendance list."), gettext("Attendance"),
            url_for("school_pages.attendance", session_id=session_id))
