"""Stage use cases: the chair moves the fair along; the projector, the console and the jurors' phones read it.

Each takes a unit of work and never commits. Every change bumps the stage's version (the ETag the screens poll
with) and may carry the version the chair's screen showed: a stale one (a double tap, a second chair) is
refused instead of moving the fair twice.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.fairs.db import REPLICAS
from services.fairs.fair import lookups
from services.fairs.jury import sheets as jury_sheets
from services.fairs.fair.models import Fair, Pitch
from services.fairs.jury.models import Conflict, Juror, Sheet
from services.fairs.audience import rules as rules_audience
from services.fairs.stage import reads, rules
from services.fairs.stage.models import Stage
from shared.db import utcnow
from shared.errors import N_, UseCaseError, conflict
from shared.uow import UnitOfWork

SCORING_OVER = ("closed", "published")


def get_stage(uow: UnitOfWork, fair_id: int) -> Stage | None:
    return uow.session.get(Stage, fair_id)


def _stage_for_change(uow: UnitOfWork, fair_id: int, version: int | None) -> Stage:
    """The fair's stage row, locked (made on the first change); refused when the caller saw an older version."""
    lookups.get_fair(uow, fair_id)
    query = sa.select(Stage).where(Stage.fair_id == fair_id).with_for_update()
    stage = uow.session.execute(query).scalar_one_or_none()
    if stage is None:
        try:
            with uow.session.begin_nested():  # two chairs' first clicks at once: one row
                uow.session.add(Stage(fair_id=fair_id, elapsed_seconds=0, planned_seconds=rules.DEFAULT_PLANNED_SECONDS,
                                      skipped=[], counts_shown=False, revealed=0, version=0))
        except IntegrityError:
            pass
        stage = uow.session.execute(query).scalar_one()
    if version is not None and version != stage.version:
        raise conflict(N_("The stage has changed meanwhile: check what it shows now and try again."),
                       {"version": [N_("Out of date.")]}, current=stage.version)
    return stage


def _changed(uow: UnitOfWork, stage: Stage) -> Stage:
    stage.version += 1
    stage.updated_at = utcnow()
    uow.flush()
    return stage


def _order(uow: UnitOfWork, fair_id: int) -> list[int]:
    return [row["id"] for row in lookups.lineup(uow, fair_id)]


def _on_stage(uow: UnitOfWork, stage: Stage, pitch_id: int | None) -> None:
    """Another pitch on stage: its timer starts from zero, stopped until the chair starts it."""
    if pitch_id != stage.pitch_id:
        stage.pitch_id = pitch_id
        stage.elapsed_seconds, stage.started_at = 0, None


def move(uow: UnitOfWork, fair_id: int, where: str, *, version: int | None = None) -> Stage:
    """``next``, ``previous`` or ``skip`` (the team on stage is absent) along the lineup."""
    stage = _stage_for_change(uow, fair_id, version)
    order = _order(uow, fair_id)
    skipped = [pid for pid in (stage.skipped or []) if pid in order]
    current = stage.pitch_id if stage.pitch_id in order else None
    if where == "next":
        _on_stage(uow, stage, rules.next_pitch(order, current, skipped))
    elif where == "previous":
        _on_stage(uow, stage, rules.previous_pitch(order, current, skipped))
    elif where == "skip":
        following, skipped = rules.skip(order, current, skipped)
        _on_stage(uow, stage, following)
    else:
        raise UseCaseError(422, None, {"move": [N_("Must be one of: next, previous, skip.")]})
    stage.skipped = skipped
    return _changed(uow, stage)


def go_to(uow: UnitOfWork, fair_id: int, pitch_id: int, *, version: int | None = None) -> Stage:
    stage = _stage_for_change(uow, fair_id, version)
    order = _order(uow, fair_id)
    pitch, skipped = rules.go_to(order, pitch_id, stage.skipped or [])
    _on_stage(uow, stage, pitch)
    stage.skipped = skipped
    return _changed(uow, stage)


