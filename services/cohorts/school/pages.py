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
from shared.errors import UseCaseError
from shared.web.access import allow
from shared.web.boundary import current_uow
from shared.web.forms import apply_errors, refusal_text
from shared.web.idempotency import idempotent

pages = Blueprint("school_pages", __name__, url_prefix="/cohorts")


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
    rows = uow.session.execute(
        sa.select(SchoolSession).where(SchoolSession.cohort_id == cohort_id).order_by(SchoolSession.starts_at)
    ).scalars().all()
    counts = dict(
        uow.session.execute(
            sa.select(operations.Attendance.session_id, sa.func.count())
            .join(SchoolSession, SchoolSession.id == operations.Attendance.session_id)
            .where(SchoolSession.cohort_id == cohort_id)
            .group_by(operations.Attendance.session_id)
        ).all()
    )
    return render_template("school/sessions.html", cohort=cohort, sessions=rows, counts=counts, form=form), status


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
        operations.update_session(uow, session_id, data)
        flash(gettext("Saved."), "success")
        return redirect(url_for("school_pages.sessions", cohort_id=cohort.id), 303)
    else:
        status = 422
    return render_template("school/edit.html", form=form, session=session, cohort=cohort), status


def _tick_list(uow, session):
    participants = uow.session.execute(membership.participants(session.cohort_id)).mappings().all()
    present = set(operations.present_ids(uow, session.id))
    return participants, present


@pages.route("/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@allow("coordinator")
def attendance(session_id):
    """The tick-list. Works without JavaScript (a plain form) and, with it, offline (see attendance.js)."""
    uow = current_uow()
    session = operations.get_session(uow, session_id)
    cohort, _zone = _cohort_and_zone(uow, session.cohort_id)
    if request.method == "POST":
        wanted = [int(v) for v in request.form.getlist("person_ids") if v.isdigit()]
        try:
            operations.record_attendance(uow, session_id, wanted, account_id=g.principal.account_id, account_name=g.principal.name)
        except UseCaseError as exc:
            flash(refusal_text(exc), "error")
            return redirect(url_for("school_pages.attendance", session_id=session_id)), 303
        flash(gettext("Attendance saved: %(count)d present.", count=len(set(wanted))), "success")
        return redirect(url_for("school_pages.attendance", session_id=session_id), 303)
    participants, present = _tick_list(uow, session)
    changes = operations.history(uow, session_id)[:10]
    return render_template(
        "school/attendance.html", session=session, cohort=cohort, participants=participants, present=present, changes=changes
    )


@pages.route("/sessions/<int:session_id>/attendance.json", methods=["PUT"])
@allow("coordinator")
def attendance_json(session_id):
    """What the offline queue sends: the full list; a resend is harmless because it replaces."""
    data = request.get_json(silent=True) or {}
    ids = data.get("person_ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise UseCaseError(422, None, {"person_ids": ["Not a valid list."]})
    saved = operations.record_attendance(current_uow(), session_id, ids, account_id=g.principal.account_id, account_name=g.principal.name)
    return jsonify(person_ids=saved, message=gettext("Attendance saved: %(count)d present.", count=len(saved)))


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
