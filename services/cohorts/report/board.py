"""What the report page and the dashboard draw: the charts for one report, in the reader's language."""
from __future__ import annotations

import datetime as dt

from flask_babel import format_date, format_decimal, gettext

from services.cohorts.report import charts, series
from services.cohorts.report import indicators as ind
from services.cohorts.report.scope import Scope
from shared.errors import N_
from shared.web.i18n import money

KIND_NAMES = {"individual": N_("individual"), "group": N_("group"), "webinar": N_("webinars")}


def shown(code: str, value) -> str:
    if value is None:
        return "—"
    return money(value) if code == "funds_raised" else format_decimal(value)


def draw(session, scope: Scope, report: dict) -> dict:
    none = gettext("Nothing to show yet.")
    district = report["breakdowns"]["district"]
    territory = [(gettext("District not known") if name == "unknown" else name, n, format_decimal(n)) for name, n in district.items()]
    months = [(format_date(dt.date(int(label[:4]), int(label[5:]), 1), "LLLL y"), counts)
              for label, counts in series.consultations_per_month(session, scope)]
    mentors = [(name, h, format_decimal(h)) for name, h in series.hours_per_mentor(session, scope)]
    projects = [(p["team"] or f"#{p['team_id']}", p["money_pledged"] + p["in_kind_pledged"], money(p["money_pledged"] + p["in_kind_pledged"]))
                for p in report["funds"]["by_project"]]
    targets = [(gettext(ind.LABELS[code]), item["percent"], f"{shown(code, item['value'])} / {shown(code, item['target'])}")
               for code, item in report["indicators"].items()]
    titles = {
        "progress": gettext("Progress against the targets"), "territory": gettext("Participants by territory"),
        "months": gettext("Consultations per month by kind"), "mentors": gettext("Consultation hours per mentor"),
        "projects": gettext("Funds pledged by project (money and in-kind)"),
    }
    drawings = {
        "progress": charts.progress(titles["progress"], targets, empty=gettext("No targets set.")),
        "territory": charts.bars(titles["territory"], territory, empty=none),
        "months": charts.stacked(titles["months"], months, [(k, gettext(KIND_NAMES[k])) for k in series.KINDS], empty=none),
        "mentors": charts.bars(titles["mentors"], mentors, empty=none),
        "projects": charts.bars(titles["projects"], projects, empty=none),
    }
    return {key: {"title": titles[key], "svg": svg} for key, svg in drawings.items()}
