"""The migrations build exactly the tables the models describe, on PostgreSQL and on SQLite.

A model changed without a migration (or a migration that drifts from its model)
shows up here as a difference, not in production.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shared.migrate import upgrade
from tests.support.system import ROOT, SERVICES


def _differences(engine: sa.Engine, metadata: sa.MetaData) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, metadata)


@pytest.mark.parametrize("service", SERVICES)
def test_the_migrated_postgresql_schema_matches_the_models(system, service):
    runtime = system.runtime(service)
    assert _differences(runtime.engine, runtime.metadata) == []


@pytest.mark.parametrize("service", SERVICES)
def test_the_migrations_run_on_sqlite_and_match_the_models(system, service, tmp_path):
    url = f"sqlite:///{tmp_path / (service + '.db')}"
    upgrade(ROOT / "services" / service / "migrations", url)
    engine = sa.create_engine(url)
    try:
        assert _differences(engine, system.runtime(service).metadata) == []
    finally:
        engine.dispose()


def test_a_sqlite_database_with_data_upgrades_across_table_rebuilds(tmp_path):
    """``make run`` databases hold real rows when a new version arrives: SQLite rebuilds a table
    to add a constraint, and the rows that refer to it must not stop the upgrade."""
    url = f"sqlite:///{tmp_path / 'cohorts.db'}"
    migrations = ROOT / "services" / "cohorts" / "migrations"
    upgrade(migrations, url, "0005")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.exec_driver_sql(
            "INSERT INTO programs (id, name, funder, starts_on, ends_on, timezone, targets, created_at) "
            "VALUES (1, 'Акселератор', 'Фонд', '2026-03-01', '2026-11-30', 'Asia/Kamchatka', '{}', '2026-03-01 00:00:00')"
        )
        conn.exec_driver_sql("INSERT INTO cohorts (id, program_id, name, version, created_at) VALUES (1, 1, 'Камчатка 2026', 1, '2026-03-01 00:00:00')")
    engine.dispose()
    upgrade(migrations, url)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM cohorts").scalars().all() == ["Камчатка 2026"]
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    engine.dispose()


def test_school_sessions_held_before_become_events_of_their_cohort(tmp_path):
    url = f"sqlite:///{tmp_path / 'cohorts.db'}"
    migrations = ROOT / "services" / "cohorts" / "migrations"
    upgrade(migrations, url, "0020")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO programs (id, name, funder, starts_on, ends_on, timezone, targets, created_at) "
            "VALUES (1, 'Акселератор', 'Фонд', '2026-03-01', '2026-11-30', 'Asia/Kamchatka', '{}', '2026-03-01 00:00:00')")
        conn.exec_driver_sql("INSERT INTO cohorts (id, program_id, name, version, created_at) VALUES (1, 1, 'Камчатка 2026', 1, '2026-03-01 00:00:00')")
        conn.exec_driver_sql("INSERT INTO school_sessions (id, cohort_id, title, starts_at, duration_minutes, place, version, created_at) "
                             "VALUES (7, 1, 'Выездная школа', '2026-05-12 00:00:00', 240, 'с. Эссо', 1, '2026-03-01 00:00:00')")
    engine.dispose()
    upgrade(migrations, url)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT e.kind, e.title, e.cohort_id, e.program_id, e.duration_minutes, e.place, e.registration "
            "FROM school_sessions s JOIN centre_events e ON e.id = s.event_id WHERE s.id = 7").one()
        assert tuple(row) == ("training", "Выездная школа", 1, 1, 240, "с. Эссо", "invitation")
    engine.dispose()
