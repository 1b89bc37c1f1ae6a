"""The report as a workbook for the funder (openpyxl)."""
from __future__ import annotations

import io

from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from services.cohorts.teams.dashboard import INDICATORS
from shared.exports import append_row


def workbook(data: dict, *, tz) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Indicators")[:31]
    bold = Font(bold=True)
    append_row(sheet, [data["program"]])
    append_row(sheet, [data["cohort"], data["funder"] or ""])
    append_row(sheet, [])
    append_row(sheet, [gettext("Indicator"), gettext("Value"), gettext("Target"), "%"])
    for cell in sheet[4]:
        cell.font = bold
    labels = dict(INDICATORS)
    for code, item in data["indicators"].items():
        append_row(sheet, [gettext(labels[code]), item["value"], item["target"], item["percent"]])
    append_row(sheet, [gettext("Youth 14–35"), data["youth_14_35"]])
    append_row(sheet, [gettext("Projects developed"), data["projects_developed"]])
    append_row(sheet, [gettext("Projects presented at the fair"), data["projects_presented"]])
    append_row(sheet, [gettext("Webinar listeners without names (apart from participants)"), data["webinar_anonymous_attendees"]])
    sheet.column_dimensions["A"].width = 48
    sessions = book.create_sheet(gettext("School")[:31])
    append_row(sessions, [gettext("Session"), gettext("Starts at"), gettext("Duration, minutes"), gettext("Present")])
    for cell in sessions[1]:
        cell.font = bold
    for row in data["sessions"]:
        append_row(sessions, [row["title"], row["starts_at"].astimezone(tz).replace(tzinfo=None), row["duration_minutes"], row["present"]])
    sessions.column_dimensions["A"].width = 48
    sessions.column_dimensions["B"].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
