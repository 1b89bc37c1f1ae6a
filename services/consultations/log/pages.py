"""Mentors' pages: home (schedule, next steps, quiet teams, hours), the one-screen phone form, a team's timeline."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import format_datetime, gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, HiddenField, IntegerField, RadioField, SelectField,
    SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from services.consultations.db import REPLICAS
from services.consultations.log import operations, queries, rules
from services.consultations.log.models import Consultation, ConsultationTeam, Topic
from shared.errors import UseCaseError
from shared.web.access import allow
from shared.web.actor import current_actor
from shared.web.boundary import current_uow
from shared.web.errors import translate_messages
from shared.web.forms import Choice, apply_errors, refusal_text, valid
from shared.web.idempotency import idempotent
from shared.web.redirects import local_path

pages = Blueprint("consultation_pages", __name__, url_prefix="/consultations")

SCRIPT = Path(__file__).parent / "static" / "consultation-form.js"
KIND_LABELS = {"individual": lazy_gettext("Individual"), "group": lazy_gettext("Group"), "webinar": lazy_gettext("Webinar")}
STATUS_LABELS = {"planned": lazy_gettext("planned"), "held": lazy_gettext("held"), "cancelled": lazy_gettext("cancelled")}
FIELD_LABELS = {
    "kind": lazy_gettext("Kind"),
    "status": lazy_gettext("Status"),
    "started_at": lazy_gettext("When"),
    "duration_minutes": lazy_gettext("Duration"),
    "cohort_id": lazy_gettext("Cohort"),
    "team_ids": lazy_gettext("Teams"),
    "attendee_ids": lazy_gettext("Who took part"),
    "anonymous_attendees": lazy_gettext("Anonymous listeners"),
    "topics": lazy_gettext("Topics"),
    "notes": lazy_gettext("Notes"),
    "mentor_account_id": lazy_gettext("Mentor"),
    "next_steps": lazy_gettext("Next steps"),
}
ACTION_LABELS = {
    "logged": lazy_gettext("logged"),
    "amended": lazy_gettext("amended"),
    "cancelled": lazy_gettext("cancelled"),
    "step_closed": lazy_gettext("closed a next step"),
    "step_opened": lazy_gettext("reopened a next step"),
}
QUIET_DAYS = 14


class Checks(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):  # choices are offered, not enforced: the use case checks
        pass


class ConsultationForm(FlaskForm):
    idempotency_key = HiddenField()
    cohort_id = SelectField(lazy_gettext("Cohort"), coerce=int, validate_choice=False)
    kind = RadioField(lazy_gettext("Kind"), choices=list(KIND_LABELS.items()), default="individual", validators=[DataRequired()])
    team_ids = Checks(lazy_gettext("Teams"), coerce=int)
    started_at = DateTimeLocalField(lazy_gettext("When"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    # the range (positive, at most 8 hours) is the rules' to say, with their messages
    duration_minutes = IntegerField(lazy_gettext("Duration, minutes"), validators=[InputRequired()])
    took_place = BooleanField(lazy_gettext("It took place"))
    attendee_ids = Checks(lazy_gettext("Who took part"), coerce=int)
    anonymous_attendees = IntegerField(lazy_gettext("Anonymous listeners (webinar)"), default=0, validators=[Optional()])
    topics = Checks(lazy_gettext("Topics"))
    new_topics = StringField(lazy_gettext("Other topics, comma-separated"), validators=[Optional(), Length(max=500)])
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=10000)])
    online_url = StringField(lazy_gettext("Online meeting link"), validators=[Optional(), Length(max=500)])
    step_text = StringField(lazy_gettext("Next step"), validators=[Optional(), Length(max=500)])
    step_owner = StringField(lazy_gettext("Who does it"), validators=[Optional(), Length(max=200)])
    step_due = DateField(lazy_gettext("By when"), validators=[Optional()])


def _zone(uow, cohort_id: int | None):
    tz = queries.cohort_zones(uow.session).get(cohort_id) if cohort_id is not None else None
    zone = rules.zone(tz)
    g.timezone = zone.key
    return zone


def _cohorts(uow) -> list[tuple[int, str]]:
    """Cohorts to choose from: those the replica knows, and any a team names that it does not know yet."""
    c, t = REPLICAS.cohorts, REPLICAS.teams
    rows = [(r.id, r.name) for r in uow.session.execute(sa.select(c.c.id, c.c.name).order_by(c.c.id.desc()))]
    known = {i for i, _ in rows}
    for cohort_id in uow.session.execute(sa.select(t.c.cohort_id).distinct()).scalars():
        if cohort_id not in known:
            rows.append((cohort_id, f"#{cohort_id}"))
    return rows


def _chosen_cohort(uow, account_id: int, cohorts, *, current: int | None = None) -> int | None:
    """The cohort a form is for: asked for, the consultation's, the mentor's last, the mentor's teams', the newest."""
    ids = [i for i, _ in cohorts]
    asked = request.values.get("cohort_id", type=int) or request.args.get("cohort", type=int)
    for candidate in (asked, current):
        if candidate in ids:
            return candidate
    last = uow.session.execute(
        sa.select(Consultation.cohort_id).where(Consultation.mentor_account_id == account_id)
        .order_by(Consultation.created_at.desc()).limit(1)
    ).scalar_one_or_none()
    m = REPLICAS.mentors
    assigned = uow.session.execute(
        sa.select(m.c.cohort_id).where(m.c.account_id == account_id, m.c.active).order_by(m.c.team_id).limit(1)
    ).scalar_one_or_none()
    for candidate in (last, assigned):
        if candidate in ids:
            return candidate
    return ids[0] if ids else None


def _own_teams(uow, account_id: int, cohort_id: int | None) -> list[int]:
    """The teams a mentor looks after in a cohort."""
    m = REPLICAS.mentors
    return uow.session.execute(
        sa.select(m.c.team_id).where(m.c.account_id == account_id, m.c.active, m.c.cohort_id == cohort_id).order_by(m.c.team_id)
    ).scalars().all()


def _choices(uow, form: ConsultationForm, cohort_id: int | None, cohorts, account_id: int | None = None) -> dict:
    s = uow.session
    form.cohort_id.choices = cohorts
    t = REPLICAS.teams
    teams = s.execute(
        sa.select(t).where(t.c.archived.is_(False), t.c.cohort_id == cohort_id).order_by(t.c.name)
    ).mappings().all() if cohort_id is not None else []
    # the mentor's own teams first, then the others, each part alphabetically
    own = set(_own_teams(uow, account_id, cohort_id)) if account_id is not None else set()
    teams = sorted(teams, key=lambda row: row["id"] not in own)
    form.team_ids.choices = [(row["id"], row["name"]) for row in teams]
    # the cohort's participants, each once, with the teams they are in; erased and merged people are not offered
    p, people, m = REPLICAS.participants, REPLICAS.people, REPLICAS.members
    rows = s.execute(
        sa.select(p.c.person_id, people.c.full_name, m.c.team_id)
        .join(people, people.c.id == p.c.person_id)
        .outerjoin(m, sa.and_(m.c.person_id == p.c.person_id, m.c.cohort_id == p.c.cohort_id, m.c.active))
        .where(p.c.cohort_id == cohort_id, p.c.active, people.c.merged_into_id.is_(None), people.c.erased.is_(False))
    ).mappings().all() if cohort_id is not None else []
    members: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    for r in rows:
        names[r["person_id"]] = r["full_name"]
        team_set = members.setdefault(r["person_id"], set())
        if r["team_id"] is not None:
            team_set.add(r["team_id"])
    # team members first (alphabetically), then the people without a team
    order = sorted(names, key=lambda pid: (not members[pid], names[pid].casefold().replace("ё", "е")))
    form.attendee_ids.choices = [(pid, names[pid]) for pid in order]
    used = [tp.name for tp in s.execute(sa.select(Topic).where(Topic.uses > 0).order_by(Topic.uses.desc(), Topic.name).limit(12)).scalars()]
    # values are the stored names (a starter topic's message id), labels in the reader's language
    keys = {rules.normalise_topic(rules.clean_topic(u)) for u in used}
    names_ = used + [x for x in rules.STARTER_TOPICS if rules.normalise_topic(x) not in keys]
    form.topics.choices = [(n, gettext(n)) for n in names_]
    return {"teams": teams, "own": own, "members": {pid: sorted(ts) for pid, ts in members.items()}}


def _durations(uow, account_id: int) -> dict[str, int]:
    """The usual duration of each kind: the mentor's last one of that kind, else the kind's default."""
    durations = dict(rules.DEFAULT_MINUTES)
    for kind in rules.DEFAULT_MINUTES:
        last = uow.session.execute(
            sa.select(Consultation.duration_minutes)
            .where(Consultation.mentor_account_id == account_id, Consultation.kind == kind, Consultation.status != "cancelled")
            .order_by(Consultation.created_at.desc()).limit(1)
        ).scalar_one_or_none()
        if last:
            durations[kind] = last
    return durations


def _default_teams(uow, account_id: int, cohort_id: int | None) -> list[int]:
    """The mentor's team when they look after exactly one in this cohort; otherwise none, never the last one
    used (after a webinar with other teams that would tick a team the mentor does not look after)."""
    own = _own_teams(uow, account_id, cohort_id)
    return own if len(own) == 1 else []


def _quiet_days() -> int:
    days = request.args.get("quiet_days", type=int)
    return days if days is not None and 1 <= days <= 365 else QUIET_DAYS


@pages.route("/")
@allow("coordinator", "mentor")
def home():
    uow = current_uow()
    summary = queries.mentor_summary(uow, g.principal.account_id, quiet_days=_quiet_days())
    g.timezone = rules.zone(summary["timezone"]).key
    t = REPLICAS.teams
    teams = uow.session.execute(sa.select(t).where(t.c.archived.is_(False)).order_by(t.c.name)).mappings().all()
    planned_teams = {c.id: [] for c in summary["planned"]}
    if planned_teams:
        for cid, name in uow.session.execute(
            sa.select(ConsultationTeam.consultation_id, t.c.name).join(t, t.c.id == ConsultationTeam.team_id)
            .where(ConsultationTeam.consultation_id.in_(planned_teams)).order_by(t.c.name)
        ):
            planned_teams[cid].append(name)
    coordinator = g.principal.has("coordinator")
    latest = queries.recent(uow.session, mentor_account_id=None if coordinator else g.principal.account_id)
    # each consultation in its own programme's time zone: a coordinator's list spans programmes
    zones = queries.cohort_zones(uow.session)
    return render_template("log/home.html", s=summary, teams=teams, kinds=KIND_LABELS, planned_teams=planned_teams,
                           latest=latest, everyone=coordinator, statuses=STATUS_LABELS, zones=zones, queue_texts=queue_texts())


@pages.route("/form.js")
@allow("coordinator", "mentor")
def form_script():
    return send_file(SCRIPT, mimetype="text/javascript", max_age=3600)


def queue_texts() -> dict:
    """What the offline queue says on the page, in the reader's language (filled in by the script)."""
    return {
        "offline": gettext("No network: the consultation is kept on this phone and waits to be sent (%(n)d). It goes by itself when the network is back."),
        "waiting": gettext("Waiting to send (%(n)d)…"),
        "sent": gettext("Sent: the consultation is saved."),
        "refused": gettext("Not accepted: %(label)s — %(reason)s"),
        "dismiss": gettext("Dismiss"),
    }


