"""After the award: each grantee's reports (interim, final) with their due dates, marked received and accepted, the
overdue ones listed. Each use case takes a unit of work and never commits."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.fairs.grants import rules
from services.fairs.grants.models import GrantApplication, GrantAward, GrantReport
from services.fairs.grants.operations import get_call
from shared.errors import N_, UseCaseError, conflict, not_found
from shared.uow import UnitOfWork


def schedule(uow: UnitOfWork, call_id: int, interim_due: dt.date | None, final_due: dt.date | None) -> list[dict]:
    """Every award of a published call owes these reports by these dates; a date given again moves the reports not
    yet received (a received one keeps the date it was due)."""
    call = get_call(uow, call_id, lock=True)
    if call.state != rules.PUBLISHED:
        message = N_("Reports are scheduled once the awards are published.")
        raise conflict(message, {"final_due": [message]})
    awards = list(uow.session.execute(sa.select(GrantAward).where(GrantAward.call_id == call_id)).scalars())
    published_on = min((a.published_at.date() for a in awards), default=dt.date.min)
    errors = rules.check_report_dates(interim_due, final_due, published_on)
    if errors:
        raise UseCaseError(422, None, errors)
    kept = {(r.application_id, r.kind): r for r in uow.session.execute(
        sa.select(GrantReport).where(GrantReport.call_id == call_id)).scalars()}
    for award in awards:
        for kind, due in (("interim", interim_due), ("final", final_due)):
            if due is None:
                continue
            report = kept.get((award.application_id, kind))
            if report is None:
                uow.session.add(GrantReport(call_id=call_id, application_id=award.application_id, kind=kind, due_on=due))
            elif report.received_on is None:
                report.due_on = due
    uow.flush()
    return reports(uow, call_id, today=dt.date.min)


def mark(uow: UnitOfWork, call_id: int, report_id: int, received_on: dt.date | None, accepted_on: dt.date | None,
         note: str | None, *, today: dt.date) -> GrantReport:
    """A coordinator marks a report received (on a day) and accepted (on a day); both may be cleared again."""
    report = uow.session.get(GrantReport, report_id, with_for_update=True)
    if report is None or report.call_id != call_id:
        raise not_found(N_("No such report."))
    errors = rules.check_report_marks(received_on, accepted_on, today)
    if errors:
        raise UseCaseError(422, None, errors)
    report.received_on, report.accepted_on = received_on, accepted_on
    report.note = (note or "").strip()[:1000] or None
    uow.flush()
    return report


def reports(uow: UnitOfWork, call_id: int, *, today: dt.date, overdue_only: bool = False) -> list[dict]:
    """The call's reports by due date, each with its grantee and state (overdue: past due, not received)."""
    rows = uow.session.execute(
        sa.select(GrantReport, GrantApplication.title, GrantApplication.organisation)
        .join(GrantApplication, GrantApplication.id == GrantReport.application_id)
        .where(GrantReport.call_id == call_id).order_by(GrantReport.due_on, GrantReport.application_id, GrantReport.kind))
    out = []
    for report, title, organisation in rows:
        state = rules.report_state(report.due_on, report.received_on, report.accepted_on, today)
        if overdue_only and state != "overdue":
            continue
        out.append({"id": report.id, "application_id": report.application_id, "title": title, "organisation": organisation,
                    "kind": report.kind, "due_on": report.due_on, "received_on": report.received_on,
                    "accepted_on": report.accepted_on, "note": report.note, "state": state})
    return out
