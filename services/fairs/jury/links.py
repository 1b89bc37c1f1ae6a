"""A juror's personal link: a token that signs in for that juror at that fair only, without an account.

It never expires by time; the fair refuses it once the juror is removed or the link reissued (``link_version``), so a
lost phone costs one click. The payload and salt are those of every link printed so far: changing either would kill
the QR codes already on paper.
"""
from __future__ import annotations

from shared import auth

SALT = "rostok.juror-link.v1"
ROLE = "juror"


def issue(secret: str, *, account_id: int, fair_id: int, juror_id: int, version: int) -> str:
    return auth.sign_link(secret, SALT, {"sub": account_id, "fair": fair_id, "juror": juror_id, "v": version})


def principal(secret: str, token: str) -> auth.Principal:
    """Who the link says it is (not yet whether it still works: ``operations.link_name`` tells)."""
    data = auth.read_link(secret, SALT, token)
    try:
        return auth.Principal(account_id=int(data["sub"]), roles=frozenset({ROLE}), version=int(data["v"]), via="link",
                              scope={"fair_id": int(data["fair"]), "juror_id": int(data["juror"])})
    except (KeyError, TypeError, ValueError) as exc:
        raise auth.TokenError("invalid") from exc
