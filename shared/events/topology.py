"""The whole broker topology, in one place, declared by every process at start.

One durable topic exchange carries every integration event; each consuming
service has one durable queue bound by the producers it listens to. The
filesystem transport routes a topic only by bindings the publishing process
has declared itself, so every process declares all of it, not just its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from kombu import Connection, Exchange, Queue, binding

# consuming service -> routing-key patterns it listens to
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "cohorts": ("consultations.#", "fairs.#"),
    "consultations": ("cohorts.#",),
    # fairs needs the consultations themselves (recusal), never the visitors typed at the desk
    "fairs": ("cohorts.#", "consultations.consultation.#"),
}

# After this many deliveries without an ack (a consumer that crashes on the
# message every time), RabbitMQ moves it to the dead-letter exchange. Ordinary
# failures never get here: the consumer records them in its own tables, and a
# database outage never requeues (the consumer holds the delivery instead).
# Each service's queue dead-letters with its own routing key into its own
# dead-letter queue, so an operator's ``collect`` never touches another's.
BROKER_DELIVERY_LIMIT = 20


@dataclass(frozen=True)
class Topology:
    prefix: str
    amqp: bool

    @property
    def exchange(self) -> Exchange:
        return Exchange(f"{self.prefix}.events", type="topic", durable=True)

    @property
    def dead_exchange(self) -> Exchange:
        # direct, routed by the service's name (x-dead-letter-routing-key); named apart from the
        # fanout exchange of earlier releases, whose type a redeclare could not change
        return Exchange(f"{self.prefix}.dead-lettered", type="direct", durable=True)

    def queue_name(self, service: str) -> str:
        return f"{self.prefix}.{service}"

    def dead_queue(self, service: str) -> Queue:
        args = {"x-queue-type": "quorum"} if self.amqp else None
        return Queue(
            f"{self.prefix}.{service}.dead-letters",
            exchange=self.dead_exchange,
            routing_key=service,
            durable=True,
            queue_arguments=args,
        )

    def dead_queues(self) -> list[Queue]:
        return [self.dead_queue(s) for s in SUBSCRIPTIONS] if self.amqp else []

    def all_queues(self) -> list[Queue]:
        """Every queue of this prefix: the services' own, then (AMQP) their dead-letter queues."""
        return self.queues() + self.dead_queues()

    def queue(self, service: str) -> Queue:
        patterns = SUBSCRIPTIONS[service]
        args = None
        if self.amqp:
            args = {
                "x-queue-type": "quorum",
                "x-dead-letter-exchange": self.dead_exchange.name,
                "x-dead-letter-routing-key": service,
                # at-most-once is the default for quorum queues; at-least-once
                # needs reject-publish overflow (RabbitMQ >= 3.10)
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
                "x-delivery-limit": BROKER_DELIVERY_LIMIT,
            }

        return Queue(
            self.queue_name(service),
            bindings=[binding(self.exchange, routing_key=p) for p in patterns],
            durable=True,
            queue_arguments=args,
        )

    def queues(self) -> list[Queue]:
        return [self.queue(s) for s in SUBSCRIPTIONS]

    def declare(self, connection: Connection) -> None:
        channel = connection.default_channel
        self.exchange(channel).declare()
        if self.amqp:
            self.dead_exchange(channel).declare()
        for queue in self.all_queues():
            queue(channel).declare()

    def delete(self, connection: Connection) -> None:
        """Remove every queue and exchange of this prefix (tests clean up with it)."""
        channel = connection.default_channel
        for queue in self.all_queues():
            try:
                queue(channel).delete()
            except Exception:  # already gone
                channel = connection.channel()
        for exchange in (self.exchange, self.dead_exchange):
            try:
                exchange(channel).delete()
            except Exception:
                channel = connection.channel()


def for_connection(prefix: str, connection: Connection) -> Topology:
    return Topology(prefix=prefix, amqp=connection.transport.driver_type == "amqp")
