"""Setting a fair up: the fair's name, date, place and formula; its criteria; its lineup following the nominations.

Each use case takes a unit of work, flushes when it needs ids and never commits.
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.fairs.db import REPLICAS
from services.fairs.fair import rules
from services.fairs.fair.lookups import get_criterion, get_fair, get_pitch, held_fair, lineup
from services.fairs.fair.models import DEFAULT_TIE_BREAKS, Criterion, Fair, Pitch
from services.fairs.judging.rules import check_criterion
from services.fairs.jury.models import Score
from shared.errors import N_, Msg, UseCaseError, conflict, invalid
from shared.events.replicas import cohort_known
from shared.uow import UnitOfWork

FAIR_FIELDS = ("name", "held_on", "place", "jury_weight", "audience_weight", "standardise", "audience_mode", "tie_breaks")


def _decimal(value):
    """A weight as the column keeps it (three decimals), so that an unchanged value compares equal."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.001"))


def create_fair(uow: UnitOfWork, data: dict) -> Fair:
    data = {**data, **{k: _decimal(data.get(k)) for k in ("jury_weight", "audience_weight")}}
    data.setdefault("standardise", False)
    data.setdefault("audience_mode", "device")
    data["tie_breaks"] = list(DEFAULT_TIE_BREAKS if data.get("tie_breaks") is None else data["tie_breaks"])
    errors = {**rules.check_weights(data["jury_weight"], data["audience_weight"]), **rules.check_tie_breaks(data["tie_breaks"])}
    if errors:
        raise UseCaseError(422, None, errors)
    if not cohort_known(uow.session, REPLICAS, data["cohort_id"]):
        raise invalid("cohort_id", Msg(N_("No such cohort: #%(id)s."), id=data["cohort_id"]))
    fair = Fair(cohort_id=data["cohort_id"], version=1, state=rules.DRAFT, voting_open=True, **{f: data.get(f) for f in FAIR_FIELDS})
    uow.session.add(fair)
    uow.flush()
    sync_lineup(uow, fair)
    return fair


def update_fair(uow: UnitOfWork, fair_id: int, changes: dict) -> Fair:
    """Name, date and place until the results are published; the weights and the formula in a draft only."""
    fair = get_fair(uow, fair_id)
    changes = {**changes, **{k: _decimal(changes[k]) for k in ("jury_weight", "audience_weight") if k in changes}}
    changed_fields = [f for f in FAIR_FIELDS if f in changes and changes[f] != getattr(fair, f)]
    if fair.state == rules.PUBLISHED and changed_fields:
        raise UseCaseError(409, rules.FINAL, {f: [rules.FINAL] for f in changed_fields})
    fixed = [f for f in changed_fields if f in rules.FORMULA_FIELDS]
    if fair.state != rules.DRAFT and fixed:
        raise UseCaseError(409, rules.FIXED, {f: [rules.FIXED] for f in fixed})
    jury = changes.get("jury_weight", fair.jury_weight)
    audience = changes.get("audience_weight", fair.audience_weight)
    errors = {**rules.check_weights(jury, audience), **(rules.check_tie_breaks(changes["tie_breaks"]) if "tie_breaks" in changes else {})}
    if errors:
        raise UseCaseError(422, None, errors)
    changed = False
    for field in FAIR_FIELDS:
        if field in changes and changes[field] != getattr(fair, field):
            setattr(fair, field, changes[field])
            changed = True
    if changed:
        fair.version += 1
        uow.flush()
    return fair


# --- criteria ----------------------------------------------------------------------------------------


def add_criterion(uow: UnitOfWork, fair_id: int, data: dict) -> Criterion:
    rules.check_editable(held_fair(uow, fair_id).state, "criteria")
    data = {**data, "weight": _decimal(data["weight"])}
    errors = check_criterion(data["weight"], data["max_score"])
    if errors:
        raise UseCaseError(422, None, errors)
    name = _clean_criterion_name(uow, fair_id, data["name"])
    position = (uow.session.execute(sa.select(sa.func.max(Criterion.position)).where(Criterion.fair_id == fair_id)).scalar() or 0) + 1
    criterion = Criterion(fair_id=fair_id, name=name, weight=data["weight"], max_score=data["max_score"], position=position)
    uow.session.add(criterion)
    uow.flush()
    return criterion


def scored_criteria(uow: UnitOfWork, fair_id: int) -> set[int]:
    """The fair's criteria that some sheet has scored."""
    return set(uow.session.execute(
        sa.select(Score.criterion_id).join(Criterion, Criterion.id == Score.criterion_id)
        .where(Criterion.fair_id == fair_id).distinct()
    ).scalars())


def _is_scored(uow: UnitOfWork, criterion_id: int) -> bool:
    return uow.session.execute(sa.select(Score.criterion_id).where(Score.criterion_id == criterion_id).limit(1)).first() is not None


def _clean_criterion_name(uow: UnitOfWork, fair_id: int, raw: str, *, other_than: int | None = None) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise invalid("name", N_("Missing data for required field."))
    query = sa.select(Criterion.id).where(Criterion.fair_id == fair_id, sa.func.lower(Criterion.name) == name.lower())
    if other_than is not None:
        query = query.where(Criterion.id != other_than)
    if uow.session.execute(query).first():
        raise conflict(N_("This fair already has a criterion with this name."), {"name": [N_("This name is taken.")]})
    return name


