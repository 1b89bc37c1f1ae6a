"""Read-only replicas of cohorts' accounts and teams, as their contracts define them.

Consultations and fairs both keep these; the table shape and the mapping from
event to row follow the contracts in ``contracts.py`` (the interface), so they
live beside them. Each service adds its own tables for what only it needs.
Every row carries the source id as ``id`` and the entity ``version``.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from shared.db import UTCDateTime, utcnow
from shared.events.envelope import Envelope
from shared.events.replica import upsert_if_newer
from shared.uow import UnitOfWork


@dataclass(frozen=True)
class ReplicaTables:
    accounts: sa.Table
    teams: sa.Table


def define_replica_tables(metadata: sa.MetaData) -> ReplicaTables:
    accounts = sa.Table(
        "account_replica",
        metadata,
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("person_id", sa.BigInteger),
        sa.Column("language", sa.String(5)),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    teams = sa.Table(
        "team_replica",
        metadata,
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("cohort_id", sa.BigInteger, nullable=False, index=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("district", sa.String(200)),
        sa.Column("settlement", sa.String(200)),
        sa.Column("project_title", sa.String(500)),
        sa.Column("project_summary", sa.Text),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    return ReplicaTables(accounts=accounts, teams=teams)


def replica_handlers(tables: ReplicaTables) -> dict:
    def account(uow: UnitOfWork, env: Envelope) -> None:
        d = env.data
        upsert_if_newer(
            uow.session,
            tables.accounts,
            {"id": d["id"]},
            dict(
                email=d["email"],
                name=d["name"],
                roles=sorted(d["roles"]),
                active=d["active"],
                person_id=d.get("person_id"),
                language=d.get("language"),
                updated_at=utcnow(),
            ),
            version=env.entity_version,
        )

    def team(uow: UnitOfWork, env: Envelope) -> None:
        d = env.data
        upsert_if_newer(
            uow.session,
            tables.teams,
            {"id": d["id"]},
            dict(
                cohort_id=d["cohort_id"],
                name=d["name"],
                kind=d["kind"],
                district=d.get("district"),
                settlement=d.get("settlement"),
                project_title=d.get("project_title"),
                project_summary=d.get("project_summary"),
                archived=d.get("archived", False),
                updated_at=utcnow(),
            ),
            version=env.entity_version,
        )

    return {
        "cohorts.account.created": account,
        "cohorts.account.updated": account,
        "cohorts.team.registered": team,
        "cohorts.team.updated": team,
    }


def account_state_from(tables: ReplicaTables):
    """The account lookup for token checks, from the replica."""
    from shared.auth import AccountState

    def lookup(session, account_id: int):
        row = session.execute(
            sa.select(tables.accounts.c.version, tables.accounts.c.roles, tables.accounts.c.active, tables.accounts.c.name)
            .where(tables.accounts.c.id == account_id)
        ).first()
        if row is None:
            return None  # not replicated yet: the signed token stands
        return AccountState(version=row.version, roles=frozenset(row.roles), active=row.active, name=row.name)

    return lookup
