"""Judging use cases: fairs, criteria, the lineup, jurors and their links, score sheets, conflicts.

Each takes a unit of work, flushes when it needs ids and never commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.fairs.db import REPLICAS
from services.fairs.judging import rules
from services.fairs.judging.models import DEFAULT_TIE_BREAKS, Conflict, Criterion, Fair, Juror, Pitch, Score, Sheet, SheetRevision
from services.fairs.setup import rules as life
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.events.replicas import cohort_known
from shared.uow import UnitOfWork

FAIR_FIELDS = ("name", "held_on", "place", "jury_weight", "audience_weight", "standardise", "audience_mode", "tie_breaks")


def _decimal(value):
    """A weight as the column keeps it (three decimals), so that an unchanged value compares equal."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.001"))


# --- fairs -------------------------------------------------------------------------------------------


def get_fair(uow: UnitOfWork, fair_id: int) -> Fair:
    fair = uow.session.get(Fair, fair_id)
    if fair is None:
        raise not_found(N_("No such fair."))
    return fair




def create_fair(uow: UnitOfWork, data: dict) -> Fair:
    data = {**data, **{k: _decimal(data.get(k)) for k in ("jury_weight", "audience_weight")}}
    data.setdefault("standardise", False)
    data.setdefault("audience_mode", "device")
    data["tie_breaks"] = list(DEFAULT_TIE_BREAKS if data.get("tie_breaks") is None else data["tie_breaks"])
    errors = {**rules.check_weights(data["jury_weight"], data["audience_weight"]), **life.check_tie_breaks(data["tie_breaks"])}
    if errors:
        raise UseCaseError(422, None, errors)
    if not cohort_known(uow.session, REPLICAS, data["cohort_id"]):
        raise invalid("cohort_id", Msg(N_("No such cohort: #%(id)s."), id=data["cohort_id"]))
    fair = Fair(cohort_id=data["cohort_id"], version=1, state=life.DRAFT, voting_open=True, **{f: data.get(f) for f in FAIR_FIELDS})
    uow.session.add(fair)
    uow.flush()
    sync_lineup(uow, fair)
    return fair


def update_fair(uow: UnitOfWork, fair_id: int, changes: dict) -> Fair:
    """Name, date and place until the results are published; the weights and the formula in a draft only."""
    fair = get_fair(uow, fair_id)
    changes = {**changes, **{k: _decimal(changes[k]) for k in ("jury_weight", "audience_weight") if k in changes}}
    changed_fields = [f for f in FAIR_FIELDS if f in changes and changes[f] != getattr(fair, f)]
    if fair.state == life.PUBLISHED and changed_fields:
        raise UseCaseError(409, life.FINAL, {f: [life.FINAL] for f in changed_fields})
    fixed = [f for f in changed_fields if f in life.FORMULA_FIELDS]
    if fair.state != life.DRAFT and fixed:
        raise UseCaseError(409, life.FIXED, {f: [life.FIXED] for f in fixed})
    jury = changes.get("jury_weight", fair.jury_weight)
    audience = changes.get("audience_weight", fair.audience_weight)
    errors = {**rules.check_weights(jury, audience), **(life.check_tie_breaks(changes["tie_breaks"]) if "tie_breaks" in changes else {})}
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


def fairs_of(uow: UnitOfWork, account_id: int | None = None) -> list[Fair]:
    """Every fair, newest first; with ``account_id``, only those where that account sits on the jury."""
    query = sa.select(Fair).order_by(Fair.held_on.desc(), Fair.id.desc())
    if account_id is not None:
        query = query.join(Juror, Juror.fair_id == Fair.id).where(Juror.account_id == account_id, Juror.removed.is_(False))
    return list(uow.session.execute(query).scalars())


def cohort_name(uow: UnitOfWork, cohort_id: int) -> str:
    c = REPLICAS.cohorts
    name = uow.session.execute(sa.select(c.c.name).where(c.c.id == cohort_id)).scalar_one_or_none()
    return name or f"#{cohort_id}"


