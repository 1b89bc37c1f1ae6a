"""The cohort's figures against the programme's targets (the funder's indicators)."""
from __future__ import annotations

from services.cohorts.report import figures as report_figures, indicators as figures, scope as scopes
from shared.uow import UnitOfWork


def cohort_dashboard(uow: UnitOfWork, cohort_id: int) -> dict:
    """The dashboard is the cohort's funder's report, read once: its figures, charts and sessions come from that one
    report, so the two never disagree and the unique people are counted once per page."""
    s = uow.session
    scope = scopes.for_cohort(s, cohort_id)
    report = report_figures.report(s, scope, base=f"/cohorts/api/v1/cohorts/{cohort_id}/report")
    indicators = [{"code": code, "label": figures.LABELS[code], **report["indicators"][code]} for code in figures.CODES]
    return {
        "cohort": scope.cohorts[0],
        "program": scope.program,
        "indicators": indicators,
        "participants": report["indicators"]["participants"]["value"],
        "youth": report["youth_14_35"],
        "nominated": report["projects_presented"],
        "sessions": report["sessions"],
        "scope": scope,
        "report": report,
    }
