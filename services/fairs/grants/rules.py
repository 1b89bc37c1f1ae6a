"""A grants call's rules in plain Python: its states, its limits, an application's budget."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shared.errors import N_, Msg

DRAFT, OPEN, REVIEW, DECIDED, PUBLISHED = "draft", "open", "review", "decided", "published"
STATES = (DRAFT, OPEN, REVIEW, DECIDED, PUBLISHED)
# a state moves only when a coordinator moves it, one step forward; the review may go back to decided's step before
# (a third expert asked for), never past publishing
NEXT = {DRAFT: OPEN, OPEN: REVIEW, REVIEW: DECIDED, DECIDED: PUBLISHED}
BACK = {DECIDED: REVIEW}
MAX_REVIEWS = 9
MAX_LINES = 50
# applications from one address: a centre sending its NGOs' applications from its office passes, a script does not
FLOOD_WINDOW = dt.timedelta(hours=1)
FLOOD_LIMIT = 30
MAX_MONEY = Decimal(10) ** 11  # below what the columns hold (14 digits, 2 after the point)


def check_transition(current: str, target: str) -> dict:
    if target == current or NEXT.get(current) == target or BACK.get(current) == target:
        return {}
    if current == PUBLISHED:
        return {"state": [N_("The awards are published: the call no longer changes.")]}
    return {"state": [Msg(N_("A call in “%(current)s” cannot move to “%(target)s”."), current=current, target=target)]}


def check_limits(budget: Decimal, min_award: Decimal, max_award: Decimal, reviews: int) -> dict:
    """The call's money and reviews: every award between the minimum and the maximum, the maximum within the budget."""
    errors: dict[str, list] = {}
    for field, value in (("budget", budget), ("min_award", min_award), ("max_award", max_award)):
        if value >= MAX_MONEY:
            errors[field] = [Msg(N_("At most %(max)s."), max=MAX_MONEY)]
    if errors:
        return errors
    if budget <= 0:
        errors["budget"] = [N_("The budget must be positive.")]
    if min_award <= 0:
        errors["min_award"] = [N_("The minimum award must be positive.")]
    elif max_award < min_award:
        errors["max_award"] = [N_("The maximum award cannot be below the minimum.")]
    elif budget > 0 and max_award > budget:
        errors["max_award"] = [N_("The maximum award cannot exceed the budget.")]
    if not 1 <= reviews <= MAX_REVIEWS:
        errors["reviews_per_application"] = [Msg(N_("From 1 to %(max)s reviews."), max=MAX_REVIEWS)]
    return errors


def check_budget(lines: list[tuple[str, Decimal]], requested: Decimal, min_award: Decimal, max_award: Decimal) -> dict:
    """An application's budget: each line named with a positive amount, the request their sum, within the call's
    limits."""
    errors: dict[str, list] = {}
    if not lines:
        errors["budget_lines"] = [N_("Give the budget line by line.")]
    elif len(lines) > MAX_LINES:
        errors["budget_lines"] = [Msg(N_("At most %(max)s lines."), max=MAX_LINES)]
    elif any(not item.strip() or not 0 < amount < MAX_MONEY for item, amount in lines):
        errors["budget_lines"] = [N_("Each line needs what it is for and a positive amount.")]
    else:
        total = sum((amount for _item, amount in lines), Decimal(0))
        if total != requested:
            errors["requested_amount"] = [
                Msg(N_("The lines add up to %(total)s, not %(requested)s."), total=total, requested=requested)]
    if "requested_amount" not in errors and "budget_lines" not in errors and not min_award <= requested <= max_award:
        errors["requested_amount"] = [Msg(N_("The call awards from %(min)s to %(max)s."), min=min_award, max=max_award)]
    return errors


def accepting(state: str, closes_at: dt.datetime, now: dt.datetime) -> str | None:
    """Why an application cannot be sent or changed now (None: it can)."""
    if state == DRAFT:
        return N_("The call is not open yet.")
    if state != OPEN or now >= closes_at:
        return N_("The call closed at %(closes_at)s: applications no longer change.")
    return None


# --- after the award: the grantees' reports -----------------------------------------------------------------------

REPORT_KINDS = ("interim", "final")


def check_report_dates(interim_due: dt.date | None, final_due: dt.date | None, published_on: dt.date) -> dict:
    """Reports fall due after the awards are published, the final one after the interim."""
    errors: dict = {}
    for field, due in (("interim_due", interim_due), ("final_due", final_due)):
        if due is not None and due <= published_on:
            errors[field] = [N_("A report falls due after the awards are published.")]
    if interim_due and final_due and final_due <= interim_due and "final_due" not in errors:
        errors["final_due"] = [N_("The final report falls due after the interim one.")]
    if interim_due is None and final_due is None:
        errors["final_due"] = [N_("Give at least one due date.")]
    return errors


def check_report_marks(received_on: dt.date | None, accepted_on: dt.date | None, today: dt.date) -> dict:
    """A report is accepted once received; neither mark lies in the future."""
    errors: dict = {}
    if received_on is not None and received_on > today:
        errors["received_on"] = [N_("Not a date in the future.")]
    if accepted_on is not None:
        if received_on is None:
            errors["accepted_on"] = [N_("A report is accepted once it is received.")]
        elif accepted_on < received_on:
            errors["accepted_on"] = [N_("Accepted on or after the day it was received.")]
        elif accepted_on > today:
            errors["accepted_on"] = [N_("Not a date in the future.")]
    return errors


def report_state(due_on: dt.date, received_on: dt.date | None, accepted_on: dt.date | None, today: dt.date) -> str:
    """accepted, received (awaiting acceptance), overdue (past due, not received), or due."""
    if accepted_on is not None:
        return "accepted"
    if received_on is not None:
        return "received"
    return "overdue" if today > due_on else "due"