# --- criteria ----------------------------------------------------------------------------------------


def criteria(uow: UnitOfWork, fair_id: int, *, lock: bool = False) -> list[Criterion]:
    """The fair's criteria in order; ``lock`` holds them (shared) so a maximum cannot change under a sheet being saved."""
    query = sa.select(Criterion).where(Criterion.fair_id == fair_id).order_by(Criterion.position, Criterion.id)
    if lock:
        query = query.with_for_update(read=True)
    return list(uow.session.execute(query).scalars())


def add_criterion(uow: UnitOfWork, fair_id: int, data: dict) -> Criterion:
    life.check_editable(get_fair(uow, fair_id).state, "criteria")
    data = {**data, "weight": _decimal(data["weight"])}
    errors = rules.check_criterion(data["weight"], data["max_score"])
    if errors:
        raise UseCaseError(422, None, errors)
    name = _clean_criterion_name(uow, fair_id, data["name"])
    position = (uow.session.execute(sa.select(sa.func.max(Criterion.position)).where(Criterion.fair_id == fair_id)).scalar() or 0) + 1
    criterion = Criterion(fair_id=fair_id, name=name, weight=data["weight"], max_score=data["max_score"], position=position)
    uow.session.add(criterion)
    uow.flush()
    return criterion


def get_criterion(uow: UnitOfWork, fair_id: int, criterion_id: int, *, lock: bool = False) -> Criterion:
    query = sa.select(Criterion).where(Criterion.id == criterion_id, Criterion.fair_id == fair_id)
    criterion = uow.session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if criterion is None:
        raise not_found(N_("No such criterion at this fair."))
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
    refused (409, saying why). The criterion row is locked, and sheets lock the criteria they read
    (see ``save_sheet``), so a sheet saved at the same moment is either counted here or sees the new maximum.
    """
    fair = get_fair(uow, fair_id)
    criterion = get_criterion(uow, fair_id, criterion_id, lock=True)
    if "weight" in changes:
        changes = {**changes, "weight": _decimal(changes["weight"])}
    edits = [f for f in ("name", "weight", "max_score") if f in changes and changes[f] != getattr(criterion, f)]
    if edits and fair.state != life.DRAFT:
        message = life.FINAL if fair.state == life.PUBLISHED else life.FIXED
        raise UseCaseError(409, message, {f: [message] for f in edits})
    errors = rules.check_criterion(changes.get("weight"), changes.get("max_score"))
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
    """Delete a criterion while no sheet has scored it; once scored, refused (409, saying why): scores are never dropped."""
    fair = get_fair(uow, fair_id)
    criterion = get_criterion(uow, fair_id, criterion_id, lock=True)
    life.check_editable(fair.state, "criteria")
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
    for fair in uow.session.execute(sa.select(Fair).where(Fair.cohort_id == cohort_id, Fair.state == life.DRAFT)).scalars():
        sync_lineup(uow, fair)


def lineup(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """The active pitches in order, each with its team."""
    t = REPLICAS.teams
    rows = uow.session.execute(
        sa.select(Pitch, t.c.name, t.c.project_title, t.c.settlement)
        .join(t, t.c.id == Pitch.team_id, isouter=True)
        .where(Pitch.fair_id == fair_id, Pitch.active.is_(True))
        .order_by(Pitch.position, Pitch.id)
    ).all()
    return [
        {"pitch": p, "id": p.id, "fair_id": p.fair_id, "team_id": p.team_id, "position": index,
         "team_name": name or f"#{p.team_id}", "project_title": title, "settlement": settlement}
        for index, (p, name, title, settlement) in enumerate(rows, start=1)
    ]


def get_pitch(uow: UnitOfWork, fair_id: int, pitch_id: int) -> Pitch:
    pitch = uow.session.get(Pitch, pitch_id)
    if pitch is None or pitch.fair_id != fair_id:
        raise not_found(N_("No such pitch at this fair."))
    return pitch


def move_pitch(uow: UnitOfWork, fair_id: int, pitch_id: int, position: int) -> None:
    life.check_editable(get_fair(uow, fair_id).state, "position")
    pitch = get_pitch(uow, fair_id, pitch_id)
    if not pitch.active:
        raise conflict(N_("This project is no longer in the lineup."))
    order = [row["id"] for row in lineup(uow, fair_id)]
    pitches = {p.id: p for p in uow.session.execute(sa.select(Pitch).where(Pitch.id.in_(order))).scalars()}
    for index, pid in enumerate(rules.move(order, pitch_id, position), start=1):
        if pitches[pid].position != index:
            pitches[pid].position = index
    uow.flush()


# --- jurors and their links --------------------------------------------------------------------------


def _account(uow: UnitOfWork, account_id: int):
    a = REPLICAS.accounts
    return uow.session.execute(sa.select(a).where(a.c.id == account_id)).mappings().first()


def juror_candidates(uow: UnitOfWork) -> list:
    """Active accounts with the juror role."""
    a = REPLICAS.accounts
    rows = uow.session.execute(sa.select(a).where(a.c.active.is_(True)).order_by(a.c.name)).mappings().all()
    return [r for r in rows if "juror" in (r["roles"] or [])]


def _check_jury_editable(fair: Fair, field: str) -> None:
    """The jury is fixed with the results: a juror added or removed after publishing would move nothing, and mislead."""
    if fair.state == life.PUBLISHED:
        raise conflict(life.FINAL, {field: [life.FINAL]})


def add_juror(uow: UnitOfWork, fair_id: int, account_id: int) -> Juror:
    _check_jury_editable(get_fair(uow, fair_id), "account_id")
    account = _account(uow, account_id)
    if account is None:
        raise invalid("account_id", Msg(N_("No such account: #%(id)s."), id=account_id))
    if not account["active"] or "juror" not in (account["roles"] or []):
        raise invalid("account_id", N_("This account does not have the juror role."))
    juror = uow.session.execute(
        sa.select(Juror).where(Juror.fair_id == fair_id, Juror.account_id == account_id)
    ).scalar_one_or_none()
    if juror is not None and not juror.removed:
        raise conflict(N_("This person is already on the jury of this fair."), {"account_id": [N_("Already a juror of this fair.")]})
    if juror is not None:  # back on the jury: a new link, the old one stays dead
        juror.removed = False
        juror.link_version += 1
        juror.link_issued_at = utcnow()
    else:
        juror = Juror(fair_id=fair_id, account_id=account_id, link_version=1, removed=False, link_issued_at=utcnow())
        uow.session.add(juror)
    uow.flush()
    return juror


def get_juror(uow: UnitOfWork, fair_id: int, juror_id: int) -> Juror:
    juror = uow.session.get(Juror, juror_id)
    if juror is None or juror.fair_id != fair_id or juror.removed:
        raise not_found(N_("No such juror at this fair."))
    return juror


def remove_juror(uow: UnitOfWork, fair_id: int, juror_id: int) -> None:
    _check_jury_editable(get_fair(uow, fair_id), "juror_id")
    juror = get_juror(uow, fair_id, juror_id)
    juror.removed = True
    juror.link_version += 1
    uow.flush()


def reissue_link(uow: UnitOfWork, fair_id: int, juror_id: int) -> Juror:
    juror = get_juror(uow, fair_id, juror_id)
    juror.link_version += 1
    juror.link_issued_at = utcnow()
    uow.flush()
    return juror


def jurors(uow: UnitOfWork, fair_id: int) -> list[dict]:
    a = REPLICAS.accounts
    rows = uow.session.execute(
        sa.select(Juror, a.c.name, a.c.email)
        .join(a, a.c.id == Juror.account_id, isouter=True)
        .where(Juror.fair_id == fair_id, Juror.removed.is_(False))
        .order_by(a.c.name, Juror.id)
    ).all()
    return [{"juror": j, "name": name or f"#{j.account_id}", "email": email} for j, name, email in rows]


def link_name(session, principal) -> str | None:
    """Whether a personal link still works, and whose it is.

    It works while its juror is on the jury, the link is the latest one, and the account is still active,
    still has the juror role and has not signed out everywhere (a new password) since the link was made.
    """
    a = REPLICAS.accounts
    row = session.execute(
        sa.select(Juror.link_version, Juror.removed, Juror.link_issued_at, a.c.name, a.c.active, a.c.roles, a.c.signed_out_before)
        .join(a, a.c.id == Juror.account_id, isouter=True)
        .where(
            Juror.id == principal.scope.get("juror_id"),
            Juror.fair_id == principal.scope.get("fair_id"),
            Juror.account_id == principal.account_id,
        )
    ).first()
    if row is None or row.removed or row.link_version != principal.version or row.active is False:
        return None
    if row.roles is not None and "juror" not in row.roles:
        return None
    if row.signed_out_before is not None and row.signed_out_before > row.link_issued_at:
        return None
    return row.name or f"#{principal.account_id}"


def link_state(uow: UnitOfWork, principal) -> str:
    """``valid``, or ``revoked`` (removed, reissued, account closed), or ``unknown``."""
    if link_name(uow.session, principal) is not None:
        return "valid"
    exists = uow.session.execute(
        sa.select(Juror.id).where(Juror.id == principal.scope.get("juror_id"), Juror.fair_id == principal.scope.get("fair_id"))
    ).first()
    return "revoked" if exists else "unknown"


@dataclass(frozen=True)
class JurorSeat:
    """Who is scoring: the juror row of the signed-in account, or of the personal link."""

    juror: Juror
    account_id: int
    via: str = "account"


def seat_for(uow: UnitOfWork, fair_id: int, principal) -> JurorSeat:
    """The juror the principal is at this fair; an account that is not on its jury does not see it."""
    if principal.via == "link":
        juror = uow.session.get(Juror, principal.scope["juror_id"])
    else:
        juror = uow.session.execute(
            sa.select(Juror).where(Juror.fair_id == fair_id, Juror.account_id == principal.account_id)
        ).scalar_one_or_none()
    if juror is None or juror.fair_id != fair_id or juror.removed:
        raise not_found(N_("You are not on the jury of this fair."))
    return JurorSeat(juror, juror.account_id, "link" if principal.via == "link" else "account")


# --- conflicts of interest ---------------------------------------------------------------------------


def recusals(uow: UnitOfWork, juror: Juror) -> dict[int, str]:
    """Pitch id -> why this juror does not score it (mentor, member, declared, consulted)."""
    from services.fairs.judging.recusal import fair_recusals

    return {pid: kind for (_, pid), kind in fair_recusals(uow, juror.fair_id, [juror]).items()}


def _check_conflicts_editable(fair: Fair) -> None:
    """Declaring drops scores: not once scoring has closed."""
    if fair.state in (life.CLOSED, life.PUBLISHED):
        message = rules.SHEET_REFUSALS[fair.state]
        raise conflict(message, {"pitch_id": [message]}, reason=fair.state)


def declare_conflict(uow: UnitOfWork, seat: JurorSeat, pitch_id: int, reason: str | None) -> Conflict:
    """The juror declares a conflict for a pitch: their scores for it are dropped. Declaring twice is one declaration."""
    from services.fairs.judging.sheets import record_revision, sheet_scores

    juror = seat.juror
    _check_conflicts_editable(get_fair(uow, juror.fair_id))
    pitch = get_pitch(uow, juror.fair_id, pitch_id)
    existing = uow.session.execute(
        sa.select(Conflict).where(Conflict.juror_id == juror.id, Conflict.pitch_id == pitch.id)
    ).scalar_one_or_none()
    reason = (reason or "").strip() or None
    if existing is not None:
        if reason and reason != existing.reason:
            existing.reason = reason
        return existing
    declared = Conflict(fair_id=juror.fair_id, juror_id=juror.id, pitch_id=pitch.id, reason=reason)
    uow.session.add(declared)
    sheet = uow.session.execute(
        sa.select(Sheet).where(Sheet.juror_id == juror.id, Sheet.pitch_id == pitch.id)
    ).scalar_one_or_none()
    if sheet is not None:
        old = sheet_scores(uow, sheet.id)
        uow.session.execute(sa.delete(Score).where(Score.sheet_id == sheet.id))
        if old:
            record_revision(uow, sheet, "recused", old, {}, sheet.comment, sheet.comment, seat, reason)
        sheet.version += 1
        sheet.updated_at = utcnow()
    uow.flush()
    return declared


def withdraw_conflict(uow: UnitOfWork, fair_id: int, conflict_id: int, *, seat: JurorSeat | None) -> None:
    """The juror withdraws their own declaration (a coordinator, ``seat`` None, any of the fair's)."""
    _check_conflicts_editable(get_fair(uow, fair_id))
    declared = uow.session.get(Conflict, conflict_id)
    if declared is None or declared.fair_id != fair_id or (seat is not None and declared.juror_id != seat.juror.id):
        raise not_found(N_("No such declaration."))
    uow.session.delete(declared)
    uow.flush()


def conflicts(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """Declared conflicts, standing ones (mentor, member) and flagged ones (consulted, with the chair's decision)."""
    from services.fairs.judging.consulted import flags
    from services.fairs.judging.recusal import fair_recusals

    out = []
    rows = jurors(uow, fair_id)
    names = {row["juror"].id: row["name"] for row in rows}
    for c in uow.session.execute(sa.select(Conflict).where(Conflict.fair_id == fair_id).order_by(Conflict.id)).scalars():
        if c.juror_id in names:
            out.append({"id": c.id, "juror_id": c.juror_id, "juror_name": names[c.juror_id], "pitch_id": c.pitch_id,
                        "kind": rules.DECLARED, "reason": c.reason, "declared_at": c.declared_at, "decision": None})
    for (juror_id, pid), kind in sorted(fair_recusals(uow, fair_id, [r["juror"] for r in rows]).items()):
        if kind in (rules.MENTOR, rules.MEMBER):
            out.append({"id": None, "juror_id": juror_id, "juror_name": names[juror_id], "pitch_id": pid,
                        "kind": kind, "reason": None, "declared_at": None, "decision": None})
    for flag in flags(uow, get_fair(uow, fair_id)):
        out.append({"id": None, "juror_id": flag["juror_id"], "juror_name": names.get(flag["juror_id"], ""),
                    "pitch_id": flag["pitch_id"], "kind": rules.CONSULTED, "reason": None, "declared_at": None,
                    "decision": flag["decision"]})
    return out


# --- score sheets (kept in judging.sheets; these names stay here for their readers) ----------------


def own_sheet(uow: UnitOfWork, seat: JurorSeat, pitch_id: int) -> dict:
    from services.fairs.judging import sheets

    return sheets.own_sheet(uow, seat, pitch_id)


def save_sheet(uow: UnitOfWork, seat: JurorSeat, pitch_id: int, scores: dict, comment: str | None) -> dict:
    from services.fairs.judging import sheets

    return sheets.save_sheet(uow, seat, pitch_id, scores, comment)


def my_sheets(uow: UnitOfWork, seat: JurorSeat) -> list[dict]:
    from services.fairs.judging import sheets

    return sheets.my_sheets(uow, seat)


def all_sheets(uow: UnitOfWork, fair_id: int) -> list[dict]:
    from services.fairs.judging import sheets

    return sheets.all_sheets(uow, fair_id)


def pitch_status(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """For each pitch: each juror's sheet state, who has sent, who is missing, who is recused (see judging.sheets)."""
    from services.fairs.judging import sheets

    return sheets.pitch_status(uow, fair_id)
