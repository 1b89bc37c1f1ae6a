"""Idempotency keys: a create sent twice (a phone on a bad network) answers the first record.

The key (``Idempotency-Key`` header, or the ``idempotency_key`` field of a
form) and the answer are stored in the same transaction as the record. A
second request with the key gets the stored answer; two racing requests
collide on the key's primary key at commit, and the loser answers the
winner's stored response.
"""
from __future__ import annotations

import hashlib
import json
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, request, session

from shared.db import utcnow
from shared.web.boundary import current_uow

_STORED_HEADERS = ("Location", "Content-Type")


def _key() -> str | None:
    key = request.headers.get("Idempotency-Key") or request.form.get("idempotency_key")
    key = (key or "").strip()
    return key[:120] or None


def _scope() -> str:
    """Who sent it, and to which address: a key answers only the same request of the same sender.

    A juror's link is its own sender (the same account on two fairs is two), and
    without any sign-in the sender is the browser's session (its form secret, which stays while the cookie's
    value changes with every message the page flashes), else the address.
    """
    principal = g.get("principal")
    if principal is None:
        browser = session.get("csrf_token") if session else None
        sender = "anonymous:" + (browser or request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]) or request.remote_addr or "")
    elif principal.via == "link":
        sender = f"link:{principal.account_id}:{sorted(principal.scope.items())}"
    else:
        sender = f"account:{principal.account_id}"
    digest = hashlib.sha256(f"{sender}\n{request.method}\n{request.path}".encode()).hexdigest()
    return f"{sender.split(':', 1)[0]}:{digest}"  # fits the column, names the kind of sender


def _table():
    return current_app.extensions["rostok.runtime"].tables.idempotency


def _lookup(session, scope: str, key: str):
    t = _table()
    return session.execute(sa.select(t).where(t.c.scope == scope, t.c.key == key)).first()


def _response(row):
    headers = json.loads(row.headers)
    return current_app.response_class(row.body, status=row.status_code, headers=headers)


def idempotent(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = _key()
        if key is None:
            return view(*args, **kwargs)
        uow = current_uow()
        scope = _scope()
        stored = _lookup(uow.session, scope, key)
        if stored is not None:
            return _response(stored)
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code < 400:
            g._idempotency = (scope, key)
            uow.session.execute(
                sa.insert(_table()).values(
                    scope=scope,
                    key=key,
                    method=request.method,
                    path=request.path[:300],
                    status_code=response.status_code,
                    body=response.get_data(as_text=True),
                    headers=json.dumps({h: response.headers[h] for h in _STORED_HEADERS if h in response.headers}),
                    created_at=utcnow(),
                )
            )
        return response

    return wrapper


def replay_after_conflict():
    """After a failed commit: if a racing twin stored its answer under our key, answer that."""
    pending = g.pop("_idempotency", None)
    if pending is None:
        return None
    runtime = current_app.extensions["rostok.runtime"]
    with runtime.session_factory() as session:
        stored = _lookup(session, *pending)
    return _response(stored) if stored is not None else None