def _utc_offset(zone) -> str:
    """The zone's offset now as +HH:MM: the offline form turns its local time into a moment with it."""
    raw = dt.datetime.now(zone).strftime("%z")
    return f"{raw[:3]}:{raw[3:]}"


def _render_form(uow, form, lists, *, consultation=None, mode=None, durations=None, status=200, zone=None):
    history = _history(uow, consultation.id) if consultation is not None else []
    return render_template(
        "log/form.html", form=form, kinds=KIND_LABELS, members=lists["members"], own_teams=lists["own"], consultation=consultation,
        history=history, mode=mode, durations=durations or {}, queue_texts=queue_texts(),
        utc_offset=_utc_offset(zone or rules.zone(None)),
    ), status


@pages.route("/new", methods=["GET", "POST"])
@allow("coordinator", "mentor")
@idempotent
def new():
    uow = current_uow()
    account_id = g.principal.account_id
    form = ConsultationForm()
    cohorts = _cohorts(uow)
    cohort_id = _chosen_cohort(uow, account_id, cohorts)
    lists = _choices(uow, form, cohort_id, cohorts, account_id)
    zone = _zone(uow, cohort_id)
    durations = _durations(uow, account_id)
    status = 200
    if request.method == "GET":
        form.cohort_id.data = cohort_id
        form.team_ids.data = _default_teams(uow, account_id, cohort_id)
        form.duration_minutes.data = durations[form.kind.data or "individual"]
        form.started_at.data = dt.datetime.now(zone).replace(second=0, microsecond=0, tzinfo=None)
    elif form.validate_on_submit():
        data = _form_data(form, zone)
        data["next_steps"] = _step(form)
        try:
            c = operations.log_consultation(uow, current_actor(), data)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Consultation saved.") if c.status == "held" else gettext("Consultation planned."), "success")
            return redirect(url_for("consultation_pages.home"), 303)
    else:
        status = 422
        _rule_errors_too(form)
    return _render_form(uow, form, lists, durations=durations, status=status, zone=zone)


