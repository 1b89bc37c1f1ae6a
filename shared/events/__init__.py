"""Integration events: envelope, contracts, topology, outbox, relay, consumer."""
