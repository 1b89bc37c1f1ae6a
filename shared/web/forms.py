"""Forms: a use case's refusal put onto a form (field messages next to their fields, the rest flashed), the one
parser of a posted id, and a number field that reads numbers as people type them here."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import flash
from flask_babel import format_decimal, lazy_gettext
from wtforms import Field, IntegerField, SelectField, ValidationError
from wtforms.widgets import TextInput

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


def refusal_text(exc: UseCaseError, *, keep_work: bool = False) -> str:
    """One line for a flash message: the field messages, else the message. What the request staged is dropped, unless
    ``keep_work`` (one refusal among several items of one request, the others going through)."""
    if not keep_work:
        discard()
    messages = translate_messages(exc.errors)
    text = "; ".join(m for value in messages.values() for m in (value if isinstance(value, list) else [value]))
    return text or translate_messages(exc.message) or translate_messages("Some fields are not valid.")


def field_refusal(exc: UseCaseError) -> tuple[dict, int]:
    """A refused form whose page shows field messages from a dict: nothing it staged is kept; the field messages to
    show, and the refusal flashed when no field names it or it is a conflict (with every reason: the page may not show
    the fields they name). Answers the messages and the status."""
    errors = translate_messages(exc.errors or {})
    if exc.message and (exc.status == 409 or not errors):
        flash(refusal_with_reasons(exc), "error")
    discard()
    return errors, exc.status


def refusal_with_reasons(exc: UseCaseError) -> str:
    """The refusal and every reason it names, as one line: "The fair cannot open yet: add the criteria…"."""
    discard()
    message = translate_messages(exc.message) if exc.message else ""
    messages = translate_messages(exc.errors or {})
    reasons = [m for value in messages.values() for m in (value if isinstance(value, list) else [value])]
    if message and reasons:
        return message + " " + " ".join(reasons)
    return message or "; ".join(reasons) or translate_messages("Some fields are not valid.")


def form_int(value) -> int | None:
    """An id or count posted by a form, or None (never a ValueError: "²".isdigit() is True)."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)


LARGEST = Decimal(10) ** 6  # beyond any number these forms take: keeps a typo out of the columns' range
NOT_A_NUMBER = lazy_gettext("Not a valid number.")
NOT_AN_INTEGER = lazy_gettext("Not a valid integer.")


class Number(Field):
    """A decimal number typed with a comma or a point, spaces between thousands; blank is ``blank`` (None: missing,
    then ``InputRequired`` says so)."""

    widget = TextInput(input_type="text")

    def __init__(self, label=None, validators=None, *, blank: Decimal | None = None, integer: bool = False,
                 largest: Decimal = LARGEST, **kwargs):
        super().__init__(label, validators, render_kw={"inputmode": "numeric" if integer else "decimal"}, **kwargs)
        self.blank = blank
        self.integer = integer
        self.largest = largest

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        # as people read numbers here (0,7 in Russian), never with a group separator the parser would misread
        return "" if self.data is None else format_decimal(self.data, format="0" if self.integer else "0.0##")

    def process_formdata(self, valuelist):
        text = "".join((valuelist[0] if valuelist else "").split()).replace(",", ".")
        if not text:
            self.data = self.blank
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.data = None
            raise ValueError(NOT_AN_INTEGER if self.integer else NOT_A_NUMBER) from None
        if not value.is_finite() or abs(value) > self.largest or (self.integer and value != value.to_integral_value()):
            self.data = None
            raise ValueError(NOT_AN_INTEGER if self.integer else NOT_A_NUMBER)
        self.data = int(value) if self.integer else value


def valid(form):
    """The form, validated; otherwise its field messages as a use case's refusal (422), so that a page handles a bad
    field and a refused use case in one place."""
    if not form.validate():
        raise UseCaseError(422, None, form.errors)
    return form


class IdList(Field):
    """Ids ticked in a list (``name`` repeated): each a number a column holds, else the field's error."""

    def process_formdata(self, valuelist):
        ids = [form_int(value) for value in valuelist]
        self.data = [i for i in ids if i is not None]
        if None in ids or any(i < 1 for i in self.data):
            raise ValueError(NOT_AN_INTEGER)


NOT_A_CHOICE = lazy_gettext("Not a valid choice.")


def _posted_id(valuelist) -> int | None:
    """A posted id: None when blank, a whole number a column holds, else the field's "Not a valid integer."."""
    raw = valuelist[0] if valuelist else ""
    if not raw.strip():
        return None
    value = form_int(raw)
    if value is None or value < 1:
        raise ValueError(NOT_AN_INTEGER)
    return value


class IdField(IntegerField):
    """An id posted by a form (a hidden field, a button's value); blank is missing (``InputRequired`` says so)."""

    def process_formdata(self, valuelist):
        self.data = None  # stays None when the value is refused
        self.data = _posted_id(valuelist)


class Choice(SelectField):
    """A choice among the field's own; anything else is refused in the service's words."""

    def pre_validate(self, form):
        data = "" if self.data is None else self.data  # not sent at all: the blank choice, where the list has one
        if self.validate_choice and data not in {value for value, *_ in self.iter_choices()}:
            raise ValidationError(NOT_A_CHOICE)


def _choice_id(value) -> int | None:
    """A choice's value as an id; the blank choice ("—": none) is None."""
    return None if value is None or str(value).strip() == "" else int(value)


class IdChoice(SelectField):
    """An id picked from a list (a participant, a mentor): any id a column holds is taken, the use case says whom it
    does not know. A blank choice in the list is "none"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, coerce=_choice_id, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None  # stays None when the value is refused
        self.data = _posted_id(valuelist)
