"""A grants call's rules on cases worked by hand: the funding line (a partial award, the minimum not reached, a tie at
the line, a moved line), the experts' assignment (conflicts kept apart, loads even), an application's budget and the
call's states."""
from decimal import Decimal as D

from services.fairs.grants import rules
from services.fairs.grants.assignment import assign
from services.fairs.grants.funding import Award, Ranked, draw

K = D(1000)
REQUESTS = [Ranked(1, 400 * K, 1), Ranked(2, 350 * K, 2), Ranked(3, 300 * K, 3), Ranked(4, 100 * K, 4)]


def test_the_line_funds_in_rank_order_and_the_next_gets_what_is_left_as_a_partial_award():
    line = draw(REQUESTS, 1000 * K, min_award=100 * K)
    # 400 + 350 leave 250: the third asked 300, gets 250 (at least the minimum), and the line stops there
    assert line.awards == [Award(1, 400 * K, False), Award(2, 350 * K, False), Award(3, 250 * K, True)]
    assert line.left == 0 and line.tie_at_line == []
    # the fourth's 100 would have fitted before the partial award: the ranking decides, not the size of a request


def test_what_is_left_below_the_minimum_stays_in_the_budget():
    line = draw(REQUESTS, 800 * K, min_award=100 * K)
    assert [a.application_id for a in line.awards] == [1, 2] and line.left == 50 * K


def test_a_tie_across_the_line_is_named():
    tied = [Ranked(1, 400 * K, 1), Ranked(2, 350 * K, 2), Ranked(3, 350 * K, 2)]
    line = draw(tied, 750 * K, min_award=100 * K)
    assert [a.application_id for a in line.awards] == [1, 2]
    assert line.tie_at_line == [2, 3]


def test_a_coordinator_moves_the_line():
    assert [a.application_id for a in draw(REQUESTS, 1000 * K, 100 * K, funded=1).awards] == [1]
    moved = draw(REQUESTS, 800 * K, 100 * K, funded=4)
    assert [a.application_id for a in moved.awards] == [1, 2] and moved.short == 2  # the budget does not reach two


def test_experts_are_kept_off_their_conflicts_and_loads_stay_even():
    # expert 1 belongs to application 10's organisation, expert 2 partners application 11
    result = assign([10, 11, 12, 13], [1, 2, 3], 2, conflicted={(1, 10), (2, 11)})
    assert result.assigned == {10: (2, 3), 11: (1, 3), 12: (1, 2), 13: (1, 2)}
    assert result.short == {} and result.loads == {1: 3, 2: 3, 3: 2}
    assert all((e, a) not in {(1, 10), (2, 11)} for a, es in result.assigned.items() for e in es)


def test_an_expert_conflicted_after_assignment_is_replaced_and_too_few_free_experts_is_said():
    kept = assign([10], [1, 2, 3], 2, conflicted={(1, 10)}, kept={10: [1, 2]})
    assert kept.assigned == {10: (2, 3)}  # the conflicted one dropped, a free one added
    short = assign([10], [1, 2], 2, conflicted={(1, 10)})
    assert short.assigned == {10: (2,)} and short.short == {10: 1}


def test_an_applications_budget_adds_up_within_the_calls_limits():
    lines = [("Аренда зала", D("30000")), ("Печать", D("20000"))]
    assert rules.check_budget(lines, D("50000"), D("10000"), D("100000")) == {}
    assert "requested_amount" in rules.check_budget(lines, D("60000"), D("10000"), D("100000"))
    assert "requested_amount" in rules.check_budget(lines, D("50000"), D("60000"), D("100000"))  # below the minimum
    assert "budget_lines" in rules.check_budget([("Печать", D("-1"))], D("-1"), D("1"), D("2"))
    assert "budget_lines" in rules.check_budget([], D("0"), D("1"), D("2"))


def test_a_call_moves_one_step_at_a_time_and_publishing_is_final():
    assert rules.check_transition(rules.DRAFT, rules.OPEN) == {}
    assert rules.check_transition(rules.DECIDED, rules.REVIEW) == {}  # a third expert asked for
    assert "state" in rules.check_transition(rules.DRAFT, rules.REVIEW)
    assert "state" in rules.check_transition(rules.PUBLISHED, rules.DECIDED)
    assert rules.check_limits(D(100), D(10), D(200), 3) == {"max_award": ["The maximum award cannot exceed the budget."]}


def test_an_amount_beyond_what_the_columns_hold_is_refused_by_name():
    huge = D("1e30")
    assert set(rules.check_limits(huge, D(1), D(2), 2)) == {"budget"}
    assert set(rules.check_budget([("Всё", huge)], huge, D(1), D(10))) == {"budget_lines"}


def test_a_report_is_due_then_overdue_the_day_after_received_then_accepted():
    import datetime as dt

    due = dt.date(2027, 3, 31)
    assert rules.report_state(due, None, None, due) == "due"  # on the day itself: not yet late
    assert rules.report_state(due, None, None, due + dt.timedelta(days=1)) == "overdue"
    assert rules.report_state(due, due + dt.timedelta(days=5), None, due + dt.timedelta(days=9)) == "received"
    assert rules.report_state(due, due, due, due) == "accepted"


def test_report_dates_and_marks_are_checked_by_name():
    import datetime as dt

    published = dt.date(2027, 1, 15)
    assert rules.check_report_dates(published, None, published) == {"interim_due": ["A report falls due after the awards are published."]}
    assert set(rules.check_report_dates(dt.date(2027, 6, 1), dt.date(2027, 5, 1), published)) == {"final_due"}
    assert set(rules.check_report_dates(None, None, published)) == {"final_due"}
    assert rules.check_report_dates(None, dt.date(2027, 12, 1), published) == {}
    today = dt.date(2027, 7, 1)
    assert set(rules.check_report_marks(None, today, today)) == {"accepted_on"}
    assert set(rules.check_report_marks(today, today - dt.timedelta(days=1), today)) == {"accepted_on"}
    assert set(rules.check_report_marks(today + dt.timedelta(days=1), None, today)) == {"received_on"}
    assert rules.check_report_marks(today - dt.timedelta(days=2), today, today) == {}