def _rule_errors_too(form: ConsultationForm) -> None:
    """The form's own checks failed: show the rules' verdict on the fields that did parse as well,
    so that a mentor fixes everything in one round, not one message at a time."""
    duration = form.duration_minutes.data
    if not isinstance(duration, int) or form.duration_minutes.errors:
        return
    anonymous = form.anonymous_attendees.data if isinstance(form.anonymous_attendees.data, int) else 0
    verdict = rules.check(form.kind.data or "individual", duration, anonymous, list(form.team_ids.data or []))
    for name, messages in translate_messages(verdict).items():
        field = getattr(form, name, None)
        if field is not None and not field.errors:
            field.errors = list(field.errors or []) + list(messages)


def _step(form: ConsultationForm) -> list[dict]:
    if not (form.step_text.data or "").strip():
        return []
    return [{"text": form.step_text.data.strip(), "owner": (form.step_owner.data or "").strip() or None, "due_on": form.step_due.data}]


def _form_data(form: ConsultationForm, zone) -> dict:
    topics = list(form.topics.data or []) + [x.strip() for x in (form.new_topics.data or "").split(",") if x.strip()]
    return {
        "kind": form.kind.data,
        "cohort_id": form.cohort_id.data,
        "team_ids": form.team_ids.data or [],
        "started_at": form.started_at.data.replace(tzinfo=zone).astimezone(dt.timezone.utc),
        "duration_minutes": form.duration_minutes.data,
        "attendee_ids": form.attendee_ids.data or [],
        "anonymous_attendees": form.anonymous_attendees.data or 0,
        "topics": topics,
        "notes": form.notes.data or None,
        "online_url": (form.online_url.data or "").strip() or None,
    }


