"""People counted once: identity keys, in plain Python."""
from __future__ import annotations

from shared.text import normalise, phone_e164

SEXES = ("female", "male")
CONSENT_METHODS = ("paper", "online", "verbal_recorded")


def phone_key(raw: str | None) -> str | None:
    """One format for every phone: E.164 (+79991234567); Russian numbers may be written locally
    (``shared.text.InvalidPhone`` when it is not a number)."""
    return phone_e164(raw)


def email_key(raw: str | None) -> str | None:
    value = (raw or "").strip().lower()
    return value or None


def name_key(full_name: str) -> str:
    """Case, ё/е and spaces ignored: namesakes are warned about, never refused."""
    return normalise(full_name)


def is_minor(birth_year: int | None, this_year: int) -> bool:
    return birth_year is not None and this_year - birth_year < 18
