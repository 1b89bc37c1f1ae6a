"""Text normalisation for Cyrillic search and duplicate checks (SQLite's lower() is ASCII-only)."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", text).strip()


class InvalidPhone(ValueError):
    """Not a phone number; its message is a msgid for the caller to translate."""


def phone_e164(raw: str | None, region: str = "RU") -> str | None:
    """One format for every phone: E.164 (+79991234567); a number written locally is read as ``region``'s. None when
    blank; ``InvalidPhone`` when it is not a valid number."""
    import phonenumbers

    if raw is None or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise InvalidPhone("Not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
