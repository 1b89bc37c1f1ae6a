"""The events' and the plan's rules in plain Python."""
from __future__ import annotations

import datetime as dt

from services.cohorts.events import rules
from services.cohorts.plan import rules as plan

UTC = dt.timezone.utc
START = dt.datetime(2027, 3, 14, 10, 0, tzinfo=UTC)


def test_registration_closes_when_set_else_when_the_event_ends():
    assert rules.closes_at(START, 120, None) == START + dt.timedelta(minutes=120)
    set_by_coordinator = START - dt.timedelta(days=1)
    assert rules.closes_at(START, 120, set_by_coordinator) == set_by_coordinator


def test_why_the_public_form_cannot_register():
    closes = START + dt.timedelta(hours=2)
    assert rules.refusal("open", closes, START) is None
    assert rules.refusal("open", closes, closes) == "Registration for this event has ended."
    assert rules.refusal("closed", closes, START) == "Registration for this event is closed."
    assert rules.refusal("invitation", closes, START) == "This event is by invitation: ask the organisers."


def test_a_seat_while_any_is_left():
    assert rules.takes_seat(None, 10_000)
    assert rules.takes_seat(10, 9) and not rules.takes_seat(10, 10)


def test_the_door_sees_no_phone_or_email_in_full():
    assert rules.phone_tail("+79141112233") == "…233" and rules.phone_tail(None) is None
    assert rules.email_hint("anna@example.ru") == "a…@example.ru" and rules.email_hint("nonsense") is None


def test_tickets_are_long_and_never_repeat():
    tickets = {rules.new_ticket() for _ in range(1000)}
    assert len(tickets) == 1000 and all(len(t) == 32 for t in tickets)


def test_months_of_the_plan():
    assert plan.parse_month("2027-03") == dt.date(2027, 3, 1)
    assert [plan.parse_month(t) for t in ("2027-13", "27-03", "2027-3", "март", "")] == [None] * 5
    assert plan.month_text(dt.date(2027, 10, 1)) == "2027-10"


def test_a_line_is_overdue_when_its_month_is_over_and_nothing_was_held():
    march = dt.date(2027, 3, 1)
    assert not plan.overdue(march, 0, dt.date(2027, 3, 31))
    assert plan.overdue(march, 0, dt.date(2027, 4, 1))
    assert not plan.overdue(march, 1, dt.date(2027, 4, 1))


def test_a_cascade_knows_its_levels_and_refuses_a_cohort_as_its_own_ancestor():
    from services.cohorts.cascade import rules

    parent_of = {1: None, 2: 1, 3: 1, 4: 2, 9: 77}  # 9's parent is another programme's cohort
    assert rules.levels(parent_of) == {1: 1, 2: 2, 3: 2, 4: 3, 9: 1}
    assert rules.loops(parent_of, 1, 4)  # 4 is below 1
    assert rules.loops(parent_of, 2, 2)  # itself
    assert not rules.loops(parent_of, 3, 4)
    assert rules.attended_half(2, 4) and not rules.attended_half(1, 4) and not rules.attended_half(0, 0)
