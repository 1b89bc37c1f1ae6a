"""Publishing the results: scoring closed first if still open, the ranking frozen as it stands, the public results,
and ``fairs.results.published`` to cohorts through the outbox, all in one unit of work."""
from __future__ import annotations

import sqlalchemy as sa

from services.fairs.fair.lookups import get_fair
from services.fairs.leaderboard.operations import live_board
from services.fairs.results import rules
from services.fairs.leaderboard.models import FairResult
from services.fairs.fair import rules as fair_rules
from services.fairs.fair.lookups import locked_fair
from services.fairs.setup.states import check_every_pitch_scored, move_to
from shared.actor import Actor
from shared.errors import N_, conflict, not_found
from shared.uow import UnitOfWork


def publish(uow: UnitOfWork, fair_id: int, actor: Actor) -> FairResult:
    # the fair row locked for update: sheets and votes being saved (they hold it shared) finish first, later ones see it published
    fair = locked_fair(uow, fair_id)
    if fair.state == fair_rules.PUBLISHED:
        raise conflict(fair_rules.FINAL, {"state": [fair_rules.FINAL]})
    if fair.state == fair_rules.DRAFT:
        message = N_("The fair has not opened yet: there is nothing to publish.")
        raise conflict(message, {"state": [message]})
    if fair.state == fair_rules.OPEN:
        check_every_pitch_scored(uow, fair)
        move_to(uow, fair, fair_rules.CLOSED, actor)
    board = live_board(uow, fair)
    leading = rules.leaders(board["items"])
    move_to(uow, fair, fair_rules.PUBLISHED, actor)
    frozen = {**board, "state": fair_rules.PUBLISHED, "formula": {**board["formula"], "fixed": True}}
    result = FairResult(
        fair_id=fair.id, published_at=fair.published_at, account_id=actor.account_id, ranking=_json(board["items"]),
        leaders=[row["team_id"] for row in leading], formula=board["formula"], standardised=board["standardised"],
        fallback_reason=board["fallback_reason"], stable_top=board["stable_top"],
        board={k: v for k, v in frozen.items() if k not in ("snapshot", "published_at", "state")},
    )
    uow.session.add(result)
    uow.flush()
    leader_ids = {row["pitch_id"] for row in leading}
    uow.publish("fairs.results.published", {
        "fair_id": fair.id, "cohort_id": fair.cohort_id, "fair_name": fair.name, "published_at": fair.published_at,
        "leaders": result.leaders,
        "ranking": [
            {"pitch_id": r["pitch_id"], "team_id": r["team_id"], "rank": r["rank"], "tied": r["tied"], "total": r["total"],
             "score": r["total"] or 0.0, "jury": r["jury_standardised"], "audience": r["audience"],
             "leader": r["pitch_id"] in leader_ids}
            for r in board["items"]
        ],
    }, entity_version=fair.version)
    return result


def _json(items: list[dict]) -> list[dict]:
    return [dict(row) for row in items]


def results(uow: UnitOfWork, fair_id: int) -> FairResult:
    get_fair(uow, fair_id)
    result = uow.session.execute(sa.select(FairResult).where(FairResult.fair_id == fair_id)).scalar_one_or_none()
    if result is None:
        raise not_found(N_("The results of this fair are not published yet."))
    return result
