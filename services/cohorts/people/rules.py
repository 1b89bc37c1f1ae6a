"""People counted once: identity keys, in plain Python."""
from __future__ import annotations

import phonenumbers

from shared.errors import N_
from shared.text import normalise

SEXES = ("female", "male")
CONSENT_METHODS = ("paper", "online", "verbal_recorded")


class InvalidPhone(ValueError):
    pass


def phone_key(raw: str | None) -> str | None:
    """One format for every phone: E.164 (+79991234567); Russian numbers may be written locally."""
    if raw is None or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw, "RU")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(N_("Not a valid phone number.")) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(N_("Not a valid phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_key(raw: str | None) -> str | None:
    value = (raw or "").strip().lower()
    return value or None


def name_key(full_name: str) -> str:
    """Case, ё/е and spaces ignored: namesakes are warned about, never refused."""
    return normalise(full_name)


def is_minor(birth_year: int | None, this_year: int) -> bool:
    return birth_year is not None and this_year - birth_year < 18
