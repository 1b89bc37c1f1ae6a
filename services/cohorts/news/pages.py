"""A programme's public face: its page (upcoming open events with their registration links, news), the iCalendar
feed of its events and the Atom feed of its news. No account; nothing personal is shown."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, g, render_template, url_for

from services.cohorts.events.rules import KIND_LABELS
from services.cohorts.news import feeds, operations
from services.cohorts.programs.operations import get_program
from shared.db import utcnow
from shared.web.access import PUBLIC, allow
from shared.web.boundary import current_uow
from shared.web.urls import external_url

pages = Blueprint("public_pages", __name__, url_prefix="/cohorts/public", template_folder="templates")


def _registration_url(event) -> str:
    return external_url(url_for("event_pages.register", event_id=event.id))


@pages.route("/programs/<int:program_id>")
@allow(PUBLIC)
def program(program_id):
    uow = current_uow()
    program = get_program(uow, program_id)
    g.timezone = program.timezone
    return render_template("news/program.html", program=program, labels=KIND_LABELS,
                           events=operations.upcoming_open_events(uow, program_id, utcnow()),
                           news=uow.session.execute(operations.news(program_id)).scalars().all(),
                           ical_url=external_url(url_for("public_pages.calendar", program_id=program_id)),
                           atom_url=external_url(url_for("public_pages.atom", program_id=program_id)))


@pages.route("/programs/<int:program_id>/events.ics")
@allow(PUBLIC)
def calendar(program_id):
    uow = current_uow()
    program = get_program(uow, program_id)
    body = feeds.ical(program, operations.calendar_events(uow, program_id), url_of_event=_registration_url,
                      host=urlsplit(external_url("/")).hostname or "rostok")
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": f'inline; filename="program-{program_id}.ics"'})


@pages.route("/programs/<int:program_id>/news.atom")
@allow(PUBLIC)
def atom(program_id):
    uow = current_uow()
    program = get_program(uow, program_id)
    page_url = external_url(url_for("public_pages.program", program_id=program_id))
    items = uow.session.execute(operations.news(program_id)).scalars().all()
    body = feeds.atom(program, items, feed_url=external_url(url_for("public_pages.atom", program_id=program_id)),
                      page_url=page_url, url_of_item=lambda i: f"{page_url}#news-{i.id}")
    return Response(body, mimetype="application/atom+xml")
