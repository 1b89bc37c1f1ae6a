"""The plan of a programme: lines by month, and how each went. Helpers flush, never commit.

A line is carried out by the events linked to it (``plan_item_id``) and, for a line of consultations, by the
programme's held consultations in its month. Held: events that have started (consultations held); people reached:
different people checked in at its events or at those consultations."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.cohorts.plan import rules
from services.cohorts.plan.models import PlanItem
from services.cohorts.validation import require_text
from shared.errors import N_, invalid, not_found
from shared.uow import UnitOfWork


def add_line(uow: UnitOfWork, program_id: int, data: dict) -> PlanItem:
    from services.cohorts.programs.operations import get_program

    get_program(uow, program_id)
    month = rules.parse_month(data.get("month"))
    if month is None:
        raise invalid("month", N_("A month as 2027-03."))
    if data.get("kind") not in rules.KINDS:
        raise invalid("kind", N_("Choose the kind of activity."))
    line = PlanItem(program_id=program_id, kind=data["kind"], title=require_text("title", data.get("title"))[:300], month=month,
                    target_people=data.get("target_people"))
    uow.session.add(line)
    uow.flush()
    return line


def get_line(uow: UnitOfWork, line_id: int) -> PlanItem:
    line = uow.session.get(PlanItem, line_id)
    if line is None:
        raise not_found(N_("No such line in the plan."))
    return line


def _month_bounds(month: dt.date, tz) -> tuple[dt.datetime, dt.datetime]:
    after = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return (dt.datetime.combine(month, dt.time(), tz).astimezone(dt.timezone.utc),
            dt.datetime.combine(after, dt.time(), tz).astimezone(dt.timezone.utc))


def progress(uow: UnitOfWork, program_id: int, *, now: dt.datetime, today: dt.date) -> list[dict]:
    """Each line with what was held, the people reached and whether it is overdue, in month order."""
    import zoneinfo

    from services.cohorts.events.models import Event, Registration
    from services.cohorts.figures.models import ConsultationAttendeeFact, ConsultationFact
    from services.cohorts.programs.models import Cohort, Program
    from services.cohorts.school.models import Attendance, SchoolSession

    program = uow.session.get(Program, program_id)
    if program is None:
        raise not_found(N_("No such programme."))
    tz = zoneinfo.ZoneInfo(program.timezone)
    cohorts = sa.select(Cohort.id).where(Cohort.program_id == program_id)
    lines = uow.session.execute(sa.select(PlanItem).where(PlanItem.program_id == program_id)
                                .order_by(PlanItem.month, PlanItem.id)).scalars().all()
    out = []
    for line in lines:
        if line.kind == "consultation":
            since, until = _month_bounds(line.month, tz)
            held = uow.session.execute(sa.select(sa.func.count()).select_from(ConsultationFact).where(
                ConsultationFact.cohort_id.in_(cohorts), ConsultationFact.status == "held",
                ConsultationFact.started_at >= since, ConsultationFact.started_at < until)).scalar_one()
            people = uow.session.execute(sa.select(sa.func.count(sa.distinct(ConsultationAttendeeFact.person_id))).where(
                ConsultationAttendeeFact.cohort_id.in_(cohorts), ConsultationAttendeeFact.held.is_(True),
                ConsultationAttendeeFact.started_at >= since, ConsultationAttendeeFact.started_at < until)).scalar_one()
            planned_events = []
        else:
            planned_events = uow.session.execute(sa.select(Event).where(Event.plan_item_id == line.id)
                                                 .order_by(Event.starts_at)).scalars().all()
            held = sum(1 for e in planned_events if e.starts_at <= now)
            ids = [e.id for e in planned_events] or [-1]
            checked_in = sa.select(Registration.person_id).where(Registration.event_id.in_(ids), Registration.checked_in_at.is_not(None))
            # a school session's people are on its attendance list, not checked in at a door
            present = (sa.select(Attendance.person_id).join(SchoolSession, SchoolSession.id == Attendance.session_id)
                       .where(SchoolSession.event_id.in_(ids)))
            everyone = sa.union(checked_in, present).subquery()
            people = uow.session.execute(sa.select(sa.func.count()).select_from(everyone)).scalar_one()
        out.append({"id": line.id, "program_id": program_id, "kind": line.kind, "title": line.title,
                    "month": rules.month_text(line.month), "target_people": line.target_people, "held": held,
                    "events": [{"id": e.id, "title": e.title, "starts_at": e.starts_at} for e in planned_events],
                    "people": people, "overdue": rules.overdue(line.month, held, today)})
    return out


def check_event_line(uow: UnitOfWork, values: dict) -> None:
    """An event names the plan line it carries out: the line exists and is of the event's programme (which it gives
    to an event that named none)."""
    line = uow.session.get(PlanItem, values["plan_item_id"])
    if line is None:
        raise invalid("plan_item_id", N_("No such line in the plan."))
    if values.get("program_id") is None:
        values["program_id"] = line.program_id
    elif line.program_id != values["program_id"]:
        raise invalid("plan_item_id", N_("This line is in another programme's plan."))


def line_choices(uow: UnitOfWork, programmes: dict[int, str]) -> list[tuple[int, str]]:
    """Every plan line, as an event's form lists them: programme · month · title."""
    lines = uow.session.execute(sa.select(PlanItem).order_by(PlanItem.program_id, PlanItem.month, PlanItem.id)).scalars()
    return [(line.id, f"{programmes.get(line.program_id, '')} · {line.month:%Y-%m} · {line.title}") for line in lines]
