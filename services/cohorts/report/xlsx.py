"""The report as a workbook for the funder (openpyxl)."""
from __future__ import annotations

import io

from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from services.cohorts.teams.dashboard import INDICATORS


def workbook(data: dict, *, tz) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Indicators")[:31]
    bold = Font(bold=True)
    sheet.append([data["program"]])
    sheet.append([data["cohort"], data["funder"] or ""])
    sheet.append([])
    sheet.append([gettext("Indicator"), gettext("Value"), gettext("Target"), "%"])
    for cell in sheet[4]:
        cell.font = bold
    labels = dict(INDICATORS)
    for code, item in data["indicators"].items():
        sheet.append([gettext(labels[code]), item["value"], item["target"], item["percent"]])
    sheet.append([gettext("Youth 14–35"), data["youth_14_35"]])
    sheet.append([gettext("Projects developed"), data["projects_developed"]])
    sheet.append([gettext("Projects presented at the fair"), data["projects_presented"]])
    sheet.append([gettext("Webinar listeners without names (apart from participants)"), data["webinar_anonymous_attendees"]])
    sheet.column_dimensions["A"].width = 48
    sessions = book.create_sheet(gettext("School")[:31])
    sessions.append([gettext("Session"), gettext("Starts at"), gettext("Duration, minutes"), gettext("Present")])
    for cell in sessions[1]:
        cell.font = bold
    for row in data["sessions"]:
        sessions.append([row["title"], row["starts_at"].astimezone(tz).replace(tzinfo=None), row["duration_minutes"], row["present"]])
    sessions.column_dimensions["A"].width = 48
    sessions.column_dimensions["B"].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
