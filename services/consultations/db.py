"""The consultations database: domain tables, the replicas of cohorts' data, the event plumbing."""
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from shared.db import UTCDateTime, new_metadata
from shared.events.replicas import define_replica_tables
from shared.events.tables import define_event_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


EVENT_TABLES = define_event_tables(Base.metadata)
REPLICAS = define_replica_tables(Base.metadata)

# school attendance as cohorts reports it, for the teams' timelines
ATTENDANCE = sa.Table(
    "attendance_replica",
    Base.metadata,
    sa.Column("session_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("cohort_id", sa.BigInteger, nullable=False, index=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("starts_at", UTCDateTime, nullable=False),
    sa.Column("duration_minutes", sa.Integer, nullable=False),
    sa.Column("person_ids", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)
