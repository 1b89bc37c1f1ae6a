"""The pledges as a workbook: every pledge, then the summaries per project and per partner.

Rows go through ``shared.exports.append_row``: a partner's name typed as ``=HYPERLINK(...)`` stays text.
"""
from __future__ import annotations

import zoneinfo

from flask_babel import gettext
from openpyxl import Workbook

from services.fairs.pledges import operations, reads
from services.fairs.zones import fair_currency, programme_zone
from shared.web.i18n import currency_sign
from shared.exports import append_row

_NUMBER = "#,##0.00"


def _money_columns(sheet, *letters) -> None:
    for letter in letters:
        for cell in sheet[letter][1:]:
            cell.number_format = _NUMBER


def workbook(uow, fair) -> Workbook:
    zone = zoneinfo.ZoneInfo(programme_zone(uow, fair.cohort_id))
    local = lambda moment: moment.astimezone(zone).replace(tzinfo=None) if moment else None  # noqa: E731 (the programme's wall clock)
    sign = currency_sign(fair_currency(uow, fair.id))  # the programme's money, named in every money column's heading
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Pledges")
    kinds = {"money": gettext("money"), "in_kind": gettext("in-kind")}
    statuses = {"pledged": gettext("pledged"), "confirmed": gettext("confirmed"), "received": gettext("received"),
                "withdrawn": gettext("withdrawn")}
    append_row(sheet, [gettext("No."), gettext("Recorded"), gettext("Partner"), gettext("Anonymous"), gettext("Project"),
                       gettext("Team"), gettext("Kind"), gettext("Amount, %(sign)s", sign=sign), gettext("Description"), gettext("Status"),
                       gettext("Received, %(sign)s", sign=sign), gettext("Received on"), gettext("Note"), gettext("Reason withdrawn")])
    rows = list(uow.session.execute(operations.listed(fair.id)).scalars())[::-1]  # in the order they were recorded
    for p in reads.describe(uow, rows):
        append_row(sheet, [
            p["id"], local(p["created_at"]), p["partner"], gettext("yes") if p["anonymous"] else "",
            p["project_title"] or "", p["team_name"] or "", kinds[p["kind"]], p["amount"], p["description"] or "",
            statuses[p["status"]], p["received_amount"], local(p["received_at"]),
            p["note"] or "", p["withdrawn_reason"] or "",
        ])
    _money_columns(sheet, "H", "K")
    sums = [gettext("Money pledged, %(sign)s", sign=sign), gettext("Money confirmed, %(sign)s", sign=sign), gettext("Money received, %(sign)s", sign=sign),
            gettext("In-kind pledged, %(sign)s", sign=sign), gettext("In-kind confirmed, %(sign)s", sign=sign), gettext("In-kind received, %(sign)s", sign=sign)]
    keys = ["money", "money_confirmed", "money_received", "in_kind", "in_kind_confirmed", "in_kind_received"]
    projects = book.create_sheet(gettext("By project"))
    append_row(projects, [gettext("Project"), gettext("Team"), gettext("Money needed, %(sign)s", sign=sign), gettext("In-kind needed, %(sign)s", sign=sign),
                          gettext("Pledges"), *sums])
    for r in reads.by_project(uow, fair.id):
        append_row(projects, [r["project_title"] or "", r["team_name"], r["money_needed"], r["in_kind_needed"], r["pledges"],
                              *(r[k] for k in keys)])
    _money_columns(projects, "C", "D", "F", "G", "H", "I", "J", "K")
    partners = book.create_sheet(gettext("By partner"))
    append_row(partners, [gettext("Partner"), gettext("Anonymous"), gettext("Pledges"), *sums])
    for r in reads.by_partner(uow, fair.id):
        append_row(partners, [r["partner"], gettext("yes") if r["anonymous"] else "", r["pledges"], *(r[k] for k in keys)])
    _money_columns(partners, "D", "E", "F", "G", "H", "I")
    return book
