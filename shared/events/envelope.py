"""The JSON envelope every integration event travels in."""
from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from marshmallow import EXCLUDE, Schema, ValidationError, fields

from shared.events import contracts
from shared.events.compiled import compile_loader


class ContractError(ValueError):
    """A body that fails the envelope or its type's schema."""

    def __init__(self, message: str, errors: Any = None):
        super().__init__(message)
        self.errors = errors


class EnvelopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.UUID(required=True)
    type = fields.String(required=True)
    version = fields.Integer(required=True, strict=True)
    occurred_at = fields.AwareDateTime(required=True, default_timezone=dt.timezone.utc)
    producer = fields.String(required=True)
    correlation_id = fields.String(required=True, allow_none=True)
    entity_version = fields.Integer(required=True, strict=True)
    data = fields.Dict(required=True)


@dataclass(frozen=True)
class Envelope:
    id: str
    type: str
    version: int
    occurred_at: dt.datetime
    producer: str
    correlation_id: str | None
    entity_version: int
    data: dict

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "type": self.type,
                "version": self.version,
                "occurred_at": self.occurred_at.isoformat(),
                "producer": self.producer,
                "correlation_id": self.correlation_id,
                "entity_version": self.entity_version,
                "data": self.data,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


def build(
    routing_key: str,
    data: dict,
    *,
    producer: str,
    entity_version: int,
    correlation_id: str | None,
    occurred_at: dt.datetime | None = None,
) -> Envelope:
    """Validate ``data`` against its contract and wrap it; refuse what fails."""
    contract = contracts.get(routing_key)
    if contract is None:
        raise ContractError(f"no contract for event type {routing_key!r}")
    if not routing_key.startswith(producer + "."):
        raise ContractError(f"{producer} cannot publish {routing_key}")
    try:
        # dump, then load as a consumer reads it: the body on the wire is exactly what a consumer would accept
        serialised = _writer(contract.schema).dump(data)
        _reader(contract.schema)(serialised)
    except ValidationError as exc:
        raise ContractError(f"{routing_key}: body fails its schema", exc.messages) from exc
    return Envelope(
        id=str(uuid.uuid4()),
        type=routing_key,
        version=contract.version,
        occurred_at=occurred_at or dt.datetime.now(dt.timezone.utc),
        producer=producer,
        correlation_id=correlation_id,
        entity_version=entity_version,
        data=serialised,
    )


# one loader per contract, made once from its schema (building a schema costs more than loading a body with it,
# and the compiled loader skips marshmallow's machinery for the plain bodies producers send)
_ENVELOPE = compile_loader(EnvelopeSchema())


@functools.cache
def _writer(schema: type[Schema]) -> Schema:
    """The contract's schema, made once, to dump the bodies producers publish (a schema holds no state of a dump)."""
    return schema()


@functools.cache
def _reader(schema: type[Schema]) -> Callable[[dict], dict]:
    return compile_loader(schema(unknown=EXCLUDE))


def parse(body: str | bytes | dict) -> Envelope:
    """Parse and validate a received body (envelope, then the type's schema)."""
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError as exc:
            raise ContractError("body is not JSON") from exc
    if not isinstance(body, dict):
        raise ContractError("body is not a JSON object")
    try:
        env = _ENVELOPE(body)
    except ValidationError as exc:
        raise ContractError("envelope fails its schema", exc.messages) from exc
    contract = contracts.get(env["type"])
    if contract is None:
        raise ContractError(f"no contract for event type {env['type']!r}")
    if not 1 <= env["version"] <= contract.version:
        # a major version this consumer does not know: its body may mean something else, so it is not guessed at
        raise ContractError(
            f"{env['type']}: unknown version {env['version']} (this consumer reads versions 1 to {contract.version};"
            f" deploy the consumer that knows it, then replay)"
        )
    try:
        data = _reader(contract.schema)(env["data"])
    except ValidationError as exc:
        raise ContractError(f"{env['type']}: body fails its schema", exc.messages) from exc
    return Envelope(
        id=str(env["id"]),
        type=env["type"],
        version=env["version"],
        occurred_at=env["occurred_at"],
        producer=env["producer"],
        correlation_id=env["correlation_id"],
        entity_version=env["entity_version"],
        data=data,
    )