def timer(uow: UnitOfWork, fair_id: int, action: str, *, now: dt.datetime, version: int | None = None) -> Stage:
    """``start``, ``stop`` or ``reset`` the timer of the pitch on stage."""
    stage = _stage_for_change(uow, fair_id, version)
    if stage.pitch_id is None:
        raise conflict(N_("No pitch is on stage yet."), {"timer": [N_("No pitch is on stage yet.")]})
    clock = rules.Timer(stage.elapsed_seconds, stage.started_at)
    if action == "start":
        clock = clock.start(now)
    elif action == "stop":
        clock = clock.stop(now)
    elif action == "reset":
        clock = rules.Timer()
    else:
        raise UseCaseError(422, None, {"timer": [N_("Must be one of: start, stop, reset.")]})
    stage.elapsed_seconds, stage.started_at = clock.elapsed, clock.started_at
    return _changed(uow, stage)


def change(uow: UnitOfWork, fair_id: int, changes: dict, *, now: dt.datetime) -> Stage:
    """The chair's settings: ``pitch_id`` on stage, ``planned_seconds``, ``counts_shown``, ``revealed``, ``timer``."""
    version = changes.get("version")
    if "pitch_id" in changes:
        go_to(uow, fair_id, changes["pitch_id"], version=version)
        version = None
    if "timer" in changes:
        timer(uow, fair_id, changes["timer"], now=now, version=version)
        version = None
    stage = _stage_for_change(uow, fair_id, version)
    if "planned_seconds" in changes:
        errors = rules.check_planned(changes["planned_seconds"])
        if errors:
            raise UseCaseError(422, None, errors)
        stage.planned_seconds = changes["planned_seconds"]
    if "counts_shown" in changes:
        stage.counts_shown = bool(changes["counts_shown"])
    if "revealed" in changes:
        fair = lookups.get_fair(uow, fair_id)
        steps = len(rules.leader_steps(reads.leaderboard_items(uow, fair_id))) if changes["revealed"] > stage.revealed else 0
        rules.check_reveal(stage.revealed, changes["revealed"], steps, fair.state in SCORING_OVER)
        stage.revealed = changes["revealed"]
    return _changed(uow, stage)


def set_up(uow: UnitOfWork, fair_id: int) -> Stage:
    """The fair's stage, made now if it is not there yet (the chair runs the fair from the console)."""
    return get_stage(uow, fair_id) or _changed(uow, _stage_for_change(uow, fair_id, None))


def reveal_next(uow: UnitOfWork, fair_id: int, *, version: int | None = None) -> Stage:
    stage = _stage_for_change(uow, fair_id, version)
    return change(uow, fair_id, {"revealed": stage.revealed + 1}, now=utcnow())


# --- what the screens read ----------------------------------------------------------------------------


