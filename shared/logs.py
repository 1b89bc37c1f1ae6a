"""JSON logs carrying a correlation id from the request to the consumer that applies its events."""
from __future__ import annotations

import contextvars
import logging
import sys
import uuid

from pythonjsonlogger.json import JsonFormatter

_correlation: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)


def correlation_id() -> str | None:
    return _correlation.get()


def set_correlation_id(value: str | None) -> contextvars.Token:
    return _correlation.set(value)


def reset_correlation_id(token: contextvars.Token) -> None:
    _correlation.reset(token)


def new_correlation_id() -> str:
    return uuid.uuid4().hex


class _ContextFilter(logging.Filter):
    def __init__(self, service: str, role: str):
        super().__init__()
        self.service = service
        self.role = role

    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = _correlation.get()
        record.service = _request_service() or self.service
        record.role = self.role
        return True


def _request_service() -> str | None:
    """In the embedded mode one process serves the three apps: name the one answering."""
    try:
        from flask import current_app, has_app_context
    except ImportError:  # pragma: no cover - flask is always there
        return None
    return current_app.config.get("SERVICE") if has_app_context() else None


def configure(service: str, role: str, *, level: str = "INFO", fmt: str = "json") -> None:
    """Install one stderr handler on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_rostok", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._rostok = True  # type: ignore[attr-defined]
    if fmt == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(service)s %(role)s %(correlation_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(service)s/%(role)s [%(correlation_id)s] %(name)s: %(message)s")
        )
    handler.addFilter(_ContextFilter(service, role))
    root.addHandler(handler)
    root.setLevel(level.upper())