@pages.route("/<int:cid>/edit", methods=["GET", "POST"])
@allow("coordinator", "mentor")
def edit(cid):
    """Amend a consultation (mentors their own, coordinators all); every change goes to its history.

    ``?mode=hold`` is "it took place": a planned consultation gets its real attendees, duration and notes and
    becomes held on save.
    """
    uow = current_uow()
    c = operations.get(uow, cid)
    operations.check_editable(c, current_actor())
    if c.cohort_id is None:
        return _edit_walk_in(uow, c)
    mode = "hold" if request.values.get("mode") == "hold" and c.status == "planned" else None
    form = ConsultationForm()
    cohorts = _cohorts(uow)
    if c.cohort_id not in {i for i, _ in cohorts}:
        cohorts.append((c.cohort_id, f"#{c.cohort_id}"))  # never move a consultation by not knowing its cohort
    cohort_id = _chosen_cohort(uow, g.principal.account_id, cohorts, current=c.cohort_id)
    lists = _choices(uow, form, cohort_id, cohorts, c.mentor_account_id)
    zone = _zone(uow, cohort_id)
    current_attendees = operations.attendee_ids(uow, c.id)
    status = 200
    if request.method == "GET":
        form.cohort_id.data = cohort_id
        form.kind.data = c.kind
        form.team_ids.data = operations.team_ids(uow, c.id) if cohort_id == c.cohort_id else []
        form.started_at.data = c.started_at.astimezone(zone).replace(tzinfo=None)
        form.duration_minutes.data = c.duration_minutes
        form.attendee_ids.data = current_attendees
        form.anonymous_attendees.data = c.anonymous_attendees
        form.took_place.data = mode == "hold"
        current = operations.topic_names(uow, c.id)
        form.topics.choices = [(n, gettext(n)) for n in dict.fromkeys(current + [v for v, _ in form.topics.choices])]
        form.topics.data = current
        form.notes.data = c.notes
        form.online_url.data = c.online_url
    elif form.validate_on_submit():
        changes = _form_data(form, zone)
        changes = rules.amendment_from_form(
            changes, started_at=c.started_at, status=c.status, cohort_id=c.cohort_id, attendees=current_attendees,
            offered={pid for pid, _ in form.attendee_ids.choices}, took_place=bool(form.took_place.data))
        steps = _step(form)
        if steps:
            changes["next_steps"] = steps
        try:
            operations.amend(uow, current_actor(), cid, changes)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Marked as held.") if changes.get("status") == "held" else gettext("Saved."), "success")
            return redirect(url_for("consultation_pages.home"), 303)
    else:
        status = 422
        _rule_errors_too(form)
    return _render_form(uow, form, lists, consultation=c, mode=mode, durations=_durations(uow, c.mentor_account_id), status=status, zone=zone)


