"""Account use cases. They flush; the boundary commits."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from services.cohorts.accounts import rules
from services.cohorts.accounts.models import Account, AccountLink, SignInFailure
from services.cohorts.accounts.passwords import hash_password, verify_password
from shared.auth import AccountState
from shared.db import utcnow
from shared.errors import N_, Msg, UseCaseError, conflict, invalid, not_found
from shared.uow import UnitOfWork


def _publish(uow: UnitOfWork, account: Account, verb: str) -> None:
    uow.publish(f"cohorts.account.{verb}", account.event_body(), entity_version=account.version)


def check_password(password: str, email: str) -> None:
    problem = rules.password_problem(password, email)
    if problem == "short":
        raise invalid("password", Msg(N_("At least %(count)d characters."), count=rules.MIN_PASSWORD_LENGTH))
    if problem == "common":
        raise invalid("password", N_("This password is among the first that anyone would try. Choose another one, e.g. a few unrelated words."))


def create_account(uow: UnitOfWork, *, email: str, name: str, roles: list[str], password: str | None, testing: bool,
                   check_strength: bool = True) -> Account:
    """``check_strength`` is off only for the first coordinator, whose password the operator sets in the environment."""
    email = rules.normalise_email(email)
    if password and check_strength:
        check_password(password, email)
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


def authenticate(uow: UnitOfWork, *, email: str, password: str, address: str, testing: bool) -> Account:
    """The same answer whether or not the account exists; repeated failures wait.

    Failures count per (e-mail, address) and per address: a guesser slows down
    themselves, not the account's owner signing in from another address.
    """
    key = rules.normalise_email(email)
    now = utcnow()
    failure = uow.session.get(SignInFailure, rules.pair_key(key, address))
    from_address = uow.session.get(SignInFailure, rules.address_key(address))
    wait = max(
        rules.retry_after(failure.count, failure.last_failed_at, now) if failure else 0.0,
        rules.retry_after(from_address.count, from_address.last_failed_at, now, free=rules.FREE_ADDRESS_FAILURES)
        if from_address else 0.0,
    )
    if wait > 0:
        raise SignInRefused(429, Msg(N_("Too many failed attempts. Try again in %(seconds)d s."), seconds=int(wait) + 1), retry_after=int(wait) + 1)
    account = uow.session.execute(sa.select(Account).where(Account.email == key)).scalar_one_or_none()
    ok = verify_password(account.password_hash if account else None, password, testing=testing)
    if ok and account is not None and account.active:
        if failure is not None:
            uow.session.delete(failure)
        return account
    raise SignInRefused(401, N_("Wrong e-mail or password."))


def record_sign_in_failure(uow: UnitOfWork, *, email: str, address: str) -> None:
    """Its own unit of work: the refused request rolls back, the count must stay."""
    now = utcnow()
    for key in (rules.pair_key(email, address), rules.address_key(address)):
        failure = uow.session.get(SignInFailure, key, with_for_update=True)
        if failure is None:
            try:
                with uow.session.begin_nested():  # two first failures at once: one inserts, the other counts
                    uow.session.add(SignInFailure(key=key, count=0, last_failed_at=now))
            except sa_exc.IntegrityError:
                pass
            failure = uow.session.get(SignInFailure, key, with_for_update=True, populate_existing=True)
        if now - failure.last_failed_at > rules.FAILURE_MEMORY:
            failure.count = 0  # an old run of failures is forgotten
        failure.count += 1
        failure.last_failed_at = now
    uow.flush()


def account_state(session, account_id: int) -> AccountState | None:
    row = session.execute(
        sa.select(Account.version, Account.roles, Account.active, Account.name, Account.signed_out_before)
        .where(Account.id == account_id)
    ).first()
    if row is None:
        return AccountState(version=2**31, roles=frozenset(), active=False)  # deleted: refuse
    return AccountState(version=row.version, roles=frozenset(row.roles), active=row.active, name=row.name,
                        signed_out_before=row.signed_out_before)


LINK_LIFETIME = {"invite": dt.timedelta(days=7), "reset": dt.timedelta(days=1)}


def get_account(uow: UnitOfWork, account_id: int, *, for_update: bool = False) -> Account:
    account = uow.session.get(Account, account_id, with_for_update=for_update or None)
    if account is None:
        raise not_found(N_("No such account."))
    return account


def _active_coordinators(uow: UnitOfWork) -> int:
    accounts = uow.session.execute(sa.select(Account.roles).where(Account.active.is_(True))).scalars()
    return sum(1 for roles in accounts if "coordinator" in roles)


def update_account(uow: UnitOfWork, account_id: int, changes: dict, *, actor_id: int) -> Account:
    account = get_account(uow, account_id, for_update=True)
    was_coordinator = account.active and "coordinator" in account.roles
    if "name" in changes:
        account.name = changes["name"].strip()
    if "roles" in changes:
        account.roles = sorted(set(changes["roles"]))
    if "active" in changes:
        if account.active and not changes["active"]:
            # a token or cookie issued before must not work again once the account is reactivated
            account.signed_out_before = utcnow()
        account.active = changes["active"]
    if "language" in changes:
        account.language = changes["language"]
    if "person_id" in changes:
        account.person_id = _linkable_person(uow, account, changes["person_id"])
    still_coordinator = account.active and "coordinator" in account.roles
    if was_coordinator and not still_coordinator:
        if account.id == actor_id:
            raise conflict(N_("You cannot take the coordinator role from yourself or deactivate yourself."))
        uow.flush()
        if _active_coordinators(uow) == 0:
            raise conflict(N_("At least one active coordinator must remain."))
    account.version += 1
    uow.flush()
    _publish(uow, account, "updated")
    return account


def _linkable_person(uow: UnitOfWork, account: Account, person_id: int | None) -> int | None:
    """The person an account is (its juror then stands recused from that person's team)."""
    if person_id is None:
        return None
    from services.cohorts.people.models import Person

    person = uow.session.get(Person, person_id)
    if person is None:
        raise invalid("person_id", N_("No such person."))
    if person.erased_at is not None or person.merged_into_id is not None:
        raise invalid("person_id", N_("This person's record is erased or merged: choose the current one."))
    other = uow.session.execute(
        sa.select(Account.email).where(Account.person_id == person_id, Account.id != account.id)
    ).scalar_one_or_none()
    if other is not None:
        raise invalid("person_id", Msg(N_("This person is already linked to the account %(email)s."), email=other))
    return person_id


def relink_person(uow: UnitOfWork, merged_id: int, kept_id: int) -> None:
    """Accounts that were a folded person record are now the kept one (a version bump only
    refreshes the account in the replicas: it signs nobody out)."""
    for account in uow.session.execute(sa.select(Account).where(Account.person_id == merged_id)).scalars():
        account.person_id = kept_id
        account.version += 1
        uow.flush()
        _publish(uow, account, "updated")


def sign_out_everywhere(uow: UnitOfWork, account_id: int) -> None:
    """Every token and session issued until now stops working, in every service (by the account event)."""
    account = uow.session.get(Account, account_id, with_for_update=True)
    if account is None:
        return
    account.signed_out_before = utcnow()
    account.version += 1
    uow.flush()
    _publish(uow, account, "updated")


def remember_language(uow: UnitOfWork, account_id: int, language: str) -> None:
    account = uow.session.get(Account, account_id)
    if account is not None and account.language != language:
        account.language = language
        account.version += 1
        uow.flush()
        _publish(uow, account, "updated")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(uow: UnitOfWork, account_id: int, purpose: str, *, actor_id: int | None) -> tuple[Account, str]:
    """A new one-time link; earlier unused links of the account stop working."""
    account = get_account(uow, account_id)
    now = utcnow()
    uow.session.execute(
        sa.update(AccountLink)
        .where(AccountLink.account_id == account.id, AccountLink.used_at.is_(None), AccountLink.expires_at > now)
        .values(expires_at=now)  # replaced, not used: used_at stays for a link that set the password
    )
    token = secrets.token_urlsafe(32)
    uow.session.add(
        AccountLink(
            account_id=account.id,
            purpose=purpose,
            token_hash=_token_hash(token),
            expires_at=now + LINK_LIFETIME[purpose],
            created_by=actor_id,
        )
    )
    uow.flush()
    return account, token


RESET_REQUEST_INTERVAL = dt.timedelta(minutes=5)


def request_reset(uow: UnitOfWork, email: str) -> tuple[Account, str] | None:
    """A reset link asked for from the sign-in page, or None.

    None for an unknown or deactivated account, and for a second request within
    a few minutes (a mailbox is not to be flooded); the page answers the same
    in every case, so it tells nobody which e-mails have accounts.
    """
    account = uow.session.execute(
        sa.select(Account).where(Account.email == rules.normalise_email(email))
    ).scalar_one_or_none()
    if account is None or not account.active:
        return None
    recent = uow.session.execute(
        sa.select(sa.func.count()).select_from(AccountLink).where(
            AccountLink.account_id == account.id,
            AccountLink.purpose == "reset",
            AccountLink.created_by.is_(None),
            AccountLink.created_at > utcnow() - RESET_REQUEST_INTERVAL,
        )
    ).scalar_one()
    if recent:
        return None
    return issue_link(uow, account.id, "reset", actor_id=None)


def link_account(uow: UnitOfWork, token: str) -> tuple[AccountLink, Account]:
    link = uow.session.execute(
        sa.select(AccountLink).where(AccountLink.token_hash == _token_hash(token or ""))
    ).scalar_one_or_none()
    if link is not None and link.used_at is not None:
        # the letter opened again after the password was set with it: the way on is to sign in
        raise UseCaseError(410, N_("Your password is already set with this link. Sign in with it."))
    if link is None or link.expires_at <= utcnow():
        raise UseCaseError(404, N_("This link is no longer valid. Ask your coordinator for a new one."))
    return link, uow.session.get(Account, link.account_id)


def set_password_with_link(uow: UnitOfWork, token: str, password: str, *, testing: bool) -> Account:
    link, account = link_account(uow, token)
    check_password(password, account.email)
    account.password_hash = hash_password(password, testing=testing)
    link.used_at = utcnow()
    # whoever held the old password (or a copied cookie) is signed out, here and, by the event, everywhere
    account.signed_out_before = link.used_at
    account.version += 1
    uow.flush()
    _publish(uow, account, "updated")
    return account
