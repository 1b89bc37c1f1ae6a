"""Input no field of ours can hold, refused before any view sees it.

PostgreSQL text cannot contain NUL characters: a single one in any field,
header-free query argument or form value would otherwise surface as a 500
from the driver. Refused here with the field named, in the one error shape.

Text-direction controls (U+202A-U+202E, U+2066-U+2069) are refused too: in a
name they make one person's name read as another's on every page and export.
"""
from __future__ import annotations

from flask import request

from shared.errors import N_, UseCaseError

NUL = "\x00"
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _walk(value, path: str, found: dict) -> None:
    if isinstance(value, str):
        if NUL in value:
            found.setdefault(path or "body", [N_("Contains a NUL character.")])
        elif not BIDI_CONTROLS.isdisjoint(value):
            found.setdefault(path or "body", [N_("Contains a character that reverses the direction of text.")])
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and NUL in key:
                found.setdefault(path or "body", [N_("Contains a NUL character.")])
            _walk(item, key if not path else f"{path}.{key}", found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, path, found)


def refuse_nul_characters() -> None:
    found: dict = {}
    for key, value in request.args.items(multi=True):
        _walk(value, key, found)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        for key, value in request.form.items(multi=True):
            _walk(value, key, found)
        if request.is_json:
            _walk(request.get_json(silent=True), "", found)
    if NUL in request.path:
        found.setdefault("path", [N_("Contains a NUL character.")])
    if found:
        raise UseCaseError(422, None, found)
