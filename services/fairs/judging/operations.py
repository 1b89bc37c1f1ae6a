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
from services.fairs.judging.models import Conflict, Criterion, Fair, Juror, Pitch, Score, Sheet
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.events.replicas import cohort_known
from shared.uow import UnitOfWork

FAIR_FIELDS = ("name", "held_on", "place", "jury_weight", "audience_weight")


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
    errors = rules.check_weights(data["jury_weight"], data["audience_weight"])
    if errors:
        raise UseCaseError(422, None, errors)
    if not cohort_known(uow.session, REPLICAS, data["cohort_id"]):
        raise invalid("cohort_id", Msg(N_("No such cohort: #%(id)s."), id=data["cohort_id"]))
    fair = Fair(cohort_id=data["cohort_id"], version=1, **{f: data.get(f) for f in FAIR_FIELDS})
    uow.session.add(fair)
    uow.flush()
    sync_lineup(uow, fair)
    return fair


def update_fair(uow: UnitOfWork, fair_id: int, changes: dict) -> Fair:
    fair = get_fair(uow, fair_id)
    changes = {**changes, **{k: _decimal(changes[k]) for k in ("jury_weight", "audience_weight") if k in changes}}
    jury = changes.get("jury_weight", fair.jury_weight)
    audience = changes.get("audience_weight", fair.audience_weight)
    errors = rules.check_weights(jury, audience)
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
    get_fair(uow, fair_id)
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
    get_fair(uow, fair_id)
    criterion = get_criterion(uow, fair_id, criterion_id, lock=True)
    if "weight" in changes:
        changes = {**changes, "weight": _decimal(changes["weight"])}
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
    get_fair(uow, fair_id)
    criterion = get_criterion(uow, fair_id, criterion_id, lock=True)
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
    for fair in uow.session.execute(sa.select(Fair).where(Fair.cohort_id == cohort_id)).scalars():
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
    get_fair(uow, fair_id)
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


def add_juror(uow: UnitOfWork, fair_id: int, account_id: int) -> Juror:
    get_fair(uow, fair_id)
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
    else:
        juror = Juror(fair_id=fair_id, account_id=account_id, link_version=1, removed=False)
        uow.session.add(juror)
    uow.flush()
    return juror


def get_juror(uow: UnitOfWork, fair_id: int, juror_id: int) -> Juror:
    juror = uow.session.get(Juror, juror_id)
    if juror is None or juror.fair_id != fair_id or juror.removed:
        raise not_found(N_("No such juror at this fair."))
    return juror


def remove_juror(uow: UnitOfWork, fair_id: int, juror_id: int) -> None:
    juror = get_juror(uow, fair_id, juror_id)
    juror.removed = True
    juror.link_version += 1
    uow.flush()


def reissue_link(uow: UnitOfWork, fair_id: int, juror_id: int) -> Juror:
    juror = get_juror(uow, fair_id, juror_id)
    juror.link_version += 1
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
    """Whether a personal link still works: its juror is on the jury and the link is the latest one."""
    a = REPLICAS.accounts
    row = session.execute(
        sa.select(Juror.link_version, Juror.removed, a.c.name, a.c.active)
        .join(a, a.c.id == Juror.account_id, isouter=True)
        .where(
            Juror.id == principal.scope.get("juror_id"),
            Juror.fair_id == principal.scope.get("fair_id"),
            Juror.account_id == principal.account_id,
        )
    ).first()
    if row is None or row.removed or row.link_version != principal.version or row.active is False:
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
    return JurorSeat(juror, juror.account_id)


# --- conflicts of interest ---------------------------------------------------------------------------


def standing_conflicts(uow: UnitOfWork, juror: Juror) -> dict[int, str]:
    """Teams the juror mentors or belongs to (from cohorts' replicas): team id -> reason."""
    m, mem, a = REPLICAS.mentors, REPLICAS.members, REPLICAS.accounts
    found: dict[int, str] = {}
    for team_id in uow.session.execute(
        sa.select(m.c.team_id).where(m.c.account_id == juror.account_id, m.c.active.is_(True))
    ).scalars():
        found[team_id] = rules.MENTOR
    person_id = uow.session.execute(sa.select(a.c.person_id).where(a.c.id == juror.account_id)).scalar_one_or_none()
    if person_id is not None:
        for team_id in uow.session.execute(
            sa.select(mem.c.team_id).where(mem.c.person_id == person_id, mem.c.active.is_(True))
        ).scalars():
            found.setdefault(team_id, rules.MEMBER)
    return found


