"""Alembic, one environment per service, run in-process against the service's own database."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config

from shared import db


def alembic_config(migrations_dir: Path, database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    # ConfigParser interpolation would read "%" in a password as a directive
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(migrations_dir: Path, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(migrations_dir, database_url), revision)


def run_env(metadata: sa.MetaData) -> None:
    """The body of every service's ``env.py`` (no fileConfig: it would silence the app's loggers)."""
    url = context.config.get_main_option("sqlalchemy.url")
    options = dict(target_metadata=metadata, render_as_batch=True, compare_type=True)
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = db.make_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            sqlite = db.is_sqlite(engine)
            if sqlite:
                # SQLite changes a table by copying it and dropping the old one: with foreign
                # keys enforced, the drop fails once another table refers to a row. Off for
                # the migration (outside any transaction, where the pragma works), checked after.
                _sqlite_pragma(connection, "PRAGMA foreign_keys=OFF")
            context.configure(connection=connection, **options)
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = _sqlite_pragma(connection, "PRAGMA foreign_key_check")
                _sqlite_pragma(connection, "PRAGMA foreign_keys=ON")
                if broken:
                    raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:10]}")
    finally:
        engine.dispose()


def _sqlite_pragma(connection: sa.Connection, pragma: str) -> list:
    """Run a pragma on the driver's connection itself, outside SQLAlchemy's transaction."""
    raw = connection.connection.driver_connection
    return raw.execute(pragma).fetchall()
