"""The report as a workbook for the funder: first the table of quantitative results (indicator, planned, achieved,
percent, comment), then the school's sessions, then a sheet per indicator listing the records behind its figure, and
last the funds by kind of partner.

Every row goes through ``append_row`` (a cell that starts like a formula stays text); dates and times are written in
the programme's time zone, hours and rubles with their number formats; headers are frozen and columns fit their text.
"""
from __future__ import annotations

import io

from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from services.cohorts.report import indicators as ind
from services.cohorts.report.scope import Scope
from services.cohorts.report.words import word
from shared.exports import append_row
from shared.web.i18n import currency_sign, money

EVERYTHING = 10 ** 9  # a records "page" holding every record
HOURS = "0.0"
DATE = "DD.MM.YYYY"
DATETIME = "DD.MM.YYYY HH:MM"
BOLD = Font(bold=True)


def money_format(currency: str) -> str:
    """A money cell's number format, its sign the programme's currency ("12 500,00 ₸")."""
    return f'#,##0.00\\ "{currency_sign(currency)}"'


def _local(at, tz):
    return at.astimezone(tz).replace(tzinfo=None) if at is not None else None


def _header(sheet, titles: list[str]) -> None:
    append_row(sheet, titles)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{sheet.max_row + 1}"  # a string: touching the cell would create the row


def _formats(sheet, formats: dict[int, str], first_row: int) -> None:
    for row in sheet.iter_rows(min_row=first_row):
        for index, fmt in formats.items():
            if row[index - 1].value is not None:
                row[index - 1].number_format = fmt


def _fit(sheet, *, widest: int = 60) -> None:
    """Each column as wide as its longest value (dates and numbers by their shown length), within bounds."""
    widths: dict[str, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            length = 17 if cell.is_date else len(f"{cell.value:,.2f}") + 2 if isinstance(cell.value, float) else len(str(cell.value))
            widths[cell.column_letter] = max(widths.get(cell.column_letter, 6), min(widest, length + 2))
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width


def _comment(code: str, report: dict) -> str:
    """What the funder's officer needs beside a figure to read it right."""
    if code == "participants":
        return gettext("Each person counted once across the school, teams, consultations and the fair; of them aged 14–35: "
                       "%(youth)s; webinar listeners without names, not included: %(anonymous)s",
                       youth=report["youth_14_35"], anonymous=report["webinar_audience"]["anonymous_listeners"])
    if code == "teams":
        return gettext("Projects developed: %(developed)s; presented at the fair: %(presented)s",
                       developed=report["projects_developed"], presented=report["projects_presented"])
    if code in ("consultations", "consultation_hours"):
        kinds = report["consultations_by_kind"]
        return gettext("Held: individual %(individual)s, group %(group)s, webinars %(webinar)s",
                       individual=kinds.get("individual", 0), group=kinds.get("group", 0), webinar=kinds.get("webinar", 0))
    if code == "funds_raised":
        raised = report["funds"]["raised"]
        return gettext("Money pledged at the fairs (received: %(received)s); in-kind help apart: %(in_kind)s",
                       received=money(raised["money_received"], report["currency"]), in_kind=money(raised["in_kind_pledged"], report["currency"]))
    return ""


def _funder_table(book: Workbook, report: dict) -> None:
    sheet = book.active
    sheet.title = gettext("Indicators")[:31]
    append_row(sheet, [report["program"]])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [report.get("cohort") or ", ".join(c["name"] for c in report["cohorts"]), report["funder"] or ""])
    period = report["period"]
    append_row(sheet, [gettext("Period"), period["from"], period["to"]])
    append_row(sheet, [])
    _header(sheet, [gettext("Indicator"), gettext("Planned"), gettext("Achieved"), "%", gettext("Comment")])
    for code, item in report["indicators"].items():
        append_row(sheet, [gettext(ind.LABELS[code]), item["target"], item["value"], item["percent"], _comment(code, report)])
        fmt = money_format(report["currency"]) if code == "funds_raised" else HOURS if code == "consultation_hours" else "0"
        for cell in sheet[sheet.max_row][1:3]:
            cell.number_format = fmt
        sheet.cell(row=sheet.max_row, column=5).alignment = Alignment(wrap_text=True, vertical="top")
    append_row(sheet, [])
    extra = [
        (gettext("Youth 14–35"), report["youth_14_35"], None),
        (gettext("Projects developed"), report["projects_developed"], None),
        (gettext("Projects presented at the fair"), report["projects_presented"], None),
        (gettext("Webinar listeners without names (apart from participants)"), report["webinar_audience"]["anonymous_listeners"], None),
        (gettext("Grant"), report["funds"]["grant"], money_format(report["grant_currency"])),
        (gettext("Co-financing"), report["funds"]["cofinancing"], money_format(report["grant_currency"])),
        (gettext("In-kind help (estimated)"), report["funds"]["raised"]["in_kind_pledged"], money_format(report["currency"])),
    ]
    for label, value, fmt in extra:
        append_row(sheet, [label, None, value])
        if fmt:
            sheet.cell(row=sheet.max_row, column=3).number_format = fmt
    sheet.cell(row=3, column=2).number_format = DATE
    sheet.cell(row=3, column=3).number_format = DATE
    _fit(sheet)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["E"].width = 60


