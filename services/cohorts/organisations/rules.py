"""The register's rules in plain Python (no Flask, no database): kinds, INN, the keys duplicates are found by."""
from __future__ import annotations

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.ru import inn as russian_inn

from shared.errors import N_, UseCaseError, invalid
from shared.text import normalise

KINDS = ("ngo", "initiative_group", "state", "municipal", "business", "education", "media", "other")
KIND_LABELS = {
    "ngo": N_("NGO"),
    "initiative_group": N_("initiative group"),
    "state": N_("state body"),
    "municipal": N_("municipal body"),
    "business": N_("business"),
    "education": N_("school or college"),
    "media": N_("media"),
    "other": N_("other"),
}
# the sectors a funder asks about: a person of a state or municipal body represents the state
PUBLIC_SECTOR = ("state", "municipal")
NAME_LENGTH = 300


def clean_inn(raw) -> str | None:
    """An INN as digits (spaces and dashes people type are ignored), checked by its length and check digits."""
    if raw is None or not str(raw).strip():
        return None
    digits = "".join(ch for ch in str(raw) if not ch.isspace() and ch != "-")
    try:
        return russian_inn.validate(digits)
    except InvalidChecksum:
        raise invalid("inn", N_("This INN's check digit is wrong: check the number.")) from None
    except (InvalidLength, InvalidFormat, ValidationError):
        raise invalid("inn", N_("An INN has 10 digits (an organisation) or 12 (an individual entrepreneur).")) from None


def check_kind(kind) -> str:
    if kind not in KINDS:
        raise UseCaseError(422, None, {"kind": [N_("Choose the kind of organisation.")]})
    return kind


def name_key(name: str) -> str:
    """Case, ё/е and spaces do not make another organisation; neither do quotation marks around its name, nor a space
    after «№» (школа №1, школа № 1)."""
    return normalise(name.replace("«", " ").replace("»", " ").replace('"', " ").replace("№", " № "))
