"""Events on the real broker for the backbone's tests: a table's rows counted, the team replica read, team events made and published raw, a queue's depth."""
from __future__ import annotations

import sqlalchemy as sa
from kombu import Connection, Producer

from shared.events import broker, envelope
from shared.events.topology import for_connection


def count(runtime, table, *where) -> int:
    with runtime.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one()


def replica_teams(system) -> list:
    rt = system.runtime("consultations")
    from services.consultations.db import REPLICAS

    with rt.engine.connect() as conn:
        return conn.execute(sa.select(REPLICAS.teams).order_by(REPLICAS.teams.c.id)).mappings().all()


def team_event(team_id: int, name: str, version: int, verb: str = "registered") -> envelope.Envelope:
    return envelope.build(
        f"cohorts.team.{verb}",
        {"id": team_id, "cohort_id": 1, "name": name, "kind": "ngo", "district": "Мильковский МР", "settlement": "с. Мильково"},
        producer="cohorts",
        entity_version=version,
        correlation_id="test",
    )


def publish_raw(system, *envelopes: envelope.Envelope) -> None:
    publish_bodies(system, [(env.type, env.to_json()) for env in envelopes])


def publish_bodies(system, messages: list[tuple[str, str]]) -> None:
    """Publish bodies as another service's relay would, each confirmed by the broker.

    Confirms matter even in a test: RabbitMQ may drop an unconfirmed message to a quorum queue when the
    publishing connection closes right after it (seen under load), and the test would wait in vain.
    """
    settings = system.settings("cohorts")
    with Connection(settings.broker_url, transport_options={"confirm_publish": True}) as connection:
        topology = for_connection(settings.broker_prefix, connection)
        topology.declare(connection)
        producer = Producer(connection.channel(), exchange=topology.exchange)
        for routing_key, body in messages:
            producer.publish(
                body.encode(), routing_key=routing_key, content_type="application/json",
                content_encoding="utf-8", delivery_mode=2,
            )


def queue_depth(system, service) -> int:
    from shared.web.metrics import queue_depth

    return queue_depth(system.runtime(service))


def dead_letter_queue_depth(system, service: str = "consultations") -> int:
    settings = system.settings(service)
    with broker.connect(settings) as connection:
        topology = for_connection(settings.broker_prefix, connection)
        return connection.default_channel.queue_declare(topology.dead_queue(service).name, passive=True).message_count
