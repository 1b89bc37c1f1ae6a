"""The judging core's rules in plain Python (no Flask, no database): criteria, scores on a sheet, a sheet's state.

A fair's jury and a grants call's experts score against the same rules; neither is named here.
"""
from __future__ import annotations

from shared.errors import N_, Msg

MAX_CRITERION_SCORE = 100
MAX_WEIGHT = 1000
COMMENT_LENGTH = 5000

# the state of a juror's own sheet for one pitch
NOT_STARTED, INCOMPLETE, COMPLETE, RECUSED = "not_started", "incomplete", "complete", "recused"
STATES = (NOT_STARTED, INCOMPLETE, COMPLETE, RECUSED)
STATE_LABELS = {
    NOT_STARTED: N_("not started"),
    INCOMPLETE: N_("incomplete"),
    COMPLETE: N_("complete"),
    RECUSED: N_("recused"),
}


def check_criterion(weight, max_score) -> dict:
    errors: dict[str, list] = {}
    if weight is not None:
        if weight <= 0:
            errors["weight"] = [N_("The weight must be positive.")]
        elif weight > MAX_WEIGHT:
            errors["weight"] = [Msg(N_("At most %(max)s."), max=MAX_WEIGHT)]
    if max_score is not None and not 1 <= max_score <= MAX_CRITERION_SCORE:
        errors["max_score"] = [Msg(N_("The maximum score must be from 1 to %(max)s."), max=MAX_CRITERION_SCORE)]
    return errors



def check_scores(scores: dict, maxima: dict[int, int]) -> tuple[dict[int, int], dict]:
    """Scores keyed by criterion id (strings from JSON or a form) against the fair's criteria and their maxima.

    Returns the clean scores and the errors, keyed ``{"scores": {"<id>": [...]}}``.
    """
    clean: dict[int, int] = {}
    errors: dict[str, list] = {}
    for key, value in (scores or {}).items():
        try:
            cid = int(key)
        except (TypeError, ValueError):
            errors[str(key)] = [N_("No such criterion at this fair.")]
            continue
        if cid not in maxima:
            errors[str(key)] = [N_("No such criterion at this fair.")]
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            errors[str(key)] = [N_("Not a valid integer.")]
            continue
        if not 0 <= value <= maxima[cid]:
            errors[str(key)] = [Msg(N_("The score must be from 0 to %(max)s."), max=maxima[cid])]
            continue
        clean[cid] = value
    return clean, ({"scores": errors} if errors else {})



def sheet_state(scored: int, criteria: int, recused: bool) -> str:
    if recused:
        return RECUSED
    if scored == 0:
        return NOT_STARTED
    return COMPLETE if criteria and scored >= criteria else INCOMPLETE



def scores_changed(old: dict, new: dict, old_comment, new_comment) -> bool:
    return old != new or (old_comment or None) != (new_comment or None)
