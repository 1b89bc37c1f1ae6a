"""The compiled loaders answer exactly as the contracts' marshmallow schemas do: the same data for what they accept,
a refusal (with marshmallow's own messages) for what they refuse, over generated bodies of every contract and the
envelope — plain ones, and ones with a wrong type, a null, a missing or an unknown field."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given, settings, strategies as st
from marshmallow import EXCLUDE, ValidationError, fields, validate

from shared.events import contracts
from shared.events.compiled import compile_loader
from shared.events.envelope import EnvelopeSchema

SCHEMAS = sorted({c.schema for c in contracts.catalogue().values()}, key=lambda s: s.__name__)

_anything = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6), st.sampled_from(["1", "true", "0", "2026-12-07", "2026-12-07T10:00:00", "2026-12-07T10:00:00+05:00",
                                          "2026-12-07T10:00:00.123+00:00", "2026-13-07T10:00:00+00:00", str(uuid.uuid4()),
                                          "{" + str(uuid.uuid4()) + "}", "1.5", "nan"]),
    st.lists(st.integers(min_value=-5, max_value=5), max_size=3), st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
_times = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1),
                      timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=5)),
                                                 dt.timezone(dt.timedelta(hours=-3, minutes=-30))])).map(dt.datetime.isoformat)


def _plain(field: fields.Field):
    """A value a producer of this system would write for the field."""
    for v in field.validators:
        if isinstance(v, validate.OneOf):
            return st.sampled_from(list(v.choices))
    if isinstance(field, fields.Boolean):
        return st.booleans()
    if isinstance(field, fields.Integer):
        return st.integers(min_value=-2**63, max_value=2**63)
    if isinstance(field, fields.Float):
        return st.floats(allow_nan=False, allow_infinity=False)
    if isinstance(field, fields.Decimal):
        return st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str)
    if isinstance(field, fields.AwareDateTime):
        # with an offset (what producers write), and without one or without a time (what the schema decides about)
        return st.one_of(_times, _times, st.datetimes().map(dt.datetime.isoformat), st.dates().map(dt.date.isoformat))
    if isinstance(field, fields.UUID):
        return st.uuids().map(str)
    if isinstance(field, fields.String):
        return st.text(max_size=20)
    if isinstance(field, fields.List):
        return st.lists(_plain(field.inner), max_size=4)
    if isinstance(field, fields.Nested):
        return _body(field.schema)
    if isinstance(field, fields.Dict):
        return st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)
    return _anything


_ABSENT = object()


def _body(schema):
    """A body as a producer writes it, or with one field changed: to anything at all, or left out; perhaps with an
    unknown key more."""
    keys = [field.data_key or name for name, field in schema.load_fields.items()]
    plain = st.fixed_dictionaries({field.data_key or name: _plain(field) for name, field in schema.load_fields.items()})
    change = st.one_of(st.just(None), st.tuples(st.sampled_from(keys + ["unknown_key"]), st.one_of(_anything, st.just(_ABSENT))))

    def changed(body, how):
        if how is not None:
            key, value = how
            body = {**body, key: value}
        return {k: v for k, v in body.items() if v is not _ABSENT}
    return st.builds(changed, plain, change)


def _same(schema, body):
    try:
        expected = schema.load(body)
    except ValidationError as exc:
        expected = ("refused", exc.messages)
    try:
        got = compile_loader(schema)(body)
    except ValidationError as exc:
        got = ("refused", exc.messages)
    assert got == expected


@pytest.mark.parametrize("schema_class", SCHEMAS, ids=lambda s: s.__name__)
def test_a_contracts_compiled_loader_answers_as_its_schema(schema_class):
    schema = schema_class(unknown=EXCLUDE)

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(_body(schema))
    def check(body):
        _same(schema, body)

    check()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_body(EnvelopeSchema()))
def test_the_envelopes_compiled_loader_answers_as_its_schema(body):
    _same(EnvelopeSchema(), body)


def test_a_plain_body_takes_the_short_way_and_a_doubtful_one_goes_to_the_schema(monkeypatch):
    schema = contracts.get("cohorts.team.registered").schema(unknown=EXCLUDE)
    load = compile_loader(schema)
    calls = []
    real = type(schema).load
    monkeypatch.setattr(type(schema), "load", lambda self, data, **kw: (calls.append(1), real(self, data, **kw))[1])
    assert load({"id": 1, "cohort_id": 2, "name": "Команда", "kind": "ngo"})["name"] == "Команда"
    assert calls == []
    with pytest.raises(ValidationError) as refused:
        load({"id": "1", "cohort_id": 2, "name": "Команда", "kind": "ngo"})  # strict: a string is not an id
    assert calls == [1] and "id" in refused.value.messages
