"""A contract's marshmallow schema turned, once, into a plain function that loads the bodies it plainly accepts.

The consumer loads every event's envelope and body; marshmallow's general machinery (a field object's methods, its
error store, its hooks) costs more than the rest of applying a replica row. The loader made here reads the same
schema — its fields, ``required``, ``allow_none``, ``load_default``, ``data_key``, validators — and takes the short
way for the values a producer of this system writes: an ``int`` for an integer, a ``str`` for a string, a ``bool``
for a boolean, a ``list`` of those, a UUID string, an ISO time with its offset. For anything else (a value of
another type, a missing required field, a refused value, a field kind it does not know) it does not decide: the
schema's own ``load`` does, with its own messages. So it accepts nothing marshmallow would refuse and returns what
marshmallow would return (``tests/unit/test_compiled_contracts.py`` checks both over generated bodies).
"""
from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from typing import Any, Callable

from marshmallow import EXCLUDE, Schema, ValidationError, fields
from marshmallow.utils import missing

# what the marshmallow load decides instead
_UNSURE = object()

# the times this system's producers write (``datetime.isoformat()`` of an aware time)
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?[+-]\d{2}:\d{2}")

Convert = Callable[[Any], Any]


def _integer(field: fields.Integer) -> Convert:
    return lambda v: v if type(v) is int else _UNSURE


def _string(field: fields.String) -> Convert:
    return lambda v: v if type(v) is str else _UNSURE


def _boolean(field: fields.Boolean) -> Convert:
    return lambda v: v if v is True or v is False else _UNSURE


def _float(field: fields.Float) -> Convert:
    return lambda v: v if type(v) is float and math.isfinite(v) else _UNSURE


def _uuid(field: fields.UUID) -> Convert:
    def convert(v):
        if type(v) is not str:
            return _UNSURE
        try:
            return uuid.UUID(v)
        except ValueError:
            return _UNSURE
    return convert


def _aware_time(field: fields.AwareDateTime) -> Convert | None:
    if field.format not in (None, "iso", "iso8601"):
        return None

    def convert(v):
        if type(v) is not str or not _ISO_TIME.fullmatch(v):
            return _UNSURE
        try:
            return dt.datetime.fromisoformat(v)
        except ValueError:
            return _UNSURE
    return convert


def _dict(field: fields.Dict) -> Convert | None:
    if field.key_field is not None or field.value_field is not None:
        return None
    return lambda v: dict(v) if type(v) is dict else _UNSURE


def _list(field: fields.List) -> Convert | None:
    inner = _converter(field.inner)
    if inner is None:
        return None

    def convert(v):
        if type(v) is not list:
            return _UNSURE
        out = [inner(item) for item in v]
        return _UNSURE if any(item is _UNSURE for item in out) else out
    return convert


# exact classes only: a subclass may deserialise differently
_KINDS: dict[type, Callable[[Any], Convert | None]] = {
    fields.Integer: _integer, fields.Int: _integer, fields.String: _string, fields.Str: _string,
    fields.Boolean: _boolean, fields.Bool: _boolean, fields.Float: _float, fields.UUID: _uuid,
    fields.AwareDateTime: _aware_time, fields.Dict: _dict, fields.List: _list,
}


def _converter(field: fields.Field) -> Convert | None:
    """A present value's short way through one field (None, validators and hooks included), or None when the field
    is of a kind this module does not know."""
    make = _KINDS.get(type(field))
    if make is None or field.pre_load or field.post_load:
        return None
    convert = make(field)
    if convert is None:
        return None
    allow_none, validators = field.allow_none, field.validators

    def value(v):
        if v is None:
            return None if allow_none else _UNSURE
        out = convert(v)
        if out is not _UNSURE and validators:
            try:
                field._validate(out)
            except ValidationError:
                return _UNSURE
        return out
    return value


def _exact(field: fields.Field, name: str) -> Convert:
    """The field's own deserialisation (a kind with no short way); a refusal is left to the schema's load."""
    def value(v):
        try:
            return field.deserialize(v, name, None)
        except ValidationError:
            return _UNSURE
    return value


def compile_loader(schema: Schema) -> Callable[[dict], dict]:
    """``schema.load`` for a dict, the same answers, faster for the bodies this system sends (see the module)."""
    if any(schema._hooks.values()) or schema.unknown != EXCLUDE or schema.many or schema.partial:
        return schema.load  # hooks, or another way with unknown keys: nothing to shorten safely
    plan = []
    for name, field in schema.load_fields.items():
        key = field.data_key if field.data_key is not None else name
        attribute = field.attribute or name
        convert = _converter(field) or _exact(field, name)
        default = field.load_default
        plan.append((key, attribute, convert, field.required, default))

    def load(body: dict) -> dict:
        if type(body) is not dict:
            return schema.load(body)
        out = {}
        for key, attribute, convert, required, default in plan:
            v = body.get(key, missing)
            if v is missing:
                if required:
                    return schema.load(body)  # its message names the field
                if default is not missing:
                    out[attribute] = default() if callable(default) else default
                continue
            value = convert(v)
            if value is _UNSURE:
                return schema.load(body)
            out[attribute] = value
        return out

    return load
