"""Judging rules in plain Python (no Flask, no database)."""
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

# why a juror cannot score a pitch
MENTOR, MEMBER, DECLARED, CONSULTED = "mentor", "member", "declared", "consulted"
RECUSAL_MESSAGES = {
    MENTOR: N_("You mentor this team: a conflict of interest, you do not score its pitch."),
    MEMBER: N_("You are a member of this team: a conflict of interest, you do not score its pitch."),
    DECLARED: N_("You declared a conflict of interest for this pitch: you do not score it."),
    CONSULTED: N_("You consulted this team: a conflict of interest, you do not score its pitch unless the chair clears it."),
}

# the same reasons as the chair reads them about a juror
RECUSAL_LABELS = {
    MENTOR: N_("mentors the team"),
    MEMBER: N_("member of the team"),
    DECLARED: N_("declared a conflict"),
    CONSULTED: N_("consulted the team"),
}

# why a sheet cannot be sent now: the fair's state (the reason travels with the refusal for the phone's queue)
SHEET_REFUSALS = {
    "draft": N_("Scoring has not opened yet: the fair is still being prepared."),
    "closed": N_("Scoring is closed: the chair reopens it for corrections."),
    "published": N_("The results are published: sheets are frozen."),
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


def move(order: list[int], item: int, position: int) -> list[int]:
    """The lineup with ``item`` moved to ``position`` (1-based, clamped to the ends)."""
    rest = [i for i in order if i != item]
    index = max(0, min(position - 1, len(rest)))
    return rest[:index] + [item] + rest[index:]