class WalkInForm(FlaskForm):
    """The centre's own consultation (people who walked in): when, how long, the topics and notes."""
    started_at = DateTimeLocalField(lazy_gettext("When"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    duration_minutes = IntegerField(lazy_gettext("Duration, minutes"), validators=[InputRequired()])
    topics = StringField(lazy_gettext("Topics, comma-separated"), validators=[Optional(), Length(max=500)])
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=10000)])


class VisitorForm(WalkInForm):
    """The front desk: someone outside any cohort walked in. One visitor, in the fields the desk asks, and the
    consultation's own (as its edit form has them)."""
    idempotency_key = HiddenField()
    full_name = StringField(lazy_gettext("Visitor's name"), validators=[DataRequired(), Length(min=2, max=300)])
    contact = StringField(lazy_gettext("Phone or e-mail"), validators=[DataRequired(), Length(max=254)])
    organisation = StringField(lazy_gettext("Organisation"), validators=[Optional(), Length(max=300)])
    duration_minutes = IntegerField(lazy_gettext("Duration, minutes"), default=30, validators=[InputRequired()])


@pages.route("/walk-in", methods=["GET", "POST"])
@allow("coordinator", "mentor")
@idempotent
def walk_in():
    """A consultation for someone outside any cohort, typed at the desk: they become one person of the register
    through cohorts (matched by phone or e-mail), and the consultation shows them once the answer lands."""
    uow = current_uow()
    zone = _zone(uow, None)
    form = VisitorForm()
    status = 200
    if request.method == "GET":
        form.started_at.data = dt.datetime.now(zone).replace(second=0, microsecond=0, tzinfo=None)
    elif form.validate_on_submit():
        contact = form.contact.data.strip()
        visitor = {"full_name": form.full_name.data.strip(), "organisation": form.organisation.data or None,
                   **({"email": contact} if "@" in contact else {"phone": contact})}
        data = {"kind": "individual", "started_at": form.started_at.data.replace(tzinfo=zone),
                "duration_minutes": form.duration_minutes.data, "notes": form.notes.data or None, "visitors": [visitor],
                "topics": [t.strip() for t in (form.topics.data or "").split(",") if t.strip()]}
        try:
            c = operations.log_consultation(uow, current_actor(), data)
        except UseCaseError as exc:
            if exc.errors and "visitors" in exc.errors:
                exc.errors = {**exc.errors, "contact": exc.errors.pop("visitors")}
            status = apply_errors(form, exc)
        else:
            flash(gettext("Consultation saved: %(name)s will be found or added in the register.", name=visitor["full_name"]), "success")
            return redirect(url_for("consultation_pages.edit", cid=c.id), 303)
    else:
        status = 422
    return render_template("log/walk_in_new.html", form=form), status


