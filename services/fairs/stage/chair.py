"""The chair's buttons on the console: each one a use case (the stage's own, or the fair's life, a juror's sheet,
the results), run in the request's unit of work; each answers what the chair sees confirmed.

The page reads the form (numbers, moments); what they mean is checked by the use cases, which name the field when
refused.
"""
from __future__ import annotations

from services.fairs.audience import operations as audience
from services.fairs.fair import lookups
from services.fairs.jury import sheets
from services.fairs.results import operations as results
from services.fairs.setup import states
from services.fairs.stage import operations
from shared.errors import N_, Msg, UseCaseError, invalid
from shared.uow import UnitOfWork

STAGE_MOVES = ("next", "previous", "skip")
TIMER = ("start", "stop", "reset")


ACTIONS = (*STAGE_MOVES, "goto", *TIMER, "planned", "show_counts", "hide_counts", "reveal", "hide_leaders", "open", "close",
           "reopen", "voting_open", "voting_close", "reopen_sheet", "without_jury", "set_aside", "publish")


def _needed(data: dict, field: str):
    value = data.get(field)
    if value is None:
        raise invalid(field, N_("Missing data for required field."))
    return value


def run(uow: UnitOfWork, fair_id: int, form: dict, actor, *, now) -> str | Msg:
    """Do what the pressed button says (``form``: the console form's values, already read as numbers and moments); the
    message to flash."""
    action = form.get("action") or ""
    version = form.get("version")
    if action in STAGE_MOVES:
        stage = operations.move(uow, fair_id, action, version=version)
        return _on_stage_message(uow, fair_id, stage)
    if action == "goto":
        stage = operations.go_to(uow, fair_id, _needed(form, "pitch_id"), version=version)
        return _on_stage_message(uow, fair_id, stage)
    if action in TIMER:
        operations.timer(uow, fair_id, action, now=now, version=version)
        return {"start": N_("Timer started."), "stop": N_("Timer stopped."), "reset": N_("Timer reset.")}[action]
    if action == "planned":
        minutes = _needed(form, "planned_minutes")
        operations.change(uow, fair_id, {"planned_seconds": minutes * 60, "version": version}, now=now)
        return Msg(N_("Planned length: %(n)s min."), n=minutes)
    if action in ("show_counts", "hide_counts"):
        operations.change(uow, fair_id, {"counts_shown": action == "show_counts", "version": version}, now=now)
        return N_("The hall sees the audience's counts.") if action == "show_counts" else N_("The counts are hidden from the hall.")
    if action == "reveal":
        stage = operations.reveal_next(uow, fair_id, version=version)
        return Msg(N_("Revealed on the projector: %(n)s."), n=stage.revealed)
    if action == "hide_leaders":
        operations.change(uow, fair_id, {"revealed": 0, "version": version}, now=now)
        return N_("The leaders are hidden from the projector again.")
    if action in ("open", "close", "reopen"):
        target = "closed" if action == "close" else "open"
        states.change_state(uow, fair_id, target, actor, form.get("reason") if action == "reopen" else None)
        if action == "open":
            operations.set_up(uow, fair_id)  # run from the console: jurors' links now open the live page
        return {"open": N_("The fair is open: jurors score, the audience votes."),
                "close": N_("Scoring is closed."), "reopen": N_("Scoring is open again.")}[action]
    if action in ("voting_open", "voting_close"):
        states.set_voting(uow, fair_id, action == "voting_open", actor)
        return N_("The audience vote is open.") if action == "voting_open" else N_("The audience vote is closed.")
    if action == "reopen_sheet":
        sheets.reopen_sheet(uow, fair_id, _needed(form, "sheet_id"), form.get("reason"), actor)
        return N_("The juror is asked to correct the sheet: they see your reason on their phone.")
    if action == "without_jury":
        states.rank_without_jury(uow, fair_id, _needed(form, "pitch_id"), form.get("reason"), actor)
        return N_("Decided: the pitch is ranked on its audience score, and the results say why.")
    if action == "set_aside":
        n = audience.set_aside_burst(uow, fair_id, form.get("address") or "", _needed(form, "since"),
                                     _needed(form, "until"), form.get("reason"), actor)
        return Msg(N_("Votes set aside: %(n)s. They are kept and no longer counted."), n=n)
    if action == "publish":
        results.publish(uow, fair_id, actor)
        return N_("The results are published.")
    raise UseCaseError(422, N_("Unknown action."), {"action": [N_("Unknown action.")]})


def _on_stage_message(uow: UnitOfWork, fair_id: int, stage) -> str | Msg:
    if stage.pitch_id is None:
        return N_("Nobody is on stage: that was the last pitch.")
    row = next((r for r in lookups.lineup(uow, fair_id) if r["id"] == stage.pitch_id), None)
    return Msg(N_("On stage: %(position)s. %(team)s"), position=row["position"], team=row["team_name"]) if row else ""
