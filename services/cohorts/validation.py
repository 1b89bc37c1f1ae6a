"""Input rules shared by the cohorts service's schemas, forms and use cases.

- a required name is not blank ("   " is not a name);
- money fits the database's Numeric(14, 2).

(A NUL character is refused for every request before any view, in shared.web.hygiene.)
"""
from __future__ import annotations

from decimal import Decimal

from marshmallow import ValidationError, validate

from shared.errors import N_, invalid

MAX_MONEY = Decimal("999999999999.99")  # Numeric(14, 2)
BLANK = N_("Must not be blank.")


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
    return value
