"""What the pages of a grants call share, for its three audiences' modules (the applicant's ``applicant_pages``, the
coordinator's ``coordinator_pages``, the expert's ``expert_pages``): the call's zone and currency on a page, a QR
code, the call's states in words."""
from __future__ import annotations

import io

import segno
from flask import Response, g
from flask_babel import lazy_gettext

from services.fairs.grants import rules
from services.fairs.zones import currency_of, zone_of_programme

STATE_LABELS = {
    rules.DRAFT: lazy_gettext("draft"), rules.OPEN: lazy_gettext("taking applications"),
    rules.REVIEW: lazy_gettext("in review"), rules.DECIDED: lazy_gettext("decided"), rules.PUBLISHED: lazy_gettext("awards published"),
}


def in_zone(uow, call) -> None:
    """The call's times in its programme's zone and its money in the programme's currency (the applicant's pages and
    the coordinator's alike)."""
    zone = zone_of_programme(uow, call.program_id)
    if zone:
        g.timezone = zone
    g.currency = currency_of(uow, program_id=call.program_id)


def qr(url: str, title: str) -> Response:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, title=title)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response
