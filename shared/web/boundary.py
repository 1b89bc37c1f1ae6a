"""The request boundary: one unit of work per request, committed once after the view.

Views and operations use ``current_uow()``; they flush, never commit. A
response below 400 commits (with its outbox rows, and the stored answer of an
``Idempotency-Key``); anything else rolls back, so a refused request leaves
nothing half-written.
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, g, request
from sqlalchemy import exc as sa_exc

from shared.db import READ_ONLY, is_sqlite
from shared.uow import UnitOfWork

log = logging.getLogger("rostok.web")


def current_uow() -> UnitOfWork:
    uow = g.get("_uow")
    if uow is None:
        runtime = current_app.extensions["rostok.runtime"]
        uow = g._uow = runtime.uow()
        if request.method in ("GET", "HEAD") and is_sqlite(runtime.engine):
            # SQLite takes one writer at a time: a page read does not wait behind a long write
            # (an import). A GET that must write does so in a transaction of its own.
            uow.session.connection(execution_options={READ_ONLY: True})
    return uow


def _conflict_response():
    """A constraint refused the write (a racing twin got there first): the first answer, or 409."""
    from shared.web.errors import error_response
    from shared.web.idempotency import replay_after_conflict

    replayed = replay_after_conflict()
    if replayed is not None:
        return replayed
    log.warning("write refused by a constraint", exc_info=True)
    return current_app.make_response(error_response(409))


def install(app: Flask) -> None:
    @app.errorhandler(sa_exc.IntegrityError)
    def _refused_by_constraint(exc):
        # raised at a flush inside the view: the checks in the operations lost a race
        _drop_request_uow()
        return _conflict_response()

    @app.errorhandler(sa_exc.DataError)
    def _refused_by_the_database(exc):
        # A value the column cannot hold (a number past its range, say) that no schema
        # bounded: the input is at fault, not the server. Logged, so the schema gets its bound.
        _drop_request_uow()
        log.warning("input refused by the database: %s", str(exc.orig).splitlines()[0] if exc.orig else exc)
        from shared.web.errors import error_response

        return current_app.make_response(error_response(422))

    @app.after_request
    def _commit(response):
        uow: UnitOfWork | None = g.pop("_uow", None)
        if uow is None:
            return response
        try:
            if response.status_code < 400:
                try:
                    uow.commit()
                except sa_exc.IntegrityError:
                    uow.rollback()
                    return _conflict_response()
            else:
                uow.rollback()
        finally:
            uow.close()
        return response

    @app.teardown_request
    def _discard(exc):
        _drop_request_uow()


def _drop_request_uow() -> None:
    uow: UnitOfWork | None = g.pop("_uow", None)
    if uow is not None:
        uow.rollback()
        uow.close()


def discard() -> None:
    """A use case refused on a page: nothing it staged is kept, even if the page then redirects (303)."""
    uow: UnitOfWork | None = g.get("_uow")
    if uow is not None:
        uow.rollback()


def in_own_transaction(operation, **kwargs):
    """Run a use case in a unit of work of its own, committed now whatever the request's outcome.

    For what must be kept even when the request is refused (a failed sign-in is counted).
    """
    with current_app.extensions["rostok.runtime"].uow() as uow:
        result = operation(uow, **kwargs)
        uow.commit()
        return result
