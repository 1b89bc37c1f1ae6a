"""The request's actor: who signed in (or whose personal link opened the page), for the use cases."""
from __future__ import annotations

from flask import g

from shared.actor import Actor


def current_actor() -> Actor:
    p = g.principal
    return Actor(account_id=p.account_id, name=p.name or None, roles=frozenset(p.roles), via=p.via, scope=dict(p.scope or {}))
