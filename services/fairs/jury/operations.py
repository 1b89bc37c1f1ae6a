"""The jury's use cases: jurors and their personal links, which juror a request is (its seat), the fairs a juror sits on.

Each takes a unit of work, flushes when it needs ids and never commits.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import sqlalchemy as sa

from services.fairs.db import REPLICAS
from services.fairs.fair import rules as fair_rules
from services.fairs.fair.lookups import get_fair
from services.fairs.fair.models import Fair
from services.fairs.jury.models import Juror
from shared.db import utcnow
from shared.errors import N_, Msg, conflict, invalid, not_found
from shared.uow import UnitOfWork


def fairs_of(uow: UnitOfWork, account_id: int | None = None) -> list[Fair]:
    """Every fair, newest first; with ``account_id``, only those where that account sits on the jury."""
    query = sa.select(Fair).order_by(Fair.held_on.desc(), Fair.id.desc())
    if account_id is not None:
        query = query.join(Juror, Juror.fair_id == Fair.id).where(Juror.account_id == account_id, Juror.removed.is_(False))
    return list(uow.session.execute(query).scalars())


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
    if fair.state == fair_rules.PUBLISHED:
        raise conflict(fair_rules.FINAL, {field: [fair_rules.FINAL]})


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


@functools.cache
def _link_query():
    """A link's juror and account, the query built once (it is asked at every request a juror's phone makes)."""
    a = REPLICAS.accounts
    return (sa.select(Juror, Juror.link_version, Juror.removed, Juror.link_issued_at, a.c.name, a.c.active, a.c.roles,
                      a.c.signed_out_before)
            .join(a, a.c.id == Juror.account_id, isouter=True)
            .where(Juror.id == sa.bindparam("juror_id"), Juror.fair_id == sa.bindparam("fair_id"),
                   Juror.account_id == sa.bindparam("account_id")))


def link_name(session, principal) -> str | None:
    """Whether a personal link still works, and whose it is.

    It works while its juror is on the jury, the link is the latest one, and the account is still active,
    still has the juror role and has not signed out everywhere (a new password) since the link was made.
    """
    # the juror's whole row: it stays in the session, so the seat of this request needs no second read
    row = session.execute(_link_query(), dict(juror_id=principal.scope.get("juror_id"), fair_id=principal.scope.get("fair_id"),
                                              account_id=principal.account_id)).first()
    if row is None or row.removed or row.link_version != principal.version or row.active is False:
        return None
    # the session holds its rows weakly: kept for the unit of work, the seat's ``session.get`` finds it there
    session.info.setdefault("kept", []).append(row[0])
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
