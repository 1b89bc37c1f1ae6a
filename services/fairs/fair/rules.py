"""What a fair is, in plain Python: its life and formula, which state changes are allowed, which edits a state allows.

draft -> open -> closed -> published; closed -> open again with a reason; published is final.
Criteria, weights, the formula and the lineup change only in a draft: opening fixes them.
"""
from __future__ import annotations

from services.fairs.judging.rules import MAX_WEIGHT
from shared.errors import N_, Msg, UseCaseError

DRAFT, OPEN, CLOSED, PUBLISHED = "draft", "open", "closed", "published"
STATES = (DRAFT, OPEN, CLOSED, PUBLISHED)
STATE_LABELS = {
    DRAFT: N_("draft"),
    OPEN: N_("open: scoring"),
    CLOSED: N_("scoring closed"),
    PUBLISHED: N_("results published"),
}

AUDIENCE_MODES = ("device", "ticket")
# what may follow the total in the ranking, in the fair's order
TIE_BREAKS = ("jury", "audience", "first_places", "min_spread")
TIE_BREAK_LABELS = {
    "jury": N_("higher jury score"),
    "audience": N_("higher audience score"),
    "first_places": N_("more first places across jurors"),
    "min_spread": N_("less disagreement between jurors"),
}
# the formula: fixed at opening, shown to everyone from then on
FORMULA_FIELDS = ("jury_weight", "audience_weight", "standardise", "audience_mode", "tie_breaks")
REASON_LENGTH = 1000
WITHOUT_JURY_REASON_LENGTH = 500

FIXED = N_("Fixed when the fair opened: it changes only while the fair is a draft.")
FINAL = N_("The results are published: the fair no longer changes.")
UNSCORED = N_("Some pitches have no jury score. Invite another juror to score them, or rank them on the audience score "
              "with a reason, before scoring closes.")


def fixed(field: str) -> UseCaseError:
    """An edit of what opening fixed (criteria, weights, formula, lineup), refused naming the field."""
    return UseCaseError(409, FIXED, {field: [FIXED]})


def check_editable(state: str, field: str) -> None:
    if state == PUBLISHED:
        raise UseCaseError(409, FINAL, {field: [FINAL]})
    if state != DRAFT:
        raise fixed(field)


def check_tie_breaks(tie_breaks) -> dict:
    errors = []
    for key in tie_breaks or ():
        if key not in TIE_BREAKS:
            errors.append(Msg(N_("Unknown tie-break “%(key)s”: choose from %(known)s."), key=str(key)[:40], known=", ".join(TIE_BREAKS)))
    if len(set(tie_breaks or ())) != len(tie_breaks or ()):
        errors.append(N_("Each tie-break can be listed only once."))
    return {"tie_breaks": errors} if errors else {}


def check_transition(current: str, target: str, reason: str | None) -> None:
    """Raise unless the fair may go from ``current`` to ``target`` (by the API; publishing has its own use case)."""
    if current == PUBLISHED:
        raise UseCaseError(409, FINAL, {"state": [FINAL]})
    if target == PUBLISHED:
        message = N_("Publish the results to publish the fair.")
        raise UseCaseError(422, message, {"state": [message]})
    if target == DRAFT and current != DRAFT:
        message = N_("An opened fair cannot go back to draft.")
        raise UseCaseError(409, message, {"state": [message]})
    if current == DRAFT and target == CLOSED:
        message = N_("The fair is not open yet: open it before closing scoring.")
        raise UseCaseError(409, message, {"state": [message]})
    if current == CLOSED and target == OPEN and not (reason or "").strip():
        raise UseCaseError(422, None, {"reason": [N_("Say why scoring reopens: the reason goes into the fair's history.")]})


def check_opening(criteria: int, pitches: int, jury_weight, pending_flags: int) -> None:
    """What a fair needs before it opens: a lineup, criteria when the jury counts, every flagged recusal decided."""
    errors: dict[str, list] = {}
    if pitches == 0:
        errors["pitches"] = [N_("The lineup is empty: nominate projects before opening.")]
    if criteria == 0 and jury_weight and jury_weight > 0:
        errors["criteria"] = [N_("Add the criteria before opening.")]
    if pending_flags:
        errors["conflicts"] = [Msg(N_("Decide the flagged conflicts of interest first (%(n)s left)."), n=pending_flags)]
    if errors:
        raise UseCaseError(409, N_("The fair cannot open yet."), errors)


def formula_of(fair) -> dict:
    """The formula as everyone sees it."""
    return {
        "jury_weight": float(fair.jury_weight),
        "audience_weight": float(fair.audience_weight),
        "standardise": bool(fair.standardise),
        "tie_breaks": list(fair.tie_breaks or ()),
        "audience_mode": fair.audience_mode,
        "fixed": fair.state != DRAFT,
    }


def check_weights(jury_weight, audience_weight) -> dict:
    errors: dict[str, list] = {}
    for field, value in (("jury_weight", jury_weight), ("audience_weight", audience_weight)):
        if value is not None and value < 0:
            errors[field] = [N_("The weight cannot be negative.")]
        elif value is not None and value > MAX_WEIGHT:
            errors[field] = [Msg(N_("At most %(max)s."), max=MAX_WEIGHT)]
    if not errors and jury_weight is not None and audience_weight is not None and jury_weight + audience_weight <= 0:
        errors["jury_weight"] = [N_("The jury and the audience cannot both weigh nothing.")]
    return errors



def move(order: list[int], item: int, position: int) -> list[int]:
    """The lineup with ``item`` moved to ``position`` (1-based, clamped to the ends)."""
    rest = [i for i in order if i != item]
    index = max(0, min(position - 1, len(rest)))
    return rest[:index] + [item] + rest[index:]