def recusals(uow: UnitOfWork, juror: Juror) -> dict[int, str]:
    """Pitch id -> why this juror does not score it (declared, mentor, member)."""
    standing = standing_conflicts(uow, juror)
    out: dict[int, str] = {}
    if standing:
        for pid, team_id in uow.session.execute(
            sa.select(Pitch.id, Pitch.team_id).where(Pitch.fair_id == juror.fair_id, Pitch.team_id.in_(standing))
        ):
            out[pid] = standing[team_id]
    for pid in uow.session.execute(sa.select(Conflict.pitch_id).where(Conflict.juror_id == juror.id)).scalars():
        out.setdefault(pid, rules.DECLARED)
    return out


def declare_conflict(uow: UnitOfWork, seat: JurorSeat, pitch_id: int, reason: str | None) -> Conflict:
    """The juror declares a conflict for a pitch: their scores for it are dropped. Declaring twice is one declaration."""
    juror = seat.juror
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
    sheet = _sheet(uow, juror.id, pitch.id)
    if sheet is not None:
        uow.session.execute(sa.delete(Score).where(Score.sheet_id == sheet.id))
        sheet.version += 1
        sheet.updated_at = utcnow()
    uow.flush()
    return declared


def withdraw_conflict(uow: UnitOfWork, fair_id: int, conflict_id: int, *, seat: JurorSeat | None) -> None:
    """The juror withdraws their own declaration (a coordinator, ``seat`` None, any of the fair's)."""
    declared = uow.session.get(Conflict, conflict_id)
    if declared is None or declared.fair_id != fair_id or (seat is not None and declared.juror_id != seat.juror.id):
        raise not_found(N_("No such declaration."))
    uow.session.delete(declared)
    uow.flush()


