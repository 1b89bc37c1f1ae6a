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
