"""Account use cases. They flush; the boundary commits."""
from __future__ import annotations

import sqlalchemy as sa

from services.cohorts.accounts import rules
from services.cohorts.accounts.models import Account, SignInFailure
from services.cohorts.accounts.passwords import hash_password, verify_password
from shared.auth import AccountState
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict
from shared.uow import UnitOfWork


def _publish(uow: UnitOfWork, account: Account, verb: str) -> None:
    uow.publish(f"cohorts.account.{verb}", account.event_body(), entity_version=account.version)


def create_account(uow: UnitOfWork, *, email: str, name: str, roles: list[str], password: str | None, testing: bool) -> Account:
    email = rules.normalise_email(email)
    existing = uow.session.execute(sa.select(Account).where(Account.email == email)).scalar_one_or_none()
    if existing is not None:
        raise conflict(N_("An account with this e-mail already exists."), {"email": [N_("An account with this e-mail already exists.")]})
    account = Account(
        email=email,
        name=name.strip(),
        roles=sorted(set(roles)),
        password_hash=hash_password(password, testing=testing) if password else None,
        active=True,
        version=1,
    )
    uow.session.add(account)
    uow.flush()
    _publish(uow, account, "created")
    return account


class SignInRefused(UseCaseError):
    pass


def authenticate(uow: UnitOfWork, *, email: str, password: str, testing: bool) -> Account:
    """The same answer whether or not the account exists; repeated failures wait."""
    key = rules.normalise_email(email)
    now = utcnow()
    failure = uow.session.get(SignInFailure, key)
    if failure is not None:
        wait = rules.retry_after(failure.count, failure.last_failed_at, now)
        if wait > 0:
            raise SignInRefused(429, Msg(N_("Too many failed attempts. Try again in %(seconds)d s."), seconds=int(wait) + 1), retry_after=int(wait) + 1)
    account = uow.session.execute(sa.select(Account).where(Account.email == key)).scalar_one_or_none()
    ok = verify_password(account.password_hash if account else None, password, testing=testing)
    if ok and account is not None and account.active:
        if failure is not None:
            uow.session.delete(failure)
        return account
    raise SignInRefused(401, N_("Wrong e-mail or password."))


def record_sign_in_failure(uow: UnitOfWork, *, email: str) -> None:
    """Its own unit of work: the refused request rolls back, the count must stay."""
    key = rules.normalise_email(email)
    failure = uow.session.get(SignInFailure, key, with_for_update=True)
    if failure is None:
        failure = SignInFailure(key=key, count=0)
        uow.session.add(failure)
    failure.count += 1
    failure.last_failed_at = utcnow()
    uow.flush()


def account_state(session, account_id: int) -> AccountState | None:
    row = session.execute(
        sa.select(Account.version, Account.roles, Account.active, Account.name).where(Account.id == account_id)
    ).first()
    if row is None:
        return AccountState(version=2**31, roles=frozenset(), active=False)  # deleted: refuse
    return AccountState(version=row.version, roles=frozenset(row.roles), active=row.active, name=row.name)