def _edit_walk_in(uow, c):
    """The form of a cohort's consultation offers teams and participants; a walk-in's has none: its visitors are
    shown as cohorts matched them (or still as typed, while the answer is on its way)."""
    zone = _zone(uow, None)
    form = WalkInForm()
    status = 200
    if request.method == "GET":
        form.started_at.data = c.started_at.astimezone(zone).replace(tzinfo=None)
        form.duration_minutes.data = c.duration_minutes
        form.topics.data = ", ".join(gettext(t) for t in operations.topic_names(uow, c.id))
        form.notes.data = c.notes
    elif form.validate_on_submit():
        changes = rules.amendment_from_form(
            {"started_at": form.started_at.data.replace(tzinfo=zone), "duration_minutes": form.duration_minutes.data,
             "notes": form.notes.data, "topics": [t.strip() for t in (form.topics.data or "").split(",") if t.strip()]},
            started_at=c.started_at, status=c.status, cohort_id=c.cohort_id, attendees=[], offered=set(), took_place=False)
        try:
            operations.amend(uow, current_actor(), c.id, changes)
        except UseCaseError as exc:
            status = apply_errors(form, exc)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for("consultation_pages.home"), 303)
    else:
        status = 422
    return render_template("log/walk_in.html", form=form, consultation=c, visitors=operations.visitors(uow, c.id)), status


def _history(uow, cid: int) -> list[dict]:
    """The change history in words: field labels, names for ids, times in the programme's time zone."""
    rows = queries.history(uow, cid)
    s = uow.session
    ids = {"team_ids": set(), "attendee_ids": set(), "cohort_id": set(), "mentor_account_id": set()}
    for h in rows:
        for field, values in (h.changes or {}).items():
            if field in ids and isinstance(values, list):
                for v in values:
                    ids[field].update(v if isinstance(v, list) else [v] if v is not None else [])
    names = {
        "team_ids": _names(s, REPLICAS.teams, REPLICAS.teams.c.name, ids["team_ids"]),
        "attendee_ids": {i: (n if not erased else gettext("an erased person")) for i, n, erased in s.execute(
            sa.select(REPLICAS.people.c.id, REPLICAS.people.c.full_name, REPLICAS.people.c.erased)
            .where(REPLICAS.people.c.id.in_(ids["attendee_ids"])))} if ids["attendee_ids"] else {},
        "cohort_id": _names(s, REPLICAS.cohorts, REPLICAS.cohorts.c.name, ids["cohort_id"]),
        "mentor_account_id": _names(s, REPLICAS.accounts, REPLICAS.accounts.c.name, ids["mentor_account_id"]),
    }
    out = []
    for h in rows:
        changes = h.changes or {}
        if h.action in ("step_closed", "step_opened"):
            fields = [(None, None, changes.get("text"))]
        elif h.action == "cancelled":
            fields = [(gettext("Reason"), None, changes["reason"])] if changes.get("reason") else []
        elif h.action == "logged":
            fields = [(FIELD_LABELS["status"], None, _shown("status", changes.get("status"), names))] if changes.get("status") else []
        else:
            fields = [(FIELD_LABELS.get(f, f), _shown(f, v[0], names), _shown(f, v[1], names))
                      for f, v in changes.items() if isinstance(v, list) and len(v) == 2]
        out.append({"at": h.at, "who": h.account_name, "action": ACTION_LABELS.get(h.action, h.action), "fields": fields})
    return out


