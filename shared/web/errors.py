"""One error shape for the API, HTML error pages for the pages.

API (paths under ``/<service>/api/``): ``{"message": "...", "errors": {"field": ["..."]}}``
for every status, messages in the caller's language.
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import LazyString, gettext
from werkzeug.exceptions import HTTPException, InternalServerError

from shared.errors import Msg, UseCaseError
from shared.web import field_messages
from shared.web.access import Refused

log = logging.getLogger("rostok.web")


def _titles():
    return {
        400: gettext("The request is not valid."),
        401: gettext("Please sign in."),
        403: gettext("You do not have access to this."),
        404: gettext("Not found."),
        405: gettext("This method is not allowed here."),
        409: gettext("This conflicts with existing data."),
        413: gettext("The file is too large."),
        415: gettext("Unsupported content type."),
        422: gettext("Some fields are not valid."),
        429: gettext("Too many attempts. Please wait and try again."),
        500: gettext("Something went wrong on our side. Please try again."),
        503: gettext("The service is temporarily unavailable."),
    }


def translate_messages(value):
    """Field messages come from marshmallow in English; the catalogue translates them."""
    if isinstance(value, dict):
        return {str(k): translate_messages(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [translate_messages(v) for v in value]
    if isinstance(value, Msg):
        return value.render(gettext)
    if isinstance(value, str):
        return field_messages.translate(value)
    if isinstance(value, LazyString):  # a form's message, already in the reader's language
        return str(value)
    return value


def flatten_webargs(messages: dict) -> dict:
    """webargs nests field errors by location ({"json": {...}}); the API shape does not."""
    flat: dict = {}
    for location, errors in (messages or {}).items():
        if isinstance(errors, dict) and location in ("json", "query", "form", "files", "headers", "view_args"):
            flat.update(errors)
        else:
            flat[location] = errors
    return flat


def is_api_path() -> bool:
    parts = request.path.split("/")
    return len(parts) > 2 and parts[2] == "api"


def is_api_request() -> bool:
    """The API, or a page's script asking for JSON: answered in the one JSON error shape."""
    return is_api_path() or request.accept_mimetypes.best == "application/json"


ApiError = UseCaseError


def error_response(status: int, message: str | None = None, errors: dict | None = None, **extra):
    message = translate_messages(message) if message else _titles().get(status, gettext("Error."))
    errors = translate_messages(errors or {})
    headers = {"Retry-After": str(int(extra["retry_after"]))} if extra.get("retry_after") else {}
    if is_api_request():
        body = {"message": message, "errors": errors, **extra}
        return jsonify(body), status, headers
    try:
        html = render_template("error.html", status=status, message=message, errors=errors)
    except Exception:  # the error page itself must not fail
        log.exception("error page failed")
        html = f"<h1>{status}</h1><p>{message}</p>"
    return html, status, headers


def install(app: Flask) -> None:
    @app.errorhandler(UseCaseError)
    def _api_error(exc: UseCaseError):
        return error_response(exc.status, exc.message, exc.errors, **exc.extra)

    @app.errorhandler(Refused)
    def _refused(exc: Refused):
        if exc.status == 401 and not is_api_request() and request.method == "GET":
            from flask import redirect

            try:
                return redirect(current_app.config["SIGN_IN_URL"] + "?next=" + request.full_path.rstrip("?"))
            except Exception:
                pass
        return error_response(exc.status)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        data = getattr(exc, "data", None) or {}
        errors = flatten_webargs(data.get("messages", {})) if isinstance(data, dict) else {}
        message = data.get("message") if isinstance(data, dict) else None
        code = exc.code or 500
        if code == 422 and errors:
            message = None
        return error_response(code, message, errors)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http_error(exc)
        log.exception("unhandled error")
        return error_response(InternalServerError.code)
