"""A fair's life: opening, closing and reopening scoring, the audience vote open or closed, the chair's decisions on
pitches no juror's sheet counts for. Opening and closing ask the jury first (flags to review, pitches unscored).

Each use case takes a unit of work, locks the fair row (two chairs clicking at once make one change) and never commits.
"""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.db import REPLICAS
from services.fairs.fair import rules
from services.fairs.fair.history import record
from services.fairs.fair.lookups import locked_fair
from services.fairs.fair.models import Criterion, Fair, Pitch
from services.fairs.jury.consulted import pending_flags
from services.fairs.jury.sheets import pitch_status
from shared.actor import Actor
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, not_found
from shared.uow import UnitOfWork


def move_to(uow: UnitOfWork, fair: Fair, target: str, actor: Actor, reason: str | None = None) -> None:
    """Change the state (already checked) and write it into the history."""
    now = utcnow()
    old = fair.state
    fair.state = target
    if target == rules.OPEN and fair.opened_at is None:
        fair.opened_at = now
    if target == rules.CLOSED:
        fair.closed_at = now
    if target == rules.PUBLISHED:
        fair.published_at = now
    fair.version += 1
    record(uow, fair, "state", old, target, actor, reason)
    uow.flush()


def change_state(uow: UnitOfWork, fair_id: int, target: str, actor: Actor, reason: str | None = None) -> Fair:
    """PATCH ``state``: open a draft, close scoring, reopen it with a reason. The same state again changes nothing."""
    fair = locked_fair(uow, fair_id)
    reason = (reason or "").strip() or None
    if target == fair.state and fair.state != rules.PUBLISHED:
        return fair
    rules.check_transition(fair.state, target, reason)
    if fair.state == rules.DRAFT and target == rules.OPEN:
        criteria = uow.session.execute(sa.select(sa.func.count()).where(Criterion.fair_id == fair.id)).scalar_one()
        pitches = uow.session.execute(
            sa.select(sa.func.count()).where(Pitch.fair_id == fair.id, Pitch.active.is_(True))
        ).scalar_one()
        rules.check_opening(criteria, pitches, fair.jury_weight, len(pending_flags(uow, fair)))
    if target == rules.CLOSED:
        check_every_pitch_scored(uow, fair)
    move_to(uow, fair, target, actor, reason)
    return fair


def check_every_pitch_scored(uow: UnitOfWork, fair: Fair) -> None:
    """Before scoring closes: a pitch no juror's sheet counts for (every juror recused, or none sent) needs the
    chair's decision (another juror invited, or ranked on its audience score with a reason): never silently last
    below the pitches the jury scored."""
    if not fair.jury_weight:
        return
    decided = set(uow.session.execute(
        sa.select(Pitch.id).where(Pitch.fair_id == fair.id, Pitch.without_jury_reason.is_not(None))
    ).scalars())
    rows = pitch_status(uow, fair.id)
    if not any(row["sent"] for row in rows):
        return  # no jury score anywhere: no pitch is ranked above another by the jury
    unscored = [row for row in rows if not row["sent"] and row["pitch_id"] not in decided]
    if unscored:
        raise UseCaseError(409, rules.UNSCORED, {"pitches": [
            Msg(N_("“%(team)s”: no juror's sheet counts (recused: %(recused)s, not sent: %(missing)s)."),
                team=row["team_name"] or f"#{row['team_id']}", recused=len(row["recused"]), missing=len(row["missing"]))
            for row in unscored
        ]})


def rank_without_jury(uow: UnitOfWork, fair_id: int, pitch_id: int, reason: str | None, actor: Actor) -> Pitch:
    """The chair's decision for a pitch no juror's sheet can count for: ranked on its audience score, the reason
    shown with the results. Only while scoring is open or closed."""
    reason = (reason or "").strip()[:rules.WITHOUT_JURY_REASON_LENGTH]
    if not reason:
        raise UseCaseError(422, None, {"reason": [N_("Say why the pitch is ranked without a jury score: the results show it.")]})
    return _decide_without_jury(uow, fair_id, pitch_id, reason, actor)


def take_back_without_jury(uow: UnitOfWork, fair_id: int, pitch_id: int, actor: Actor) -> Pitch:
    """The decision taken back (another juror scored the pitch after all)."""
    return _decide_without_jury(uow, fair_id, pitch_id, None, actor)


def _decide_without_jury(uow: UnitOfWork, fair_id: int, pitch_id: int, reason: str | None, actor: Actor) -> Pitch:
    fair = locked_fair(uow, fair_id)
    if fair.state == rules.PUBLISHED:
        raise UseCaseError(409, rules.FINAL, {"state": [rules.FINAL]})
    if fair.state == rules.DRAFT:
        message = N_("The fair has not opened yet: every juror may still score every pitch.")
        raise UseCaseError(409, message, {"state": [message]})
    pitch = uow.session.get(Pitch, pitch_id)
    if pitch is None or pitch.fair_id != fair.id or not pitch.active:
        raise not_found(N_("No such pitch at this fair."))
    if reason != pitch.without_jury_reason:
        teams = REPLICAS.teams
        name = uow.session.execute(sa.select(teams.c.name).where(teams.c.id == pitch.team_id)).scalar_one_or_none()
        team = name or f"#{pitch.team_id}"
        record(uow, fair, "without_jury", pitch.id, "on" if reason else "off", actor, f"{team}: {reason}" if reason else team)
        pitch.without_jury_reason = reason
        fair.version += 1
        uow.flush()
    return pitch


def set_voting(uow: UnitOfWork, fair_id: int, voting_open: bool, actor: Actor) -> Fair:
    """The chair closes (or reopens) the audience vote while the fair is open."""
    fair = locked_fair(uow, fair_id)
    if fair.state == rules.PUBLISHED:
        raise UseCaseError(409, rules.FINAL, {"voting_open": [rules.FINAL]})
    if fair.state != rules.OPEN:
        message = N_("The audience vote opens and closes only while the fair is open.")
        raise UseCaseError(409, message, {"voting_open": [message]})
    if fair.voting_open != voting_open:
        record(uow, fair, "voting_open", fair.voting_open, voting_open, actor)
        fair.voting_open = voting_open
        fair.version += 1
        uow.flush()
    return fair
