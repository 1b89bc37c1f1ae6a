"""The cohorts database: one metadata for the domain tables and the event plumbing."""
from sqlalchemy.orm import DeclarativeBase

from shared.db import new_metadata
from shared.events.tables import define_event_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


EVENT_TABLES = define_event_tables(Base.metadata)