def conflicts(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """Declared conflicts and standing ones (mentor, member) of the fair's jurors."""
    out = []
    names = {row["juror"].id: row["name"] for row in jurors(uow, fair_id)}
    for c in uow.session.execute(sa.select(Conflict).where(Conflict.fair_id == fair_id).order_by(Conflict.id)).scalars():
        if c.juror_id in names:
            out.append({"id": c.id, "juror_id": c.juror_id, "juror_name": names[c.juror_id], "pitch_id": c.pitch_id,
                        "kind": rules.DECLARED, "reason": c.reason, "declared_at": c.declared_at})
    for row in jurors(uow, fair_id):
        for pid, kind in recusals(uow, row["juror"]).items():
            if kind != rules.DECLARED:
                out.append({"id": None, "juror_id": row["juror"].id, "juror_name": row["name"], "pitch_id": pid,
                            "kind": kind, "reason": None, "declared_at": None})
    return out


# --- score sheets ------------------------------------------------------------------------------------


def _sheet(uow: UnitOfWork, juror_id: int, pitch_id: int) -> Sheet | None:
    return uow.session.execute(
        sa.select(Sheet).where(Sheet.juror_id == juror_id, Sheet.pitch_id == pitch_id)
    ).scalar_one_or_none()


def _scores(uow: UnitOfWork, sheet_ids) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = {}
    if sheet_ids:
        for s in uow.session.execute(sa.select(Score).where(Score.sheet_id.in_(list(sheet_ids)))).scalars():
            out.setdefault(s.sheet_id, {})[s.criterion_id] = s.value
    return out


def _sheet_body(sheet: Sheet | None, juror: Juror, pitch: Pitch, scores: dict[int, int], n_criteria: int, recused: str | None) -> dict:
    return {
        "id": sheet.id if sheet else None,
        "fair_id": pitch.fair_id,
        "pitch_id": pitch.id,
        "team_id": pitch.team_id,
        "juror_id": juror.id,
        "scores": {str(k): v for k, v in sorted(scores.items())},
        "comment": sheet.comment if sheet else None,
        "state": rules.sheet_state(len(scores), n_criteria, recused is not None),
        "recused": recused is not None,
        "recusal": recused,
        "version": sheet.version if sheet else 0,
        "updated_at": sheet.updated_at if sheet else None,
    }


def own_sheet(uow: UnitOfWork, seat: JurorSeat, pitch_id: int) -> dict:
    juror = seat.juror
    pitch = get_pitch(uow, juror.fair_id, pitch_id)
    if not pitch.active:
        raise not_found(N_("This project is no longer in the lineup."))
    sheet = _sheet(uow, juror.id, pitch.id)
    scores = _scores(uow, [sheet.id]).get(sheet.id, {}) if sheet else {}
    recused = recusals(uow, juror).get(pitch.id)
    return _sheet_body(sheet, juror, pitch, {} if recused else scores, len(criteria(uow, juror.fair_id)), recused)


def save_sheet(uow: UnitOfWork, seat: JurorSeat, pitch_id: int, scores: dict, comment: str | None) -> dict:
    """The juror's sheet becomes exactly these scores and this comment (a resend changes nothing)."""
    juror = seat.juror
    pitch = get_pitch(uow, juror.fair_id, pitch_id)
    if not pitch.active:
        raise conflict(N_("This project is no longer in the lineup."))
    recused = recusals(uow, juror).get(pitch.id)
    if recused:
        raise conflict(rules.RECUSAL_MESSAGES[recused], {"scores": [rules.RECUSAL_MESSAGES[recused]]}, reason=recused)
    fair_criteria = criteria(uow, juror.fair_id, lock=True)
    maxima = {c.id: c.max_score for c in fair_criteria}
    clean, errors = rules.check_scores(scores, maxima)
    comment = (comment or "").strip() or None
    if comment and len(comment) > rules.COMMENT_LENGTH:
        errors["comment"] = [Msg(N_("At most %(max)s characters."), max=rules.COMMENT_LENGTH)]
    if errors:
        raise UseCaseError(422, None, errors)
    sheet = _sheet(uow, juror.id, pitch.id)
    if sheet is None:
        try:
            with uow.session.begin_nested():  # the same sheet sent twice at once: one row
                sheet = Sheet(fair_id=juror.fair_id, juror_id=juror.id, pitch_id=pitch.id, comment=None, version=0)
                uow.session.add(sheet)
        except IntegrityError:
            sheet = _sheet(uow, juror.id, pitch.id)
    have = {s.criterion_id: s for s in uow.session.execute(sa.select(Score).where(Score.sheet_id == sheet.id)).scalars()}
    changed = sheet.comment != comment
    for cid, score in have.items():
        if cid not in clean:
            uow.session.delete(score)
            changed = True
        elif score.value != clean[cid]:
            score.value = clean[cid]
            changed = True
    for cid, value in clean.items():
        if cid not in have:
            uow.session.add(Score(sheet_id=sheet.id, criterion_id=cid, value=value, max_score=maxima[cid]))
            changed = True
    sheet.comment = comment
    if changed or sheet.version == 0:
        sheet.version += 1
        sheet.updated_at = utcnow()
    uow.flush()
    return _sheet_body(sheet, juror, pitch, clean, len(fair_criteria), None)


def my_sheets(uow: UnitOfWork, seat: JurorSeat) -> list[dict]:
    """The lineup with the state of this juror's own sheet for each pitch."""
    juror = seat.juror
    n_criteria = len(criteria(uow, juror.fair_id))
    sheets = {s.pitch_id: s for s in uow.session.execute(sa.select(Sheet).where(Sheet.juror_id == juror.id)).scalars()}
    scores = _scores(uow, [s.id for s in sheets.values()])
    recused = recusals(uow, juror)
    out = []
    for row in lineup(uow, juror.fair_id):
        sheet = sheets.get(row["id"])
        reason = recused.get(row["id"])
        count = 0 if reason or sheet is None else len(scores.get(sheet.id, {}))
        out.append({**row, "state": rules.sheet_state(count, n_criteria, reason is not None), "recusal": reason})
    return out


def all_sheets(uow: UnitOfWork, fair_id: int) -> list[dict]:
    """Every sheet of the fair (the coordinator's view)."""
    get_fair(uow, fair_id)
    n_criteria = len(criteria(uow, fair_id))
    pitches = {p.id: p for p in uow.session.execute(sa.select(Pitch).where(Pitch.fair_id == fair_id)).scalars()}
    out = []
    for row in jurors(uow, fair_id):
        juror = row["juror"]
        recused = recusals(uow, juror)
        sheets = list(uow.session.execute(sa.select(Sheet).where(Sheet.juror_id == juror.id).order_by(Sheet.pitch_id)).scalars())
        scores = _scores(uow, [s.id for s in sheets])
        for sheet in sheets:
            reason = recused.get(sheet.pitch_id)
            body = _sheet_body(sheet, juror, pitches[sheet.pitch_id], {} if reason else scores.get(sheet.id, {}), n_criteria, reason)
            out.append({**body, "juror_name": row["name"]})
    return out
