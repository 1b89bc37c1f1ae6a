"""Text normalisation for Cyrillic search and duplicate checks (SQLite's lower() is ASCII-only)."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", text).strip()