def fingerprint(uow: UnitOfWork, fair_id: int, *, now: dt.datetime, audience: str) -> str:
    """A cheap tag of everything the stage views show, for ETags: one round trip of aggregates, no view built.

    Standing conflicts come from replicas that change rarely; a 30-second term makes any such change show
    within half a minute without counting every replica row on every poll.
    """
    t = REPLICAS.teams
    cohort = sa.select(Fair.cohort_id).where(Fair.id == fair_id).scalar_subquery()
    count, total = sa.func.count, lambda column: sa.func.coalesce(sa.func.sum(column), 0)
    queries = [
        sa.select(Stage.version).where(Stage.fair_id == fair_id),
        sa.select(Fair.version).where(Fair.id == fair_id),
        sa.select(Fair.state).where(Fair.id == fair_id),
        sa.select(Fair.voting_open).where(Fair.id == fair_id),
        sa.select(count()).where(Sheet.fair_id == fair_id),
        sa.select(total(Sheet.version)).where(Sheet.fair_id == fair_id),
        sa.select(count(Sheet.correction_reason)).where(Sheet.fair_id == fair_id),
        sa.select(count()).where(Juror.fair_id == fair_id, Juror.removed.is_(False)),
        sa.select(total(Juror.link_version)).where(Juror.fair_id == fair_id, Juror.removed.is_(False)),
        sa.select(count()).where(Conflict.fair_id == fair_id),
        sa.select(total(Conflict.id)).where(Conflict.fair_id == fair_id),
        sa.select(count()).where(Pitch.fair_id == fair_id, Pitch.active.is_(True)),
        sa.select(total(Pitch.position * Pitch.id)).where(Pitch.fair_id == fair_id, Pitch.active.is_(True)),
        sa.select(count()).select_from(t).where(t.c.cohort_id == cohort),
        sa.select(total(t.c.version)).where(t.c.cohort_id == cohort),
    ]
    row = uow.session.execute(sa.select(*(q.scalar_subquery() for q in queries))).one()
    votes = reads.votes_tag(uow, fair_id)
    parts = [audience, *(str(v) for v in row), votes, str(int(now.timestamp()) // 30)]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:20]


def _timer_body(stage: Stage | None, now: dt.datetime) -> dict:
    if stage is None:
        return {"running": False, "elapsed": 0, "planned": rules.DEFAULT_PLANNED_SECONDS}
    clock = rules.Timer(stage.elapsed_seconds, stage.started_at)
    return {"running": clock.running, "elapsed": clock.seconds(now), "planned": stage.planned_seconds}


def _pitch_body(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {"id": row["id"], "position": row["position"], "team_id": row["team_id"], "team_name": row["team_name"],
            "project_title": row["project_title"], "settlement": row["settlement"]}


def hall_view(uow: UnitOfWork, fair_id: int, *, now: dt.datetime, presence_secret: bytes | None = None) -> dict:
    """What the hall may see: the pitch on stage, its timer and sheets sent; counts only when shown; the leaders
    only as far as the chair has revealed them. Never a juror's score. With ``presence_secret`` (the projector),
    the code of the minute phones vote with, while voting by phone is open."""
    fair = lookups.get_fair(uow, fair_id)
    stage = get_stage(uow, fair_id)
    lineup = lookups.lineup(uow, fair_id)
    by_id = {row["id"]: row for row in lineup}
    current = by_id.get(stage.pitch_id) if stage else None
    progress = reads.progress(uow, fair_id)
    order = [row["id"] for row in lineup]
    skipped = [pid for pid in (stage.skipped or []) if pid in by_id] if stage else []
    up_next = None
    if current is not None:
        try:
            up_next = by_id[rules.next_pitch(order, current["id"], skipped)]
        except UseCaseError:
            up_next = None
    body = {
        "fair": {"id": fair.id, "name": fair.name, "state": fair.state, "voting_open": bool(fair.voting_open),
                 "audience_mode": fair.audience_mode},
        "version": stage.version if stage else 0,
        "pitch": _pitch_body(current),
        "next": _pitch_body(up_next),
        "timer": _timer_body(stage, now),
        "sheets": ({"sent": len(progress[current["id"]]["sent"]),
                    "expected": len(progress[current["id"]]["sent"]) + len(progress[current["id"]]["missing"])}
                   if current else None),
        "lineup": [{"id": row["id"], "position": row["position"], "team_name": row["team_name"],
                    "skipped": row["id"] in skipped} for row in lineup],
        "counts_shown": bool(stage and stage.counts_shown),
        "votes": None,
        "revealed": stage.revealed if stage else 0,
        "leaders": [],
        "presence": None,
    }
    if presence_secret is not None and fair.audience_mode == "device" and rules_audience.refusal(fair.state, fair.voting_open) is None:
        body["presence"] = rules_audience.presence_code(presence_secret, fair.id, now)
    if body["counts_shown"]:
        counts = reads.vote_counts(uow, fair_id)
        body["votes"] = [{"pitch_id": row["id"], "position": row["position"], "team_name": row["team_name"],
                          "count": counts.get(row["id"], 0)} for row in lineup]
    if body["revealed"]:
        items = reads.leaderboard_items(uow, fair_id)
        body["leaders"] = [_leader(step, by_id) for step in rules.revealed_leaders(items, body["revealed"])]
    return body


def _leader(step: list[dict], by_id: dict) -> dict:
    return {
        "rank": step[0]["rank"],
        "tied": len(step) > 1 or bool(step[0].get("tied")),
        "pitches": [{"pitch_id": item["pitch_id"], "team_name": by_id.get(item["pitch_id"], {}).get("team_name", ""),
                     "project_title": by_id.get(item["pitch_id"], {}).get("project_title"),
                     "total": item.get("total")} for item in step],
    }


def juror_view(uow: UnitOfWork, seat, *, now: dt.datetime) -> dict:
    """The hall's view and the juror's own sheets' states: never another juror's scores."""
    body = hall_view(uow, seat.juror.fair_id, now=now)
    body["mine"] = {
        str(row["id"]): {"state": row["state"], "recusal": row["recusal"],
                         "correction": {"reason": row["correction"]["reason"]} if row.get("correction") else None}
        for row in jury_sheets.my_sheets(uow, seat)
    }
    return body


def console_view(uow: UnitOfWork, fair_id: int, *, now: dt.datetime) -> dict:
    """The chair's view: the hall's, every pitch's sheets (who sent, who is missing, who is recused), the leaders
    still to reveal, and the stage's settings."""
    body = hall_view(uow, fair_id, now=now)
    stage = get_stage(uow, fair_id)
    progress = reads.progress(uow, fair_id)
    for row in body["lineup"]:
        row.update(progress.get(row["id"], {"sent": [], "missing": [], "recused": []}))
    board = reads.ranking(uow, fair_id)
    lineup = {row["id"]: row for row in lookups.lineup(uow, fair_id)}
    steps = rules.leader_steps(board["items"])
    body["reveal_steps"] = len(steps)
    body["next_leader"] = _leader(steps[body["revealed"]], lineup) if body["revealed"] < len(steps) else None
    body["counts"] = reads.vote_counts(uow, fair_id)
    body["bursts"] = reads.vote_bursts(uow, fair_id)
    body["unscored"] = board.get("unscored") or [] if body["fair"]["state"] in ("open", "closed") else []
    body["planned_seconds"] = stage.planned_seconds if stage else rules.DEFAULT_PLANNED_SECONDS
    return body


def live_page(uow: UnitOfWork, seat, *, now: dt.datetime) -> dict:
    """What a juror's phone starts from: the fair's criteria and formula, the lineup, the juror's own sheets (their
    scores, comment, state, a correction the chair asked for) and the stage as the juror sees it."""
    fair_id = seat.juror.fair_id
    fair = lookups.get_fair(uow, fair_id)
    lineup = lookups.lineup(uow, fair_id)
    sheets = {}
    for row in lineup:
        own = jury_sheets.own_sheet(uow, seat, row["id"])
        correction = own.get("correction")
        sheets[str(row["id"])] = {
            "scores": own["scores"], "comment": own["comment"] or "", "state": own["state"], "recusal": own["recusal"],
            "correction": {"reason": correction["reason"]} if correction else None,
        }
    return {
        "fair": {"id": fair.id, "name": fair.name, "state": fair.state, "standardise": bool(fair.standardise),
                 "jury_weight": float(fair.jury_weight), "audience_weight": float(fair.audience_weight),
                 "tie_breaks": list(fair.tie_breaks or [])},
        "juror_id": seat.juror.id,
        "criteria": [{"id": c.id, "name": c.name, "weight": float(c.weight), "max_score": c.max_score}
                     for c in lookups.criteria(uow, fair_id)],
        "lineup": [_pitch_body(row) for row in lineup],
        "sheets": sheets,
        "stage": juror_view(uow, seat, now=now),
    }
