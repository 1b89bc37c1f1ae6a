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

_SALT = "rostok.api-token.v1"


@dataclass(frozen=True)
class Principal:
    account_id: int
    roles: frozenset[str]
    version: int
    name: str = ""
    via: str = "token"  # token | session | link
    scope: dict = field(default_factory=dict)  # what a personal link opens, as its service reads it
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


def looks_timed(token: str) -> bool:
    """Whether a token has the shape of a signed-in token (payload, time, signature: three parts; a compressed
    payload begins with a dot) rather than a personal link's (payload and signature): the link's phone then skips a
    signature check that cannot succeed. URL-safe base64 has no dot, so the parts are never ambiguous."""
    return token.lstrip(".").count(".") == 2


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


def sign_link(secret: str, salt: str, payload: dict) -> str:
    """A personal link's token: the payload signed, with no timestamp (the same payload always gives the same token, so
    a printed QR code stays right). The service that issues links names their salt and what the payload holds; it
    refuses a link by its own records (removed, reissued), never by time."""
    return URLSafeSerializer(secret, salt=salt).dumps(payload)


def read_link(secret: str, salt: str, token: str) -> dict:
    """The payload of a link signed with ``sign_link``; ``TokenError`` for anything else."""
    try:
        data = URLSafeSerializer(secret, salt=salt).loads(token)
    except BadSignature as exc:
        raise TokenError("invalid") from exc
    if not isinstance(data, dict):
        raise TokenError("invalid")
    return data


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