def update_criterion(uow: UnitOfWork, fair_id: int, criterion_id: int, changes: dict) -> Criterion:
    """Rename a criterion or change its weight at any time; its maximum only while no sheet has scored it.

    Scores already given are on the old scale, so once a sheet has scored the criterion a new maximum is
    refused (409, saying why). The criteria change only while the fair is a draft, and the fair is held here until the
    commit, so it cannot open (and no sheet be saved) under a change: a sheet never needs to lock the criteria it reads.
    """
    fair = held_fair(uow, fair_id)
    criterion = get_criterion(uow, fair_id, criterion_id, lock=True)
    if "weight" in changes:
        changes = {**changes, "weight": _decimal(changes["weight"])}
    edits = [f for f in ("name", "weight", "max_score") if f in changes and changes[f] != getattr(criterion, f)]
    if edits and fair.state != rules.DRAFT:
        message = rules.FINAL if fair.state == rules.PUBLISHED else rules.FIXED
        raise UseCaseError(409, message, {f: [message] for f in edits})
    errors = check_criterion(changes.get("weight"), changes.get("max_score"))
    if errors:
        raise UseCaseError(422, None, errors)
    if "name" in changes:
        changes["name"] = _clean_criterion_name(uow, fair_id, changes["name"], other_than=criterion.id)
    if "max_score" in changes and changes["max_score"] != criterion.max_score and _is_scored(uow, criterion.id):
        raise conflict(
            N_("Jurors have already scored this criterion: its maximum score can no longer change."),
            {"max_score": [N_("Already scored: the maximum can no longer change.")]},
        )
    for field in ("name", "weight", "max_score"):
        if field in changes and changes[field] != getattr(criterion, field):
            setattr(criterion, field, changes[field])
    uow.flush()
    return criterion


def delete_criterion(uow: UnitOfWork, fair_id: int, criterion_id: int) -> None:
    """Delete a criterion while no sheet has scored it; once scored, refused (409, saying why): scores are never dropped.
    The fair is held as in ``update_criterion``."""
    fair = held_fair(uow, fair_id)
    criterion = get_criterion(uow, fair_id, criterion_id, lock=True)
    rules.check_editable(fair.state, "criteria")
    refused = conflict(N_("Jurors have already scored this criterion: it can no longer be deleted."))
    if _is_scored(uow, criterion.id):
        raise refused
    try:
        with uow.session.begin_nested():  # a score saved at the same moment keeps the criterion
            uow.session.delete(criterion)
    except IntegrityError:
        raise refused from None


# --- the lineup --------------------------------------------------------------------------------------


def _next_position(uow: UnitOfWork, fair_id: int) -> int:
    return (uow.session.execute(
        sa.select(sa.func.max(Pitch.position)).where(Pitch.fair_id == fair_id, Pitch.active.is_(True))
    ).scalar() or 0) + 1


def sync_lineup(uow: UnitOfWork, fair: Fair) -> None:
    """The lineup follows the cohort's nominations: new ones join at the end, withdrawn ones drop out."""
    t = REPLICAS.teams
    nominated = set(uow.session.execute(
        sa.select(t.c.id).where(t.c.cohort_id == fair.cohort_id, t.c.nominated.is_(True), t.c.archived.is_(False))
    ).scalars())
    pitches = {p.team_id: p for p in uow.session.execute(sa.select(Pitch).where(Pitch.fair_id == fair.id)).scalars()}
    for team_id, pitch in pitches.items():
        if pitch.active and team_id not in nominated:
            pitch.active = False
    uow.flush()
    for team_id in sorted(nominated):
        pitch = pitches.get(team_id)
        if pitch is not None:
            if not pitch.active:
                pitch.position, pitch.active = _next_position(uow, fair.id), True
                uow.flush()
            continue
        try:
            with uow.session.begin_nested():  # a worker and a request may add the same team at once
                uow.session.add(Pitch(fair_id=fair.id, team_id=team_id, position=_next_position(uow, fair.id), active=True))
        except IntegrityError:
            pass


def sync_cohort_lineups(uow: UnitOfWork, cohort_id: int) -> None:
    """Drafts follow the nominations; an opened fair keeps the lineup it opened with."""
    for fair in uow.session.execute(sa.select(Fair).where(Fair.cohort_id == cohort_id, Fair.state == rules.DRAFT)).scalars():
        sync_lineup(uow, fair)


def move_pitch(uow: UnitOfWork, fair_id: int, pitch_id: int, position: int) -> None:
    rules.check_editable(get_fair(uow, fair_id).state, "position")
    pitch = get_pitch(uow, fair_id, pitch_id)
    if not pitch.active:
        raise conflict(N_("This project is no longer in the lineup."))
    order = [row["id"] for row in lineup(uow, fair_id)]
    pitches = {p.id: p for p in uow.session.execute(sa.select(Pitch).where(Pitch.id.in_(order))).scalars()}
    for index, pid in enumerate(rules.move(order, pitch_id, position), start=1):
        if pitches[pid].position != index:
            pitches[pid].position = index
    uow.flush()