def _names(session, table, column, ids) -> dict:
    if not ids:
        return {}
    return dict(session.execute(sa.select(table.c.id, column).where(table.c.id.in_(ids))).all())


def _shown(field: str, value, names: dict) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if field in names:
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(names[field].get(v, f"#{v}")) for v in values)
    if field == "started_at":
        try:
            return format_datetime(dt.datetime.fromisoformat(value), "d MMM y, HH:mm")
        except (TypeError, ValueError):
            return str(value)
    if field == "kind":
        return str(KIND_LABELS.get(value, value))
    if field == "status":
        return gettext(value)
    if field == "duration_minutes":
        return f"{value} {gettext('min')}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


@pages.route("/teams/<int:team_id>")
@allow("coordinator", "mentor")
def team(team_id):
    uow = current_uow()
    row = uow.session.execute(sa.select(REPLICAS.teams).where(REPLICAS.teams.c.id == team_id)).mappings().first()
    if row is None:
        raise UseCaseError(404)
    _zone(uow, row["cohort_id"])
    steps = uow.session.execute(queries.next_steps({"status": "open", "team_id": team_id}, account_id=g.principal.account_id)).scalars().all()
    done_steps = uow.session.execute(queries.next_steps({"status": "closed", "team_id": team_id}, account_id=g.principal.account_id)).scalars().all()
    me = current_actor()
    both = [*steps, *done_steps]
    mentors = dict(uow.session.execute(
        sa.select(Consultation.id, Consultation.mentor_account_id).where(Consultation.id.in_({st.consultation_id for st in both}))
    ).all()) if both else {}
    manageable = {st.id for st in both if me.coordinator or mentors.get(st.consultation_id) == me.account_id}
    return render_template("log/team.html", team=row, items=queries.timeline(uow, team_id), steps=steps, done_steps=done_steps,
                           manageable=manageable, kinds=KIND_LABELS, topic_label=gettext)


class StepForm(FlaskForm):
    """A next step closed (done) or reopened; back to the page it was on."""

    action = Choice(choices=[("close", "close"), ("reopen", "reopen")], default="close")
    next = HiddenField()


class CancelForm(FlaskForm):
    reason = StringField(lazy_gettext("Why"), validators=[Optional(), Length(max=500)])


@pages.route("/next-steps/<int:step_id>", methods=["POST"])
@allow("coordinator", "mentor")
def step(step_id):
    form = StepForm()
    reopen = form.action.data == "reopen"
    try:
        valid(form)
        operations.set_step_status(current_uow(), current_actor(), step_id, "open" if reopen else "closed")
    except UseCaseError as exc:
        if exc.status == 404:
            raise
        flash(refusal_text(exc), "error")
    else:
        flash(gettext("Next step reopened.") if reopen else gettext("Next step closed."), "success")
    return redirect(local_path(form.next.data) or url_for("consultation_pages.home"), 303)


@pages.route("/<int:cid>/cancel", methods=["POST"])
@allow("coordinator", "mentor")
def cancel(cid):
    """Cancel a planned consultation, or one logged by mistake (that one with a reason, kept in its history)."""
    form = CancelForm()
    try:
        valid(form)
        operations.cancel(current_uow(), current_actor(), cid, form.reason.data, reason_for_held=True)
    except UseCaseError as exc:
        if exc.status == 404:
            raise
        flash(refusal_text(exc), "error")
        return redirect(url_for("consultation_pages.edit", cid=cid) + "#cancel", 303)
    else:
        flash(gettext("Consultation cancelled."), "success")
    return redirect(url_for("consultation_pages.home"), 303)


@pages.route("/<int:cid>/held", methods=["POST"])
@allow("coordinator", "mentor")
def held(cid):
    """"It took place" opens the form to record what happened: who came, how long, notes."""
    return redirect(url_for("consultation_pages.edit", cid=cid, mode="hold"), 303)
