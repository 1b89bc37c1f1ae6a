"""Validation messages in the caller's language.

marshmallow and webargs produce English messages, often already formatted
("Length must be between 1 and 300."). Each is matched here against the
template it came from; the template is translated through the catalogue and
filled with the same values. Our own messages are catalogue ids already.
"""
from __future__ import annotations

import re
from functools import lru_cache

from flask_babel import gettext

from shared.errors import N_

TEMPLATES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Unknown field."),
    N_("Invalid input type."),
    N_("Invalid input."),
    N_("Invalid type."),
    N_("Invalid value."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid boolean."),
    N_("Not a valid date."),
    N_("Not a valid datetime."),
    N_("Not a valid aware datetime."),
    N_("Not a valid naive datetime."),
    N_("Not a valid email address."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Not a valid UUID."),
    N_("Not a valid URL."),
    N_("Number too large."),
    N_("String does not match expected pattern."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("Longer than maximum length {max}."),
    N_("Shorter than minimum length {min}."),
    N_("Must be one of: {choices}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be greater than {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be less than {max}."),
    N_('"{input}" cannot be formatted as a date.'),
    N_("Invalid JSON body."),
)


@lru_cache(maxsize=1)
def _patterns():
    compiled = []
    for template in TEMPLATES:
        if "{" not in template:
            continue
        pattern = re.escape(template)
        pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>.+?)", pattern)
        compiled.append((re.compile(f"^{pattern}$", re.S), template))
    return compiled


def translate(message: str) -> str:
    if not message:
        return message
    translated = gettext(message)
    if translated != message or "{" in message:
        return translated
    for pattern, template in _patterns():
        match = pattern.match(message)
        if match:
            return gettext(template).format(**match.groupdict())
    return message