def _sessions(book: Workbook, report: dict, tz) -> None:
    sheet = book.create_sheet(gettext("School")[:31])
    _header(sheet, [gettext("Session"), gettext("Starts at"), gettext("Duration, minutes"), gettext("Present")])
    for row in report["sessions"]:
        append_row(sheet, [row["title"], _local(row["starts_at"], tz), row["duration_minutes"], row["present"]])
    _formats(sheet, {2: DATETIME}, 2)
    _fit(sheet)


def _partner_kinds(book: Workbook, report: dict) -> None:
    """Funds by the kind of partner who pledged, money and in-kind apart: where the co-financing comes from."""
    names = {"business": gettext("Business"), "authority": gettext("Authorities"), "ngo": gettext("NGOs"),
             "person": gettext("Private persons"), "unknown": gettext("Kind not known")}
    sheet = book.create_sheet(gettext("Funds by kind of partner")[:31])
    columns = {"money_pledged": gettext("Money pledged"), "money_confirmed": gettext("Money confirmed"),
               "money_received": gettext("Money received"), "in_kind_pledged": gettext("In-kind pledged"),
               "in_kind_confirmed": gettext("In-kind confirmed"), "in_kind_received": gettext("In-kind received")}
    _header(sheet, [gettext("Kind of partner"), gettext("Pledges")] + list(columns.values()))
    for row in report["funds"]["by_partner_kind"]:
        append_row(sheet, [names[row["partner_kind"]], row["pledges"]] + [row[key] for key in columns])
    _formats(sheet, {column: money_format(report["currency"]) for column in range(3, 9)}, 2)
    _fit(sheet, widest=24)


def _records(book: Workbook, session, scope: Scope, code: str) -> None:
    tz = scope.tz
    sheet = book.create_sheet(gettext(ind.LABELS[code])[:31])
    items = ind.RECORDS[code](session, scope, 1, EVERYTHING)["items"]
    if code == "participants":
        _header(sheet, ["№", "id", gettext("Full name"), gettext("Settlement"), gettext("How reached"), gettext("First contact")])
        for n, p in enumerate(items, 1):
            append_row(sheet, [n, p["id"], gettext("Erased person (counted, not named)") if p["erased"] else p["full_name"],
                               p["settlement"], ", ".join(word("source", source) for source in p["sources"]), _local(p["first_contact"], tz)])
        formats = {6: DATE}
    elif code in ("teams", "leaders"):
        _header(sheet, ["№", "id", gettext("Team"), gettext("Kind of team"), gettext("District"), gettext("Settlement"),
                        gettext("Project")] + ([gettext("Place"), gettext("Score")] if code == "leaders" else []))
        for n, t in enumerate(items, 1):
            append_row(sheet, [n, t["id"], t.get("name"), word("team_kind", t.get("kind")), t.get("district"), t.get("settlement"), t.get("project_title")]
                       + ([t["rank"], t["score"]] if code == "leaders" else []))
        formats = {}
    elif code in ("consultations", "consultation_hours"):
        _header(sheet, ["№", "id", gettext("Date"), gettext("Kind"), gettext("Duration, minutes"), gettext("Hours"),
                        gettext("Named attendees"), gettext("Listeners without names")])
        for n, c in enumerate(items, 1):
            append_row(sheet, [n, c["id"], _local(c["started_at"], tz), word("consultation_kind", c["kind"]), c["duration_minutes"], c["duration_minutes"] / 60,
                               c["named_attendees"], c["anonymous_attendees"]])
        formats = {3: DATETIME, 6: "0.00"}
    else:
        _header(sheet, ["№", "id", gettext("Date"), gettext("Partner"), gettext("Team"), gettext("Project"), gettext("Status"),
                        gettext("Pledged"), gettext("Received"), gettext("Counted")])
        for n, p in enumerate(items, 1):
            append_row(sheet, [n, p["id"], _local(p["pledged_at"], tz), p["partner"] or gettext("anonymous partner"), p["team"],
                               p["project_title"], word("pledge_status", p["status"]), p["amount"], p["received_amount"], p["counted"]])
        money_cell = money_format(scope.program.currency)
        formats = {3: DATETIME, 8: money_cell, 9: money_cell, 10: money_cell}
    _formats(sheet, formats, 2)
    _fit(sheet)


def workbook(report: dict, session, scope: Scope) -> bytes:
    book = Workbook()
    _funder_table(book, report)
    _sessions(book, report, scope.tz)
    for code in ind.CODES:
        _records(book, session, scope, code)
    _partner_kinds(book, report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
