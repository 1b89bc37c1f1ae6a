"""A programme's public face: its page (upcoming open events with their registration links, news), the iCalendar
feed of its events and the Atom feed of its news. No account; nothing personal is shown."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from services.cohorts.events.rules import KIND_LABELS
from services.cohorts.materials.operations import of_programme as materials_of
from services.cohorts.materials.rules import LANGUAGE_LABELS
from services.cohorts.materials.views import shown as material_url
from services.cohorts.news import feeds, operations
from services.cohorts.programs.operations import get_program
from services.cohorts.teams.themes import THEME_LABELS
from shared.db import utcnow
from shared.errors import UseCaseError
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow
from shared.web.forms import IdChoice, apply_errors
from shared.web.idempotency import idempotent
from shared.web.urls import external_url

pages = Blueprint("public_pages", __name__, url_prefix="/cohorts", template_folder="templates")


class NewsForm(FlaskForm):
    idempotency_key = HiddenField()
    team_id = IdChoice(lazy_gettext("Whose news"), validators=[Optional()])
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(lazy_gettext("Text"), validators=[DataRequired(), Length(max=operations.BODY_LENGTH)])


def _registration_url(event) -> str:
    return external_url(url_for("event_pages.register", event_id=event.id))


@pages.route("/public/programs/<int:program_id>")
@allow(PUBLIC)
def program(program_id):
    uow = current_uow()
    program = get_program(uow, program_id)
    g.timezone = program.timezone
    groups = operations.groups(uow, program_id)
    return render_template("news/program.html", program=program, labels=KIND_LABELS, groups=groups,
                           group_names={t.id: t.name for t in groups}, themes=THEME_LABELS,
                           group_feed=lambda t: external_url(url_for("public_pages.group_atom", program_id=program_id, team_id=t.id)),
                           events=operations.upcoming_open_events(uow, program_id, utcnow()),
                           meetings=operations.group_meetings(uow, program_id, since=utcnow()),
                           materials=materials_of(uow, program_id), material_url=material_url, languages=LANGUAGE_LABELS,
                           news=uow.session.execute(operations.news(program_id)).scalars().all(),
                           ical_url=external_url(url_for("public_pages.calendar", program_id=program_id)),
                           atom_url=external_url(url_for("public_pages.atom", program_id=program_id)))


@pages.route("/public/programs/<int:program_id>/events.ics")
@allow(PUBLIC)
def calendar(program_id):
    uow = current_uow()
    program = get_program(uow, program_id)
    body = feeds.ical(program, operations.calendar_events(uow, program_id), url_of_event=_registration_url,
                      host=urlsplit(external_url("/")).hostname or "rostok", meetings=operations.group_meetings(uow, program_id),
                      meeting_title=lambda group: gettext("Online meeting of the working group “%(group)s”", group=group))
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": f'inline; filename="program-{program_id}.ics"'})


@pages.route("/public/programs/<int:program_id>/news.atom")
@allow(PUBLIC)
def atom(program_id):
    uow = current_uow()
    program = get_program(uow, program_id)
    page_url = external_url(url_for("public_pages.program", program_id=program_id))
    items = uow.session.execute(operations.news(program_id)).scalars().all()
    body = feeds.atom(program, items, feed_url=external_url(url_for("public_pages.atom", program_id=program_id)),
                      page_url=page_url, url_of_item=lambda i: f"{page_url}#news-{i.id}",
                      group_names={t.id: t.name for t in operations.groups(uow, program_id)})
    return Response(body, mimetype="application/atom+xml")


@pages.route("/public/programs/<int:program_id>/groups/<int:team_id>/news.atom")
@allow(PUBLIC)
def group_atom(program_id, team_id):
    """One working group's news as its own feed."""
    uow = current_uow()
    program = get_program(uow, program_id)
    group = next((t for t in operations.groups(uow, program_id) if t.id == team_id), None)
    if group is None:
        raise UseCaseError(404)
    page_url = external_url(url_for("public_pages.program", program_id=program_id))
    items = uow.session.execute(operations.news(program_id, team_id=team_id)).scalars().all()
    body = feeds.atom(program, items, feed_url=external_url(url_for("public_pages.group_atom", program_id=program_id, team_id=team_id)),
                      page_url=page_url, url_of_item=lambda i: f"{page_url}#news-{i.id}", title=f"{program.name}: {group.name}")
    return Response(body, mimetype="application/atom+xml")


@pages.route("/programs/<int:program_id>/news", methods=["GET", "POST"])
@allow("coordinator")
@idempotent
def write_news(program_id):
    """Coordinators write the programme's news: it shows on the public page and in the Atom feed."""
    uow = current_uow()
    program = get_program(uow, program_id)
    g.timezone = program.timezone
    form = NewsForm()
    groups = operations.groups(uow, program_id)
    form.team_id.choices = [("", gettext("The programme's own"))] + [(t.id, t.name) for t in groups]
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                operations.publish(uow, program_id, {"title": form.title.data, "body": form.body.data, "team_id": form.team_id.data},
                                   author_name=g.principal.name or None)
            except UseCaseError as exc:
                status = apply_errors(form, exc)
            else:
                flash(gettext("Published on the programme's public page."), "success")
                return redirect(url_for("public_pages.write_news", program_id=program_id), 303)
        else:
            status = 422
    news = uow.session.execute(operations.news(program_id)).scalars().all()
    return render_template("news/write.html", program=program, form=form, news=news, group_names={t.id: t.name for t in groups},
                           public_url=url_for("public_pages.program", program_id=program_id)), status
