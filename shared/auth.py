"""Signed API tokens every service verifies with the shared secret.

A token carries the account id, its roles and the account's version. A
service trusts it until it expires, unless its own account replica holds a
newer version of that account (roles changed, account deactivated): then the
replica decides.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

ROLES = ("coordinator", "mentor", "juror")
_SALT = "rostok.api-token.v1"
_LINK_SALT = "rostok.juror-link.v1"


@dataclass(frozen=True)
class Principal:
    account_id: int
    roles: frozenset[str]
    version: int
    name: str = ""
    via: str = "token"  # token | session | link
    scope: dict = field(default_factory=dict)  # e.g. a juror link: {"fair_id": 3, "juror_id": 7}
    issued_at: int | None = None  # when the token or session was issued, in Unix milliseconds

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


@dataclass(frozen=True)
class AccountState:
    version: int
    roles: frozenset[str]
    active: bool
    name: str = ""
    signed_out_before: dt.datetime | None = None  # set by a new password


AccountLookup = Callable[[int], "AccountState | None"]


class TokenError(Exception):
    pass


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def now_ms() -> int:
    return int(time.time() * 1000)


def issue_token(secret: str, *, account_id: int, roles, version: int) -> str:
    return _serializer(secret).dumps({"sub": account_id, "roles": sorted(roles), "v": version, "iat": now_ms()})


def verify_token(secret: str, token: str, *, max_age: int) -> Principal:
    try:
        data, issued = _serializer(secret).loads(token, max_age=max_age, return_timestamp=True)
    except SignatureExpired as exc:
        raise TokenError("expired") from exc
    except BadSignature as exc:
        raise TokenError("invalid") from exc
    try:
        issued_at = int(data["iat"]) if "iat" in data else int(issued.timestamp()) * 1000
        return Principal(account_id=int(data["sub"]), roles=frozenset(data["roles"]), version=int(data["v"]),
                         issued_at=issued_at)
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenError("invalid") from exc


def issue_link(secret: str, *, account_id: int, fair_id: int, juror_id: int, version: int) -> str:
    """A juror's personal link token: works without signing in, for that juror at that fair only.

    It does not expire by time; the fairs service refuses it once the juror is
    removed or the link reissued (``version``), so a lost phone costs one click.
    """
    # no timestamp in it: the same juror and version always give the same link (the printed QR code stays right)
    return URLSafeSerializer(secret, salt=_LINK_SALT).dumps(
        {"sub": account_id, "fair": fair_id, "juror": juror_id, "v": version}
    )


def verify_link(secret: str, token: str) -> Principal:
    try:
        data = URLSafeSerializer(secret, salt=_LINK_SALT).loads(token)
        return Principal(
            account_id=int(data["sub"]),
            roles=frozenset({"juror"}),
            version=int(data["v"]),
            via="link",
            scope={"fair_id": int(data["fair"]), "juror_id": int(data["juror"])},
        )
    except BadSignature as exc:
        raise TokenError("invalid") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenError("invalid") from exc


def reconcile(principal: Principal, state: AccountState | None) -> Principal | None:
    """Apply the replica's view of the account: a newer version overrides the token."""
    if state is None:
        return principal
    if state.version >= principal.version and not state.active:
        return None
    if signed_out(principal, state):
        return None
    if state.version > principal.version:
        return replace(principal, roles=state.roles, version=state.version, name=state.name or principal.name)
    if state.name and not principal.name:
        return replace(principal, name=state.name)
    return principal


def signed_out(principal: Principal, state: AccountState) -> bool:
    """Issued before the account's last "sign out everywhere" (a new password), to the millisecond."""
    if state.signed_out_before is None:
        return False
    if principal.issued_at is None:
        return True  # from before issue times were kept: older than any change
    return principal.issued_at < state.signed_out_before.timestamp() * 1000
