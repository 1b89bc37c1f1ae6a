"""Input rules shared by the cohorts service's schemas, forms and use cases.

- no NUL character in any text (PostgreSQL refuses them: a 500 otherwise);
- a required name is not blank ("   " is not a name);
- money fits the database's Numeric(14, 2).
"""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from marshmallow import Schema, ValidationError, pre_load, validate

from shared.errors import N_, invalid

NUL = "\x00"
MAX_MONEY = Decimal("999999999999.99")  # Numeric(14, 2)
NO_NUL = N_("Contains a NUL character.")
BLANK = N_("Must not be blank.")


def has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(has_nul(v) for v in value)
    return False


class StrictSchema(Schema):
    """Base of the write schemas: a NUL character anywhere is refused, naming the field."""

    @pre_load
    def _no_nul(self, data, **_):
        if isinstance(data, dict):
            errors = {str(k): [NO_NUL] for k, v in data.items() if has_nul(k) or has_nul(v)}
            if errors:
                raise ValidationError(errors)
        return data


def not_blank(value: str) -> None:
    if value is not None and not value.strip():
        raise ValidationError(BLANK)


def name_length(max_: int, min_: int = 1):
    """A required name: not blank, at most ``max_`` characters."""
    return validate.And(not_blank, validate.Length(min=min_, max=max_))


def money_range(value) -> None:
    """0 to what Numeric(14, 2) holds. A plain function, not ``validate.Range``: apispec
    would state a Decimal bound as a string, which makes the OpenAPI document invalid."""
    if value is not None and not 0 <= value <= MAX_MONEY:
        raise ValidationError(
            "Must be greater than or equal to {min} and less than or equal to {max}.".format(min=0, max=MAX_MONEY)
        )


def require_text(field: str, value: str | None) -> str:
    """A use case's own check: the name, stripped, is not empty."""
    value = " ".join((value or "").split())
    if not value:
        raise invalid(field, BLANK)
    if NUL in value:
        raise invalid(field, NO_NUL)
    return value


class CohortsForm(FlaskForm):
    """A page form whose text fields refuse NUL characters (like the API's schemas)."""

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and NUL in field.data:
                field.errors = list(field.errors or []) + [_translate(NO_NUL)]
                ok = False
        return ok


def _translate(message: str) -> str:
    from flask_babel import gettext

    return gettext(message)


def form_int(value) -> int | None:
    """A number posted by a form, or None (never a ValueError: "²".isdigit() is True)."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)
