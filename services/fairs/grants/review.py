"""The review of a call: experts by personal link, their conflicts (declared, or their own organisation or a partner
of it), the assignment made when the review starts, and their sheets saved as they go.

Each use case takes a unit of work and never commits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from services.fairs.db import REPLICAS
from services.fairs.grants import rules
from services.fairs.grants.assignment import assign
from services.fairs.grants.models import GrantApplication, GrantAssignment, GrantConflict, GrantExpert, GrantReview
from services.fairs.grants.operations import change_state, criteria, get_call
from services.fairs.judging.rules import COMMENT_LENGTH, check_scores
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.text import normalise
from shared.uow import UnitOfWork

EXPERT_ROLES = ("juror",)  # an account that may be an expert: the jury's role, until the register names experts apart


# --- experts and their links ---------------------------------------------------------------------------------------


def add_expert(uow: UnitOfWork, call_id: int, account_id: int, organisation: str | None = None, inn: str | None = None) -> GrantExpert:
    call = get_call(uow, call_id)
    if call.state == rules.PUBLISHED:
        raise conflict(N_("The awards are published: the call no longer changes."))
    a = REPLICAS.accounts
    account = uow.session.execute(sa.select(a).where(a.c.id == account_id)).mappings().first()
    if account is None:
        raise invalid("account_id", Msg(N_("No such account: #%(id)s."), id=account_id))
    if not account["active"] or not set(EXPERT_ROLES).intersection(account["roles"] or []):
        raise invalid("account_id", N_("This account does not have the juror role."))
    expert = uow.session.execute(
        sa.select(GrantExpert).where(GrantExpert.call_id == call_id, GrantExpert.account_id == account_id)).scalar_one_or_none()
    if expert is not None and not expert.removed:
        raise conflict(N_("This person is already an expert of this call."), {"account_id": [N_("Already an expert of this call.")]})
    organisation = " ".join((organisation or "").split()) or None
    inn = "".join((inn or "").split()) or None
    if expert is None:
        expert = GrantExpert(call_id=call_id, account_id=account_id, organisation=organisation, inn=inn, link_version=1, removed=False)
        uow.session.add(expert)
    else:  # back on the call: a new link, the old one stays dead
        expert.removed, expert.organisation, expert.inn = False, organisation, inn
        expert.link_version += 1
    uow.flush()
    return expert


def _expert(uow: UnitOfWork, call_id: int, expert_id: int) -> GrantExpert:
    expert = uow.session.get(GrantExpert, expert_id, with_for_update=True)
    if expert is None or expert.call_id != call_id or expert.removed:
        raise not_found(N_("No such expert of this call."))
    return expert


def reissue_link(uow: UnitOfWork, call_id: int, expert_id: int, *, now: dt.datetime) -> GrantExpert:
    """A new personal link (a phone lost, a link forwarded): the old one stops at once, the sheets stay."""
    expert = _expert(uow, call_id, expert_id)
    expert.link_version += 1
    expert.link_issued_at = now
    uow.flush()
    return expert


def remove_expert(uow: UnitOfWork, call_id: int, expert_id: int) -> GrantExpert:
    """Off the call: the link stops, what is assigned to them goes back to be assigned (their sheets stay, no longer
    counted)."""
    expert = _expert(uow, call_id, expert_id)
    expert.removed = True
    uow.session.execute(sa.delete(GrantAssignment).where(GrantAssignment.expert_id == expert.id))
    uow.flush()
    return expert


def experts(uow: UnitOfWork, call_id: int) -> list[dict]:
    a = REPLICAS.accounts
    rows = uow.session.execute(
        sa.select(GrantExpert, a.c.name).join(a, a.c.id == GrantExpert.account_id, isouter=True)
        .where(GrantExpert.call_id == call_id, GrantExpert.removed.is_(False)).order_by(GrantExpert.id)).all()
    return [{"expert": e, "name": name or f"#{e.account_id}"} for e, name in rows]


def expert_link_name(session, principal) -> str | None:
    """Whether an expert's link still works (the expert on the call, the link the latest, the account active), and
    whose it is."""
    a = REPLICAS.accounts
    row = session.execute(
        sa.select(GrantExpert.link_version, GrantExpert.removed, GrantExpert.link_issued_at, a.c.name, a.c.active,
                  a.c.signed_out_before)
        .join(a, a.c.id == GrantExpert.account_id, isouter=True)
        .where(GrantExpert.id == principal.scope.get("expert_id"), GrantExpert.call_id == principal.scope.get("call_id"),
               GrantExpert.account_id == principal.account_id)).first()
    if row is None or row.removed or row.link_version != principal.version or row.active is False:
        return None
    if row.signed_out_before is not None and row.signed_out_before > row.link_issued_at:
        return None
    return row.name or f"#{principal.account_id}"


@dataclass(frozen=True)
class ExpertSeat:
    expert: GrantExpert


def seat_for(uow: UnitOfWork, principal) -> ExpertSeat:
    """The expert a personal link is; anything else (a juror's link, an account) is not an expert here."""
    expert_id = (principal.scope or {}).get("expert_id") if principal is not None else None
    expert = uow.session.get(GrantExpert, expert_id) if expert_id else None
    if expert is None or expert.removed:
        raise UseCaseError(403, N_("Only an expert of this call, by their personal link."))
    return ExpertSeat(expert)


# --- conflicts -----------------------------------------------------------------------------------------------------


def _own(expert: GrantExpert, application: GrantApplication) -> bool:
    """The expert's own organisation applies, or is named as a partner: by INN when both have one, else by name."""
    theirs = [(application.organisation, application.inn)] + [(p.get("name"), p.get("inn")) for p in application.partners or []]
    for name, inn in theirs:
        if expert.inn and inn and expert.inn == inn:
            return True
        if expert.organisation and name and normalise(expert.organisation) == normalise(name):
            return True
    return False


def conflicted_pairs(uow: UnitOfWork, call_id: int, apps: list[GrantApplication] | None = None) -> set[tuple[int, int]]:
    """(expert, application) pairs that may never meet: declared, or the expert's own organisation. ``apps``: the
    call's applications when the caller has them already."""
    pairs = set(uow.session.execute(
        sa.select(GrantConflict.expert_id, GrantConflict.application_id).where(GrantConflict.call_id == call_id)).tuples())
    if apps is None:
        apps = list(uow.session.execute(sa.select(GrantApplication).where(GrantApplication.call_id == call_id)).scalars())
    for row in experts(uow, call_id):
        for application in apps:
            if _own(row["expert"], application):
                pairs.add((row["expert"].id, application.id))
    return pairs


def declare_conflict(uow: UnitOfWork, seat: ExpertSeat, application_id: int, reason: str | None) -> GrantConflict:
    """The expert declares a conflict: off the application at once, their sheet for it no longer counts (it is kept)."""
    expert = seat.expert
    application = uow.session.get(GrantApplication, application_id)
    if application is None or application.call_id != expert.call_id:
        raise not_found(N_("No such application."))
    declared = uow.session.execute(sa.select(GrantConflict).where(
        GrantConflict.expert_id == expert.id, GrantConflict.application_id == application.id)).scalar_one_or_none()
    if declared is None:
        declared = GrantConflict(call_id=expert.call_id, expert_id=expert.id, application_id=application.id,
                                 reason=(reason or "").strip()[:1000] or None)
        uow.session.add(declared)
    uow.session.execute(sa.delete(GrantAssignment).where(
        GrantAssignment.expert_id == expert.id, GrantAssignment.application_id == application.id))
    uow.flush()
    return declared


# --- the assignment ------------------------------------------------------------------------------------------------


def move(uow: UnitOfWork, call_id: int, target: str) -> tuple:
    """A coordinator moves the call; when the review starts, every application is assigned (see ``start_review``).
    Answers the call and the applications left short of experts."""
    call = get_call(uow, call_id)
    starting = call.state == rules.OPEN and target == rules.REVIEW
    call = change_state(uow, call_id, target)
    return call, (start_review(uow, call_id) if starting else {})


def start_review(uow: UnitOfWork, call_id: int) -> dict:
    """Assign every application to the call's number of experts free of conflict, loads even; what is assigned stays
    (a coordinator's choice). Answers the applications left short."""
    call = get_call(uow, call_id)
    apps = list(uow.session.execute(sa.select(GrantApplication.id).where(GrantApplication.call_id == call_id)).scalars())
    ids = [row["expert"].id for row in experts(uow, call_id)]
    kept: dict[int, list[int]] = {}
    for application_id, expert_id in uow.session.execute(
            sa.select(GrantAssignment.application_id, GrantAssignment.expert_id).where(GrantAssignment.call_id == call_id)):
        kept.setdefault(application_id, []).append(expert_id)
    pairs = conflicted_pairs(uow, call_id)
    result = assign(apps, ids, call.reviews_per_application, pairs, kept)
    for application_id, chosen in result.assigned.items():
        for expert_id in chosen:
            if expert_id not in kept.get(application_id, ()):
                uow.session.add(GrantAssignment(application_id=application_id, expert_id=expert_id, call_id=call_id))
    if pairs:  # kept assignments that became conflicted go (their sheets stay, no longer counted)
        uow.session.execute(sa.delete(GrantAssignment).where(GrantAssignment.call_id == call_id, sa.tuple_(
            GrantAssignment.expert_id, GrantAssignment.application_id).in_(list(pairs))))
    uow.flush()
    return result.short


def assignments(uow: UnitOfWork, call_id: int, *, expert_id: int | None = None) -> list[dict]:
    """Who reviews what, with each sheet's progress; an expert sees their own."""
    query = (sa.select(GrantAssignment, GrantApplication.title, GrantReview.scores, GrantReview.updated_at)
             .join(GrantApplication, GrantApplication.id == GrantAssignment.application_id)
             .join(GrantReview, sa.and_(GrantReview.application_id == GrantAssignment.application_id,
                                        GrantReview.expert_id == GrantAssignment.expert_id), isouter=True)
             .where(GrantAssignment.call_id == call_id).order_by(GrantAssignment.application_id, GrantAssignment.expert_id))
    if expert_id is not None:
        query = query.where(GrantAssignment.expert_id == expert_id)
    n = len(criteria(uow, call_id))
    return [{"application_id": a.application_id, "expert_id": a.expert_id, "title": title, "reason": a.reason,
             "scored": len(scores or {}), "criteria": n, "complete": bool(scores) and len(scores) >= n, "saved_at": saved}
            for a, title, scores, saved in uow.session.execute(query)]


# --- the sheets ----------------------------------------------------------------------------------------------------


def save_review(uow: UnitOfWork, seat: ExpertSeat, application_id: int, scores: dict, comment: str | None,
                *, now: dt.datetime) -> GrantReview:
    """The expert's sheet becomes these scores (a criterion that allows it may be None: not applicable) and this
    comment; saved as they go, while the review is on, for an application assigned to them."""
    expert = seat.expert
    call = get_call(uow, expert.call_id)
    if call.state != rules.REVIEW:
        message = N_("The review is not on: sheets are saved while the call is in review.")
        raise conflict(message, {"scores": [message]})
    assigned = uow.session.get(GrantAssignment, (application_id, expert.id))
    if assigned is None:
        raise not_found(N_("This application is not assigned to you."))
    call_criteria = criteria(uow, call.id)
    allows = {c.id for c in call_criteria if c.not_applicable}
    given = {str(k): v for k, v in (scores or {}).items()}
    not_applicable = {k for k, v in given.items() if v is None}
    errors: dict = {}
    for key in not_applicable:
        if not key.isdigit() or int(key) not in allows:
            errors.setdefault("scores", {})[key] = [N_("This criterion always applies: score it.")]
    clean, score_errors = check_scores({k: v for k, v in given.items() if v is not None}, {c.id: c.max_score for c in call_criteria})
    for key, messages in (score_errors.get("scores") or {}).items():
        errors.setdefault("scores", {})[key] = messages
    comment = (comment or "").strip() or None
    if comment and len(comment) > COMMENT_LENGTH:
        errors["comment"] = [Msg(N_("At most %(max)s characters."), max=COMMENT_LENGTH)]
    if errors:
        raise UseCaseError(422, None, errors)
    values = {str(k): v for k, v in clean.items()} | {k: None for k in not_applicable}
    review = uow.session.execute(sa.select(GrantReview).where(
        GrantReview.application_id == application_id, GrantReview.expert_id == expert.id)).scalar_one_or_none()
    if review is None:
        review = GrantReview(call_id=call.id, application_id=application_id, expert_id=expert.id, scores=values, comment=comment,
                             version=1, updated_at=now)
        uow.session.add(review)
    elif review.scores != values or review.comment != comment:
        review.scores, review.comment = values, comment
        review.version += 1
        review.updated_at = now
    uow.flush()
    return review


def assign_by_hand(uow: UnitOfWork, call_id: int, application_id: int, expert_id: int, reason: str | None,
                   replaces: int | None = None) -> GrantAssignment:
    """A coordinator adds an expert to an application, or swaps one for another (``replaces``), with a reason kept on
    the assignment; never an expert with a conflict there. The replaced expert's sheet stays and no longer counts."""
    call = get_call(uow, call_id)
    if call.state not in (rules.OPEN, rules.REVIEW, rules.DECIDED):
        message = N_("Experts are assigned while the call is open, in review or decided.")
        raise conflict(message, {"expert_id": [message]})
    reason = (reason or "").strip()[:1000]
    if not reason:
        raise UseCaseError(422, None, {"reason": [N_("Say why: the reason stays with the assignment.")]})
    application = uow.session.get(GrantApplication, application_id)
    if application is None or application.call_id != call_id:
        raise invalid("application_id", N_("No such application."))
    expert = uow.session.get(GrantExpert, expert_id)
    if expert is None or expert.call_id != call_id or expert.removed:
        raise invalid("expert_id", N_("No such expert of this call."))
    if (expert.id, application.id) in conflicted_pairs(uow, call_id):
        raise conflict(N_("This expert has a conflict with this application."), {"expert_id": [N_("A conflict: not this expert.")]})
    if replaces is not None:
        gone = uow.session.get(GrantAssignment, (application.id, replaces))
        if gone is None:
            raise invalid("replaces", N_("That expert does not review this application."))
        uow.session.delete(gone)
    made = uow.session.get(GrantAssignment, (application.id, expert.id))
    if made is None:
        made = GrantAssignment(application_id=application.id, expert_id=expert.id, call_id=call_id, reason=reason)
        uow.session.add(made)
    else:
        made.reason = reason
    uow.flush()
    return made


def ahead(uow: UnitOfWork, call_id: int) -> dict:
    """What the call's next step would find, said before a coordinator takes it: the applications, those whose
    experts have not all sent a complete sheet, and the experts with nothing assigned."""
    call = get_call(uow, call_id)
    apps = list(uow.session.execute(sa.select(GrantApplication.id).where(GrantApplication.call_id == call_id)
                                    .order_by(GrantApplication.id)).scalars())
    rows = assignments(uow, call_id)
    busy = {row["expert_id"] for row in rows}
    assigned = {row["application_id"] for row in rows}
    unreviewed = sorted({row["application_id"] for row in rows if not row["complete"]} | (set(apps) - assigned))
    return {"state": call.state, "next": rules.NEXT.get(call.state), "applications": len(apps), "unreviewed": unreviewed,
            "experts_without_assignments": [row["expert"].id for row in experts(uow, call_id) if row["expert"].id not in busy]}
