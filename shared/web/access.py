"""Who may use each page and endpoint: declared next to the view, checked in one place.

``@allow("coordinator", "mentor")`` on a view function or a MethodView method;
``@allow(PUBLIC)`` for pages anyone may open (sign-in, health), ``@allow(SIGNED_IN)``
for any signed-in account, ``@allow("coordinator", LINK)`` where a juror's personal
link (no account) may be used too; a link is then held to its scope: view
arguments named like its scope keys (``fair_id``, ``juror_id``) must match. A view with no declaration is refused to
everyone: a new endpoint is closed until someone decides who may use it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Flask, current_app, g, request

PUBLIC = "public"
SIGNED_IN = "signed_in"
LINK = "link"  # a personal link (a juror's) in place of an account
SCRAPER = "scraper"  # Prometheus with ROSTOK_METRICS_TOKEN: /metrics and nothing else


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]

    @property
    def public(self) -> bool:
        return PUBLIC in self.allowed

    def admits(self, principal) -> bool:
        if self.public:
            return True
        if principal is None:
            return False
        if principal.via == "link":
            return LINK in self.allowed
        if principal.via == SCRAPER:
            return SCRAPER in self.allowed
        if SIGNED_IN in self.allowed:
            return True
        return principal.has(*self.allowed)


def allow(*allowed: str) -> Callable:
    def decorate(view):
        view._rostok_rule = Rule(frozenset(allowed))
        return view

    return decorate


def rule_for(app: Flask, endpoint: str | None, method: str) -> Rule | None:
    if endpoint is None:
        return None
    view = app.view_functions.get(endpoint)
    if view is None:
        return None
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        handler = getattr(view_class, method.lower(), None)
        if handler is None and method == "HEAD":
            handler = getattr(view_class, "get", None)
        return getattr(handler, "_rostok_rule", None) or getattr(view_class, "_rostok_rule", None)
    return getattr(view, "_rostok_rule", None)


class Refused(Exception):
    def __init__(self, status: int):
        self.status = status


def check_access() -> None:
    """Raise Refused(401|403) unless the current principal may use this endpoint."""
    if request.method == "OPTIONS" or request.endpoint in (None, "static"):
        return
    rule = rule_for(current_app, request.endpoint, request.method)
    if rule is None:
        current_app.logger.error("no access rule declared for %s %s", request.method, request.endpoint)
        raise Refused(403)
    principal = g.get("principal")
    if not rule.admits(principal):
        raise Refused(401 if principal is None else 403)
    if principal is not None and principal.via == "link":
        # a personal link is scoped: an address naming another fair (or juror) is not its own
        for key, value in principal.scope.items():
            if key in (request.view_args or {}) and request.view_args[key] != value:
                raise Refused(403)
