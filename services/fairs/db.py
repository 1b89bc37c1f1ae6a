"""The fairs database: domain tables, the replicas of cohorts' data, the event plumbing."""
from sqlalchemy.orm import DeclarativeBase

from shared.db import new_metadata
from shared.events.replicas import define_replica_tables
from shared.events.tables import define_event_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


EVENT_TABLES = define_event_tables(Base.metadata)
REPLICAS = define_replica_tables(Base.metadata)
