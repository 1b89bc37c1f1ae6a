"""An expert's personal link: a token that signs in for that expert on that call only, without an account, over the
days of a review on a phone or a laptop. It never expires by time; reissuing it (``link_version``) or taking the
expert off the call ends it, and the sheets stay."""
from __future__ import annotations

from shared import auth

SALT = "rostok.expert-link.v1"
ROLE = "expert"


def issue(secret: str, *, account_id: int, call_id: int, expert_id: int, version: int) -> str:
    return auth.sign_link(secret, SALT, {"sub": account_id, "call": call_id, "expert": expert_id, "v": version})


def principal(secret: str, token: str) -> auth.Principal:
    """Who the link says it is (not yet whether it still works: ``operations.expert_link_name`` tells)."""
    data = auth.read_link(secret, SALT, token)
    try:
        return auth.Principal(account_id=int(data["sub"]), roles=frozenset({ROLE}), version=int(data["v"]), via="link",
                              scope={"call_id": int(data["call"]), "expert_id": int(data["expert"])})
    except (KeyError, TypeError, ValueError) as exc:
        raise auth.TokenError("invalid") from exc
