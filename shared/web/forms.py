"""Putting a use case's refusal onto a form: field messages next to their fields, the rest flashed."""
from __future__ import annotations

from flask import flash

from shared.errors import UseCaseError
from shared.web.boundary import discard
from shared.web.errors import translate_messages


def apply_errors(form, exc: UseCaseError) -> int:
    discard()
    placed = False
    for field, messages in translate_messages(exc.errors).items():
        target = getattr(form, field, None)
        if target is not None and hasattr(target, "errors"):
            target.errors = list(target.errors or []) + (list(messages) if isinstance(messages, list) else [messages])
            placed = True
    if exc.message and not placed:
        flash(translate_messages(exc.message), "error")
    elif not placed:
        flash(translate_messages("Some fields are not valid."), "error")
    return exc.status


def refusal_text(exc: UseCaseError) -> str:
    """One line for a flash message: the field messages, else the message (what was staged is dropped)."""
    discard()
    messages = translate_messages(exc.errors)
    text = "; ".join(m for value in messages.values() for m in (value if isinstance(value, list) else [value]))
    return text or translate_messages(exc.message) or translate_messages("Some fields are not valid.")


def refusal_with_reasons(exc: UseCaseError) -> str:
    """The refusal and every reason it names, as one line: "The fair cannot open yet: add the criteria…"."""
    discard()
    message = translate_messages(exc.message) if exc.message else ""
    messages = translate_messages(exc.errors or {})
    reasons = [m for value in messages.values() for m in (value if isinstance(value, list) else [value])]
    if message and reasons:
        return message + " " + " ".join(reasons)
    return message or "; ".join(reasons) or translate_messages("Some fields are not valid.")
