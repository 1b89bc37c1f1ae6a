"""Errors a use case raises, free of Flask; the web layer translates and renders them.

Messages are English message ids (marked with ``N_`` for extraction); a
message with values is a ``Msg``, formatted after translation.
"""
from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it here."""
    return message


class Msg:
    def __init__(self, msgid: str, **values):
        self.msgid = msgid
        self.values = values

    def render(self, translate) -> str:
        return translate(self.msgid) % self.values if self.values else translate(self.msgid)

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r}, {self.values!r})"


class UseCaseError(Exception):
    def __init__(self, status: int, message: str | Msg | None = None, errors: dict | None = None, **extra):
        super().__init__(message.msgid if isinstance(message, Msg) else message)
        self.status = status
        self.message = message
        self.errors = errors or {}
        self.extra = extra


def invalid(field: str, message: str | Msg) -> UseCaseError:
    return UseCaseError(422, None, {field: [message]})


def not_found(message: str | Msg | None = None) -> UseCaseError:
    return UseCaseError(404, message)


def conflict(message: str | Msg, errors: dict | None = None, **extra) -> UseCaseError:
    return UseCaseError(409, message, errors, **extra)
