"""The event plumbing's tables, added to each service's own metadata.

They live in the service's metadata (not a separate one) so that Alembic's
autogenerate sees them and the outbox row commits in the same transaction as
the state change it announces.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from shared.db import BigId, UTCDateTime


@dataclass(frozen=True)
class EventTables:
    outbox: sa.Table
    inbox: sa.Table
    failed: sa.Table
    idempotency: sa.Table


def define_event_tables(metadata: sa.MetaData) -> EventTables:
    outbox = sa.Table(
        "outbox",
        metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("routing_key", sa.String(120), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("claimed_by", sa.String(80)),
        sa.Column("claimed_until", UTCDateTime),
        sa.Column("sent_at", UTCDateTime),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Index(
            "ix_outbox_unsent",
            "id",
            postgresql_where=sa.text("sent_at IS NULL"),
            sqlite_where=sa.text("sent_at IS NULL"),
        ),
        # the purge of sent rows by age (``sent_at < cutoff``); unsent rows stay out of it
        sa.Index(
            "ix_outbox_sent_at",
            "sent_at",
            postgresql_where=sa.text("sent_at IS NOT NULL"),
            sqlite_where=sa.text("sent_at IS NOT NULL"),
        ),
    )
    inbox = sa.Table(
        "inbox",
        metadata,
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("routing_key", sa.String(120), nullable=False),
        sa.Column("occurred_at", UTCDateTime),
        sa.Column("processed_at", UTCDateTime, nullable=False),
        # the purge of old ids by age (``processed_at < cutoff``), which would otherwise read the whole inbox
        sa.Index("ix_inbox_processed_at", "processed_at"),
    )
    failed = sa.Table(
        "failed_events",
        metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False, unique=True),
        sa.Column("routing_key", sa.String(120), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        # retrying: waits for next_attempt_at; dead: gave up, an operator decides;
        # resolved: applied later (by a retry or a replay).
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("first_failed_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("next_attempt_at", UTCDateTime),
        sa.CheckConstraint("status IN ('retrying', 'dead', 'resolved')", name="status"),
        sa.Index("ix_failed_events_due", "status", "next_attempt_at"),
    )
    idempotency = sa.Table(
        "idempotency_keys",
        metadata,
        sa.Column("scope", sa.String(80), primary_key=True),
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("path", sa.String(300), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("headers", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    return EventTables(outbox=outbox, inbox=inbox, failed=failed, idempotency=idempotency)
